// Buying: suppliers, purchase orders from draft to received, and goods taken in against
// them line by line.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { t, money, qty, errText, parseMoney, dateTime, nameOf, getStore } from '../i18n.js';
import { toast, Wrong, useProblems } from '../ui.js';
import { Search } from '../search.js';

const STATES = ['draft', 'approved', 'sent', 'partly_received', 'received', 'closed', 'cancelled'];
// what a manager may do to an order in each state
const ACTIONS = {
  draft: ['approve', 'cancel'],
  approved: ['send', 'cancel'],
  sent: ['cancel'],
  partly_received: ['close'],
};
const RECEIVABLE = ['approved', 'sent', 'partly_received'];

// how a supplier has done: deliveries on time, lead time, prices over its orders
function Record({ code }) {
  const [s, setS] = useState(null);
  useEffect(() => {
    let live = true;
    api('GET', `/suppliers/${encodeURIComponent(code)}`).then((r) => live && setS(r), (e) => live && toast(errText(e)));
    return () => (live = false);
  }, [code]);
  if (!s) return null;
  const r = s.record;
  return html`<div class="record" data-testid="supplier-record">
    <p>${[
      t('{d} of {n} orders delivered', { d: r.delivered, n: r.orders }),
      r.on_time_percent === null ? t('no deliveries yet') : t('{p} % on time', { p: r.on_time_percent }),
      r.rejected_percent === null ? null : t('{p} % refused', { p: r.rejected_percent }),
      t('{n} days from order to goods in', { n: Math.round(r.lead_ms / 8640000) / 10 }),
    ].filter(Boolean).join(' · ')}</p>
    <table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('Orders')}</th>
      <th class="num">${t('First cost')}</th><th class="num">${t('Latest cost')}</th></tr></thead>
      <tbody>${r.products.map((p) => html`<tr><td>${p.name} <small>${p.sku}</small></td><td class="num">${p.orders}</td>
        <td class="num">${money(p.first_cost)}</td>
        <td class=${`num ${p.last_cost > p.first_cost ? 'neg' : ''}`}>${money(p.last_cost)}</td></tr>`)}</tbody></table>
  </div>`;
}

function Suppliers({ manager, suppliers, reload }) {
  const [open, setOpen] = useState(null);
  const [f, setF] = useState({ code: '', name: '', contact: '', phone: '', lead_days: '' });
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  const add = async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/suppliers', { ...f, lead_days: Number(f.lead_days) || 0, contact: f.contact || undefined,
        phone: f.phone || undefined });
      setF({ code: '', name: '', contact: '', phone: '', lead_days: '' });
      reload();
    } catch (err) {
      toast(errText(err));
    }
  };
  return html`<section class="card">
    <h3>${t('Suppliers')}</h3>
    <table class="list" data-testid="suppliers"><tbody>${suppliers.map((s) => html`<tr onClick=${() => setOpen(s.code)}>
      <td>${s.code}</td><td>${s.name}</td><td>${s.contact} ${s.phone}</td>
      <td>${t('{n} days lead time', { n: s.lead_days })}</td></tr>`)}</tbody></table>
    ${open ? html`<${Record} key=${open} code=${open} />` : null}
    ${manager ? html`<form class="grid2" onSubmit=${add}>
      <label>${t('Code')}<input name="supplier-code" required maxlength="32" value=${f.code} onInput=${set('code')} /></label>
      <label>${t('Name')}<input name="supplier-name" required maxlength="200" value=${f.name} onInput=${set('name')} /></label>
      <label>${t('Contact')}<input name="supplier-contact" maxlength="200" value=${f.contact} onInput=${set('contact')} /></label>
      <label>${t('Phone')}<input name="supplier-phone" maxlength="32" value=${f.phone} onInput=${set('phone')} /></label>
      <label>${t('Lead time (days)')}<input name="supplier-lead" inputmode="numeric" value=${f.lead_days} onInput=${set('lead_days')} /></label>
      <div class="actions"><button type="submit">${t('Add supplier')}</button></div>
    </form>` : null}
  </section>`;
}

// A draft order. A product added takes what the suggestions say to order of it, or a case
// (its pack) when its case code was scanned, or one; and the cost its latest order had, or
// the catalogue's (a manager sees it).
function NewOrder({ suppliers, suggestions, onMade }) {
  const [supplier, setSupplier] = useState('');
  const [lines, setLines] = useState([]);
  const [note, setNote] = useState('');
  const major = 10 ** getStore().minor_unit;
  const add = (p, pack) => {
    const s = (suggestions || []).find((x) => x.sku === p.sku);
    const cost = s && s.unit_cost ? s.unit_cost : p.cost;
    const line = { sku: p.sku, name: p.name, qty: String(pack ?? (s ? s.qty : 1)),
      cost: cost ? (cost / major).toFixed(getStore().minor_unit) : '' };
    setLines((ls) => (ls.some((l) => l.sku === p.sku) ? ls : [...ls, line]));
  };
  const problems = useProblems();
  const change = (sku, k, v) => {
    problems.clear('form');
    setLines((ls) => ls.map((l) => (l.sku === sku ? { ...l, [k]: v } : l)));
  };
  const make = async (e) => {
    e.preventDefault();
    const body = { supplier: supplier || (suppliers[0] && suppliers[0].code), note: note || undefined, lines: [] };
    for (const l of lines) {
      const cost = parseMoney(l.cost);
      if (cost === null || !/^\d+(\.\d{1,3})?$/.test(l.qty)) return problems.say('form', t('Each line needs a quantity and a unit cost'));
      body.lines.push({ sku: l.sku, qty: Number(l.qty), unit_cost: cost });
    }
    try {
      const po = await api('POST', '/purchase-orders', body);
      setLines([]);
      setNote('');
      onMade(po);
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<form class="card new-po" onSubmit=${make}>
    <h3>${t('New purchase order')}</h3>
    <label>${t('Supplier')}<select name="po-supplier" value=${supplier} onChange=${(e) => setSupplier(e.target.value)}>
      ${suppliers.map((s) => html`<option value=${s.code}>${s.code} · ${s.name}</option>`)}</select></label>
    <${Search} onPick=${add} onBarcode=${(code) => api('GET', `/barcodes/${encodeURIComponent(code)}`).then((r) => add(r.product, r.pack ?? r.qty), (e) => toast(errText(e)))}
      placeholder=${t('Add a product: name, SKU or barcode')} />
    ${lines.length ? html`<table data-testid="po-new-lines"><thead><tr><th>${t('Item')}</th><th>${t('Qty')}</th>
      <th>${t('Unit cost')}</th></tr></thead><tbody>${lines.map((l) => html`<tr>
        <td>${l.name} <small>${l.sku}</small></td>
        <td><input name=${`po-qty-${l.sku}`} inputmode="decimal" value=${l.qty} onInput=${(e) => change(l.sku, 'qty', e.target.value)} /></td>
        <td><input name=${`po-cost-${l.sku}`} inputmode="decimal" value=${l.cost} onInput=${(e) => change(l.sku, 'cost', e.target.value)} /></td>
      </tr>`)}</tbody></table>` : null}
    <input name="po-note" maxlength="200" placeholder=${t('Note (optional)')} value=${note} onInput=${(e) => setNote(e.target.value)} />
    <${Wrong} text=${problems.at('form')} testid="po-new-problem" />
    <button type="submit" class="primary" disabled=${!lines.length || !suppliers.length}>${t('Save as draft')}</button>
  </form>`;
}

function Order({ number, manager, onChanged }) {
  const [po, setPo] = useState(null);
  const [rcv, setRcv] = useState({});
  const [rej, setRej] = useState({});
  const [lot, setLot] = useState({});
  const [exp, setExp] = useState({});
  const problems = useProblems();
  const load = () => api('GET', `/purchase-orders/${number}`).then((o) => {
    setPo(o);
    // what is still to come, less what was refused: goods sent back are not offered to take
    // in again unless someone types them (a second delivery of them)
    setRcv(Object.fromEntries(o.lines.map((l) => [l.line,
      String(Math.max(0, Math.round((l.qty - l.received - l.rejected) * 1000) / 1000))])));
    setRej({});
    setLot({});
    setExp({});
  }, (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, [number]);
  if (!po) return null;
  const act = async (a) => {
    try {
      setPo(await api('POST', `/purchase-orders/${po.number}/${a}`));
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  const receive = async () => {
    // an expiry date is the end of that day, where the till is
    const expiry = (d) => (d ? new Date(`${d}T23:59:59`).getTime() : undefined);
    const lines = po.lines
      .map((l) => ({ line: l.line, qty: Number(rcv[l.line]) || 0, rejected: Number(rej[l.line]) || 0,
        lot: (lot[l.line] || '').trim() || undefined, expires_at: expiry(exp[l.line]) }))
      .filter((l) => l.qty > 0 || l.rejected > 0);
    if (!lines.length) return problems.say('form', t('Nothing to take in'));
    try {
      const r = await api('POST', `/purchase-orders/${po.number}/receive`, { lines });
      toast(r.receipt ? t('{number} taken in', { number: r.receipt.number }) : t('Refusal recorded'), 'ok');
      await load();
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  // a GS1 label scanned at goods in: the line of its product takes its lot and expiry
  const label = (code) =>
    api('GET', `/barcodes/${encodeURIComponent(code)}`).then((r) => {
      const l = po.lines.find((x) => x.sku === r.product.sku);
      if (!l) return toast(t('{sku} is not on this order', { sku: r.product.sku }));
      if (r.lot) setLot((v) => ({ ...v, [l.line]: r.lot }));
      if (r.expires_on) setExp((v) => ({ ...v, [l.line]: r.expires_on }));
    }, (e) => toast(errText(e)));
  const onLabel = (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const code = e.target.value.trim();
    e.target.value = '';
    if (code) label(code);
  };
  const canReceive = RECEIVABLE.includes(po.state);
  return html`<section class="card" data-testid="po">
    <h3>${po.number} · ${po.supplier_name} <span class="tag" data-testid="po-state">${nameOf(po.state)}</span></h3>
    <p class="hint">${t('Expected by')} ${dateTime(po.expected_at)} · ${po.created_by}${po.approved_by ? ` · ${t('approved by {name}', { name: po.approved_by })}` : ''} · ${money(po.total)}</p>
    <table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('Ordered')}</th><th class="num">${t('Unit cost')}</th>
      <th class="num">${t('Received')}</th><th class="num">${t('Refused')}</th>
      ${canReceive ? html`<th>${t('Take in now')}</th><th>${t('Refuse now')}</th><th>${t('Lot')}</th><th>${t('Expires')}</th>` : null}</tr></thead>
      <tbody>${po.lines.map((l) => html`<tr data-line=${l.line}><td>${l.name} <small>${l.sku}</small></td>
        <td class="num">${qty(l.qty)}</td><td class="num">${money(l.unit_cost)}</td><td class="num">${qty(l.received)}</td>
        <td class="num">${l.rejected ? qty(l.rejected) : ''}</td>
        ${canReceive ? html`<td><input name=${`rcv-${l.line}`} inputmode="decimal" value=${rcv[l.line]}
          onInput=${(e) => { problems.clear('form'); setRcv({ ...rcv, [l.line]: e.target.value }); }} /></td>
          <td><input name=${`rej-${l.line}`} inputmode="decimal" value=${rej[l.line] || ''}
          onInput=${(e) => { problems.clear('form'); setRej({ ...rej, [l.line]: e.target.value }); }} /></td>
          <td><input name=${`lot-${l.line}`} maxlength="40" value=${lot[l.line] || ''}
          onInput=${(e) => setLot({ ...lot, [l.line]: e.target.value })} /></td>
          <td><input name=${`exp-${l.line}`} type="date" value=${exp[l.line] || ''}
          onInput=${(e) => setExp({ ...exp, [l.line]: e.target.value })} /></td>` : null}</tr>`)}</tbody></table>
    ${canReceive ? html`<input name="label" autocomplete="off" placeholder=${t('Scan a label for its lot and expiry')}
      onKeyDown=${onLabel} />` : null}
    <div class="actions"><${Wrong} text=${problems.at('form')} testid="po-problem" />
      ${manager ? (ACTIONS[po.state] || []).map((a) => html`<button type="button" onClick=${() => act(a)}>${nameOf(a)}</button>`) : null}
      ${canReceive ? html`<button type="button" class="primary" onClick=${receive}>${t('Take in')}</button>` : null}
    </div>
  </section>`;
}

// what to order now, and (a manager) the drafts made from it, one per supplier
function Suggestions({ manager, items, onDrafted }) {
  const draft = async () => {
    try {
      const r = await api('POST', '/purchase-suggestions/draft');
      toast(t('{n} draft orders made', { n: r.orders.length }), 'ok');
      onDrafted();
    } catch (err) {
      toast(errText(err));
    }
  };
  if (!items) return null;
  return html`<section class="card">
    <div class="bar"><h3>${t('What to order')}</h3>
      ${manager && items.some((s) => s.supplier) ? html`<button type="button" onClick=${draft}>${t('Make draft orders')}</button>` : null}</div>
    ${items.length ? html`<table class="list" data-testid="suggestions"><thead><tr><th>${t('Item')}</th><th>${t('Supplier')}</th>
      <th class="num">${t('On hand')}</th><th class="num">${t('On order')}</th><th class="num">${t('Sold a day')}</th>
      <th class="num">${t('Order')}</th></tr></thead><tbody>${items.map((s) => html`<tr>
        <td>${s.name} <small>${s.sku}</small></td><td>${s.supplier || html`<small>${t('no supplier yet')}</small>`}</td>
        <td class="num">${qty(s.on_hand)}</td><td class="num">${qty(s.on_order)}</td><td class="num">${qty(s.daily)}</td>
        <td class="num"><b>${qty(s.qty)}</b></td></tr>`)}</tbody></table>`
      : html`<p class="hint">${t('Nothing needs ordering now.')}</p>`}
  </section>`;
}

export function Purchasing({ session }) {
  const manager = session.role !== 'cashier';
  const [suppliers, setSuppliers] = useState([]);
  const [suggestions, setSuggestions] = useState(null);
  const loadSuggestions = () => api('GET', '/purchase-suggestions').then((r) => setSuggestions(r.items), (e) => toast(errText(e)));
  const [orders, setOrders] = useState([]);
  const [state, setState] = useState('');
  const [open, setOpen] = useState(null);
  const loadSuppliers = () => api('GET', '/suppliers').then((r) => setSuppliers(r.items), (e) => toast(errText(e)));
  const loadOrders = () =>
    api('GET', `/purchase-orders${state ? `?state=${state}` : ''}`).then((r) => setOrders(r.items), (e) => toast(errText(e)));
  // what is on order changes what to order
  const reload = () => {
    loadOrders();
    loadSuggestions();
  };
  useEffect(() => {
    loadSuppliers();
    loadSuggestions();
  }, []);
  useEffect(() => {
    loadOrders();
  }, [state]);
  return html`<div class="purchasing">
    <section class="card">
      <div class="bar"><h3>${t('Purchase orders')}</h3>
        <select name="po-state" value=${state} onChange=${(e) => setState(e.target.value)} aria-label=${t('State')}>
          <option value="">${t('All')}</option>${STATES.map((s) => html`<option value=${s}>${nameOf(s)}</option>`)}</select></div>
      <table class="list" data-testid="po-list"><tbody>${orders.map((o) => html`<tr onClick=${() => setOpen(o.number)}
          class=${open === o.number ? 'sel' : ''}>
        <td>${o.number}</td><td>${o.supplier_name}</td><td>${nameOf(o.state)}</td><td class="num">${money(o.total)}</td>
        <td>${dateTime(o.expected_at)}</td></tr>`)}</tbody></table>
    </section>
    ${open ? html`<${Order} key=${open} number=${open} manager=${manager} onChanged=${reload} />` : null}
    <${Suggestions} manager=${manager} items=${suggestions} onDrafted=${reload} />
    <${NewOrder} suppliers=${suppliers} suggestions=${suggestions} onMade=${(po) => {
      reload();
      setOpen(po.number);
    }} />
    <${Suppliers} manager=${manager} suppliers=${suppliers} reload=${loadSuppliers} />
  </div>`;
}
