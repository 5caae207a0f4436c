// One till for a test file: the demo store, chromium, and a page in the given language.
// Page errors and browser dialogs (the till has its own) are collected; the last screen is
// saved.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Demo } from './posd.mjs';
import { launch } from './browser.mjs';

export const SHOTS = process.env.UI_SHOTS || 'build/ui-shots';

export async function openTill(lang, locale, env = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const till = { errors: [] };
  till.demo = await new Demo(env).start();
  till.browser = await launch();
  const ctx = await till.browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
  await ctx.addInitScript((l) => localStorage.getItem('posd.lang') || localStorage.setItem('posd.lang', l), lang);
  till.page = await ctx.newPage();
  till.page.on('pageerror', (e) => till.errors.push(String(e)));
  if (process.env.UI_TRACE) {
    till.page.on('response', (r) => r.url().includes('/api/') && !r.url().includes('/events') &&
      console.log('#', r.status(), r.request().method(), r.url().replace(/^.*\/api\/v1/, '')));
    till.page.on('console', (m) => console.log('# console', m.text()));
  }
  // the till asks in its own dialogs: a browser's is a fault
  till.page.on('dialog', (d) => {
    till.errors.push(`a browser dialog: ${d.message()}`);
    d.dismiss();
  });
  return till;
}

export async function closeTill(till, name) {
  if (!till) return;
  if (till.page) await till.page.screenshot({ path: join(SHOTS, `${name}-last.png`) }).catch(() => {});
  if (till.browser) await till.browser.close();
  if (till.demo) await till.demo.stop();
}
