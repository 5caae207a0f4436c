// Every page of the till and the back office, as an admin sees them (the most pages), at
// 1366×768, 768×1024 and 390×844, in Chinese and in English, on a demo store with a week
// of past trading: nothing runs out of its box, no page scrolls sideways, nothing shown
// lacks its Chinese, and a screenshot of each lands in $UI_SHOTS for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openTill, closeTill, SHOTS } from './till.mjs';
import { SIZES, overflowing, untranslated } from './layout.mjs';

// each page, and what shows it is there
const PAGES = [
  ['overview', '[data-testid=flow]'],
  ['checkout', '.checkout, .noshift'],
  ['returns', '.returns, .noshift'],
  ['stock', '.stock'],
  ['shift', '.shift-page'],
  ['purchasing', '.purchasing'],
  ['stockcontrol', '.stockcontrol'],
  ['salesorders', '.page-salesorders .card'],
  ['accounts', '.page-accounts .card'],
  ['products', '.products'],
  ['reports', '.reports'],
  ['users', '.page-users .card'],
  ['settings', '.page-settings .card'],
  ['devices', '.devices'],
];

let till;
before(async () => {
  till = await openTill('en', 'en-US', { POSD_DEMO_DAYS: '7' });
});
after(() => closeTill(till, 'pages'));

for (const lang of ['zh-CN', 'en']) {
  test(`every page in ${lang} at every size`, async () => {
    const problems = [];
    for (const [width, height] of SIZES) {
      const ctx = await till.browser.newContext({ viewport: { width, height }, locale: lang });
      await ctx.addInitScript((l) => localStorage.setItem('posd.lang', l), lang);
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(till.demo.url);
      await page.fill('input[name=user]', 'admin');
      await page.fill('input[name=pin]', '9999');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=flow]').waitFor();
      for (const [route, ready] of PAGES) {
        await page.evaluate((r) => (location.hash = `#/${r}`), route);
        await page.locator(ready).first().waitFor();
        await page.waitForTimeout(300); // what the page asks for on arrival
        for (const p of await overflowing(page)) problems.push(`${route} ${lang} ${width}×${height}: ${p}`);
        await page.screenshot({ path: join(SHOTS, `page-${route}-${lang}-${width}x${height}.png`) });
      }
      for (const k of await untranslated(page)) problems.push(`${lang} ${width}×${height}: no Chinese for "${k}"`);
      assert.deepEqual(errors, []);
      await ctx.close();
    }
    assert.deepEqual(problems, []);
  });
}
