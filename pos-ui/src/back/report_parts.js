// The reports page's other reports: sales broken down (with a chart), stock, batches near
// their expiry and the money; each as a CSV file too.
import { html, useState, useEffect, useRef } from '../lib.js';
import uPlot from '../../vendor/uplot.mjs';
import { api, download } from '../api.js';
import { t, money, qty, errText, getStore, getLang, dateTime } from '../i18n.js';
import { toast } from '../ui.js';
import { changeTenths, changeText, changeClass } from './report_range.js';

// What every chart shares: money on a value axis from zero, in the till's language; the
// first and last bars whole (half a slot of room at each end); a legend that names its
// series without "--" while nothing is pointed at; dates in the till's language.
export function chartBase(width, height, xs, timeAxis) {
  const major = 10 ** getStore().minor_unit;
  const slot = xs.length > 1 ? xs[1] - xs[0] : 1;
  const fmt = (o) => new Intl.DateTimeFormat(getLang(), o);
  const dateOf = (v) => new Date(v * 1000);
  const days = (xs[xs.length - 1] - xs[0] + slot) / 86400;
  return {
    width,
    height,
    legend: { live: false },
    scales: {
      x: { time: timeAxis, range: () => [xs[0] - slot / 2, xs[xs.length - 1] + slot / 2] },
      y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      timeAxis
        ? {
          // hours, and over more than a day the date at each midnight
          values: (u, vals) => vals.map((v) => fmt(slot < 86400 && !(days > 1 && dateOf(v).getHours() === 0 && dateOf(v).getMinutes() === 0)
            ? { hour: 'numeric' } : { month: 'short', day: 'numeric' }).format(dateOf(v))),
          // a day's slots are ticked at whole days, never twice in one
          ...(slot >= 86400 ? { incrs: [1, 2, 3, 7, 14, 28, 56, 91, 182, 364].map((n) => n * 86400) } : {}),
        }
        : {},
      // as wide as its longest amount
      { values: (u, vals) => vals.map((v) => money(Math.round(v * major))), size: (u, vals) => axisWidth(vals) },
    ],
  };
}

const axisWidth = (labels) => 24 + Math.ceil(7.5 * Math.max(6, ...(labels || []).map((l) => l.length)));

// the room a chart has inside its box (uPlot draws at the width it is given)
export function chartWidth(el) {
  const s = getComputedStyle(el);
  return Math.max(280, el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight));
}

export function useReport(path) {
  const [rep, setRep] = useState(null);
  useEffect(() => {
    let live = true;
    api('GET', path).then((r) => live && setRep(r), (e) => live && toast(errText(e)));
    return () => (live = false);
  }, [path]);
  return rep;
}

// a figure's change from the period before (green or red as up is better or worse), and
// what it was then
export function Change({ now, before, show, better = 1 }) {
  const tenths = changeTenths(now, before);
  return html`<p class="vs">${tenths === null ? html`<small class="change" data-testid="change">
      ${now ? t('none before') : '–'}</small>` : html`<small class=${changeClass(tenths, better)} data-testid="change">
      ${changeText(tenths)}</small><small class="before" data-testid="before">${t('before: {value}', { value: show(before) })}</small>`}
  </p>`;
}

export function Csv({ path, name }) {
  const save = () => download(`${path}${path.includes('?') ? '&' : '?'}format=csv`, name).catch((e) => toast(errText(e)));
  return html`<button type="button" onClick=${save}>${t('Export CSV')}</button>`;
}

// bars of one figure per row, labelled by the rows' keys
export function Bars({ labels, values, label, testid }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current || !labels.length) return undefined;
    const major = 10 ** getStore().minor_unit;
    const xs = labels.map((_, i) => i);
    const opts = chartBase(chartWidth(ref.current), 220, xs, false);
    opts.series = [{}, { label, stroke: '#1565c0', fill: '#1565c055', paths: uPlot.paths.bars({ size: [0.6, 80] }) }];
    opts.axes[0] = { values: (u, vals) => vals.map((v) => (Number.isInteger(v) && labels[v] !== undefined ? labels[v] : '')) };
    const plot = new uPlot(opts, [xs, values.map((v) => v / major)], ref.current);
    return () => plot.destroy();
  }, [labels.join('\u0001'), values.join(','), getLang()]);
  return html`<div class="chart" ref=${ref} data-testid=${testid}></div>`;
}

const BY = () => [['category', t('By category')], ['product', t('By product')], ['cashier', t('By cashier')],
  ['method', t('By payment method')]];
const METHOD = () => ({ cash: t('Cash'), card: t('Card'), other: t('Other'), account: t('On account') });
const label = (by, r) => (by === 'method' ? METHOD()[r.key] || r.key : r.name || r.key || '—');

export function SalesBy({ from, to }) {
  const [by, setBy] = useState('category');
  const path = `/reports/sales-by?from=${from}&to=${to}&by=${by}&limit=20`;
  const rep = useReport(path);
  const rows = rep ? rep.rows : [];
  return html`<section class="card" data-testid="sales-by">
    <div class="bar"><h2>${t('Sales breakdown')}</h2>
      <select name="sales-by" value=${by} onChange=${(e) => setBy(e.target.value)} aria-label=${t('Breakdown')}>
        ${BY().map(([v, text]) => html`<option value=${v}>${text}</option>`)}</select>
      <${Csv} path=${path} name="sales-by.csv" /></div>
    <${Bars} labels=${rows.map((r) => label(by, r))} values=${rows.map((r) => r.net)} label=${t('Net sales')}
      testid="sales-by-chart" />
    <table class="list"><thead><tr><th></th>${by === 'product' ? html`<th class="num">${t('Sold')}</th>` : null}
      <th class="num">${t('Gross sales')}</th><th class="num">${t('Returns')}</th><th class="num">${t('Net sales')}</th>
      ${by === 'method' ? null : html`<th class="num">${t('Cost')}</th><th class="num">${t('Margin')}</th>`}</tr></thead>
      <tbody>${rows.map((r) => html`<tr data-key=${r.key}><td>${r.name ? html`${r.name} <small>${r.key}</small>` : label(by, r)}</td>
        ${by === 'product' ? html`<td class="num">${qty(r.sold - r.returned)}</td>` : null}
        <td class="num">${money(r.gross)}</td><td class="num">${money(r.refunds)}</td><td class="num">${money(r.net)}</td>
        ${by === 'method' ? null : html`<td class="num">${money(r.cost)}</td><td class="num">${money(r.margin)}</td>`}
      </tr>`)}</tbody></table>
  </section>`;
}

export function StockReport() {
  const [slow, setSlow] = useState(false);
  const path = `/reports/stock?days=28&limit=50${slow ? '&slow=1' : ''}`;
  const rep = useReport(path);
  if (!rep) return null;
  return html`<section class="card" data-testid="stock-report">
    <div class="bar"><h2>${t('Stock')}</h2>
      <label class="check"><input type="checkbox" name="slow-movers" checked=${slow} onChange=${(e) => setSlow(e.target.checked)} />
        ${t('Only what did not sell in 28 days')}</label>
      <${Csv} path=${path} name="stock.csv" /></div>
    <dl class="cards">
      <div><dt>${t('Stock value')}</dt><dd data-testid="stock-value">${money(rep.value)}</dd></div>
      <div><dt>${t('Cost of goods sold, 28 days')}</dt><dd>${money(rep.sold_cost)}</dd></div>
      <div><dt>${t('Turnover a year')}</dt><dd>${(rep.turnover_x100 / 100).toFixed(2)}×</dd></div>
    </dl>
    <${Bars} labels=${rep.locations.map((l) => l.location)} values=${rep.locations.map((l) => l.value)} label=${t('Stock value')}
      testid="stock-chart" />
    <table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('On hand')}</th><th class="num">${t('Value')}</th>
      <th class="num">${t('Sold, 28 days')}</th><th class="num">${t('Days of cover')}</th><th>${t('Last sold')}</th></tr></thead>
      <tbody>${rep.rows.map((r) => html`<tr data-sku=${r.sku}><td>${r.name} <small>${r.sku}</small></td>
        <td class="num">${qty(r.on_hand)} ${r.unit}</td><td class="num">${money(r.value)}</td><td class="num">${qty(r.sold)}</td>
        <td class="num">${r.cover_days === null ? '–' : r.cover_days}</td><td>${r.last_sold_at ? dateTime(r.last_sold_at) : t('never')}</td>
      </tr>`)}</tbody></table>
  </section>`;
}

export function Expiring() {
  const rep = useReport('/reports/expiring?days=30');
  if (!rep || !rep.rows.length) return null;
  return html`<section class="card" data-testid="expiring-report">
    <div class="bar"><h2>${t('Expiring within 30 days')}</h2><${Csv} path="/reports/expiring?days=30" name="expiring.csv" /></div>
    <table class="list"><thead><tr><th>${t('Item')}</th><th>${t('Lot')}</th><th>${t('Location')}</th><th>${t('Expires')}</th>
      <th class="num">${t('On hand')}</th><th class="num">${t('Value')}</th></tr></thead>
      <tbody>${rep.rows.map((b) => html`<tr><td>${b.name} <small>${b.sku}</small></td><td>${b.lot}</td><td>${b.location}</td>
        <td>${dateTime(b.expires_at)}</td><td class="num">${qty(b.qty)}</td><td class="num">${money(b.value)}</td></tr>`)}</tbody></table>
  </section>`;
}

const FIGURES = () => [
  ['counter_sales', t('Counter sales')], ['goods_returned', t('Goods returned')], ['money_refunded', t('Money refunded')],
  ['kept_on_returns', t('Kept on returns')], ['account_sales', t('Sales on account')],
  ['credit_notes', t('Credit notes')], ['net_sales', t('Net sales')], ['tax', t('Tax')], ['cost_of_goods', t('Cost of goods')],
  ['gross_profit', t('Gross profit')], ['pay_ins', t('Paid in')], ['pay_outs', t('Paid out')],
  ['adjustments', t('Stock counted or written off')], ['transit_losses', t('Lost in transit')],
  ['supplier_invoices', t('Supplier invoices')], ['supplier_payments', t('Paid to suppliers')],
  ['customer_payments', t('Paid by customers')], ['payables', t('Owed to suppliers')], ['receivables', t('Owed by customers')],
  ['stock_value', t('Stock value')],
];

// figures where more is worse, and the stock's value, which is now's in either period
const WORSE = ['goods_returned', 'money_refunded', 'credit_notes', 'cost_of_goods', 'pay_outs', 'transit_losses',
  'payables', 'receivables'];

export function Finance({ from, to, prevFrom, prevTo }) {
  const path = `/reports/finance?from=${from}&to=${to}`;
  const rep = useReport(path);
  const prev = useReport(`/reports/finance?from=${prevFrom}&to=${prevTo}`);
  if (!rep || !prev) return null;
  return html`<section class="card" data-testid="finance-report">
    <div class="bar"><h2>${t('Money')}</h2><${Csv} path=${path} name="finance.csv" /></div>
    <${Bars} labels=${[t('Net sales'), t('Tax'), t('Cost of goods'), t('Gross profit')]}
      values=${[rep.net_sales, rep.tax, rep.cost_of_goods, rep.gross_profit]} label=${t('Amount')} testid="finance-chart" />
    <table class="list"><thead><tr><th></th><th class="num">${t('This period')}</th><th class="num">${t('Previous period')}</th>
      <th class="num">${t('Change from before')}</th></tr></thead>
      <tbody>${FIGURES().map(([k, text]) => {
        const now = k === 'stock_value';
        const tenths = now ? null : changeTenths(rep[k], prev[k]);
        return html`<tr data-figure=${k}><td>${text}</td><td class="num">${money(rep[k])}</td>
          <td class="num">${now ? '' : money(prev[k])}</td>
          <td class="num"><span class=${changeClass(tenths, WORSE.includes(k) ? -1 : 1)}>${changeText(tenths)}</span></td></tr>`;
      })}</tbody></table>
  </section>`;
}
