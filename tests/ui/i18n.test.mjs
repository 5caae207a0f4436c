// Every text the front end shows through t('…') has its Chinese, and no Chinese entry
// is left over from text that is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(process.env.SRCDIR || '.', 'pos-ui/src');

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.js') ? [p] : [];
  });
}

// keys looked up by value rather than written out: page names, roles, device states, methods
const BY_VALUE = ['Checkout', 'Returns', 'Stock', 'Shift', 'Products', 'Devices', 'Users', 'Reports', 'Settings', 'Purchasing', 'Stock control', 'counting', 'posted', 'in_transit', 'refused', 'Sales orders', 'Accounts', 'Chain', 'ordered', 'picked', 'shipped', 'invoiced', 'draft', 'approved', 'sent', 'partly_received', 'received', 'closed', 'cancelled', 'approve', 'send', 'cancel', 'close', 'cashier', 'manager', 'admin',
  'online', 'offline', 'paper out', 'paper near end', 'cover open', 'open', 'closed', 'printer busy', 'Cash', 'Card',
  'Other', 'Overview', 'Buying and stock', 'Selling', 'Catalogue and reports', 'The store'];

test('every shown text has its Chinese', async () => {
  const { zh } = await import(join(SRC, 'zh.js'));
  const used = new Set(BY_VALUE);
  for (const f of files(SRC)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in zh));
  assert.deepEqual(missing, [], 'texts without Chinese');
  const unused = Object.keys(zh).filter((k) => !used.has(k));
  assert.deepEqual(unused, [], 'Chinese for texts no page shows');
});

// the error codes posd's daemon can send: its string literals that look like one (A_CODE),
// and the few of one word
const ONE_WORD_CODES = ['BUSY', 'CONFLICT', 'CONSTRAINT', 'FORBIDDEN', 'INTERNAL', 'OVERPAID', 'RECEIPT'];
function codesSent() {
  const root = join(process.env.SRCDIR || '.', 'daemon');
  const codes = new Set(ONE_WORD_CODES);
  const walk = (dir) =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.c') ? [p] : [];
    });
  for (const d of ['core', 'api', 'util', 'chain', 'devices'])
    for (const f of walk(join(root, d)))
      for (const m of readFileSync(f, 'utf8').matchAll(/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g)) codes.add(m[1]);
  return codes;
}

test('every error code posd sends has its Chinese, and its English or posd’s own', async () => {
  const { ERRORS } = await import(join(SRC, 'errors.js'));
  const sent = codesSent();
  assert.ok(sent.size > 100, `only ${sent.size} codes found`);
  const missing = [...sent].filter((c) => !ERRORS[c] || !/\p{Script=Han}/u.test(ERRORS[c][1]));
  assert.deepEqual(missing, [], 'codes without Chinese words');
  for (const [code, [en]] of Object.entries(ERRORS)) assert.ok(en === null || (typeof en === 'string' && en.length > 0), code);
});
