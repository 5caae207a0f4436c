// What every size of screen must hold to, for the browser tests: the sizes, text that runs
// out of its box, a box out of the window or under something, texts without Chinese.
import assert from 'node:assert/strict';

// a counter's screen, a tablet, a phone
export const SIZES = [
  [1366, 768],
  [768, 1024],
  [390, 844],
];

// What runs out of its box on screen: text wider than the element that holds it, where
// the element neither scrolls nor cuts it with an ellipsis; and the page wider than the
// window.
export async function overflowing(page) {
  return page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > innerWidth + 1)
      out.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${innerWidth}px window`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1)
      out.push(`the page scrolls sideways: ${main.scrollWidth}px in ${main.clientWidth}px`);
    for (const el of document.body.querySelectorAll('*')) {
      if (!el.getClientRects().length || el.closest('svg, canvas')) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.overflowX !== 'visible' || s.textOverflow === 'ellipsis') continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (own && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 40)}" ` +
          `${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    return out;
  });
}

// the box of the locator lies wholly inside the window
export async function inView(page, locator, what) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box, `${what} is not on screen`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5,
    `${what} at ${JSON.stringify(box)} is not inside ${width}×${height}`);
  // and nothing lies over it (a notice, a banner)
  const on = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !top || el.contains(top) ? '' : `${top.tagName.toLowerCase()}.${top.className} "${top.textContent.slice(0, 40)}"`;
  });
  assert.equal(on, '', `${what} is under ${on}`);
}

export const untranslated = (page) => page.evaluate(() => [...(globalThis.posdUntranslated || [])]);

