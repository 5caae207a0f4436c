// A manager's reports over a week of past trading: the last 7 days against the 7 before,
// each total the sum of posd's own report over those days, its change worked out here
// from the integers; a custom range by the hour and by the day; every section in its tab;
// in English and Chinese, on a counter's screen and a phone's, nothing out of its box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { seeText, goTo } from './browser.mjs';
import { openTill, closeTill, SHOTS } from './till.mjs';
import { overflowing, untranslated } from './layout.mjs';

let till, demo, page, errors, token;

async function call(path) {
  const res = await fetch(`${demo.url}api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const j = await res.json();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(j)}`);
  return j;
}

const day = (n) => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
};
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const money = (minor) => new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY' }).format(minor / 100);

// the figures of posd's sales report over [from, to), added up here from its slots
async function sums(from, to, bucket) {
  const r = await call(`/reports/sales?from=${from.getTime()}&to=${to.getTime()}&bucket=${bucket}`);
  const s = { sales: 0, gross: 0, refunds: 0, net: 0, margin: 0 };
  for (const b of r.buckets) for (const k of Object.keys(s)) s[k] += b[k];
  return s;
}

// "+12.5%": the change in tenths of a percent, rounded half away from zero, exactly
function change(a, b) {
  if (!b) return null;
  const num = BigInt(a - b) * 1000n;
  const den = BigInt(Math.abs(b));
  const q = ((num < 0n ? -num : num) * 2n + den) / (2n * den);
  const tenths = num < 0n ? -Number(q) : Number(q);
  const text = new Intl.NumberFormat('en', { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1 })
    .format(tenths / 1000);
  return { tenths, text };
}

// the cards show now's figures, the period before's and the change between
async function cardsAre(now, was) {
  for (const [key, show, better] of [['sales', String, 1], ['gross', money, 1], ['refunds', money, -1], ['net', money, 1],
    ['margin', money, 1]]) {
    const card = page.locator(`[data-testid=report-totals] [data-figure=${key}]`);
    await seeText(card.locator('dd'), new RegExp(`^${show(now[key]).replace(/[.$]/g, '\\$&')}$`));
    const c = change(now[key], was[key]);
    const shown = card.locator('[data-testid=change]');
    if (!c) {
      assert.equal(await shown.innerText(), now[key] ? 'none before' : '–', key);
      continue;
    }
    assert.equal(await card.locator('[data-testid=before]').innerText(), `before: ${show(was[key])}`, key);
    assert.equal(await shown.innerText(), c.text, key);
    const cls = await shown.getAttribute('class');
    if (c.tenths) assert.match(cls, (c.tenths > 0) === (better > 0) ? /good/ : /bad/, key);
  }
}

before(async () => {
  till = await openTill('en', 'en-US', { POSD_DEMO_DAYS: '8' });
  ({ demo, page, errors } = till);
  const res = await fetch(`${demo.url}api/v1/sessions`, { method: 'POST', body: JSON.stringify({ user: 'maria', pin: '5678' }) });
  token = (await res.json()).token;
});

after(() => closeTill(till, 'reports'));

async function signIn(p) {
  await p.goto(demo.url);
  await p.fill('input[name=user]', 'maria');
  await p.fill('input[name=pin]', '5678');
  await p.keyboard.press('Enter');
  await p.locator('[data-testid=cashier]').waitFor();
}

test('the last 7 days against the 7 before, a range of my own, and each section', async () => {
  await signIn(page);
  await goTo(page, 'Reports');
  await page.locator('[data-testid=report-totals]').waitFor();

  // the last 7 days (today one of them) and the 7 before: what the demo sold
  await page.selectOption('select[name=range]', 'last7');
  const now = await sums(day(-6), day(1), 'day');
  const was = await sums(day(-13), day(-6), 'day');
  assert.ok(now.sales > 300 && was.sales > 0, `${now.sales} sales, ${was.sales} before`);
  await cardsAre(now, was);
  assert.match(await page.locator('[data-testid=range-text]').innerText(), /–.*against/);
  // the chart draws both periods, from zero
  await page.locator('[data-testid=sales-chart] canvas').waitFor();
  await seeText(page.locator('[data-testid=sales-chart] .u-legend'), /Net sales[\s\S]*Previous period/);
  await page.click('details.by-slot summary');
  await seeText(page.locator('details.by-slot'), /By day[\s\S]*Previous period/);
  await page.screenshot({ path: join(SHOTS, 'reports-last7.png'), fullPage: true });

  // two days of my own: by the hour, against the two before
  await page.selectOption('select[name=range]', 'custom');
  await page.fill('input[name=range-from]', iso(day(-3)));
  await page.fill('input[name=range-to]', iso(day(-2)));
  await cardsAre(await sums(day(-3), day(-1), 'hour'), await sums(day(-5), day(-3), 'hour'));
  await seeText(page.locator('details.by-slot summary'), /By hour/);
  // five days: by the day
  await page.fill('input[name=range-from]', iso(day(-6)));
  await cardsAre(await sums(day(-6), day(-1), 'day'), await sums(day(-11), day(-6), 'day'));
  await seeText(page.locator('details.by-slot summary'), /By day/);
  // backwards is said, and nothing is asked
  await page.fill('input[name=range-to]', iso(day(-7)));
  await seeText(page.locator('[data-testid=range-error]'), /The last day comes before the first/);
  assert.equal(await page.locator('[data-testid=report-totals]').count(), 0);
  await page.fill('input[name=range-to]', iso(day(-1)));

  // each section in its tab, for the same days
  await page.click('[data-testid=report-tabs] [data-tab=breakdown]');
  await seeText(page.locator('[data-testid=sales-by] table.list tbody'), /CN¥/);
  assert.equal(await page.locator('[data-testid=report-totals]').count(), 0);
  await page.click('[data-testid=report-tabs] [data-tab=purchases]');
  await page.locator('[data-testid=purchases-report]').waitFor();
  await page.click('[data-testid=report-tabs] [data-tab=money]');
  const fin = await call(`/reports/finance?from=${day(-6).getTime()}&to=${day(0).getTime()}`);
  const finWas = await call(`/reports/finance?from=${day(-12).getTime()}&to=${day(-6).getTime()}`);
  const row = page.locator('[data-testid=finance-report] tr[data-figure=net_sales]');
  await seeText(row, new RegExp(`${money(fin.net_sales).replace('.', '\\.')}\\s+${money(finWas.net_sales).replace('.', '\\.')}`));
  assert.equal(await row.locator('.change').innerText(), change(fin.net_sales, finWas.net_sales).text);
  await page.click('[data-testid=report-tabs] [data-tab=stock]');
  await page.locator('[data-testid=stock-report] [data-testid=stock-value]').waitFor();
  assert.equal(await page.locator('select[name=range]').count(), 0);
  await page.click('[data-testid=report-tabs] [data-tab=sales]');
  await page.locator('[data-testid=report-totals]').waitFor();
  assert.deepEqual(errors, []);
});

for (const lang of ['en', 'zh-CN']) {
  test(`every section in ${lang} on a counter and a phone`, async () => {
    const problems = [];
    for (const [width, height] of [[1366, 768], [390, 844]]) {
      const ctx = await till.browser.newContext({ viewport: { width, height }, locale: lang });
      await ctx.addInitScript((l) => localStorage.setItem('posd.lang', l), lang);
      const p = await ctx.newPage();
      const pageErrors = [];
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      await signIn(p);
      await p.evaluate(() => (location.hash = '#/reports'));
      await p.locator('[data-testid=report-totals]').waitFor();
      await p.selectOption('select[name=range]', 'last7');
      for (const tab of ['sales', 'breakdown', 'purchases', 'money', 'stock']) {
        await p.click(`[data-testid=report-tabs] [data-tab=${tab}]`);
        await p.locator('.reports section').first().waitFor();
        await p.waitForTimeout(400); // what the section asks for on arrival
        for (const o of await overflowing(p)) problems.push(`${tab} ${width}×${height}: ${o}`);
        await p.screenshot({ path: join(SHOTS, `reports-${tab}-${lang}-${width}x${height}.png`) });
      }
      if (lang === 'zh-CN') {
        await p.click('[data-testid=report-tabs] [data-tab=sales]');
        await seeText(p.locator('[data-testid=report-tabs]'), /销售与退货[\s\S]*构成[\s\S]*采购[\s\S]*财务[\s\S]*当前库存/);
        await seeText(p.locator('[data-testid=range-text]'), /对比/);
        await seeText(p.locator('[data-testid=report-totals]'), /上期/);
      }
      for (const k of await untranslated(p)) problems.push(`${width}×${height}: no Chinese for "${k}"`);
      assert.deepEqual(pageErrors, []);
      await ctx.close();
    }
    assert.deepEqual(problems, []);
  });
}
