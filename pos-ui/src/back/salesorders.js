// Sales away from the counter, on a customer's account: an order taken by phone or for a
// business, picked, shipped, invoiced; goods back on a credit note.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { t, money, qty, errText, parseMoney, dateTime, nameOf } from '../i18n.js';
import { toast, Wrong, useProblems } from '../ui.js';
import { Search } from '../search.js';
import { CustomerPick } from './customer_pick.js';

// what may be done next, and by whom
const NEXT = { ordered: ['pick', 'cancel'], picked: ['ship', 'cancel'], shipped: ['invoice'] };
const MANAGER_ONLY = ['cancel', 'invoice'];

function Order({ number, manager, onChanged }) {
  const [so, setSo] = useState(null);
  const [back, setBack] = useState({});
  const [reason, setReason] = useState('');
  const problems = useProblems();
  const load = () => api('GET', `/sales-orders/${number}`).then(setSo, (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, [number]);
  if (!so) return null;
  const act = async (a) => {
    try {
      const r = await api('POST', `/sales-orders/${number}/${a}`);
      setSo(r.order || r);
      if (r.shipment) toast(t('{number} shipped', { number: r.shipment.number }), 'ok');
      if (r.invoice) toast(t('{number} invoiced', { number: r.invoice.number }), 'ok');
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  const giveBack = async () => {
    const lines = so.lines.map((l) => ({ line: l.line, qty: Number(back[l.line]) || 0 })).filter((l) => l.qty > 0);
    if (!lines.length || !reason.trim()) return problems.say('form', t('Give what came back and why'));
    try {
      const r = await api('POST', `/sales-orders/${number}/returns`, { lines, reason: reason.trim() });
      toast(t('{number} recorded', { number: r.credit_note.number }), 'ok');
      setSo(r.order);
      setBack({});
      setReason('');
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  const returnable = manager && so.state === 'invoiced';
  const names = { pick: t('Picked'), ship: t('Ship'), invoice: t('Invoice'), cancel: nameOf('cancel') };
  return html`<section class="card" data-testid="sales-order">
    <h3>${so.number} · ${so.customer_name} <span class="tag" data-testid="so-state">${nameOf(so.state)}</span></h3>
    <p class="hint">${[dateTime(so.created_at), so.created_by, money(so.total), so.note,
      so.approved_by ? t('approved by {name}', { name: so.approved_by }) : null,
      so.invoice ? `${so.invoice} · ${t('due {at}', { at: dateTime(so.due_at) })}` : null].filter(Boolean).join(' · ')}</p>
    <table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('Qty')}</th><th class="num">${t('Price')}</th>
      <th class="num">${t('Amount')}</th><th class="num">${t('Returned')}</th>${returnable ? html`<th>${t('Back now')}</th>` : null}</tr></thead>
      <tbody>${so.lines.map((l) => html`<tr data-line=${l.line}><td>${l.name} <small>${l.sku}</small></td><td class="num">${qty(l.qty)}</td>
        <td class="num">${money(l.unit_price)}</td><td class="num">${money(l.amount)}</td><td class="num">${l.returned ? qty(l.returned) : ''}</td>
        ${returnable ? html`<td><input name=${`back-${l.line}`} inputmode="decimal" value=${back[l.line] || ''}
          onInput=${(e) => { problems.clear('form'); setBack({ ...back, [l.line]: e.target.value }); }} /></td>` : null}</tr>`)}</tbody></table>
    <div class="actions">
      ${(NEXT[so.state] || []).filter((a) => manager || !MANAGER_ONLY.includes(a)).map((a) => html`<button type="button"
        class=${a === 'cancel' ? '' : 'primary'} onClick=${() => act(a)}>${names[a]}</button>`)}
      ${returnable ? html`<input name="back-reason" maxlength="200" placeholder=${t('Why it came back')} value=${reason}
        onInput=${(e) => { problems.clear('form'); setReason(e.target.value); }} /><button type="button" onClick=${giveBack}>${t('Credit note')}</button>` : null}
      <${Wrong} text=${problems.at('form')} testid="so-problem" />
    </div>
  </section>`;
}

function NewOrder({ onMade }) {
  const [who, setWho] = useState(null);
  const [lines, setLines] = useState([]);
  const [note, setNote] = useState('');
  const problems = useProblems();
  const add = (p, qty = 1) => setLines((ls) => (ls.some((l) => l.sku === p.sku) ? ls : [...ls, { sku: p.sku, name: p.name, qty: String(qty), price: '' }]));
  const change = (sku, k, v) => {
    problems.clear('form');
    setLines((ls) => ls.map((l) => (l.sku === sku ? { ...l, [k]: v } : l)));
  };
  const make = async (e) => {
    e.preventDefault();
    if (!who) return problems.say('form', t('Pick a customer'));
    const body = { customer: who.id, note: note || undefined, lines: [] };
    for (const l of lines) {
      const price = l.price.trim() ? parseMoney(l.price) : undefined;
      if (price === null || !/^\d+(\.\d{1,3})?$/.test(l.qty)) return problems.say('form', t('Each line needs a quantity'));
      body.lines.push({ sku: l.sku, qty: Number(l.qty), unit_price: price });
    }
    try {
      const so = await api('POST', '/sales-orders', body);
      setLines([]);
      setNote('');
      onMade(so);
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<form class="card new-so" onSubmit=${make}>
    <h3>${t('New sales order')}</h3>
    <label>${t('Customer')}<${CustomerPick} name="so-customer" who=${who} onPick=${setWho} /></label>
    <${Search} onPick=${add} onBarcode=${(code) => api('GET', `/barcodes/${encodeURIComponent(code)}`).then((r) => add(r.product, r.pack ?? r.qty), (e) => toast(errText(e)))}
      placeholder=${t('Add a product: name, SKU or barcode')} />
    ${lines.length ? html`<table data-testid="so-new-lines"><thead><tr><th>${t('Item')}</th><th>${t('Qty')}</th>
      <th>${t('Price (empty: shelf price)')}</th></tr></thead><tbody>${lines.map((l) => html`<tr>
        <td>${l.name} <small>${l.sku}</small></td>
        <td><input name=${`so-qty-${l.sku}`} inputmode="decimal" value=${l.qty} onInput=${(e) => change(l.sku, 'qty', e.target.value)} /></td>
        <td><input name=${`so-price-${l.sku}`} inputmode="decimal" value=${l.price} onInput=${(e) => change(l.sku, 'price', e.target.value)} /></td>
      </tr>`)}</tbody></table>` : null}
    <input name="so-note" maxlength="200" placeholder=${t('Note (optional)')} value=${note} onInput=${(e) => setNote(e.target.value)} />
    <${Wrong} text=${problems.at('form')} testid="so-new-problem" />
    <button type="submit" class="primary" disabled=${!lines.length}>${t('Take the order')}</button>
  </form>`;
}

export function SalesOrders({ session }) {
  const manager = session.role !== 'cashier';
  const [orders, setOrders] = useState([]);
  const [open, setOpen] = useState(null);
  const load = () => api('GET', '/sales-orders').then((r) => setOrders(r.items), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, []);
  return html`<div class="salesorders">
    <section class="card">
      <h3>${t('Sales orders')}</h3>
      <table class="list" data-testid="so-list"><tbody>${orders.map((o) => html`<tr onClick=${() => setOpen(o.number)}
          class=${open === o.number ? 'sel' : ''}>
        <td>${o.number}</td><td>${o.customer_name}</td><td>${nameOf(o.state)}</td><td class="num">${money(o.total)}</td>
        <td>${dateTime(o.created_at)}</td></tr>`)}</tbody></table>
    </section>
    ${open ? html`<${Order} key=${open} number=${open} manager=${manager} onChanged=${load} />` : null}
    <${NewOrder} onMade=${(so) => {
      load();
      setOpen(so.number);
    }} />
  </div>`;
}
