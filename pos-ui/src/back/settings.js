// Back office: the store's own settings, changed here and kept in the audit log (its name,
// the receipt's texts, the discount a cashier may give, cash rounding, a blind count); its
// tax rates and categories; what posd.conf sets; and this till's own choices.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { t, money, errText, getLang, LANGS, parseMoney, moneyPlain } from '../i18n.js';
import { toast, Wrong } from '../ui.js';

// "12.5" -> 12.5 with at most two decimals from 0 to 100; null when it is none
function parsePercent(text) {
  const m = String(text).trim().match(/^(\d{1,3})(?:[.,](\d{1,2}))?$/);
  if (!m) return null;
  const v = Number(`${m[1]}.${m[2] || 0}`);
  return v <= 100 ? v : null;
}

function Row({ label, value, where }) {
  return html`<tr><th>${label}</th><td data-testid=${where}>${value}</td><td><code>${where}</code></td></tr>`;
}

// a setting posd.conf still gives says so, and one set here can go back to posd.conf's
function Source({ conf, onConf }) {
  return conf
    ? html`<small class="hint">${t('as posd.conf says')}</small>`
    : html`<button type="button" class="link" onClick=${onConf}>${t('Use posd.conf’s again')}</button>`;
}

const KEYS = ['name', 'receipt_header', 'receipt_footer', 'max_discount_percent', 'cash_rounding', 'blind_count'];

function formOf(s) {
  return {
    name: s.store.name,
    receipt_header: s.store.receipt_header,
    receipt_footer: s.store.receipt_footer,
    max_discount_percent: String(s.checkout.max_discount_percent),
    cash_rounding: moneyPlain(s.checkout.cash_rounding),
    blind_count: s.store.blind_count,
  };
}

function StoreForm({ s, onSaved }) {
  const [f, setF] = useState(() => formOf(s));
  const [toConf, setToConf] = useState({}); // settings to give back to posd.conf
  const [wrong, setWrong] = useState({});
  const [busy, setBusy] = useState(false);
  const start = formOf(s);
  const set = (k) => (e) => {
    setWrong({ ...wrong, [k]: null, form: null });
    setF({ ...f, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  };
  const conf = (k) => () => {
    setToConf({ ...toConf, [k]: true });
    setWrong({ ...wrong, [k]: null });
  };
  const save = async (e) => {
    e.preventDefault();
    const body = {};
    const bad = {};
    for (const k of KEYS) {
      if (toConf[k]) body[k] = null;
      else if (f[k] !== start[k]) body[k] = f[k];
    }
    if ('max_discount_percent' in body && body.max_discount_percent !== null) {
      body.max_discount_percent = parsePercent(f.max_discount_percent);
      if (body.max_discount_percent === null) bad.max_discount_percent = t('A percentage from 0 to 100, like 10 or 12.5');
    }
    if ('cash_rounding' in body && body.cash_rounding !== null) {
      body.cash_rounding = parseMoney(f.cash_rounding);
      if (!body.cash_rounding) bad.cash_rounding = t('An amount above 0, like 0.10; 0.01 rounds nothing');
    }
    if ('name' in body && !f.name.trim()) bad.name = t('The store needs a name');
    if (Object.keys(bad).length) return setWrong(bad);
    if (!Object.keys(body).length) return setWrong({ form: t('Nothing has changed') });
    setBusy(true);
    try {
      const now = await api('PATCH', '/settings', body);
      setToConf({});
      setF(formOf(now));
      onSaved(now);
      toast(t('Settings saved'), 'ok');
    } catch (err) {
      // beside the one setting changed, or under the form when it was several
      const changed = Object.keys(body);
      setWrong(changed.length === 1 ? { [changed[0]]: errText(err) } : { form: errText(err) });
    } finally {
      setBusy(false);
    }
  };
  const from = (k) => s.from_conf[k] || toConf[k];
  const text = (k, label) => html`<label>${label}
      <textarea name=${k} rows="3" maxlength="511" value=${toConf[k] ? '' : f[k]} disabled=${toConf[k]}
        onInput=${set(k)}></textarea>
      <${Source} conf=${from(k)} onConf=${conf(k)} /><${Wrong} text=${wrong[k]} testid=${`${k}-problem`} /></label>`;
  return html`<section class="card" data-testid="store-settings">
    <h3>${t('Store')}</h3>
    <p class="hint">${t('Changes here are the store’s own and go in the audit log; posd.conf gives what is not set here.')}</p>
    <form class="edit grid2" onSubmit=${save}>
      <label>${t('Name')}<input name="name" value=${f.name} maxlength="200" onInput=${set('name')} />
        <${Wrong} text=${wrong.name} testid="name-problem" /></label>
      <label class="check"><input type="checkbox" name="blind_count" checked=${f.blind_count} onChange=${set('blind_count')} />
        ${t('Blind count: cashiers count the drawer without being shown what to expect')}</label>
      ${text('receipt_header', t('Receipt header'))}
      ${text('receipt_footer', t('Receipt footer'))}
      <label>${t('Discount without a manager, up to %')}
        <input name="max_discount_percent" inputmode="decimal" value=${toConf.max_discount_percent ? '' : f.max_discount_percent}
          disabled=${toConf.max_discount_percent} onInput=${set('max_discount_percent')} />
        <${Source} conf=${from('max_discount_percent')} onConf=${conf('max_discount_percent')} />
        <${Wrong} text=${wrong.max_discount_percent} testid="max_discount_percent-problem" /></label>
      <label>${t('Cash rounding to')}
        <input name="cash_rounding" inputmode="decimal" value=${toConf.cash_rounding ? '' : f.cash_rounding}
          disabled=${toConf.cash_rounding} onInput=${set('cash_rounding')} />
        <${Source} conf=${from('cash_rounding')} onConf=${conf('cash_rounding')} />
        <${Wrong} text=${wrong.cash_rounding} testid="cash_rounding-problem" /></label>
      <div class="actions"><${Wrong} text=${wrong.form} testid="settings-problem" />
        <button type="submit" class="primary" disabled=${busy}>${t('Save settings')}</button></div>
    </form>
  </section>`;
}

// a name edited in its row: Enter or Save keeps it, Esc or Cancel leaves it
function Rename({ name, onSave, onDone }) {
  const [v, setV] = useState(name);
  const [wrong, setWrong] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    try {
      await onSave(v.trim());
      onDone();
    } catch (err) {
      setWrong(errText(err));
    }
  };
  return html`<form class="rename" onSubmit=${save}>
    <input name="rename" value=${v} maxlength="200" autofocus onInput=${(e) => { setV(e.target.value); setWrong(null); }}
      onKeyDown=${(e) => e.key === 'Escape' && onDone()} />
    <button type="submit" class="primary">${t('Save')}</button><button type="button" onClick=${onDone}>${t('Cancel')}</button>
    <${Wrong} text=${wrong} testid="rename-problem" />
  </form>`;
}

// a small form that adds a row: its fields' values to add(), which says what is wrong
// with them, if anything, or throws posd's error; either is shown beside it
function AddRow({ fields, label, add, testid }) {
  const empty = Object.fromEntries(fields.map(([k]) => [k, '']));
  const [v, setV] = useState(empty);
  const [wrong, setWrong] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      const problem = await add(v);
      if (problem) setWrong(problem);
      else setV(empty);
    } catch (err) {
      setWrong(errText(err));
    }
  };
  return html`<form class="add-row" data-testid=${testid} onSubmit=${submit}>
    ${fields.map(([k, l, attrs]) => html`<label>${l}<input name=${k} value=${v[k]} required ...${attrs || {}}
      onInput=${(e) => { setV({ ...v, [k]: e.target.value }); setWrong(null); }} /></label>`)}
    <button type="submit">${label}</button>
    <${Wrong} text=${wrong} testid=${`${testid}-problem`} />
  </form>`;
}

function TaxRates() {
  const [rates, setRates] = useState(null);
  const [editing, setEditing] = useState(null);
  const load = () => api('GET', '/tax-rates').then((r) => setRates(r.tax_rates), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, []);
  if (!rates) return null;
  const patch = async (id, body) => setRates((await api('PATCH', `/tax-rates/${id}`, body)).tax_rates);
  const add = async ({ name, rate }) => {
    const r = parsePercent(rate);
    if (r === null) return t('A percentage from 0 to 100, like 10 or 12.5');
    await api('POST', '/tax-rates', { name: name.trim(), rate: r });
    return load();
  };
  return html`<section class="card" data-testid="tax-rates">
    <h3>${t('Tax rates')}</h3>
    <p class="hint">${t('A new product gets the default rate unless it names another.')}</p>
    <table class="list"><thead><tr><th>${t('Name')}</th><th class="num">${t('Rate')}</th>
      <th class="num">${t('Products')}</th><th></th></tr></thead>
      <tbody>${rates.map((r) => html`<tr key=${r.id}>
        <td>${editing === r.id
          ? html`<${Rename} name=${r.name} onSave=${(name) => patch(r.id, { name })} onDone=${() => setEditing(null)} />`
          : html`<button type="button" class="link" onClick=${() => setEditing(r.id)}>${r.name}</button>`}</td>
        <td class="num">${r.rate} %</td><td class="num">${r.products}</td>
        <td>${r.default
          ? html`<strong>${t('Default')}</strong>`
          : html`<button type="button" onClick=${() => patch(r.id, { default: true }).catch((e) => toast(errText(e)))}>
              ${t('Make default')}</button>`}</td></tr>`)}</tbody></table>
    <${AddRow} testid="add-tax-rate" label=${t('Add rate')} add=${add}
      fields=${[['name', t('Name'), { maxlength: 60 }], ['rate', t('Rate %'), { inputmode: 'decimal' }]]} />
  </section>`;
}

function Categories() {
  const [cats, setCats] = useState(null);
  const [editing, setEditing] = useState(null);
  const load = () => api('GET', '/categories').then((r) => setCats(r.categories), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, []);
  if (!cats) return null;
  const rename = async (id, name) => setCats((await api('PATCH', `/categories/${id}`, { name })).categories);
  const remove = (id) => api('DELETE', `/categories/${id}`).then(load, (e) => toast(errText(e)));
  const add = async ({ name }) => {
    await api('POST', '/categories', { name: name.trim() });
    return load();
  };
  return html`<section class="card" data-testid="categories">
    <h3>${t('Categories')}</h3>
    <p class="hint">${t('Products pick one of these. A category with products cannot be deleted.')}</p>
    <table class="list"><thead><tr><th>${t('Name')}</th><th class="num">${t('Products')}</th><th></th></tr></thead>
      <tbody>${cats.map((c) => html`<tr key=${c.id}>
        <td>${editing === c.id
          ? html`<${Rename} name=${c.name} onSave=${(name) => rename(c.id, name)} onDone=${() => setEditing(null)} />`
          : html`<button type="button" class="link" onClick=${() => setEditing(c.id)}>${c.name}</button>`}</td>
        <td class="num">${c.products}</td>
        <td>${c.products ? null : html`<button type="button" onClick=${() => remove(c.id)}>${t('Delete')}</button>`}</td>
      </tr>`)}</tbody></table>
    <${AddRow} testid="add-category" label=${t('Add category')} add=${add} fields=${[['name', t('Name'), { maxlength: 200 }]]} />
  </section>`;
}

export function Settings({ onLang }) {
  const [s, setS] = useState(null);
  useEffect(() => {
    api('GET', '/settings').then(setS, (e) => toast(errText(e)));
  }, []);
  if (!s) return null;
  const yes = (b) => (b ? t('yes') : t('no'));
  return html`<div class="settings">
    <section class="card">
      <h3>${t('This till')}</h3>
      <label>${t('Language')}
        <select name="settings-lang" value=${getLang()} onChange=${(e) => onLang(e.target.value)}>
          ${LANGS.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
        </select></label>
    </section>
    <${StoreForm} s=${s} onSaved=${setS} />
    <${TaxRates} />
    <${Categories} />
    <section class="card">
      <h3>${t('Set in posd.conf')}</h3>
      <p class="hint">${t('Set in posd.conf (or with posctl); posd reads it again on reload (systemctl reload posd).')}</p>
      <table class="list"><tbody>
        <${Row} label=${t('Currency')} value=${`${s.store.currency} (${money(10 ** s.store.minor_unit)})`} where="posctl init --currency" />
        <${Row} label=${t('Prices include tax')} value=${yes(s.store.prices_include_tax)} where="posctl init --tax-exclusive" />
        <${Row} label=${t('Lanes')} value=${s.checkout.lanes.join(', ')} where="[checkout] lanes" />
        <${Row} label=${t('Receipt printer of this lane')} value=${s.checkout.printer || t('none')} where="[printer NAME]" />
        <${Row} label=${t('Drawer opens for cash')} value=${yes(s.checkout.kick_drawer)} where="[drawer]" />
        <${Row} label=${t('Sign-in lasts')} value=${t('{n} hours', { n: s.auth.session_hours })} where="[auth] session_hours" />
        <${Row} label=${t('Largest import')} value=${`${s.http.max_upload_mib} MiB`} where="[http] max_upload_mib" />
      </tbody></table>
    </section>
  </div>`;
}
