// Back office: sales by hour of a day, or by day over a month, as a chart and a table;
// then the same days broken down, their money and purchases, and the stock now.
import { html, useState, useEffect, useRef } from '../lib.js';
import uPlot from '../../vendor/uplot.mjs';
import { api } from '../api.js';
import { t, money, qty, errText, getStore, getLang } from '../i18n.js';
import { toast } from '../ui.js';
import { SalesBy, StockReport, Expiring, Finance, Bars, Csv, chartBase, chartWidth } from './report_parts.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

// local midnight of a yyyy-mm-dd, and the range a view covers
function range(day, by) {
  const [y, m, d] = day.split('-').map(Number);
  if (by === 'hour') return [new Date(y, m - 1, d).getTime(), new Date(y, m - 1, d + 1).getTime()];
  return [new Date(y, m - 1, d - 29).getTime(), new Date(y, m - 1, d + 1).getTime()];
}
const today = () => {
  const n = new Date();
  return `${n.getFullYear()}-${String(n.getMonth() + 1).padStart(2, '0')}-${String(n.getDate()).padStart(2, '0')}`;
};

function Chart({ report }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current || !report) return undefined;
    const major = 10 ** getStore().minor_unit;
    const xs = report.buckets.map((b) => b.start / 1000);
    const net = report.buckets.map((b) => b.net / major);
    const margin = report.buckets.map((b) => b.margin / major);
    const opts = chartBase(chartWidth(ref.current), 260, xs, true);
    opts.series = [
      {},
      { label: t('Net sales'), stroke: '#1565c0', fill: '#1565c033', paths: uPlot.paths.bars({ size: [0.7, 60] }) },
      { label: t('Margin'), stroke: '#1b7f3b', width: 2 },
    ];
    const plot = new uPlot(opts, [xs, net, margin], ref.current);
    return () => plot.destroy();
  }, [report, getLang()]);
  return html`<div class="chart" ref=${ref} data-testid="sales-chart"></div>`;
}

// what was bought in the same days: by supplier, and what came in by product
function Purchases({ from, to }) {
  const [rep, setRep] = useState(null);
  const path = `/reports/purchases?from=${from}&to=${to}`;
  useEffect(() => {
    let live = true;
    api('GET', path).then((r) => live && setRep(r), (e) => live && toast(errText(e)));
    return () => (live = false);
  }, [from, to]);
  if (!rep || (!rep.suppliers.length && !rep.products.length)) return null;
  return html`<section class="card" data-testid="purchases-report">
    <div class="bar"><h2>${t('Purchases')}</h2><${Csv} path=${path} name="purchases.csv" /></div>
    <${Bars} labels=${rep.suppliers.map((s) => s.code)} values=${rep.suppliers.map((s) => s.received)} label=${t('Received')}
      testid="purchases-chart" />
    <table class="list"><thead><tr><th>${t('Supplier')}</th><th class="num">${t('Orders')}</th>
      <th class="num">${t('Ordered')}</th><th class="num">${t('Received')}</th><th class="num">${t('Still owed')}</th></tr></thead>
      <tbody>${rep.suppliers.map((s) => html`<tr><td>${s.code} · ${s.name}</td><td class="num">${s.orders}</td>
        <td class="num">${money(s.ordered)}</td><td class="num">${money(s.received)}</td>
        <td class="num">${money(s.outstanding)}</td></tr>`)}</tbody></table>
    ${rep.products.length ? html`<table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('Received')}</th>
      <th class="num">${t('Amount')}</th></tr></thead><tbody>${rep.products.map((p) => html`<tr>
        <td>${p.name} <small>${p.sku}</small></td><td class="num">${qty(p.qty)}</td><td class="num">${money(p.amount)}</td>
      </tr>`)}</tbody></table>` : null}
  </section>`;
}

export function Reports() {
  const [day, setDay] = useState(today());
  const [by, setBy] = useState('hour');
  const [report, setReport] = useState(null);
  useEffect(() => {
    const [from, to] = range(day, by);
    let live = true;
    api('GET', `/reports/sales?from=${from}&to=${to}&bucket=${by}`).then(
      (r) => live && setReport(r),
      (e) => live && toast(errText(e)),
    );
    return () => (live = false);
  }, [day, by]);
  const tot = report && report.totals;
  const fmt = new Intl.DateTimeFormat(getLang(), by === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' });
  return html`<div class="reports">
    <div class="bar">
      <h2>${t('Sales report')}</h2>
      <input type="date" name="report-day" value=${day} onChange=${(e) => e.target.value && setDay(e.target.value)} />
      <div class="seg">
        <button type="button" class=${by === 'hour' ? 'on' : ''} onClick=${() => setBy('hour')}>${t('By hour')}</button>
        <button type="button" class=${by === 'day' ? 'on' : ''} onClick=${() => setBy('day')}>${t('Last 30 days')}</button>
      </div>
    </div>
    ${tot ? html`<dl class="cards" data-testid="report-totals">
      <div><dt>${t('Sales')}</dt><dd>${tot.sales}</dd></div>
      <div><dt>${t('Gross sales')}</dt><dd>${money(tot.gross)}</dd></div>
      <div><dt>${t('Returns')}</dt><dd>${money(tot.refunds)}</dd></div>
      <div><dt>${t('Net sales')}</dt><dd data-testid="report-net">${money(tot.net)}</dd></div>
      <div><dt>${t('Margin')}</dt><dd>${money(tot.margin)}</dd></div>
    </dl>` : null}
    <${Chart} report=${report} />
    ${report ? html`<table class="list"><thead><tr><th>${by === 'hour' ? t('Hour') : t('Day')}</th><th class="num">${t('Sales')}</th>
      <th class="num">${t('Gross sales')}</th><th class="num">${t('Returns')}</th><th class="num">${t('Net sales')}</th>
      <th class="num">${t('Tax')}</th><th class="num">${t('Margin')}</th></tr></thead>
      <tbody>${report.buckets.filter((b) => b.sales || b.returns).map((b) => html`<tr>
        <td>${fmt.format(new Date(b.start))}</td><td class="num">${b.sales}</td><td class="num">${money(b.gross)}</td>
        <td class="num">${money(b.refunds)}</td><td class="num">${money(b.net)}</td><td class="num">${money(b.tax)}</td>
        <td class="num">${money(b.margin)}</td></tr>`)}</tbody></table>` : null}
    <${SalesBy} from=${range(day, by)[0]} to=${range(day, by)[1]} />
    <${Finance} from=${range(day, by)[0]} to=${range(day, by)[1]} />
    <${Purchases} from=${range(day, by)[0]} to=${range(day, by)[1]} />
    <${StockReport} />
    <${Expiring} />
  </div>`;
}
