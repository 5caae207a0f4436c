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
