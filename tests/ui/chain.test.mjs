// The demo chain as `make run-chain` starts it (tools/chain-demo), and HQ's office in the
// browser: after two stores have sold, the Chain page shows every store's sync, and sales
// and stock across the chain, by store and product; a transfer from one store to another
// is sent, received and shown at HQ; stopped, the chain leaves no HQ behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, seeText, goTo } from './browser.mjs';
import { ChainDemo } from './posd.mjs';
import { SHOTS } from './till.mjs';

let chain, browser, page;
const errors = [];

before(async () => {
  chain = await new ChainDemo().start();
  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
  await ctx.addInitScript(() => localStorage.setItem('posd.lang', 'en'));
  page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
});

after(async () => {
  if (page) await page.screenshot({ path: join(SHOTS, 'chain-last.png'), fullPage: true }).catch(() => {});
  if (browser) await browser.close();
  if (chain) await chain.stop();
});

async function call(base, method, path, token, body) {
  const r = await fetch(`${base}api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = await r.json().catch(() => null);
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${JSON.stringify(out)}`);
  return out;
}

// n cans of Coca-Cola sold at a store, paid in cash; then HQ has all of it
async function sell(base, n) {
  const { token } = await call(base, 'POST', '/sessions', null, { user: 'alice', pin: '1111' });
  await call(base, 'POST', '/shifts', token, { opening_float: 0 });
  const { id } = await call(base, 'POST', '/tickets', token);
  const line = await call(base, 'POST', `/tickets/${id}/lines`, token, { sku: 'D0001', qty: n });
  await call(base, 'POST', `/tickets/${id}/payments`, token, { method: 'cash', amount: line.total });
  await call(base, 'POST', `/tickets/${id}/complete`, token);
  const boss = (await call(base, 'POST', '/sessions', null, { user: 'maria', pin: '5678' })).token;
  for (let i = 0; i < 300; i++) {
    const s = await call(base, 'GET', '/sync', boss);
    if (s.connected && s.waiting === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not catch up with HQ`);
}

// a document at a store, as its manager sees it, once it is in that state (HQ passes
// transfers on in its own time)
async function state(base, path, want) {
  const boss = (await call(base, 'POST', '/sessions', null, { user: 'maria', pin: '5678' })).token;
  for (let i = 0; i < 300; i++) {
    const r = await fetch(`${base}api/v1${path}`, { headers: { Authorization: `Bearer ${boss}` } });
    if (r.ok && (await r.json()).state === want) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${base}: ${path} is not ${want}`);
}

async function signIn(url) {
  await page.goto(url);
  await page.fill('input[name=user]', 'maria');
  await page.fill('input[name=pin]', '5678');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=cashier]'), /maria · manager/);
}

test('the Chain page at HQ shows every store', async () => {
  assert.ok(chain.hq, 'the demo chain says where HQ is');
  await sell(chain.stores[0], 3);
  await sell(chain.stores[1], 2);
  await signIn(chain.office);
  await goTo(page, 'Chain');
  await seeText(page.locator('[data-testid=chain-stores] tbody'), /S1[\s\S]*S2[\s\S]*S3/);
  await seeText(page.locator('[data-testid=chain-stores] tr[data-store=S1]'), /S1\s+\d+\s+\d+\s+0\s/);
  // S1 sold three cans, S2 two: S1 first, S3 not at all
  await seeText(page.locator('[data-testid=chain-sales] table.list tbody'), /^\s*S1\s+3\s+CN¥[\d.]+[\s\S]*S2\s+2\s+CN¥/);
  await page.selectOption('select[name=chain-by]', 'product');
  await seeText(page.locator('[data-testid=chain-sales] table.list tbody'), /Coca-Cola[\s\S]*D0001\s+5\s+CN¥/);
  // S3, which sold nothing, holds the most
  await seeText(page.locator('[data-testid=chain-stock] table.list tbody'), /^\s*S3\s[\s\S]*S2\s[\s\S]*S1\s/);
  await page.screenshot({ path: join(SHOTS, 'chain.png'), fullPage: true });
  // a store's own posd has no Chain page
  await page.click('button:has-text("Sign out")');
  await signIn(chain.stores[0]);
  assert.equal(await page.locator('nav a:has-text("Chain")').count(), 0);
  assert.deepEqual(errors, []);
});

// a manager at store S1 sends six cans to store S2, which receives five; S1 hears it and
// HQ's office shows it in transit, then received one short
test('a transfer between two stores of the chain', async () => {
  await page.goto(chain.stores[0]);
  await page.click('button:has-text("Sign out")');
  await signIn(chain.stores[0]);
  await goTo(page, 'Stock control');
  await page.fill('.stockcontrol input[name=search]', 'D0001');
  await seeText(page.locator('.stockcontrol [data-testid=search-results]'), /Coca-Cola/);
  await page.keyboard.press('Enter');
  await page.fill('input[name=transfer-qty-D0001]', '6');
  await page.selectOption('select[name=transfer-to]', 'store:S2');
  await page.click('button:has-text("Dispatch")');
  await seeText(page.locator('[data-testid=transfer]'), /TS00000001 · SHOP → store S2/);
  await seeText(page.locator('[data-testid=transfer-state]'), /In transit/);
  assert.equal(await page.locator('[data-testid=transfer] button:has-text("Receive")').count(), 0);

  await state(chain.stores[1], '/transfers/S1-TS00000001', 'in_transit');
  await page.click('button:has-text("Sign out")');
  await signIn(chain.stores[1]);
  await goTo(page, 'Stock control');
  await page.click('[data-testid=transfers] tr:has-text("S1-TS00000001")');
  await seeText(page.locator('[data-testid=transfer]'), /S1-TS00000001 · store S1 → SHOP/);
  await page.fill('input[name=arrived-1]', '5');
  await page.click('[data-testid=transfer] button:has-text("Receive")');
  await seeText(page.locator('[data-testid=transfer-state]'), /Received/);
  await page.screenshot({ path: join(SHOTS, 'chain-transfer.png'), fullPage: true });
  await state(chain.stores[0], '/transfers/TS00000001', 'received');

  await page.click('button:has-text("Sign out")');
  await signIn(chain.office);
  await goTo(page, 'Chain');
  await page.selectOption('select[name=chain-transfers-by]', 'all');
  await seeText(page.locator('[data-testid=chain-transfers] tr[data-transfer=S1-TS00000001]'),
    /TS00000001\s+S1\s+S2\s[\s\S]*Received\s+CN¥[\d.]+\s+CN¥[1-9][\d.]*/);
  await page.selectOption('select[name=chain-transfers-by]', 'in_transit');
  await seeText(page.locator('[data-testid=chain-transfers]'), /Nothing in transit between stores/);
  assert.deepEqual(errors, []);
});
