// Back office: the reports for a range of days (today, this week, the last 30 days, any
// from–to), each against the period before it, in sections a screen each: the sales (by
// hour for a day or two, else by day), their breakdown, purchases, the money, and the
// stock now.
import { html, useState, useEffect, useRef } from '../lib.js';
import uPlot from '../../vendor/uplot.mjs';
import { api } from '../api.js';
import { t, money, qty, errText, getStore, getLang } from '../i18n.js';
import { toast } from '../ui.js';
import { SalesBy, StockReport, Expiring, Finance, Bars, Csv, Change, chartBase, chartWidth } from './report_parts.js';
import { PRESETS, rangeOf, rangeText, isoDay } from './report_range.js';

const TABS = () => [
  ['sales', t('Sales and returns')], ['breakdown', t('Breakdown')], ['purchases', t('Purchases')], ['money', t('Money')],
  ['stock', t('Stock now')],
];

// this period's net sales as bars, the period before's as a dashed line, slot by slot
function Chart({ report, prev }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current || !report || !prev) return undefined;
    const major = 10 ** getStore().minor_unit;
    const xs = report.buckets.map((b) => b.start / 1000);
    const opts = chartBase(chartWidth(ref.current), 260, xs, true);
    opts.series = [
      {},
      { label: t('Net sales'), stroke: '#1565c0', fill: '#1565c033', paths: uPlot.paths.bars({ size: [0.7, 60] }) },
      { label: t('Previous period'), stroke: '#b26a00', width: 2, dash: [6, 4] },
    ];
    const before = report.buckets.map((_, i) => (prev.buckets[i] ? prev.buckets[i].net / major : null));
    const plot = new uPlot(opts, [xs, report.buckets.map((b) => b.net / major), before], ref.current);
    return () => plot.destroy();
  }, [report, prev, getLang()]);
  return html`<div class="chart" ref=${ref} data-testid="sales-chart"></div>`;
}

// the totals, each with the period before's and the change
const FIGURES = () => [
  ['sales', t('Sales'), String, 1], ['gross', t('Gross sales'), money, 1], ['refunds', t('Returns'), money, -1],
  ['net', t('Net sales'), money, 1], ['margin', t('Margin'), money, 1],
];

function Totals({ now, before }) {
  return html`<dl class="cards" data-testid="report-totals">
    ${FIGURES().map(([key, name, show, better]) => html`<div data-figure=${key}><dt>${name}</dt>
      <dd data-testid=${key === 'net' ? 'report-net' : null}>${show(now[key])}</dd>
      <${Change} now=${now[key]} before=${before[key]} show=${show} better=${better} /></div>`)}
  </dl>`;
}

function SalesSection({ range }) {
  const [both, setBoth] = useState(null);
  useEffect(() => {
    let live = true;
    const ask = (from, to) => api('GET', `/reports/sales?from=${from}&to=${to}&bucket=${range.bucket}`);
    setBoth(null);
    Promise.all([ask(range.from, range.to), ask(range.prevFrom, range.prevTo)]).then(
      ([now, before]) => live && setBoth({ now, before }),
      (e) => live && toast(errText(e)),
    );
    return () => (live = false);
  }, [range.from, range.to, range.prevFrom, range.bucket]);
  if (!both) return null;
  const { now, before } = both;
  const hourly = range.bucket === 'hour';
  const fmt = new Intl.DateTimeFormat(getLang(), hourly ? { weekday: range.days > 1 ? 'short' : undefined, hour: '2-digit', minute: '2-digit' }
    : { month: 'short', day: 'numeric', weekday: 'short' });
  const path = `/reports/sales?from=${range.from}&to=${range.to}&bucket=${range.bucket}`;
  return html`<section data-testid="sales-section">
    <${Totals} now=${now.totals} before=${before.totals} />
    <${Chart} report=${now} prev=${before} />
    <details class="card by-slot">
      <summary>${hourly ? t('By hour') : t('By day')}</summary>
      <div class="bar"><${Csv} path=${path} name="sales.csv" /></div>
      <table class="list"><thead><tr><th>${hourly ? t('Hour') : t('Day')}</th><th class="num">${t('Sales')}</th>
        <th class="num">${t('Gross sales')}</th><th class="num">${t('Returns')}</th><th class="num">${t('Net sales')}</th>
        <th class="num">${t('Tax')}</th><th class="num">${t('Margin')}</th><th class="num">${t('Previous period')}</th></tr></thead>
        <tbody>${now.buckets.map((b, i) => [b, before.buckets[i]]).filter(([b, p]) => b.sales || b.returns || (p && p.net))
          .map(([b, p]) => html`<tr>
          <td>${fmt.format(new Date(b.start))}</td><td class="num">${b.sales}</td><td class="num">${money(b.gross)}</td>
          <td class="num">${money(b.refunds)}</td><td class="num">${money(b.net)}</td><td class="num">${money(b.tax)}</td>
          <td class="num">${money(b.margin)}</td><td class="num">${p ? money(p.net) : ''}</td></tr>`)}</tbody></table>
    </details>
  </section>`;
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
  if (!rep) return null;
  return html`<section class="card" data-testid="purchases-report">
    <div class="bar"><h2>${t('Purchases')}</h2><${Csv} path=${path} name="purchases.csv" /></div>
    ${!rep.suppliers.length && !rep.products.length ? html`<p class="hint">${t('Nothing was ordered or came in')}</p>` : null}
    <${Bars} labels=${rep.suppliers.map((s) => s.code)} values=${rep.suppliers.map((s) => s.received)} label=${t('Received')}
      testid="purchases-chart" />
    ${rep.suppliers.length ? html`<table class="list"><thead><tr><th>${t('Supplier')}</th><th class="num">${t('Orders')}</th>
      <th class="num">${t('Ordered')}</th><th class="num">${t('Received')}</th><th class="num">${t('Still owed')}</th></tr></thead>
      <tbody>${rep.suppliers.map((s) => html`<tr><td>${s.code} · ${s.name}</td><td class="num">${s.orders}</td>
        <td class="num">${money(s.ordered)}</td><td class="num">${money(s.received)}</td>
        <td class="num">${money(s.outstanding)}</td></tr>`)}</tbody></table>` : null}
    ${rep.products.length ? html`<table class="list"><thead><tr><th>${t('Item')}</th><th class="num">${t('Received')}</th>
      <th class="num">${t('Amount')}</th></tr></thead><tbody>${rep.products.map((p) => html`<tr>
        <td>${p.name} <small>${p.sku}</small></td><td class="num">${qty(p.qty)}</td><td class="num">${money(p.amount)}</td>
      </tr>`)}</tbody></table>` : null}
  </section>`;
}

// the range picked: a preset, or any first and last day
function RangePicker({ preset, setPreset, custom, setCustom, range }) {
  return html`<div class="range">
    <select name="range" value=${preset} onChange=${(e) => setPreset(e.target.value)} aria-label=${t('Period')}>
      ${PRESETS().map(([v, text]) => html`<option value=${v}>${text}</option>`)}</select>
    ${preset === 'custom' ? html`<label>${t('First day')}<input type="date" name="range-from" value=${custom.from}
        onChange=${(e) => setCustom({ ...custom, from: e.target.value })} /></label>
      <label>${t('Last day')}<input type="date" name="range-to" value=${custom.to}
        onChange=${(e) => setCustom({ ...custom, to: e.target.value })} /></label>` : null}
    ${range.error ? html`<p class="error" role="alert" data-testid="range-error">${range.error}</p>`
      : html`<p class="hint" data-testid="range-text">${rangeText(range.from, range.to)} · ${t('against {range}',
        { range: rangeText(range.prevFrom, range.prevTo) })}</p>`}
  </div>`;
}

export function Reports() {
  const [tab, setTab] = useState('sales');
  const [preset, setPreset] = useState('today');
  const [custom, setCustom] = useState(() => {
    const d = isoDay(new Date());
    return { from: d, to: d };
  });
  const range = rangeOf(preset, custom);
  const ok = !range.error;
  return html`<div class="reports">
    <div class="bar">
      <h2>${t('Reports')}</h2>
      ${tab === 'stock' ? html`<p class="hint">${t('The stock as it is now')}</p>`
        : html`<${RangePicker} preset=${preset} setPreset=${setPreset} custom=${custom} setCustom=${setCustom} range=${range} />`}
    </div>
    <div class="seg tabs" role="tablist" data-testid="report-tabs">
      ${TABS().map(([k, name]) => html`<button type="button" role="tab" data-tab=${k} aria-selected=${tab === k}
        class=${tab === k ? 'on' : ''} onClick=${() => setTab(k)}>${name}</button>`)}
    </div>
    ${tab === 'sales' && ok ? html`<${SalesSection} range=${range} />` : null}
    ${tab === 'breakdown' && ok ? html`<${SalesBy} from=${range.from} to=${range.to} />` : null}
    ${tab === 'purchases' && ok ? html`<${Purchases} from=${range.from} to=${range.to} />` : null}
    ${tab === 'money' && ok ? html`<${Finance} from=${range.from} to=${range.to} prevFrom=${range.prevFrom}
      prevTo=${range.prevTo} />` : null}
    ${tab === 'stock' ? html`<${StockReport} /><${Expiring} />` : null}
  </div>`;
}
