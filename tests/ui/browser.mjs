// Debian's chromium, headless, driven by playwright-core: no browser download.
import { createRequire } from 'node:module';

// installed by the Makefile under build/, from tests/ui/package-lock.json
const { chromium } = createRequire(`${process.env.UI_TEST_NM}/`)('playwright-core');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // as root in CI, on a machine with no outside network
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

// wait until the locator's text matches, and return it; the failure names what was there
export async function seeText(locator, re, timeout = 10000) {
  const until = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = ((await locator.count()) ? await locator.first().innerText().catch(() => '') : '') || '';
    if (re.test(last)) return last;
    if (Date.now() > until) throw new Error(`expected ${re} on screen, saw: ${JSON.stringify(last.slice(0, 400))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// wait until nothing on screen matches the locator
export async function gone(locator, timeout = 10000) {
  await locator.first().waitFor({ state: 'detached', timeout });
}

// a function key that changes page, and the new page on screen (the hash route changes a
// moment after the key)
export async function pressTo(page, key, selector) {
  await page.keyboard.press(key);
  await page.locator(selector).first().waitFor();
}

// The fonts chromium drew the text of the element at selector with, as it says itself
// (DevTools' CSS.getPlatformFontsForNode): [{ familyName, isCustomFont, glyphCount }].
export async function fontsDrawn(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no ${selector} on the page`);
    return (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
  } finally {
    await cdp.detach();
  }
}

// Every Chinese character of the element at selector is drawn in the font posd serves, not
// in one the machine happens to have (or in none: empty boxes).
export async function drawnInServedFont(page, selector, timeout = 10000) {
  const text = await page.locator(selector).first().innerText();
  const han = [...text].filter((c) => /\p{Script=Han}/u.test(c)).length;
  if (!han) throw new Error(`${selector} holds no Chinese: '${text}'`);
  let fonts = [];
  for (const until = Date.now() + timeout; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    await page.evaluate(() => document.fonts.ready);
    fonts = await fontsDrawn(page, selector);
    // the served files name themselves "Noto Sans SC Thin" (cut from the variable font)
    const served = fonts.find((f) => f.familyName.startsWith('Noto Sans SC') && f.isCustomFont);
    if (served && served.glyphCount >= han) return fonts;
  }
  throw new Error(`${selector}: ${han} Chinese characters, drawn in ${JSON.stringify(fonts)}`);
}

// a page by its name in the navigation: a tab, or in the back office's menu, opened first
export async function goTo(page, name) {
  const link = page.locator(`nav a:has-text("${name}")`).first();
  if (!(await link.isVisible())) await page.click('nav [data-testid=back-office]');
  await link.click();
}
