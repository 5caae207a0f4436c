// The till from the keyboard alone, with touch targets big enough for a finger: sign-in,
// the shift, search by name and by typed barcode, a discount, a voided line, a pay-in, a
// pay-out the manager approves, an "other" payment, a reprint. A till that cannot reach
// posd says so until it can; a cashier in training works the same till, scanner and
// printer, and the store's own shift takes none of it.
import { test, before, after } from 'node:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { seeText, pressTo } from './browser.mjs';
import { openTill, closeTill } from './till.mjs';
import { inView, overflowing } from './layout.mjs';

let till, demo, page, errors;

before(async () => {
  till = await openTill('en', 'en-US');
  ({ demo, page, errors } = till);
});

after(() => closeTill(till, 'keys'));

const lines = () => page.locator('[data-testid=lines] tbody tr');

// every button and field on screen is at least 44 x 44 px
async function bigEnough() {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, input:not([type=checkbox]), select, nav a')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
      .filter(([, r]) => r.height < 44 || r.width < 44)
      .map(([h, r]) => `${h} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  assert.deepEqual(small, []);
}

test('a whole sale from the keyboard', async () => {
  await page.goto(demo.url);
  await page.locator('input[name=user]').focus();
  await page.keyboard.type('bob');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2222');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=cashier]'), /bob · cashier/);
  await bigEnough();

  await pressTo(page, 'F11', 'input[name=float]');
  await page.locator('input[name=float]').focus();
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=shift-state]'), /Shift #1/);
  // opened on the shift page, it goes to the checkout; the cash moves are back on F11
  await page.locator('.checkout').waitFor();
  await pressTo(page, 'F11', '[data-testid=x-report]');

  // a pay-in, recorded on the X report
  await page.fill('input[name=move-amount]', '10');
  await page.fill('input[name=move-reason]', 'change from the bank');
  await page.click('.cash-move button:has-text("Pay-in")');
  await page.click('.cash-move button[type=submit]');
  await seeText(page.locator('[data-testid=x-report]'), /Pay-ins\s+CN¥10\.00[\s\S]*Expected cash\s+CN¥60\.00/);
  // a pay-out: cash leaves the drawer only when the manager says so
  await page.fill('input[name=move-amount]', '5');
  await page.fill('input[name=move-reason]', 'window cleaner');
  await page.click('.cash-move button:has-text("Pay-out")');
  await page.click('.cash-move button[type=submit]');
  await page.fill('input[name=approver]', 'maria');
  await page.fill('input[name=approver-pin]', '5678');
  await page.click('.modal button:has-text("Approve")');
  await seeText(page.locator('[data-testid=x-report]'), /Pay-outs\s+CN¥5\.00[\s\S]*Expected cash\s+CN¥55\.00/);

  await pressTo(page, 'F1', '.checkout');
  await bigEnough();
  await page.keyboard.press('F2');
  await page.keyboard.type('D0001');
  await seeText(page.locator('[data-testid=search-results]'), /Coca-Cola/);
  await page.keyboard.press('Enter');
  await seeText(lines().nth(0), /Coca-Cola[\s\S]*CN¥2\.50/);
  // a barcode typed in, for a label the scanner cannot read
  await page.keyboard.type('6910818533529');
  await page.keyboard.press('Enter');
  await seeText(lines().nth(1), /Pepsi-Cola/);

  // 10 % off the Pepsi, within what a cashier may give
  await page.keyboard.press('F5');
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  await seeText(lines().nth(1), /Discount −CN¥0\.25[\s\S]*CN¥2\.25/);
  await seeText(page.locator('[data-testid=total]'), /CN¥4\.75/);

  // the Pepsi voided after all: Delete takes the selected line
  await page.keyboard.press('Delete');
  await seeText(page.locator('[data-testid=total]'), /CN¥2\.50/);
  assert.equal(await lines().count(), 1);

  // paid another way, the exact amount, with Enter
  await page.keyboard.press('Enter');
  await page.click('.methods button:has-text("Other")');
  await page.keyboard.press('Enter');
  const number = await seeText(page.locator('[data-testid=sale-number]'), /^S\d{8}$/);
  await seeText(page.locator('[data-testid=receipt-state]'), /Receipt printed/);
  await page.click('button:has-text("Reprint receipt")');
  await seeText(page.locator('.toast.ok'), /Reprint sent/);
  const reprint = await demo.printed(2);
  assert.match(reprint, /REPRINT/);
  assert.ok(reprint.includes(number));
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=empty-ticket]'), /Scan an item/);
  assert.deepEqual(errors, []);
});

test('a till that cannot reach posd says so, and signs in once it can', async () => {
  const ctx = await till.browser.newContext();
  await ctx.addInitScript(() => localStorage.setItem('posd.lang', 'en'));
  const early = await ctx.newPage();
  let away = true;
  await early.route('**/api/v1/health', (r) => (away ? r.abort('connectionrefused') : r.continue()));
  await early.goto(demo.url);
  await seeText(early.locator('[data-testid=boot-problem]'), /posd cannot be reached[^·]*· trying again/);
  away = false;
  await early.locator('input[name=user]').waitFor();
  assert.equal(await early.locator('[data-testid=boot-problem]').count(), 0);
  await ctx.close();
});

test('a cashier in training works as usual, and nothing of it reaches the store', async () => {
  const call = async (method, path, token, body) => {
    const res = await fetch(`${demo.url}api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.status === 204 ? null : res.json();
  };
  const maria = (await call('POST', '/sessions', null, { user: 'maria', pin: '5678' })).token;
  await call('PUT', '/users/alice/training', maria, { training: true });
  const before = await call('GET', '/shifts/current', maria);
  const receipts = () => readdirSync(join(demo.dir, 'demo/receipts')).filter((f) => f.endsWith('.txt')).sort();
  const printed = receipts().length;

  // on a phone: the banner leaves the Pay button in view
  const ctx = await till.browser.newContext({ viewport: { width: 390, height: 844 } });
  await ctx.addInitScript(() => localStorage.setItem('posd.lang', 'en'));
  const trainee = await ctx.newPage();
  await trainee.goto(demo.url);
  await trainee.fill('input[name=user]', 'alice');
  await trainee.fill('input[name=pin]', '1111');
  await trainee.keyboard.press('Enter');
  await seeText(trainee.locator('[data-testid=training]'), /Training: nothing done here reaches the store/);
  // a shift of its own: the store's open one is not the trainee's to see
  await trainee.locator('input[name=float]').fill('100');
  await trainee.keyboard.press('Enter');
  await trainee.locator('.checkout').waitFor();
  // the lane's scanner rings up into the training till, and the store's till on the lane
  // hears nothing of it
  const real = await page.locator('[data-testid=lines] tbody tr').count();
  demo.scan('6995530479171');
  await seeText(trainee.locator('[data-testid=lines] tbody tr').first(), /500ml/);
  await inView(trainee, trainee.locator('[data-testid=pay]'), 'the Pay button under the training banner');
  assert.deepEqual(await overflowing(trainee), []);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.locator('[data-testid=lines] tbody tr').count(), real);
  await trainee.keyboard.press('F12');
  await trainee.click('.quick-cash >> nth=0');
  const number = await seeText(trainee.locator('[data-testid=sale-number]'), /^S5\d{7}$/);
  const receipt = await demo.printed(printed + 1);
  assert.match(receipt, /培训 TRAINING[\s\S]*培训 TRAINING/);
  assert.ok(receipt.includes(number));
  await ctx.close();

  // the store's own shift on the lane took none of it
  const after = await call('GET', '/shifts/current', maria);
  assert.equal(after.sales_count, before.sales_count);
  assert.equal(after.expected_cash, before.expected_cash);
  await call('PUT', '/users/alice/training', maria, { training: false });
  assert.deepEqual(errors, []);
});
