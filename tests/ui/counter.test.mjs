// The counter in Chinese, by touch and keys: a price override a manager approves, and
// approves again when a quantity would take more off; a suspended ticket resumed, a
// split payment while the printer is out of paper (the banner says so and the receipt
// waits, then prints once), stock lookup, and a manager changing a price in the back
// office.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, unlinkSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seeText, gone, pressTo, drawnInServedFont, goTo } from './browser.mjs';
import { openTill, closeTill } from './till.mjs';

let till, demo, page, errors;

before(async () => {
  till = await openTill('zh-CN', 'zh-CN');
  ({ demo, page, errors } = till);
});

after(() => closeTill(till, 'counter'));

const lines = () => page.locator('[data-testid=lines] tbody tr');
const receipts = () => readdirSync(join(demo.dir, 'demo/receipts')).filter((f) => f.endsWith('.txt'));

async function signIn(user, pin) {
  await page.fill('input[name=user]', user);
  for (const k of pin) await page.click(`.login .keypad >> text="${k}"`);
  await page.click('button:has-text("登录")');
  await seeText(page.locator('[data-testid=cashier]'), new RegExp(user));
}

test('a cashier at a Chinese till, with the printer out of paper', async () => {
  await page.goto(demo.url);
  await seeText(page.locator('.login h1'), /演示超市/);
  // in the Chinese font posd serves, whatever fonts the machine has
  await drawnInServedFont(page, '.login h1');
  await signIn('alice', '1111');
  await seeText(page.locator('[data-testid=lane]'), /收银台 1/);
  await seeText(page.locator('[data-testid=shift-state]'), /未开班/);
  await page.fill('input[name=float]', '100');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=shift-state]'), /班次 #1/);
  await pressTo(page, 'F1', '.checkout');

  // the scanner pulled out and put back, the printer away and back: every page says so
  writeFileSync(join(demo.dir, 'demo/scan.fifo.unplugged'), '');
  await seeText(page.locator('.banner'), /扫码枪 scanner: 已拔出/);
  unlinkSync(join(demo.dir, 'demo/scan.fifo.unplugged'));
  await gone(page.locator('.banner'));
  writeFileSync(join(demo.dir, 'demo/receipts/offline'), '');
  await seeText(page.locator('.banner'), /小票打印机 printer: 离线/);
  unlinkSync(join(demo.dir, 'demo/receipts/offline'));
  await gone(page.locator('.banner'));

  // the printer runs out of paper
  writeFileSync(join(demo.dir, 'demo/receipts/paper-out'), '');
  await seeText(page.locator('.banner'), /小票打印机 printer: 缺纸/);

  // a price override: the cashier asks, the manager approves with her PIN
  demo.scan('6995530339277');
  await seeText(lines().nth(0), /可口可乐[\s\S]*¥2\.50/);
  await page.click('.keypad[aria-label="数量键盘"] >> text="2"');
  await page.keyboard.press('F6');
  await page.fill('input[name=approver]', 'maria');
  for (const k of '5678') await page.click(`.modal .keypad >> text="${k}"`);
  await page.click('button:has-text("授权")');
  await seeText(lines().nth(0), /已改价[\s\S]*¥2\.00/);
  await seeText(page.locator('[data-testid=total]'), /¥2\.00/);
  // three at that price take more off than she approved: she is asked again
  await page.click('.keypad[aria-label="数量键盘"] >> text="3"');
  await page.keyboard.press('F3');
  await seeText(page.locator('.modal .approval'), /已授权的行改数量/);
  await page.fill('input[name=approver]', 'maria');
  for (const k of '5678') await page.click(`.modal .keypad >> text="${k}"`);
  await page.click('button:has-text("授权")');
  await seeText(page.locator('[data-testid=total]'), /¥6\.00/);
  // back to one takes less off: no one is asked
  await page.click('.keypad[aria-label="数量键盘"] >> text="1"');
  await page.keyboard.press('F3');
  await seeText(page.locator('[data-testid=total]'), /¥2\.00/);

  // suspended for a moment, another customer served, then resumed
  await page.keyboard.press('F7');
  await seeText(page.locator('[data-testid=empty-ticket]'), /请扫描商品/);
  // the Resume button counts what waits; the list says when each was put aside
  await seeText(page.locator('[data-testid=resume] .badge'), /^1$/);
  demo.scan('6910818533529');
  await seeText(lines().nth(0), /百事可乐/);
  await page.keyboard.press('F8');
  await seeText(page.locator('.modal .pick'), /\d{1,2}:\d{2}\s*·\s*alice[\s\S]*¥2\.00/);
  await page.click('.modal .pick');
  await seeText(page.locator('[data-testid=total]'), /¥2\.00/);
  await seeText(lines().nth(0), /可口可乐/);
  // the customer served meanwhile now waits in turn
  await seeText(page.locator('[data-testid=resume] .badge'), /^1$/);

  // the sale is for a customer registered on the spot
  await page.click('.actions button:has-text("顾客")');
  await page.click('.modal button:has-text("新顾客")');
  await page.fill('input[name=customer-name]', '李雷 Li Lei');
  await page.fill('input[name=customer-phone]', '139 0000 0001');
  await page.click('.modal button:has-text("添加并关联")');
  await seeText(page.locator('[data-testid=ticket-customer]'), /李雷 Li Lei\s*139 0000 0001/);

  // split: ¥1.00 by card, the rest in cash, from the keyboard
  const before = receipts().length;
  await page.keyboard.press('Enter');
  await page.click('.methods button:has-text("银行卡")');
  await page.fill('input[name=tender]', '1');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=payments]'), /银行卡 ¥1\.00/);
  await seeText(page.locator('[data-testid=due]'), /¥1\.00/);
  await page.click('.methods button:has-text("现金")');
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=sale-number]'), /^S\d{8}$/);
  await seeText(page.locator('[data-testid=receipt-state]'), /小票等待打印：缺纸/);
  assert.equal(receipts().length, before, 'nothing printed while the paper is out');

  // paper back: the receipt prints, once, and the banner goes
  unlinkSync(join(demo.dir, 'demo/receipts/paper-out'));
  await seeText(page.locator('[data-testid=receipt-state]'), /小票已打印/, 15000);
  assert.match(demo.receipt(before + 1), /顾客 Customer: 李雷 Li Lei/);
  await gone(page.locator('.banner'));
  assert.equal(receipts().length, before + 1);
  await page.keyboard.press('Enter');

  // stock lookup: on hand per location, and the reorder state
  await pressTo(page, 'F10', '.stock');
  await page.fill('input[name=search]', 'D0003');
  await seeText(page.locator('[data-testid=search-results]'), /2L/);
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=stock]'), /卖场[\s\S]*37/);
  await seeText(page.locator('[data-testid=reorder]'), /高于补货点（10）/);

  // a return without a receipt: the manager approves it
  await pressTo(page, 'F9', '.returns');
  await page.click('button:has-text("无小票")');
  await page.fill('input[name=search]', 'D0002');
  await seeText(page.locator('[data-testid=search-results]'), /500ml/);
  await page.keyboard.press('Enter');
  await seeText(page.locator('[data-testid=no-receipt-total]'), /¥3\.00/);
  await page.click('button:has-text("确认退货")');
  await page.fill('input[name=approver]', 'maria');
  await page.fill('input[name=approver-pin]', '5678');
  await page.click('.modal button:has-text("授权")');
  await seeText(page.locator('[data-testid=return-number]'), /^R\d{8}$/);
  await seeText(page.locator('[data-testid=refunded]'), /¥3\.00/);

  assert.deepEqual(errors, []);
});

test('a manager changes a price in the back office', async () => {
  await page.click('button:has-text("退出")');
  await signIn('maria', '5678');
  await goTo(page, '商品');
  await page.fill('input[name=product-search]', 'D0002');
  await seeText(page.locator('[data-testid=product-list] tbody tr').first(), /D0002[\s\S]*¥3\.00/);
  await page.click('[data-testid=product-list] tbody tr >> nth=0');
  // what is wrong shows beside its field, and goes once it is mended
  await page.fill('.modal input[name=price]', 'abc');
  await page.click('.modal button:has-text("保存")');
  await seeText(page.locator('[data-testid=price-problem]'), /金额/);
  const barcodes = await page.inputValue('.modal input[name=barcodes]');
  await page.fill('.modal input[name=barcodes]', `${barcodes} 6995530339277`); // Coca-Cola 330ml's
  await page.fill('.modal input[name=price]', '3.20');
  assert.equal(await page.locator('[data-testid=price-problem]').count(), 0);
  await page.click('.modal button:has-text("保存")');
  await page.locator('[data-testid=barcodes-problem]').waitFor();
  await page.fill('.modal input[name=barcodes]', barcodes);
  await page.click('.modal button:has-text("保存")');
  await seeText(page.locator('[data-testid=product-list] tbody tr').first(), /D0002[\s\S]*¥3\.20/);
  // a test page from the devices page
  const pages = receipts().length;
  await goTo(page, '设备');
  await page.click('[data-testid=devices] tr[data-device=printer] button:has-text("打印测试页")');
  await seeText(page.locator('.toast.ok'), /测试页已发送到 printer/);
  assert.match(await demo.printed(pages + 1), /打印测试 TEST PAGE/);

  // the till sells at the new price at once
  await goTo(page, '收银');
  demo.scan('6995530479171');
  await seeText(lines().last(), /可口可乐[\s\S]*¥3\.20/);
  assert.deepEqual(errors, []);
});

test('a manager imports a catalogue with a progress bar and reads what is wrong', async () => {
  await goTo(page, '商品');
  await page.click('button:has-text("导入 CSV")');
  const head = 'sku,name,barcode,price,cost,tax_rate,unit,category,stock\n';
  await page.setInputFiles('input[name=csv]', {
    name: 'bad.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`${head}N1,新品 New,,1.00,0.50,13,pcs,,0\nN2,坏价格 Bad,,abc,0.50,13,pcs,,0\n`),
  });
  await seeText(page.locator('[data-testid=import-result]'), /有错误的行[\s\S]*3\s+price 'abc' is not a number/);
  await page.setInputFiles('input[name=csv]', {
    name: 'good.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`${head}N1,新品 New,,1.00,0.50,13,pcs,,0\nN2,新品二 New 2,,2.00,0.50,13,pcs,,5\n`),
  });
  await seeText(page.locator('[data-testid=import-result]'), /已导入 2 个商品/);
  assert.equal(await page.locator('[data-testid=import-progress]').getAttribute('value'), '100');
  await page.keyboard.press('Escape');
  await page.fill('input[name=product-search]', '新品二');
  await seeText(page.locator('[data-testid=product-list] tbody tr').first(), /N2[\s\S]*¥2\.00/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("导出 CSV")')]);
  assert.equal(download.suggestedFilename(), 'products.csv');
  const text = readFileSync(await download.path(), 'utf8');
  assert.match(text, /^sku,name/);
  assert.match(text, /N2,新品二 New 2/);
  assert.deepEqual(errors, []);
});

test('an admin adds a cashier who can then sign in', async () => {
  await page.click('button:has-text("退出")');
  await signIn('admin', '9999');
  await goTo(page, '用户');
  await page.fill('input[name=new-name]', 'carol');
  await page.fill('input[name=new-pin]', '2468');
  await page.click('button:has-text("添加用户")');
  await seeText(page.locator('[data-testid=users] tr[data-user=carol]'), /carol\s*收银员[\s\S]*可登录/);
  // a new PIN in the till's own dialog: a wrong one told beside it
  await page.click('[data-testid=users] tr[data-user=carol] button:has-text("重设 PIN")');
  await page.fill('.modal input[name=new-user-pin]', '12');
  await page.locator('.modal input[name=new-user-pin]').evaluate((el) => el.removeAttribute('pattern'));
  await page.click('.modal button:has-text("保存")');
  await page.locator('[data-testid=pin-problem]').waitFor();
  await page.fill('.modal input[name=new-user-pin]', '1357');
  await page.click('.modal button:has-text("保存")');
  await page.locator('.modal').waitFor({ state: 'detached' });

  // the settings as posd runs them; this till switched to English there
  await goTo(page, '设置');
  await seeText(page.locator('[data-testid="[printer NAME]"]'), /printer/);
  await page.selectOption('select[name=settings-lang]', 'en');
  await seeText(page.locator('nav .on'), /Settings/);
  await page.selectOption('select[name=settings-lang]', 'zh-CN');
  await seeText(page.locator('nav .on'), /设置/);

  // the store's own settings: a wrong one is told beside its field, and nothing is saved
  const store = page.locator('[data-testid=store-settings]');
  await seeText(store, /按 posd\.conf 设定/);
  assert.equal(await page.inputValue('input[name=max_discount_percent]'), '10');
  await page.fill('input[name=max_discount_percent]', '150');
  await page.click('button:has-text("保存设置")');
  await seeText(page.locator('[data-testid=max_discount_percent-problem]'), /0 到 100 的百分比/);
  await page.fill('input[name=max_discount_percent]', '15');
  assert.equal(await page.locator('[data-testid=max_discount_percent-problem]').count(), 0);
  await page.fill('input[name=name]', '街角小店 Corner');
  await page.fill('textarea[name=receipt_footer]', '多谢惠顾\n欢迎再来');
  await page.fill('input[name=cash_rounding]', '0.10');
  await page.check('input[name=blind_count]');
  await page.click('button:has-text("保存设置")');
  await seeText(page.locator('.toast.ok'), /设置已保存/);
  await seeText(store, /改回 posd\.conf 的设定/);
  // a category and a tax rate, then picked, not typed, for a product
  await page.fill('[data-testid=add-category] input[name=name]', '饮料 Drinks');
  await page.click('[data-testid=add-category] button');
  await seeText(page.locator('[data-testid=add-category-problem]'), /已有同名类别/);
  await page.fill('[data-testid=add-category] input[name=name]', '玩具 Toys');
  await page.click('[data-testid=add-category] button');
  await seeText(page.locator('[data-testid=categories] tbody'), /玩具 Toys\s+0/);
  await page.fill('[data-testid=add-tax-rate] input[name=name]', '小规模 3%');
  await page.fill('[data-testid=add-tax-rate] input[name=rate]', '3');
  await page.click('[data-testid=add-tax-rate] button');
  await seeText(page.locator('[data-testid=tax-rates] tbody'), /小规模 3%\s+3 %\s+0/);
  await goTo(page, '商品');
  await page.fill('input[name=product-search]', 'D0002');
  await page.click('[data-testid=product-list] tbody tr >> nth=0');
  await page.selectOption('.modal select[name=category]', '玩具 Toys');
  await page.selectOption('.modal select[name=tax_rate]', '3');
  await page.click('.modal button:has-text("保存")');
  await seeText(page.locator('[data-testid=product-list] tbody tr').first(), /D0002[\s\S]*玩具 Toys/);
  await goTo(page, '设置');
  await seeText(page.locator('[data-testid=categories] tbody'), /玩具 Toys\s+1/);
  await seeText(page.locator('[data-testid=tax-rates] tbody'), /小规模 3%\s+3 %\s+1/);

  // the new cashier counts blind, and the receipt carries the store's own name and footer
  await page.click('button:has-text("退出")');
  await seeText(page.locator('.login h1'), /街角小店 Corner/);
  await signIn('carol', '1357');
  await seeText(page.locator('[data-testid=cashier]'), /carol · 收银员/);
  await goTo(page, '班次');
  await seeText(page.locator('[data-testid=blind]'), /本店盲点/);
  assert.equal(await page.locator('[data-testid=expected]').count(), 0);
  const before = receipts().length;
  await goTo(page, '收银');
  demo.scan('6995530479171');
  await page.keyboard.press('F12');
  await page.click('.quick-cash >> nth=0');
  const receipt = await demo.printed(before + 1);
  assert.match(receipt, /街角小店 Corner/);
  assert.match(receipt, /多谢惠顾[\s\S]*欢迎再来/);
  assert.deepEqual(errors, []);
});
