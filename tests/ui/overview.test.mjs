// A manager's overview on a demo store with a week and a day of past trading: where a
// manager lands; today against the same day last week, by the hour; the store's flow with
// what waits at each step, leading to its page; best sellers, what to reorder, devices. At
// the three sizes in both languages: nothing runs out of its box and nothing lacks its
// Chinese. The back office's pages are in one menu of groups, each role's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { seeText, goTo } from './browser.mjs';
import { openTill, closeTill, SHOTS } from './till.mjs';
import { SIZES, overflowing, untranslated } from './layout.mjs';

let till;
before(async () => {
  till = await openTill('en', 'en-US', { POSD_DEMO_DAYS: '8' });
});
after(() => closeTill(till, 'overview'));

async function signIn(page, user, pin) {
  await page.goto(till.demo.url);
  await page.fill('input[name=user]', user);
  await page.fill('input[name=pin]', pin);
  await page.keyboard.press('Enter');
}

test('a manager lands on the overview, and it leads on', async () => {
  const { page } = till;
  await signIn(page, 'maria', '5678');
  await seeText(page.locator('[data-testid=today]'), /Net sales[\s\S]*Sales/);
  // a past week and a day: best sellers, and the same day last week to compare with
  const best = await seeText(page.locator('[data-testid=best]'), /CN¥/);
  assert.ok(best.split('\n').length >= 5, best);
  // last week's to the same time of day: the demo's past sells from 8:00 (in its first
  // hour, maybe not yet)
  const hour = new Date().getHours();
  const last = hour < 8 ? /nothing last week/ : hour >= 9 ? /on last \w+day/ : /on last \w+day|nothing last week/;
  await seeText(page.locator('[data-testid=today]'), last);
  assert.equal(await page.locator('[data-testid=by-hour] canvas').count(), 1);
  await seeText(page.locator('[data-testid=machines]'), /printer[\s\S]*Online[\s\S]*scanner[\s\S]*Online/);
  const flow = await seeText(page.locator('[data-testid=flow]'), /Purchasing[\s\S]*Goods in[\s\S]*Stock on hand[\s\S]*Selling[\s\S]*Returns/);
  assert.match(flow, /\d+\s+products running low/);
  // a step leads to its page
  await page.click('[data-testid=flow] a:has-text("Stock on hand")');
  await page.locator('.page-stockcontrol').waitFor();
  await seeText(page.locator('nav .on'), /Back office\s*:\s*Stock control/);
  // the back office: the manager's pages in their groups
  await page.click('nav [data-testid=back-office]');
  const menu = await seeText(page.locator('nav .menu'), /Buying and stock[\s\S]*Selling[\s\S]*Catalogue and reports[\s\S]*The store/);
  assert.match(menu, /Users[\s\S]*Settings/);
  await goTo(page, 'Overview');
  await page.locator('.dashboard').waitFor();
});

test('a cashier has no overview and only the back office pages a cashier can use', async () => {
  const ctx = await till.browser.newContext({ viewport: { width: 1366, height: 768 } });
  await ctx.addInitScript(() => localStorage.setItem('posd.lang', 'en'));
  const page = await ctx.newPage();
  await page.goto(till.demo.url);
  await page.fill('input[name=user]', 'alice');
  await page.fill('input[name=pin]', '1111');
  await page.keyboard.press('Enter');
  await page.locator('.noshift, .checkout').first().waitFor();
  assert.equal(await page.locator('nav a:has-text("Overview")').count(), 0);
  await page.click('nav [data-testid=back-office]');
  const menu = await seeText(page.locator('nav .menu'), /Purchasing/);
  assert.doesNotMatch(menu, /Users|Settings|Reports|Products|Accounts/);
  await ctx.close();
});

for (const lang of ['zh-CN', 'en']) {
  test(`the overview in ${lang} at every size`, async () => {
    for (const [width, height] of SIZES) {
      const ctx = await till.browser.newContext({ viewport: { width, height }, locale: lang });
      await ctx.addInitScript((l) => localStorage.setItem('posd.lang', l), lang);
      const page = await ctx.newPage();
      await page.goto(till.demo.url);
      await page.fill('input[name=user]', 'maria');
      await page.fill('input[name=pin]', '5678');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=flow]').waitFor();
      await page.locator('[data-testid=by-hour] canvas').waitFor();
      assert.deepEqual(await overflowing(page), [], `at ${width}×${height}`);
      assert.deepEqual(await untranslated(page), []);
      await page.screenshot({ path: join(SHOTS, `overview-${lang}-${width}x${height}.png`), fullPage: true });
      await page.click('nav [data-testid=back-office]');
      await page.locator('nav .menu').waitFor();
      assert.deepEqual(await overflowing(page), [], `menu at ${width}×${height}`);
      await ctx.close();
    }
  });
}
