// The chain in the back office: a store whose HQ cannot be reached keeps selling, and a
// manager sees that it is not connected, why, and what waits; a cashier sees none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeText, goTo } from './browser.mjs';
import { openTill, closeTill } from './till.mjs';

let till, demo, page;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posd-hq-'));
  const cred = join(dir, 'hq.pass');
  writeFileSync(cred, '*:*:*:store_demo:secret\n');
  chmodSync(cred, 0o600);
  // a socket folder with no PostgreSQL in it: HQ is down
  writeFileSync(join(dir, 'hq.conf'),
    `[hq]\nhost = ${join(dir, 'no-hq')}\nrole = store_demo\ncredentials = ${cred}\nevery_seconds = 1\n`);
  till = await openTill('en', 'en-US', { POSD_HQ: join(dir, 'hq.conf') });
  ({ demo, page } = till);
});

after(() => closeTill(till, 'sync'));

async function signIn(user, pin) {
  await page.goto(demo.url);
  await page.fill('input[name=user]', user);
  await page.fill('input[name=pin]', pin);
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=cashier]'), new RegExp(`${user} · `));
}

// a cash pay-in at lane 1, over the API: one journal entry, which waits for HQ
async function payIn() {
  const call = async (method, path, token, body) => {
    const r = await fetch(`${demo.url}api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    assert.ok(r.ok, `${method} ${path}: ${r.status}`);
    return r.json();
  };
  const { token } = await call('POST', '/sessions', null, { user: 'maria', pin: '5678' });
  await call('POST', '/shifts', token, { opening_float: 0 });
  await call('POST', '/cash-movements', token, { kind: 'pay_in', amount: 500, reason: 'change from the bank' });
}

test('a manager sees that HQ cannot be reached, and what waits', async () => {
  await payIn();
  await signIn('maria', '5678');
  await goTo(page, 'Devices');
  await seeText(page.locator('[data-testid=sync-state]'), /Not connected \(.*no-hq.*\)/);
  await seeText(page.locator('[data-testid=sync-waiting]'), /^[1-9]\d* · since /);
  await seeText(page.locator('[data-testid=sync]'), /store_demo@.*no-hq:5432\/hq/);
  await seeText(page.locator('[data-testid=sync-version]'), /^0$/);
  await page.click('button:has-text("Sign out")');

  await signIn('alice', '1111');
  await goTo(page, 'Devices');
  await seeText(page.locator('[data-testid=devices]'), /Receipt printer/);
  assert.equal(await page.locator('[data-testid=sync]').count(), 0);
  assert.deepEqual(till.errors, []);
});
