// Stock control in the browser: a manager counts the drinks (a typed count and a scan),
// reads the variance report and posts it; then sends goods to the back room, where one
// fewer arrives than was sent. Stock ends where the counts and the transfer put it.
import { test, before, after } from 'node:test';
import { seeText, goTo } from './browser.mjs';
import { join } from 'node:path';
import { openTill, closeTill, SHOTS } from './till.mjs';

let till, demo, page;

before(async () => {
  till = await openTill('en', 'en-US');
  ({ demo, page } = till);
});

after(() => closeTill(till, 'stockcontrol'));

test('a stocktake and a transfer', async () => {
  await page.goto(demo.url);
  await page.fill('input[name=user]', 'maria');
  await page.fill('input[name=pin]', '5678');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=cashier]'), /maria · manager/);
  await goTo(page, 'Stock control');

  await page.selectOption('select[name=stocktake-category]', '饮料 Drinks');
  await page.click('button:has-text("Start a stocktake")');
  await seeText(page.locator('[data-testid=stocktake-state]'), /Counting/);
  await seeText(page.locator('[data-testid=stocktake]'), /ST00000001 · SHOP · 饮料 Drinks[\s\S]*0 of \d+ counted/);

  // 90 cans of Coca-Cola where the books say 93; one bottle more than the books
  await page.fill('input[name=count-code]', 'D0001');
  await page.fill('input[name=count-qty]', '90');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=last-count]'), /Coca-Cola\s+D0001 · counted 90, expected 93/);
  await page.fill('input[name=count-code]', 'D0002');
  await page.fill('input[name=count-qty]', '179');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=last-count]'), /D0002 · counted 179, expected 179/);
  // a scan: the scanner types the code and Enter into the focused field, one more each
  await page.fill('input[name=count-code]', '6995530479171');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=last-count]'), /D0002 · counted 180, expected 179/);

  await page.selectOption('select[name=stocktake-only]', 'variance');
  await seeText(page.locator('[data-testid=variance] tbody'),
    /^\s*可口可乐 Coca-Cola D0001\s+93\s+90\s+-3\s+-CN¥5\.28\s+可口可乐 Coca-Cola D0002\s+179\s+180\s+1\s+CN¥2\.14\s*$/);
  await seeText(page.locator('[data-testid=stocktake-gain]'), /gain CN¥2\.14/);
  await seeText(page.locator('[data-testid=stocktake-loss]'), /loss -CN¥5\.28/);
  await page.click('button:has-text("Post the variance")');
  await seeText(page.locator('.toast.ok'), /Posted as ADJ\d{8}/);
  await seeText(page.locator('[data-testid=stocktake-state]'), /Posted/);

  // five cans to the back room; four arrive
  await page.fill('.stockcontrol input[name=search]', 'D0001');
  await seeText(page.locator('.stockcontrol [data-testid=search-results]'), /Coca-Cola/);
  await page.keyboard.press('Enter');
  await page.fill('input[name=transfer-qty-D0001]', '5');
  await page.selectOption('select[name=transfer-to]', 'BACK');
  await page.click('button:has-text("Dispatch")');
  await seeText(page.locator('[data-testid=transfer-state]'), /In transit/);
  await seeText(page.locator('[data-testid=transfer]'), /T00000001 · SHOP → BACK[\s\S]*CN¥8\.80/);
  await page.fill('input[name=arrived-1]', '4');
  await page.click('[data-testid=transfer] button:has-text("Receive")');
  await seeText(page.locator('[data-testid=transfer-state]'), /Received/);
  await seeText(page.locator('[data-testid=transfer-short]'), /short CN¥1\.76/);
  await page.screenshot({ path: join(SHOTS, 'stock-control.png'), fullPage: true });

  // 90 counted, 5 sent, 4 arrived
  await goTo(page, 'Stock');
  await page.fill('input[name=search]', 'D0001');
  await seeText(page.locator('[data-testid=search-results]'), /Coca-Cola/);
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=stock-total]'), /^89/);
});
