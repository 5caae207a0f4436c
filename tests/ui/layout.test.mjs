// The till at 1366×768 (a counter's screen), 768×1024 (a tablet) and 390×844 (a phone), in
// Chinese and in English, driven from the keyboard alone: on every size the Pay button is
// in view with a long ticket, no text runs out of its box, the page does not scroll
// sideways, nothing shown lacks its Chinese, Chinese is drawn in the font posd serves, and
// a sale goes from the first scan to the next customer without a mouse; the first-day
// tour shows each part of the till in view, in the till's language. Screenshots of each
// land in $UI_SHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { seeText, drawnInServedFont } from './browser.mjs';
import { openTill, closeTill, SHOTS } from './till.mjs';
import { SIZES, overflowing, inView, untranslated } from './layout.mjs';

const LANGS = [
  ['zh-CN', { user: '收银员', pay: '结账', next: '下一单', tour: '开始导览' }],
  ['en', { user: 'cashier', pay: 'Pay', next: 'New sale', tour: 'Take the tour' }],
];
// a long ticket: more lines than any of the sizes shows at once
const CODES = ['6995530339277', '6995530479171', '6995530483406', '6910818533529', '6995530303568'];

let till;
before(async () => {
  till = await openTill('en', 'en-US');
});
after(() => closeTill(till, 'layout'));

for (const [lang, words] of LANGS) {
  test(`the till in ${lang} at every size, from the keyboard`, async () => {
    const { demo, browser } = till;
    for (const [width, height] of SIZES) {
      const ctx = await browser.newContext({ viewport: { width, height }, locale: lang });
      await ctx.addInitScript((l) => localStorage.setItem('posd.lang', l), lang);
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const shot = (name) => page.screenshot({ path: join(SHOTS, `${name}-${lang}-${width}x${height}.png`) });
      await page.goto(demo.url);
      await page.locator('input[name=user]').focus();
      await page.keyboard.type('alice');
      await page.keyboard.press('Tab');
      await page.keyboard.type('1111');
      await page.keyboard.press('Enter');
      await seeText(page.locator('[data-testid=cashier]'), new RegExp(words.user));
      if (lang === 'zh-CN') await drawnInServedFont(page, '[data-testid=cashier]');
      if (await page.locator('input[name=float]').count()) {
        await page.locator('input[name=float]').focus();
        await page.keyboard.type('100');
        await page.keyboard.press('Enter');
      }
      await page.locator('.checkout').waitFor();
      for (let i = 0; i < 14; i++) {
        demo.scan(CODES[i % CODES.length]);
        await seeText(page.locator('[data-testid=lines] tbody tr').nth(i), /\S/);
      }
      const pay = page.locator('[data-testid=pay]');
      await inView(page, pay, `the Pay button at ${width}×${height}`);
      assert.deepEqual(await overflowing(page), [], `at ${width}×${height}`);
      await shot('checkout');

      // paid from the keyboard: F12, Enter takes the amount due in cash, Enter again for
      // the next customer
      await page.keyboard.press('F12');
      await page.locator('input[name=tender]').waitFor();
      await inView(page, page.locator('.modal'), `the payment at ${width}×${height}`);
      assert.deepEqual(await overflowing(page), [], `payment at ${width}×${height}`);
      await shot('pay');
      await page.keyboard.press('Enter');
      await seeText(page.locator('.done'), new RegExp(words.next));
      assert.deepEqual(await overflowing(page), [], `sale done at ${width}×${height}`);
      await shot('done');
      await page.keyboard.press('Enter');
      await page.locator('.checkout').waitFor();

      // the first-day tour, offered on the empty ticket: every step in view and in words
      // of the till's language, then offered no more
      await page.click(`[data-testid=tour-offer] button:has-text("${words.tour}")`);
      for (let step = 1; ; step++) {
        const pop = page.locator('.driver-popover');
        await pop.waitFor();
        await inView(page, pop, `tour step ${step} at ${width}×${height}`);
        assert.deepEqual(await overflowing(page), [], `tour step ${step} at ${width}×${height}`);
        if (step === 2) await shot('tour');
        const progress = await pop.locator('.driver-popover-progress-text').innerText();
        const [at, of] = progress.match(/\d+/g).map(Number);
        assert.equal(at, step, progress);
        await pop.locator('.driver-popover-next-btn').click();
        if (at === of) break;
        await seeText(pop.locator('.driver-popover-progress-text'), new RegExp(`${step + 1}\\D+${of}`));
      }
      await page.locator('.driver-popover').waitFor({ state: 'detached' });
      await page.locator('[data-testid=tour-offer]').waitFor({ state: 'detached' });
      await page.locator('.tour-again').waitFor();
      assert.deepEqual(await untranslated(page), []);
      assert.deepEqual(errors, []);
      await ctx.close();
    }
  });
}
