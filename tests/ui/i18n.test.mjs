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
  'Other'];

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
