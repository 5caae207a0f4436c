// A manager's overview, where a manager lands: today against the same day last week, by
// the hour; the store's flow (采购 → 入库 → 库存 → 销售 → 退货) with what waits at each
// step, each leading to its page; the week's best sellers; what to reorder and what
// expires; the devices and the sync with HQ.
import { html, useState, useEffect, useRef } from '../lib.js';
import uPlot from '../../vendor/uplot.mjs';
import { api } from '../api.js';
import { t, money, qty, errText, getStore, getLang, dateTime, nameOf } from '../i18n.js';
import { Wrong } from '../ui.js';
import { chartBase, chartWidth } from './report_parts.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const midnight = () => {
  const n = new Date();
  return new Date(n.getFullYear(), n.getMonth(), n.getDate()).getTime();
};

// everything the page shows, asked at once; a part that fails says so in its place
function useOverview() {
  const [o, setO] = useState(null);
  useEffect(() => {
    const t0 = midnight();
    const ask = (path) => api('GET', path).then((r) => r, (e) => ({ error: errText(e) }));
    const paths = {
      today: `/reports/sales?from=${t0}&to=${t0 + DAY}&bucket=hour`,
      week: `/reports/sales?from=${t0 - 7 * DAY}&to=${t0 - 6 * DAY}&bucket=hour`,
      best: `/reports/sales-by?from=${t0 - 6 * DAY}&to=${t0 + DAY}&by=product&limit=5`,
      reorder: '/purchase-suggestions',
      alerts: '/alerts',
      orders: '/purchase-orders',
      transfers: '/transfers',
      salesorders: '/sales-orders',
      stocktakes: '/stocktakes',
      devices: '/devices',
      sync: '/sync',
    };
    let live = true;
    Promise.all(Object.entries(paths).map(([k, p]) => ask(p).then((r) => [k, r]))).then(
      (parts) => live && setO(Object.fromEntries(parts)),
    );
    return () => (live = false);
  }, []);
  return o;
}

// a figure today, and last week's to the same time of day
function sumTo(report, until, key) {
  return report.buckets.filter((b) => b.start < until).reduce((s, b) => s + b[key], 0);
}

function Compare({ today, week }) {
  const now = Date.now();
  const figures = [
    ['net', t('Net sales'), money],
    ['sales', t('Sales'), String],
  ];
  return html`<dl class="cards" data-testid="today">
    ${figures.map(([key, name, show]) => {
      const a = sumTo(today, now, key);
      const b = sumTo(week, now - 7 * DAY, key);
      const change = b ? Math.round(((a - b) * 100) / b) : null;
      return html`<div><dt>${name}</dt><dd>${show(a)}</dd>
        <small class=${change === null ? '' : change >= 0 ? 'up' : 'down'}>
          ${change === null ? t('nothing last week') : t('{change}% on last {day}', {
            change: change >= 0 ? `+${change}` : change,
            day: new Intl.DateTimeFormat(getLang(), { weekday: 'long' }).format(new Date(now - 7 * DAY)),
          })}</small></div>`;
    })}
  </dl>`;
}

// today's sales by the hour as bars, last week's same day as a line
function ByHour({ today, week }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const major = 10 ** getStore().minor_unit;
    const xs = today.buckets.map((b) => b.start / 1000);
    const opts = chartBase(chartWidth(ref.current), 220, xs, true);
    opts.series = [
      {},
      { label: t('Today'), stroke: '#1565c0', fill: '#1565c044', paths: uPlot.paths.bars({ size: [0.7, 40] }) },
      { label: t('Same day last week'), stroke: '#b26a00', width: 2, dash: [6, 4] },
    ];
    const plot = new uPlot(
      opts,
      [xs, today.buckets.map((b) => b.net / major), week.buckets.map((b) => b.net / major)],
      ref.current,
    );
    return () => plot.destroy();
  }, [today, week, getLang()]);
  return html`<div class="chart" ref=${ref} data-testid="by-hour"></div>`;
}

const count = (r, fn) => (r && r.items ? r.items.filter(fn).length : 0);

// the store's flow, each step with what waits there, leading to its page
function Flow({ o }) {
  const steps = [
    ['purchasing', t('Purchasing'), count(o.orders, (x) => x.state === 'draft'), t('orders to approve')],
    ['purchasing', t('Goods in'), count(o.orders, (x) => ['approved', 'sent', 'partly_received'].includes(x.state)) +
      count(o.transfers, (x) => x.state === 'in_transit' && x.kind !== 'outgoing'), t('deliveries to take in')],
    ['stockcontrol', t('Stock on hand'), count(o.alerts, (x) => x.kind === 'low'), t('products running low')],
    ['salesorders', t('Selling'), count(o.salesorders, (x) => ['ordered', 'picked'].includes(x.state)), t('orders to ship')],
    ['returns', t('Returns'), o.today.totals ? o.today.totals.returns : 0, t('returns today')],
  ];
  return html`<ol class="flow" data-testid="flow">
    ${steps.map(([page, name, n, what]) => html`<li><a href=${`#/${page}`} class=${n ? 'busy' : ''}>
      <b>${name}</b><span class="n">${n}</span><small>${what}</small></a></li>`)}
  </ol>`;
}

function List({ title, testid, rows, empty, more }) {
  return html`<section class="card" data-testid=${testid}><h2>${title}</h2>
    ${rows.length ? html`<table><tbody>${rows}</tbody></table>` : html`<p class="hint">${empty}</p>`}
    ${more ? html`<a href=${more[0]}>${more[1]}</a>` : null}</section>`;
}

export function Dashboard() {
  const o = useOverview();
  if (!o) return html`<p class="hint">…</p>`;
  const failed = Object.values(o).find((x) => x && x.error);
  const sales = !o.today.error && !o.week.error;
  const expiring = o.alerts.items ? o.alerts.items.filter((x) => x.kind === 'expiring').slice(0, 5) : [];
  const devices = o.devices.items || [];
  return html`<div class="dashboard">
    <${Wrong} text=${failed && failed.error} />
    ${sales ? html`<section class="card"><h2>${t('Today')}</h2><${Compare} today=${o.today} week=${o.week} />
      <${ByHour} today=${o.today} week=${o.week} /></section>` : null}
    ${o.orders.error || o.today.error ? null : html`<section class="card"><h2>${t('The store’s flow')}</h2><${Flow} o=${o} /></section>`}
    <div class="grid2 lists">
      <${List} title=${t('Best sellers this week')} testid="best" empty=${t('No sales this week')}
        rows=${(o.best.rows || []).map((r) => html`<tr><td>${r.name}</td><td class="num">${qty(r.sold)}</td>
          <td class="num">${money(r.net)}</td></tr>`)} more=${['#/reports', t('All reports')]} />
      <${List} title=${t('To reorder')} testid="reorder" empty=${t('Nothing to reorder')}
        rows=${(o.reorder.items || []).slice(0, 5).map((r) => html`<tr><td>${r.name}</td>
          <td class="num">${qty(r.on_hand)}</td><td class="num">${qty(r.qty)}</td></tr>`)}
        more=${['#/purchasing', t('Order them')]} />
      <${List} title=${t('Expiring soon')} testid="expiring" empty=${t('Nothing expires soon')}
        rows=${expiring.map((r) => html`<tr><td>${r.name}</td><td>${r.lot}</td>
          <td class="num">${dateTime(r.expires_at)}</td></tr>`)} />
      <${List} title=${t('Devices and sync')} testid="machines" empty=${t('No devices')}
        rows=${[...devices.map((d) => html`<tr><td>${d.name}</td><td>${t('Lane {lane}', { lane: d.lane })}</td>
          <td class=${`state ${d.state === 'online' ? 'ok' : 'bad'}`}>${nameOf(d.state)}</td></tr>`),
          o.sync.configured ? html`<tr><td>HQ</td><td>${t('{n} waiting', { n: o.sync.waiting })}</td>
            <td class=${`state ${o.sync.connected ? 'ok' : 'bad'}`}>${nameOf(o.sync.connected ? 'online' : 'offline')}</td></tr>` : null]}
        more=${['#/devices', t('Devices')]} />
    </div>
  </div>`;
}
