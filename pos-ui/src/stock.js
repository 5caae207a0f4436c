// Stock lookup: on hand per location and per batch for any product, and whether it needs
// reordering.
import { html, useState, useRef, useEffect } from './lib.js';
import { api } from './api.js';
import { t, money, qty, errText, dateTime } from './i18n.js';
import { toast } from './ui.js';
import { Search } from './search.js';
import { useEvents } from './bus.js';

// what needs attention: at or below the reorder point, above the maximum level, or a
// batch near its expiry
function Alerts() {
  const [items, setItems] = useState(null);
  const load = () => api('GET', '/alerts').then((r) => setItems(r.items), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, []);
  useEvents((type) => type === 'alert' && load());
  if (!items || !items.length) return null;
  return html`<section class="card alerts" data-testid="alerts">
    <h3>${t('Needs attention')}</h3>
    <table class="list"><tbody>${items.map((a) => (a.kind === 'expiring' ? html`<tr class=${a.kind}>
      <td>${t('Expires {at}', { at: dateTime(a.expires_at) })}</td>
      <td>${a.name} <small>${a.sku} · ${t('lot {lot}', { lot: a.lot })} · ${a.location}</small></td><td class="num">${qty(a.qty)}</td>
      <td class="num"><small>${money(a.value)}</small></td></tr>` : html`<tr class=${a.kind}>
      <td>${a.kind === 'low' ? t('At or below the reorder point') : t('Above the maximum level')}</td>
      <td>${a.name} <small>${a.sku}</small></td><td class="num">${qty(a.on_hand)}</td>
      <td class="num"><small>${a.kind === 'low' ? qty(a.reorder_point) : qty(a.max_level)}</small></td></tr>`))}
    </tbody></table></section>`;
}

export function Stock() {
  const [stock, setStock] = useState(null);
  const [product, setProduct] = useState(null);
  const asked = useRef(0);
  const show = async (p) => {
    const n = ++asked.current;
    try {
      const s = await api('GET', `/stock?sku=${encodeURIComponent(p.sku)}`);
      if (n !== asked.current) return; // another product was asked for since
      setProduct(p);
      setStock(s);
    } catch (e) {
      toast(errText(e));
    }
  };
  const byCode = (code) => api('GET', `/barcodes/${encodeURIComponent(code)}`).then((r) => show(r.product), (e) => toast(errText(e)));
  return html`<div class="stock">
    <${Search} onPick=${show} onBarcode=${byCode} placeholder=${t('Which product? Name, SKU or barcode')} />
    ${stock && product ? html`<section class="card" data-testid="stock">
      <h2>${product.name} <small>${product.sku} · ${money(product.price)}</small></h2>
      <table><thead><tr><th>${t('Location')}</th><th class="num">${t('On hand')}</th></tr></thead>
        <tbody>${stock.on_hand.map((o) => html`<tr><td>${o.name} <small>${o.location}</small></td>
          <td class=${`num ${o.qty < 0 ? 'neg' : ''}`}>${qty(o.qty)} ${product.unit}</td></tr>`)}</tbody>
        <tfoot><tr><th>${t('Total')}</th><th class="num" data-testid="stock-total">${qty(stock.total)} ${product.unit}</th></tr></tfoot>
      </table>
      ${stock.batches.length ? html`<table data-testid="batches"><thead><tr><th>${t('Lot')}</th><th>${t('Location')}</th>
        <th>${t('Expires')}</th><th class="num">${t('On hand')}</th></tr></thead>
        <tbody>${stock.batches.map((b) => html`<tr><td>${b.lot}</td><td>${b.location}</td>
          <td>${b.expires_at ? dateTime(b.expires_at) : ''}</td><td class="num">${qty(b.qty)} ${product.unit}</td></tr>`)}</tbody>
      </table>` : null}
      <p class=${`reorder ${stock.low ? 'low' : 'ok'}`} data-testid="reorder">
        ${stock.reorder_point
          ? stock.low
            ? t('Below the reorder point ({n}): order more', { n: qty(stock.reorder_point) })
            : t('Above the reorder point ({n})', { n: qty(stock.reorder_point) })
          : t('No reorder point set')}
      </p>
    </section>` : null}
    <${Alerts} />
  </div>`;
}
