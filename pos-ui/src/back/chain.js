// HQ's reports, on a posd at HQ's office ([hq] serve = reports): each store's sync with
// HQ, sales and stock across the chain, and transfers between stores, each as a CSV too.
import { html, useState } from '../lib.js';
import { t, money, qty, dateTime, nameOf } from '../i18n.js';
import { Bars, Csv, useReport } from './report_parts.js';

const day = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function Stores() {
  const rep = useReport('/chain/stores');
  const rows = rep ? rep.rows : [];
  return html`<section class="card" data-testid="chain-stores">
    <div class="bar"><h2>${t('Stores')}</h2><${Csv} path="/chain/stores" name="chain-stores.csv" /></div>
    <table class="list"><thead><tr><th>${t('Store')}</th><th class="num">${t('Journal entries')}</th>
      <th class="num">${t('At HQ')}</th><th class="num">${t('Waiting')}</th><th>${t('Last heard from')}</th>
      <th class="num">${t('HQ version')}</th><th class="num">${t('Changes waiting')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-store=${r.store}>
        <td>${r.store}</td><td class="num">${r.journal}</td><td class="num">${r.received}</td>
        <td class=${`num ${r.waiting ? 'bad' : ''}`}>${r.waiting}</td>
        <td>${r.contacted_at ? dateTime(r.contacted_at) : t('not yet')}</td>
        <td class="num">${r.hq_version}</td><td class=${`num ${r.changes_waiting ? 'bad' : ''}`}>${r.changes_waiting}</td>
      </tr>`)}</tbody></table>
  </section>`;
}

const SALES_BY = () => [['store', t('By store')], ['day', t('By day')], ['category', t('By category')],
  ['product', t('By product')]];

function Sales() {
  const now = new Date();
  const [from, setFrom] = useState(day(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(day(now));
  const [by, setBy] = useState('store');
  const path = `/chain/sales?from=${from}&to=${to}&by=${by}`;
  const rep = useReport(path);
  const rows = rep ? rep.rows : [];
  return html`<section class="card" data-testid="chain-sales">
    <div class="bar"><h2>${t('Sales across the chain')}</h2>
      <input type="date" name="chain-from" value=${from} onChange=${(e) => setFrom(e.target.value)} />
      <input type="date" name="chain-to" value=${to} onChange=${(e) => setTo(e.target.value)} />
      <select name="chain-by" value=${by} onChange=${(e) => setBy(e.target.value)}>
        ${SALES_BY().map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
      <${Csv} path=${path} name="chain-sales.csv" /></div>
    <${Bars} labels=${rows.map((r) => r.name || r.key || '—')} values=${rows.map((r) => r.amount)} label=${t('Sales amount')}
      testid="chain-sales-chart" />
    <table class="list"><thead><tr><th></th><th class="num">${t('Quantity')}</th><th class="num">${t('Sales amount')}</th>
      <th class="num">${t('Tax')}</th><th class="num">${t('Cost')}</th><th class="num">${t('Margin')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${r.name ? `${r.name} ${r.key}` : r.key || '—'}</td>
        <td class="num">${qty(r.qty)}</td><td class="num">${money(r.amount)}</td><td class="num">${money(r.tax)}</td>
        <td class="num">${money(r.cost)}</td><td class="num">${money(r.margin)}</td></tr>`)}</tbody></table>
  </section>`;
}

function Stock() {
  const [by, setBy] = useState('store');
  const path = `/chain/stock?by=${by}`;
  const rep = useReport(path);
  const rows = rep ? rep.rows : [];
  return html`<section class="card" data-testid="chain-stock">
    <div class="bar"><h2>${t('Stock across the chain')}</h2>
      <select name="chain-stock-by" value=${by} onChange=${(e) => setBy(e.target.value)}>
        <option value="store">${t('By store')}</option><option value="product">${t('By product')}</option></select>
      <${Csv} path=${path} name="chain-stock.csv" /></div>
    <table class="list"><thead><tr><th></th><th class="num">${t('On hand')}</th><th class="num">${t('Value')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${r.name ? `${r.name} ${r.key}` : r.key || '—'}</td>
        <td class="num">${qty(r.qty)}</td><td class="num">${money(r.value)}</td></tr>`)}</tbody></table>
  </section>`;
}

// in transit between stores: how long, and what; or every transfer, received short or not
function Transfers() {
  const [by, setBy] = useState('in_transit');
  const path = `/chain/transfers?by=${by}`;
  const rep = useReport(path);
  const rows = rep ? rep.rows : [];
  return html`<section class="card" data-testid="chain-transfers">
    <div class="bar"><h2>${t('Transfers between stores')}</h2>
      <select name="chain-transfers-by" value=${by} onChange=${(e) => setBy(e.target.value)}>
        <option value="in_transit">${t('In transit')}</option><option value="all">${t('All transfers')}</option></select>
      <${Csv} path=${path} name="chain-transfers.csv" /></div>
    ${rows.length ? html`<table class="list"><thead><tr><th>${t('Transfer')}</th><th>${t('From')}</th><th>${t('To')}</th>
      <th>${t('Sent')}</th><th>${t('State')}</th><th class="num">${t('Value')}</th><th class="num">${t('Short')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-transfer=${`${r.from_store}-${r.number}`}>
        <td>${r.number}</td><td>${r.from_store}</td><td>${r.to_store}</td><td>${dateTime(r.at)}</td>
        <td class=${r.state === 'refused' ? 'bad' : ''} title=${r.why}>${nameOf(r.state)}</td><td class="num">${money(r.value)}</td>
        <td class=${`num ${r.short_value ? 'bad' : ''}`}>${r.state === 'received' ? money(r.short_value) : ''}</td>
      </tr>`)}</tbody></table>` : html`<p class="hint">${t('Nothing in transit between stores')}</p>`}
  </section>`;
}

export function Chain() {
  return html`<div class="reports chain"><${Stores} /><${Sales} /><${Stock} /><${Transfers} /></div>`;
}
