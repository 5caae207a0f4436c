// Returns against a sale: find it by number, by scanning its receipt, by the last digits
// of its number or in the list of the latest sales; pick lines and quantities, and give
// the money back the ways it was paid.
import { html, useState, useEffect } from './lib.js';
import { api } from './api.js';
import { t, money, qty, errText, parseMoney, moneyPlain, dateTime } from './i18n.js';
import { useEvents } from './bus.js';
import { toast } from './ui.js';
import { NoReceipt } from './returns_free.js';
import { SaleList, useSaleList, LAST_DIGITS } from './sale_list.js';
import { methodOptions } from './pay.js';

const SALE_NO = /^S\d{1,12}$/i;
const step = (unit) => (['kg', 'g', 'l', 'm'].includes(unit) ? 0.1 : 1);

export function Returns({ shift, go }) {
  const [number, setNumber] = useState('');
  const [sale, setSale] = useState(null);
  const [picks, setPicks] = useState({}); // line -> qty
  const [quote, setQuote] = useState(null);
  const [refunds, setRefunds] = useState([]);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const [withReceipt, setWithReceipt] = useState(true);
  const [note, setNote] = useState(null); // beside the field: why a sale was not found
  const [again, setAgain] = useState(0);
  const [list, refresh] = useSaleList(sale ? '' : number, again);

  const find = async (n) => {
    const no = (n || number).trim().toUpperCase();
    setNote(null);
    try {
      const r = await api('GET', `/sales/${encodeURIComponent(no)}`);
      setSale(r.sale);
      setNumber(no);
      setPicks({});
      setQuote(null);
      setDone(null);
    } catch (e) {
      setNote({ text: errText(e), error: true });
    }
  };
  // Enter: a whole number is looked up; digits open the one sale that ends in them
  const enter = () => {
    const q = number.trim();
    if (SALE_NO.test(q)) return find(q);
    if (!LAST_DIGITS.test(q)) return setNote({ text: t('Type the receipt number, like S00000012, or its last digits'), error: true });
    if (list.ends !== q) return undefined; // its list is on its way
    if (list.items.length === 1) return find(list.items[0].number);
    if (list.items.length > 1) setNote({ text: t('{n} sales end in “{q}”: pick one', { n: list.items.length, q }) });
    return undefined;
  };
  const edit = (value) => {
    setNumber(value);
    setNote(null);
    setSale(null);
  };
  // the receipt's QR code holds the sale number: a scan of it lands here; a sale made
  // at any lane joins the list
  useEvents((type, data) => {
    if (type === 'scan' && SALE_NO.test(data.code || '')) find(data.code);
    if (type === 'sale') refresh();
  });

  const lines = sale ? Object.entries(picks).filter(([, q]) => q > 0).map(([line, q]) => ({ line: Number(line), qty: q })) : [];
  useEffect(() => {
    setQuote(null); // until the new lines are priced, nothing can be refunded
    if (!lines.length) return undefined;
    let live = true;
    api('POST', '/returns/quote', { sale: sale.number, lines }).then(
      (q) => {
        if (!live) return;
        setQuote(q);
        const m = sale.payments.length ? sale.payments[0].method : 'cash';
        setRefunds([{ method: m, amount: moneyPlain(q.total) }]);
      },
      (e) => live && toast(errText(e)),
    );
    return () => (live = false);
  }, [JSON.stringify(lines)]);

  const setPick = (l, q) => {
    const left = l.qty - l.returned;
    const v = Math.max(0, Math.min(left, Math.round(q * 1000) / 1000));
    setPicks((p) => ({ ...p, [l.line]: v }));
  };
  const submit = async (e) => {
    e.preventDefault();
    if (!lines.length) return toast(t('Pick what comes back'));
    const rs = [];
    for (const r of refunds) {
      const a = parseMoney(r.amount);
      if (a === null) return toast(t('An amount, like 5 or 2.50'));
      if (a > 0) rs.push({ method: r.method, amount: a });
    }
    setBusy(true);
    try {
      const r = await api('POST', '/returns', { sale: sale.number, lines, refunds: rs, reason: reason || undefined });
      setDone(r);
      setSale(null);
      setPicks({});
      setNumber('');
      setAgain((n) => n + 1);
    } catch (err) {
      toast(errText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!shift)
    return html`<div class="noshift"><p>${t('No shift is open on this lane: open one first')}</p>
      <button type="button" class="primary big" onClick=${() => go('shift')}>${t('Open a shift')}</button></div>`;
  return html`<div class="returns">
    <div class="seg mode">
      <button type="button" class=${withReceipt ? 'on' : ''} onClick=${() => setWithReceipt(true)}>${t('With a receipt')}</button>
      <button type="button" class=${withReceipt ? '' : 'on'} onClick=${() => setWithReceipt(false)}>${t('Without a receipt')}</button>
    </div>
    ${withReceipt ? null : html`<${NoReceipt} onDone=${(r) => setDone(r)} />`}
    ${withReceipt ? html`<form class="find" onSubmit=${(e) => { e.preventDefault(); enter(); }}>
      <label for="sale-number">${t('Receipt number or its last digits')}</label>
      <div class="field">
        <input id="sale-number" name="sale-number" value=${number} placeholder=${t('S00000012, 12, or scan the receipt')}
          autofocus autocomplete="off" inputmode="search" onInput=${(e) => edit(e.target.value)} />
        <button type="submit" class="primary">${t('Find sale')}</button>
      </div>
      ${note || (!sale && list.note) ? html`<p class=${`note${(note || list.note).error ? ' error' : ''}`}
        role=${(note || list.note).error ? 'alert' : 'status'} data-testid="find-note">${(note || list.note).text}</p>` : null}
    </form>` : null}
    ${withReceipt && !sale ? html`<${SaleList} items=${list.items} ends=${list.ends} onPick=${find} />` : null}
    ${done ? html`<div class="done small" data-testid="return-done">
      <p>${t('Return')} <b data-testid="return-number">${done.number}</b>${done.sale ? ` ${t('for sale')} ${done.sale}` : ''}</p>
      <p>${t('Refunded')} <b data-testid="refunded">${money(done.refunded)}</b> · ${t('Goods')} ${money(done.total)}</p>
    </div>` : null}
    ${sale && withReceipt ? html`<form class="sale" onSubmit=${submit}>
      <h2>${t('Sale')} ${sale.number} <small>${dateTime(sale.at)} · ${sale.user} · ${money(sale.total)}</small></h2>
      <table data-testid="return-lines"><thead><tr><th>${t('Item')}</th><th class="num">${t('Sold')}</th>
        <th class="num">${t('Returned')}</th><th class="num">${t('Amount')}</th><th>${t('Return')}</th></tr></thead>
      <tbody>${sale.lines.map((l) => {
        const left = l.qty - l.returned;
        const v = picks[l.line] || 0;
        return html`<tr data-line=${l.line}>
          <td>${l.name}</td><td class="num">${qty(l.qty)}</td><td class="num">${qty(l.returned)}</td>
          <td class="num">${money(l.amount)}</td>
          <td class="stepper">
            <button type="button" aria-label=${t('Less')} onClick=${() => setPick(l, v - step(l.unit))} disabled=${!v}>−</button>
            <output data-testid=${`return-qty-${l.line}`}>${qty(v)}</output>
            <button type="button" aria-label=${t('More')} onClick=${() => setPick(l, v + step(l.unit))} disabled=${v >= left}>+</button>
            <button type="button" onClick=${() => setPick(l, left)} disabled=${v >= left}>${t('All')}</button>
          </td></tr>`;
      })}</tbody></table>
      ${quote ? html`<p class="quote">${t('Value of the goods')} <b data-testid="return-total">${money(quote.total)}</b></p>` : null}
      ${refunds.map((r, i) => html`<div class="refund">
        <select aria-label=${t('Refund method')} value=${r.method}
          onChange=${(e) => setRefunds((rs) => rs.map((x, j) => (j === i ? { ...x, method: e.target.value } : x)))}>
          ${methodOptions()}
        </select>
        <input name=${`refund-${i}`} inputmode="decimal" value=${r.amount} aria-label=${t('Refund amount')}
          onInput=${(e) => setRefunds((rs) => rs.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))} />
      </div>`)}
      ${quote && refunds.length < 3 ? html`<button type="button" onClick=${() => setRefunds((rs) => [...rs, { method: 'card', amount: '0' }])}>
        ${t('Split the refund')}</button>` : null}
      <input name="reason" value=${reason} maxlength="200" placeholder=${t('Reason (optional)')}
        onInput=${(e) => setReason(e.target.value)} />
      <button type="submit" class="primary big" disabled=${busy || !quote}>${t('Make the return')}</button>
    </form>` : null}
  </div>`;
}
