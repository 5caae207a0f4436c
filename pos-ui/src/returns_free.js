// A return without a receipt: the goods found by name or barcode, priced at the catalogue
// price unless changed, refunded once a manager approves.
import { html, useState } from './lib.js';
import { api } from './api.js';
import { t, money, qty, errText, parseMoney, moneyPlain } from './i18n.js';
import { toast, useApproval } from './ui.js';
import { Search } from './search.js';
import { methodOptions } from './pay.js';

const WEIGHED = ['kg', 'g', 'l', 'm'];

// price x quantity, rounded half up as posd rounds it
const value = (it) => {
  const p = parseMoney(it.price);
  return p === null ? null : Math.round(p * it.qty);
};

export function NoReceipt({ onDone }) {
  const [items, setItems] = useState([]);
  const [method, setMethod] = useState('cash');
  const [amount, setAmount] = useState(null); // null: the goods' value
  const [reason, setReason] = useState('');
  const [approve, approvalDialog] = useApproval();

  // n: a case's contents when its code was scanned
  const add = (p, n = 1) =>
    setItems((xs) =>
      xs.some((x) => x.sku === p.sku)
        ? xs.map((x) => (x.sku === p.sku ? { ...x, qty: Math.round((x.qty + n) * 1000) / 1000 } : x))
        : [...xs, { sku: p.sku, name: p.name, unit: p.unit, qty: n, price: moneyPlain(p.price) }],
    );
  const byCode = (code) =>
    api('GET', `/barcodes/${encodeURIComponent(code)}`).then((r) => add(r.product, r.pack ?? r.qty), (e) => toast(errText(e)));
  const change = (sku, f) => setItems((xs) => xs.map((x) => (x.sku === sku ? f(x) : x)).filter((x) => x.qty > 0));
  const values = items.map(value);
  const total = values.includes(null) ? null : values.reduce((a, b) => a + b, 0);

  const submit = async (e) => {
    e.preventDefault();
    const refund = amount === null ? total : parseMoney(amount);
    if (!items.length) return toast(t('Pick what comes back'));
    if (total === null || refund === null) return toast(t('An amount, like 5 or 2.50'));
    const body = {
      lines: items.map((x) => ({ sku: x.sku, qty: x.qty, price: parseMoney(x.price) })),
      refunds: refund ? [{ method, amount: refund }] : [],
      reason: reason || undefined,
    };
    try {
      const r = await approve(t('A return without a receipt'), (approved_by) =>
        api('POST', '/returns', { ...body, approved_by }),
      );
      if (!r) return;
      setItems([]);
      setAmount(null);
      setReason('');
      onDone(r);
    } catch (err) {
      toast(errText(err));
    }
  };

  return html`<form class="sale no-receipt" onSubmit=${submit}>
    <${Search} onPick=${add} onBarcode=${byCode} placeholder=${t('What comes back? Name, SKU or barcode')} />
    ${items.length ? html`<table data-testid="no-receipt-lines"><thead><tr><th>${t('Item')}</th><th>${t('Qty')}</th>
      <th>${t('Price')}</th><th class="num">${t('Amount')}</th></tr></thead>
      <tbody>${items.map((x, i) => html`<tr data-sku=${x.sku}>
        <td>${x.name}</td>
        <td class="stepper">
          <button type="button" aria-label=${t('Less')} onClick=${() => change(x.sku, (y) => ({ ...y, qty: Math.round((y.qty - (WEIGHED.includes(y.unit) ? 0.1 : 1)) * 1000) / 1000 }))}>−</button>
          <output>${qty(x.qty)}</output>
          <button type="button" aria-label=${t('More')} onClick=${() => change(x.sku, (y) => ({ ...y, qty: Math.round((y.qty + (WEIGHED.includes(y.unit) ? 0.1 : 1)) * 1000) / 1000 }))}>+</button>
        </td>
        <td><input name=${`price-${x.sku}`} inputmode="decimal" value=${x.price} aria-label=${t('Price')}
          onInput=${(e) => change(x.sku, (y) => ({ ...y, price: e.target.value }))} /></td>
        <td class="num">${values[i] === null ? '?' : money(values[i])}</td></tr>`)}</tbody></table>
      <p class="quote">${t('Value of the goods')} <b data-testid="no-receipt-total">${total === null ? '?' : money(total)}</b></p>
      <div class="refund">
        <select aria-label=${t('Refund method')} value=${method} onChange=${(e) => setMethod(e.target.value)}>
          ${methodOptions()}
        </select>
        <input name="no-receipt-refund" inputmode="decimal" aria-label=${t('Refund amount')}
          value=${amount === null ? (total === null ? '' : moneyPlain(total)) : amount}
          onInput=${(e) => setAmount(e.target.value)} />
      </div>
      <input name="reason" value=${reason} maxlength="200" placeholder=${t('Reason (optional)')}
        onInput=${(e) => setReason(e.target.value)} />
      <button type="submit" class="primary big">${t('Make the return')}</button>` : null}
    ${approvalDialog}
  </form>`;
}
