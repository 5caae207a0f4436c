// A sale on account in the browser: a manager gives a restaurant credit, takes its order
// by phone, picks, ships and invoices it, credits four dented cans, and takes the payment
// that settles the account; the reports show it as sales on account.
import { test, before, after } from 'node:test';
import { join } from 'node:path';
import { seeText, goTo } from './browser.mjs';
import { openTill, closeTill, SHOTS } from './till.mjs';

let till, demo, page;

async function call(method, path, body, token) {
  const r = await fetch(`${demo.url}api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

before(async () => {
  till = await openTill('en', 'en-US');
  ({ demo, page } = till);
  const { token } = await call('POST', '/sessions', { user: 'maria', pin: '5678' });
  await call('POST', '/customers', { name: 'Golden Dragon 餐厅', phone: '5550101' }, token);
});

after(() => closeTill(till, 'orders'));

test('an order on account, from the phone call to the payment', async () => {
  await page.goto(demo.url);
  await page.fill('input[name=user]', 'maria');
  await page.fill('input[name=pin]', '5678');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=cashier]'), /maria · manager/);

  await goTo(page, 'Accounts');
  await page.fill('input[name=acct-customer]', 'Golden');
  await page.click('.picks button:has-text("Golden Dragon")');
  await page.fill('input[name=acct-limit]', '500');
  await page.fill('input[name=acct-terms]', '14');
  await page.click('[data-testid=receivables] button:has-text("Save")');
  await seeText(page.locator('.toast.ok'), /Golden Dragon 餐厅 may buy on account/);

  await goTo(page, 'Sales orders');
  await page.fill('input[name=so-customer]', '5550');
  await page.click('.picks button:has-text("Golden Dragon")');
  await page.fill('.new-so input[name=search]', 'D0001');
  await seeText(page.locator('.new-so [data-testid=search-results]'), /Coca-Cola/);
  await page.keyboard.press('Enter');
  await page.fill('input[name=so-qty-D0001]', '24');
  await page.fill('input[name=so-price-D0001]', '2.20');
  await page.click('button:has-text("Take the order")');
  await seeText(page.locator('[data-testid=so-state]'), /Ordered/);
  await seeText(page.locator('[data-testid=sales-order]'), /SO00000001 · Golden Dragon 餐厅[\s\S]*CN¥52\.80/);

  await page.click('[data-testid=sales-order] button:has-text("Picked")');
  await seeText(page.locator('[data-testid=so-state]'), /Picked/);
  await page.click('[data-testid=sales-order] button:has-text("Ship")');
  await seeText(page.locator('.toast.ok'), /SH00000001 shipped/);
  await seeText(page.locator('[data-testid=so-state]'), /Shipped/);
  await page.click('[data-testid=sales-order] button:has-text("Invoice")');
  await seeText(page.locator('[data-testid=so-state]'), /Invoiced/);
  await seeText(page.locator('[data-testid=sales-order]'), /INV00000001 · due/);

  // four cans came back dented
  await page.fill('input[name=back-1]', '4');
  await page.fill('input[name=back-reason]', 'dented');
  await page.click('button:has-text("Credit note")');
  await seeText(page.locator('.toast.ok'), /CN00000001 recorded/);
  await seeText(page.locator('[data-testid=sales-order] tr[data-line="1"]'), /24\s+CN¥2\.20\s+CN¥52\.80\s+4/);

  // the account: 52.80 less 8.80; paid by bank
  await goTo(page, 'Accounts');
  await seeText(page.locator('[data-testid=receivables] tr[data-party="1"]'), /Golden Dragon 餐厅[\s\S]*CN¥44\.00/);
  await page.click('[data-testid=receivables] tr[data-party="1"]');
  await seeText(page.locator('[data-testid=statement]'), /Invoice INV00000001\s+SO00000001[\s\S]*Credit CN00000001\s+dented/);
  await page.fill('[data-testid=receivables] input[name=pay-amount]', '44.00');
  await page.fill('[data-testid=receivables] input[name=pay-reference]', 'wire 1');
  await page.click('button:has-text("Take a payment")');
  await seeText(page.locator('.toast.ok'), /RCV00000001 recorded/);
  await seeText(page.locator('[data-testid=receivables] tr[data-party="1"]'), /CN¥0\.00/);

  // the reports: a sale on account, its credit note, the money
  await goTo(page, 'Reports');
  await page.click('[data-testid=report-tabs] [data-tab=breakdown]');
  await page.selectOption('select[name=sales-by]', 'method');
  await seeText(page.locator('[data-testid=sales-by] tr[data-key=account]'), /On account\s+CN¥52\.80\s+CN¥8\.80\s+CN¥44\.00/);
  await page.click('[data-testid=report-tabs] [data-tab=money]');
  await seeText(page.locator('[data-testid=finance-report] tr[data-figure=account_sales]'), /CN¥52\.80/);
  await seeText(page.locator('[data-testid=finance-report] tr[data-figure=receivables]'), /CN¥0\.00/);
  await page.click('[data-testid=report-tabs] [data-tab=stock]');
  await seeText(page.locator('[data-testid=stock-report] [data-testid=stock-value]'), /CN¥/);
  await page.screenshot({ path: join(SHOTS, 'reports-more.png'), fullPage: true });
});
