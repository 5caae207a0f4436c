// A customer's receipt is torn: the cashier finds the sale by the last digits of its
// number, or picks it from the latest sales, and takes a line back. The list is what
// posd's GET /sales says; nothing found and posd away are said beside the field, in
// English and in Chinese, on a counter's screen and a phone's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { seeText, pressTo } from './browser.mjs';
import { openTill, closeTill, SHOTS } from './till.mjs';
import { overflowing, untranslated } from './layout.mjs';

let till, demo, page, errors, token;

async function call(method, path, body) {
  const res = await fetch(`${demo.url}api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(j)}`);
  return j;
}

// a sale of n Coca-Colas (330ml, 2.50) and, every other one, a 500ml one (3.00) on a card
async function sell(n, two) {
  const tk = await call('POST', '/tickets');
  await call('POST', `/tickets/${tk.id}/lines`, { sku: 'D0001', qty: n });
  const last = two ? await call('POST', `/tickets/${tk.id}/lines`, { sku: 'D0002' }) : null;
  const due = last ? last.total : 250 * n;
  await call('POST', `/tickets/${tk.id}/payments`, { method: 'card', amount: due });
  return (await call('POST', `/tickets/${tk.id}/complete`)).sale.number;
}

const rows = () => page.locator('[data-testid=recent-sales] tbody tr');
const numbers = async () => (await rows().evaluateAll((trs) => trs.map((tr) => tr.dataset.number)));

async function signIn(p, user, pin) {
  await p.goto(demo.url);
  await p.fill('input[name=user]', user);
  await p.fill('input[name=pin]', pin);
  await p.keyboard.press('Enter');
  await p.locator('[data-testid=cashier]').waitFor();
}

before(async () => {
  till = await openTill('en', 'en-US');
  ({ demo, page, errors } = till);
  token = (await call('POST', '/sessions', { user: 'alice', pin: '1111' })).token;
  await call('POST', '/shifts', { opening_float: 20000 });
  for (let i = 1; i <= 12; i++) await sell(1 + (i % 3), i % 2 === 0);
});

after(() => closeTill(till, 'returns'));

test('a sale found by its last digits, and one picked from the latest sales', async () => {
  await signIn(page, 'alice', '1111');
  await pressTo(page, 'F9', '.returns');
  await seeText(page.locator('label[for=sale-number]'), /Receipt number or its last digits/);

  // the latest sales, the last first, as posd lists them
  const latest = (await call('GET', '/sales?limit=20')).items;
  assert.equal(latest.length, 12);
  await seeText(page.locator('[data-testid=recent-sales] caption'), /Recent sales/);
  await seeText(rows().first(), /S00000012[\s\S]*CN¥5\.50[\s\S]*alice/);
  assert.deepEqual(await numbers(), latest.map((s) => s.number));

  // digits typed: those that end in them; Enter with two of them asks to pick one
  await page.fill('input[name=sale-number]', '1');
  await seeText(page.locator('[data-testid=recent-sales] caption'), /Sales ending in “1”/);
  await seeText(rows().nth(1), /S00000001/);
  assert.deepEqual(await numbers(), ['S00000011', 'S00000001']);
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=find-note]'), /2 sales end in “1”: pick one/);

  // nothing ends so; letters are no number
  await page.fill('input[name=sale-number]', '99');
  await seeText(page.locator('[data-testid=find-note]'), /No sale ends in “99”/);
  assert.equal(await rows().count(), 0);
  await page.fill('input[name=sale-number]', 'abc');
  await seeText(page.locator('[data-testid=find-note]'), /Type the receipt number, like S00000012, or its last digits/);

  // posd away: said beside the field, and the list comes back with it
  await page.route('**/api/v1/sales?*', (r) => r.abort());
  await page.fill('input[name=sale-number]', '7');
  await seeText(page.locator('[data-testid=find-note]'), /posd cannot be reached/);
  await page.unroute('**/api/v1/sales?*');
  await page.fill('input[name=sale-number]', '07');
  await seeText(rows().first(), /S00000007/);
  assert.equal(await page.locator('[data-testid=find-note]').count(), 0);

  // "12" and Enter: the one sale, opened; a line of it comes back
  await page.fill('input[name=sale-number]', '12');
  await seeText(rows().first(), /S00000012/);
  assert.equal(await rows().count(), 1);
  await page.keyboard.press('Enter');
  await seeText(page.locator('.returns .sale h2'), /Sale S00000012/);
  assert.equal(await page.locator('[data-testid=recent-sales]').count(), 0);
  await page.click('[data-testid=return-lines] tr[data-line="2"] button:has-text("All")');
  await seeText(page.locator('[data-testid=return-total]'), /CN¥3\.00/);
  await page.click('button:has-text("Make the return")');
  await seeText(page.locator('[data-testid=return-number]'), /^R00000001$/);
  await seeText(page.locator('[data-testid=refunded]'), /CN¥3\.00/);

  // the latest sales again; a click on the fifth brings it up, and all of it goes back
  await seeText(page.locator('[data-testid=recent-sales] caption'), /Recent sales/);
  await page.click('[data-testid=recent-sales] tr[data-number=S00000005]');
  await seeText(page.locator('.returns .sale h2'), /Sale S00000005/);
  assert.equal(await page.inputValue('input[name=sale-number]'), 'S00000005');
  await page.click('[data-testid=return-lines] tr[data-line="1"] button:has-text("All")');
  await seeText(page.locator('[data-testid=return-total]'), /CN¥7\.50/);
  await page.click('button:has-text("Make the return")');
  await seeText(page.locator('[data-testid=return-number]'), /^R00000002$/);
  const back = (await call('GET', '/sales/S00000005')).sale;
  assert.equal(back.lines[0].returned, 3);
  await seeText(page.locator('[data-testid=recent-sales] tr[data-number=S00000005]'), /All returned/);
  assert.equal((await call('GET', '/sales?ends=5')).items[0].returnable, false);
  // a sale made meanwhile at the till joins the list
  const made = await sell(1, false);
  await seeText(rows().first(), new RegExp(made));
  await page.screenshot({ path: join(SHOTS, 'returns-find.png') });
  assert.deepEqual(errors, []);
});

test('the same in Chinese, on a counter and on a phone', async () => {
  for (const [width, height] of [[1366, 768], [390, 844]]) {
    const ctx = await till.browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    await ctx.addInitScript(() => localStorage.setItem('posd.lang', 'zh-CN'));
    const p = await ctx.newPage();
    const pageErrors = [];
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(p, 'bob', '2222');
    await p.evaluate(() => (location.hash = '#/returns'));
    await seeText(p.locator('label[for=sale-number]'), /小票号或其末几位数字/);
    await seeText(p.locator('[data-testid=recent-sales] caption'), /最近的销售/);
    await p.fill('input[name=sale-number]', '3');
    await seeText(p.locator('[data-testid=recent-sales] caption'), /单号以“3”结尾的销售/);
    await p.keyboard.press('Enter');
    await seeText(p.locator('[data-testid=find-note]'), /笔销售的单号以“3”结尾，请选一笔/);
    assert.deepEqual(await overflowing(p), [], `${width}×${height}`);
    await p.screenshot({ path: join(SHOTS, `returns-find-zh-${width}x${height}.png`) });
    await p.fill('input[name=sale-number]', '88');
    await seeText(p.locator('[data-testid=find-note]'), /没有单号以“88”结尾的销售/);
    await p.route('**/api/v1/sales?*', (r) => r.abort());
    await p.fill('input[name=sale-number]', '4');
    await seeText(p.locator('[data-testid=find-note]'), /无法连接 posd/);
    await p.unroute('**/api/v1/sales?*');
    await p.fill('input[name=sale-number]', 'S00000099');
    await p.keyboard.press('Enter');
    await seeText(p.locator('[data-testid=find-note]'), /没有这个销售单号/);
    assert.deepEqual(await untranslated(p), []);
    assert.deepEqual(pageErrors, []);
    await ctx.close();
  }
});
