// A cashier's day in the browser: sign in, open the shift, scan and search, survive a
// reload and a posd restart, take cash with change, see the receipt printed, take a
// return, and close the shift on the Z report. Screenshots go to $UI_SHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { seeText, pressTo, goTo } from './browser.mjs';
import { openTill, closeTill, SHOTS } from './till.mjs';

let till, demo, page, errors;

before(async () => {
  till = await openTill('en', 'en-US');
  ({ demo, page, errors } = till);
});

after(() => closeTill(till, 'checkout'));

const lines = () => page.locator('[data-testid=lines] tbody tr');

test('a cashier rings up, takes cash, returns and closes the day', async () => {
  await page.goto(demo.url);

  // sign in on the keypad
  await page.fill('input[name=user]', 'alice');
  for (const k of '1111') await page.click(`.keypad >> text="${k}"`);
  await page.click('button[type=submit]');
  await seeText(page.locator('[data-testid=cashier]'), /alice · cashier/);
  await seeText(page.locator('[data-testid=lane]'), /Lane 1/);
  await seeText(page.locator('[data-testid=shift-state]'), /No shift open/);

  // the shift opened on the checkout page itself, which then is ready to sell
  await page.fill('input[name=float]', '200');
  await page.click('button:has-text("Open shift")');
  await seeText(page.locator('[data-testid=shift-state]'), /Shift #1/);
  await page.locator('.checkout').waitFor();
  await pressTo(page, 'F11', '[data-testid=x-report]');
  await seeText(page.locator('[data-testid=x-report]'), /Expected cash\s+CN¥200\.00/);

  // the scan comes through the simulated scanner, the way a real one's does
  await pressTo(page, 'F1', '.checkout');
  await seeText(page.locator('[data-testid=empty-ticket]'), /Scan an item/);
  demo.scan('6995530339277');
  // with its spec: 330ml is not the 2L of the same name
  await seeText(lines().nth(0), /可口可乐 Coca-Cola 330ml[\s\S]*CN¥2\.50/);

  // an unlabelled item: found by its Chinese name
  await page.fill('input[name=search]', '百事');
  await seeText(page.locator('[data-testid=search-results]'), /百事可乐 Pepsi-Cola/);
  await page.keyboard.press('Enter');
  await seeText(lines().nth(1), /百事可乐 Pepsi-Cola/);

  // by pinyin's first letters; nothing found, or posd away, is said under the box
  await page.fill('input[name=search]', 'kkkl');
  await seeText(page.locator('[data-testid=search-results]'), /可口可乐 Coca-Cola/);
  await page.fill('input[name=search]', 'zzqqxx');
  await seeText(page.locator('[data-testid=search-note]'), /Nothing found for “zzqqxx”/);
  await page.route('**/api/v1/products?*', (r) => r.abort());
  await page.fill('input[name=search]', 'cola');
  await seeText(page.locator('[data-testid=search-note]'), /posd cannot be reached/);
  await page.unroute('**/api/v1/products?*');
  await page.fill('input[name=search]', '');
  assert.equal(await page.locator('[data-testid=search-note]').count(), 0);

  // three of them, from the quantity keypad
  await page.click('.keypad[aria-label="Quantity keypad"] >> text="3"');
  await seeText(page.locator('[data-testid=entry]'), /^3$/);
  await page.click('button:has-text("Quantity")');
  await seeText(lines().nth(1), /3\s+CN¥2\.50\s+CN¥7\.50/);
  await seeText(page.locator('[data-testid=total]'), /CN¥10\.00/);

  // an unknown barcode says so beside the search, and the ticket stays as it was
  demo.scan('6901234567892');
  await seeText(page.locator('[data-testid=scan-problem]'), /not in the catalogue/);
  assert.equal(await lines().count(), 2);

  // a quantity from the keyboard: ".75" is one, but colas are sold whole, which is said
  // over the total; "2" then F3 mends it, and the words go
  await page.fill('input[name=search]', '.75');
  await page.keyboard.press('F3');
  await seeText(page.locator('[data-testid=ticket-problem]'), /whole units/);
  await seeText(lines().nth(1), /3\s+CN¥2\.50\s+CN¥7\.50/);
  await page.fill('input[name=search]', '2');
  await page.keyboard.press('F3');
  await seeText(lines().nth(1), /2\s+CN¥2\.50\s+CN¥5\.00/);
  assert.equal(await page.locator('[data-testid=ticket-problem]').count(), 0);
  await page.fill('input[name=search]', '3');
  await page.keyboard.press('F3');
  await seeText(lines().nth(1), /3\s+CN¥2\.50\s+CN¥7\.50/);
  // bananas picked by search ask for their weight, and show their price a kg
  await page.fill('input[name=search]', 'xiangjiao');
  await seeText(page.locator('[data-testid=search-results]'), /香蕉 Banana[\s\S]*CN¥6\.98\/kg/);
  await page.keyboard.press('Enter');
  await page.fill('input[name=weight]', 'abc');
  await page.keyboard.press('Enter');
  await seeText(page.locator('.modal .problem'), /A weight, like 0\.75/);
  await page.fill('input[name=weight]', '.75');
  await page.keyboard.press('Enter');
  await seeText(lines().nth(2), /香蕉 Banana[\s\S]*0\.75 kg\s+CN¥6\.98\/kg\s+CN¥5\.2[34]/);
  await page.keyboard.press('F4');
  // "2*" then a barcode typed: two of it
  await page.fill('input[name=search]', '2');
  await page.keyboard.press('*');
  await seeText(page.locator('[data-testid=entry]'), /^2$/);
  await page.fill('input[name=search]', '6995530479171');
  await page.keyboard.press('Enter');
  await seeText(lines().nth(2), /500ml[\s\S]*2\s+CN¥3\.00\s+CN¥6\.00/);
  await page.keyboard.press('F4');
  await seeText(page.locator('[data-testid=total]'), /CN¥10\.00/);
  assert.equal(await lines().count(), 2);

  // a reload, then a restart of posd: the same ticket is there, and scans still arrive
  await page.reload();
  await seeText(page.locator('[data-testid=total]'), /CN¥10\.00/);
  assert.equal(await lines().count(), 2);
  await demo.stop();
  await demo.start();
  await seeText(page.locator('.live'), /●/, 15000);
  demo.scan('6995530339277');
  await seeText(page.locator('[data-testid=total]'), /CN¥12\.50/);
  assert.equal(await lines().count(), 3);
  await page.screenshot({ path: join(SHOTS, 'checkout.png') });

  // pay cash: a quick amount, the change due, the receipt at the printer
  await page.keyboard.press('F12');
  await seeText(page.locator('[data-testid=due]'), /CN¥12\.50/);
  await page.click('.quick-cash:has-text("CN¥20.00")');
  const number = await seeText(page.locator('[data-testid=sale-number]'), /^S\d{8}$/);
  await seeText(page.locator('.done .change'), /Give back\s+CN¥7\.50/);
  await seeText(page.locator('[data-testid=receipt-state]'), /Receipt printed/);
  await seeText(page.locator('[data-testid=drawer-state]'), /Drawer: (open|closed)/);
  const receipt = demo.receipt(1);
  assert.ok(receipt && receipt.includes(number), `receipt 1 names ${number}:\n${receipt}`);
  assert.match(receipt, /百事可乐/);
  await page.screenshot({ path: join(SHOTS, 'sale-done.png') });
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=empty-ticket]'), /Scan an item/);

  // a return of one Pepsi, refunded in cash: the receipt's QR code scanned brings the sale up
  await pressTo(page, 'F9', '.returns');
  demo.scan(number);
  await seeText(page.locator('[data-testid=return-lines]'), /百事可乐/);
  await seeText(page.locator('input[name=sale-number]'), /^$/).catch(() => {});
  assert.equal(await page.inputValue('input[name=sale-number]'), number);
  await page.click('[data-testid=return-lines] tr[data-line="2"] button[aria-label=More]');
  await seeText(page.locator('[data-testid=return-qty-2]'), /^1$/);
  await seeText(page.locator('[data-testid=return-total]'), /CN¥2\.50/);
  await page.click('button:has-text("Make the return")');
  await seeText(page.locator('[data-testid=return-number]'), /^R\d{8}$/);
  await seeText(page.locator('[data-testid=refunded]'), /CN¥2\.50/);

  // close the shift: 200 float + 12.50 sale - 2.50 refund = 210.00 expected; 205 counted
  await pressTo(page, 'F11', '.shift-page');
  await seeText(page.locator('[data-testid=x-report]'), /Expected cash\s+CN¥210\.00/);
  await page.fill('input[name=count-10000]', '2');
  await page.fill('input[name=count-500]', '1');
  await seeText(page.locator('[data-testid=counted-live]'), /CN¥205\.00/);
  await seeText(page.locator('[data-testid=variance-live]'), /-CN¥5\.00/);
  await page.click('button:has-text("Close shift")');
  // the till's own question, not the browser's
  await seeText(page.locator('.modal .confirm'), /Close the shift with CN¥205\.00 counted\?/);
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=z-report]'), /Z report/);
  await seeText(page.locator('[data-testid=net]'), /CN¥10\.00/);
  await seeText(page.locator('[data-testid=counted]'), /CN¥205\.00/);
  await seeText(page.locator('[data-testid=variance]'), /-CN¥5\.00/);
  await seeText(page.locator('[data-testid=shift-state]'), /No shift open/);
  // receipts: the sale, the return, then the Z
  assert.match(await demo.printed(3), /Z 日结 Z REPORT[\s\S]*-5\.00/);
  await page.screenshot({ path: join(SHOTS, 'z-report.png'), fullPage: true });

  assert.deepEqual(errors, []);
});

test("the manager reads the day's sales on a chart", async () => {
  await page.click('button:has-text("Sign out")');
  await page.fill('input[name=user]', 'maria');
  for (const k of '5678') await page.click(`.keypad >> text="${k}"`);
  await page.click('button[type=submit]');
  await seeText(page.locator('[data-testid=cashier]'), /maria · manager/);
  await goTo(page, 'Reports');
  // 12.50 sold, 2.50 of it returned
  await seeText(page.locator('[data-testid=report-totals]'), /Sales\s+1[\s\S]*Net sales\s+CN¥10\.00/);
  await page.locator('[data-testid=sales-chart] canvas').waitFor();
  await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
