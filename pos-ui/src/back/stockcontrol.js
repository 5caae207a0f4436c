// Keeping stock right: stocktakes counted by scanning while the shop sells, their
// variance report and posting; transfers between locations, and between the stores of a
// chain, received with what arrived.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api } from '../api.js';
import { t, money, qty, errText, dateTime, nameOf } from '../i18n.js';
import { toast, Wrong, useProblems } from '../ui.js';
import { Search } from '../search.js';

function Locations({ locations, name, value, onChange }) {
  return html`<select name=${name} value=${value} onChange=${(e) => onChange(e.target.value)}>
    ${locations.map((l) => html`<option value=${l.code}>${l.code} · ${l.name}</option>`)}</select>`;
}

// the count: a scan (or a typed code and Enter) adds one; a typed quantity sets the count
// posd's refusals of a count, by the field at fault
const COUNT_FIELD_OF = { UNKNOWN_BARCODE: 'code', UNKNOWN_PRODUCT: 'code', BAD_BARCODE: 'code', BAD_QUANTITY: 'qty' };

function Counter({ number, onCounted }) {
  const [code, setCode] = useState('');
  const [howMany, setHowMany] = useState('');
  const [last, setLast] = useState(null);
  const field = useRef(null);
  const problems = useProblems(COUNT_FIELD_OF);
  const send = async (e) => {
    e.preventDefault();
    const c = code.trim();
    if (!c) return;
    const body = howMany.trim() ? { code: c, qty: Number(howMany), set: true } : { code: c };
    if (howMany.trim() && !/^\d+(\.\d{1,3})?$/.test(howMany.trim())) return problems.say('qty', t('Give the count as a number'));
    try {
      setLast(await api('POST', `/stocktakes/${number}/counts`, body));
      setCode('');
      setHowMany('');
      onCounted();
    } catch (err) {
      problems.fail(err);
    }
    field.current && field.current.focus();
  };
  return html`<form class="counter" onSubmit=${send}>
    <input ref=${field} name="count-code" autofocus placeholder=${t('Scan or type a barcode or SKU')} value=${code}
      onInput=${(e) => { problems.clear('code'); setCode(e.target.value); }} />
    <input name="count-qty" inputmode="decimal" placeholder=${t('Count (empty: one more)')} value=${howMany}
      onInput=${(e) => { problems.clear('qty'); setHowMany(e.target.value); }} />
    <button type="submit" class="primary">${t('Count')}</button>
    <${Wrong} text=${problems.at('code') || problems.at('qty') || problems.at('form')} testid="count-problem" />
    ${last ? html`<p class="hint" data-testid="last-count">${last.name} <small>${last.sku}</small> · ${t('counted {n}, expected {e}',
      { n: qty(last.counted), e: qty(last.expected) })}</p>` : null}
  </form>`;
}

function Stocktake({ number, manager, onChanged }) {
  const [s, setS] = useState(null);
  const problems = useProblems();
  const [only, setOnly] = useState('all');
  const [zero, setZero] = useState(false);
  const load = () => api('GET', `/stocktakes/${number}?only=${only}&limit=500`).then(setS, (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, [number, only]);
  if (!s) return null;
  const post = async () => {
    try {
      const r = await api('POST', `/stocktakes/${number}/post`, { zero_uncounted: zero });
      toast(r.stocktake.variance_lines ? t('Posted as {number}', { number: r.adjustment.number }) : t('Posted: nothing differed'), 'ok');
      load();
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  const cancel = async () => {
    try {
      await api('POST', `/stocktakes/${number}/cancel`);
      load();
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  const counting = s.state === 'counting';
  return html`<section class="card" data-testid="stocktake">
    <h3>${s.number} · ${s.location}${s.category ? ` · ${s.category}` : ''}
      <span class="tag" data-testid="stocktake-state">${nameOf(s.state)}</span></h3>
    <p class="hint">${[
      t('Started {at} by {name}', { at: dateTime(s.started_at), name: s.started_by }),
      t('{c} of {n} counted', { c: s.counted, n: s.lines }),
      html`<span data-testid="stocktake-gain">${t('gain {v}', { v: money(s.gain) })}</span>`,
      html`<span data-testid="stocktake-loss">${t('loss {v}', { v: money(s.loss) })}</span>`,
      s.adjustment ? t('posted as {number}', { number: s.adjustment }) : null,
    ].filter(Boolean).map((x, i) => [i ? ' · ' : '', x])}</p>
    ${counting ? html`<${Counter} number=${number} onCounted=${load} />` : null}
    <div class="bar">
      <select name="stocktake-only" value=${only} onChange=${(e) => setOnly(e.target.value)} aria-label=${t('Show')}>
        <option value="all">${t('All lines')}</option><option value="variance">${t('With a variance')}</option>
        <option value="uncounted">${t('Not counted yet')}</option><option value="counted">${t('Counted')}</option></select>
    </div>
    <table class="list" data-testid="variance"><thead><tr><th>${t('Item')}</th><th class="num">${t('Expected')}</th>
      <th class="num">${t('Counted')}</th><th class="num">${t('Variance')}</th><th class="num">${t('Value')}</th></tr></thead>
      <tbody>${s.items.map((l) => html`<tr data-sku=${l.sku}><td>${l.name} <small>${l.sku}</small></td>
        <td class="num" title=${t('{f} at the start, {m} moved since', { f: qty(l.frozen), m: qty(l.moved) })}>${qty(l.expected)}</td>
        <td class="num">${l.counted === null ? '–' : qty(l.counted)}</td>
        <td class=${`num ${l.variance < 0 ? 'neg' : ''}`}>${l.counted === null ? '' : qty(l.variance)}</td>
        <td class=${`num ${l.value < 0 ? 'neg' : ''}`}>${l.counted === null ? '' : money(l.value)}</td></tr>`)}</tbody></table>
    ${manager && counting ? html`<div class="actions">
      <label class="check"><input type="checkbox" name="zero-uncounted" checked=${zero}
        onChange=${(e) => setZero(e.target.checked)} />${t('What was not counted is gone')}</label>
      <button type="button" onClick=${cancel}>${t('cancel')}</button>
      <button type="button" class="primary" onClick=${post}>${t('Post the variance')}</button>
      <${Wrong} text=${problems.at('form')} testid="stocktake-problem" /></div>` : null}
  </section>`;
}

function Stocktakes({ manager, locations }) {
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(null);
  const [where, setWhere] = useState('');
  const [category, setCategory] = useState('');
  const [categories, setCategories] = useState([]);
  const problems = useProblems();
  const load = () => api('GET', '/stocktakes').then((r) => setItems(r.items), (e) => toast(errText(e)));
  useEffect(() => {
    load();
    api('GET', '/categories').then((r) => setCategories(r.categories), (e) => toast(errText(e)));
  }, []);
  const start = async (e) => {
    e.preventDefault();
    try {
      const s = await api('POST', '/stocktakes', { location: where || undefined, category: category || undefined });
      setCategory('');
      load();
      setOpen(s.number);
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<section class="card">
    <h3>${t('Stocktakes')}</h3>
    <table class="list" data-testid="stocktakes"><tbody>${items.map((s) => html`<tr onClick=${() => setOpen(s.number)}
        class=${open === s.number ? 'sel' : ''}>
      <td>${s.number}</td><td>${s.location}</td><td>${s.category || t('everything')}</td><td>${nameOf(s.state)}</td>
      <td>${dateTime(s.started_at)}</td></tr>`)}</tbody></table>
    ${manager ? html`<form class="grid2" onSubmit=${start}>
      <label>${t('Location')}<${Locations} name="stocktake-location" locations=${locations}
        value=${where || (locations.find((l) => l.default) || {}).code} onChange=${setWhere} /></label>
      <label>${t('Category')}<select name="stocktake-category" value=${category}
        onChange=${(e) => { problems.clear('form'); setCategory(e.target.value); }}>
        <option value="">${t('everything')}</option>
        ${categories.map((c) => html`<option value=${c.name}>${c.name}</option>`)}</select></label>
      <div class="actions"><${Wrong} text=${problems.at('form')} testid="new-stocktake-problem" />
        <button type="submit">${t('Start a stocktake')}</button></div>
    </form>` : null}
    ${open ? html`<${Stocktake} key=${open} number=${open} manager=${manager} onChanged=${load} />` : null}
  </section>`;
}

// where a transfer goes and comes from: a location, or another store
const ends = (tr) => [tr.kind === 'incoming' ? t('store {code}', { code: tr.from }) : tr.from,
  tr.kind === 'outgoing' ? t('store {code}', { code: tr.to }) : tr.to].join(' → ');

function Transfer({ number, onChanged }) {
  const [tr, setTr] = useState(null);
  const [got, setGot] = useState({});
  const problems = useProblems();
  const load = () => api('GET', `/transfers/${encodeURIComponent(number)}`).then((o) => {
    setTr(o);
    setGot(Object.fromEntries(o.lines.map((l) => [l.line, String(l.qty)])));
  }, (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, [number]);
  if (!tr) return null;
  const receive = async () => {
    const lines = [];
    for (const l of tr.lines) {
      const v = String(got[l.line]).trim();
      if (!/^\d+(\.\d{1,3})?$/.test(v)) return problems.say('form', t('Give what arrived as a number'));
      if (Number(v) !== l.qty) lines.push({ line: l.line, received: Number(v) });
    }
    try {
      setTr(await api('POST', `/transfers/${encodeURIComponent(number)}/receive`, { lines }));
      onChanged();
    } catch (err) {
      problems.fail(err);
    }
  };
  // one sent to another store is received there
  const open = tr.state === 'in_transit' && tr.kind !== 'outgoing';
  return html`<section class="card" data-testid="transfer">
    <h3>${tr.number} · ${ends(tr)} <span class="tag" data-testid="transfer-state">${nameOf(tr.state)}</span></h3>
    <p class="hint">${[
      dateTime(tr.at), tr.user, money(tr.value), tr.note,
      tr.receipt ? t('received as {number}', { number: tr.receipt }) : null,
      tr.receipt ? html`<span data-testid="transfer-short">${t('short {v}', { v: money(tr.short_value) })}</span>` : null,
    ].filter(Boolean).map((x, i) => [i ? ' · ' : '', x])}</p>
    <table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('Sent')}</th>
      <th class="num">${open ? t('Arrived') : t('Received')}</th></tr></thead>
      <tbody>${tr.lines.map((l) => html`<tr data-line=${l.line}><td>${l.name} <small>${l.sku}</small></td>
        <td class="num">${qty(l.qty)}</td>
        <td class="num">${open ? html`<input name=${`arrived-${l.line}`} inputmode="decimal" value=${got[l.line]}
          onInput=${(e) => setGot({ ...got, [l.line]: e.target.value })} />` : l.received === null ? '' : qty(l.received)}</td></tr>`)}</tbody></table>
    ${tr.kind === 'outgoing' && tr.state === 'in_transit'
      ? html`<p class="hint">${t('Received at store {code}; HQ tells this store when it arrives', { code: tr.to })}</p>` : null}
    ${open ? html`<div class="actions"><${Wrong} text=${problems.at('form')} testid="transfer-problem" />
      <button type="button" class="primary" onClick=${receive}>${t('Receive')}</button></div>` : null}
  </section>`;
}

// to a location, or to another store of the chain ("store:S2")
function NewTransfer({ locations, stores, onMade }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [lines, setLines] = useState([]);
  const problems = useProblems();
  const add = (p, qty = 1) => setLines((ls) => (ls.some((l) => l.sku === p.sku) ? ls : [...ls, { sku: p.sku, name: p.name, qty: String(qty) }]));
  const send = async (e) => {
    e.preventDefault();
    if (lines.some((l) => !/^\d+(\.\d{1,3})?$/.test(l.qty))) return problems.say('form', t('Each line needs a quantity'));
    const dflt = locations.find((l) => l.default);
    const dest = to || (locations.find((l) => !l.default) || {}).code;
    try {
      const tr = await api('POST', '/transfers', { from: from || (dflt && dflt.code),
        ...(dest.startsWith('store:') ? { to_store: dest.slice(6) } : { to: dest }),
        lines: lines.map((l) => ({ sku: l.sku, qty: Number(l.qty) })) });
      setLines([]);
      onMade(tr);
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<form class="card" onSubmit=${send}>
    <h3>${t('New transfer')}</h3>
    <div class="grid2">
      <label>${t('From')}<${Locations} name="transfer-from" locations=${locations} value=${from || (locations.find((l) => l.default) || {}).code}
        onChange=${setFrom} /></label>
      <label>${t('To')}<select name="transfer-to" value=${to || (locations.find((l) => !l.default) || {}).code}
        onChange=${(e) => setTo(e.target.value)}>
        ${locations.map((l) => html`<option value=${l.code}>${l.code} · ${l.name}</option>`)}
        ${stores.length ? html`<optgroup label=${t('Other stores')}>${stores.map((s) => html`<option value=${`store:${s.code}`}>
          ${t('store {code}', { code: s.code })}${s.name !== s.code ? ` · ${s.name}` : ''}</option>`)}</optgroup>` : null}
      </select></label>
    </div>
    <${Search} onPick=${add} onBarcode=${(code) => api('GET', `/barcodes/${encodeURIComponent(code)}`).then((r) => add(r.product, r.pack ?? r.qty), (e) => toast(errText(e)))}
      placeholder=${t('Add a product: name, SKU or barcode')} />
    ${lines.length ? html`<table data-testid="transfer-new-lines"><tbody>${lines.map((l) => html`<tr>
      <td>${l.name} <small>${l.sku}</small></td>
      <td><input name=${`transfer-qty-${l.sku}`} inputmode="decimal" value=${l.qty}
        onInput=${(e) => setLines(lines.map((x) => (x.sku === l.sku ? { ...x, qty: e.target.value } : x)))} /></td></tr>`)}</tbody></table>` : null}
    <${Wrong} text=${problems.at('form')} testid="new-transfer-problem" />
    <button type="submit" class="primary" disabled=${!lines.length}>${t('Dispatch')}</button>
  </form>`;
}

function Transfers({ manager, locations, stores }) {
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(null);
  const load = () => api('GET', '/transfers').then((r) => setItems(r.items), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, []);
  return html`<section class="card">
    <h3>${t('Transfers')}</h3>
    <table class="list" data-testid="transfers"><tbody>${items.map((tr) => html`<tr onClick=${() => setOpen(tr.number)}
        class=${open === tr.number ? 'sel' : ''}>
      <td>${tr.number}</td><td>${ends(tr)}</td><td>${nameOf(tr.state)}</td><td class="num">${money(tr.value)}</td>
      <td>${dateTime(tr.at)}</td></tr>`)}</tbody></table>
    ${open ? html`<${Transfer} key=${open} number=${open} onChanged=${load} />` : null}
    ${manager ? html`<${NewTransfer} locations=${locations} stores=${stores} onMade=${(tr) => {
      load();
      setOpen(tr.number);
    }} />` : null}
  </section>`;
}

export function StockControl({ session }) {
  const manager = session.role !== 'cashier';
  const [locations, setLocations] = useState([]);
  const [stores, setStores] = useState([]);
  useEffect(() => {
    api('GET', '/locations').then((r) => {
      setLocations(r.items);
      setStores(r.stores || []);
    }, (e) => toast(errText(e)));
  }, []);
  return html`<div class="stockcontrol">
    <${Stocktakes} manager=${manager} locations=${locations} />
    <${Transfers} manager=${manager} locations=${locations} stores=${stores} />
  </div>`;
}
