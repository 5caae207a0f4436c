// GTIN forms against implementations posd did not write: UPC-E expanded by the npm
// package gtin, check digits by python3-stdnum (Debian). A product filed under any form of
// an item (UPC-E, UPC-A, EAN-13, GTIN-14 with indicator 0; an EAN-8 and its padded forms)
// is found by a scan of every other form over HTTP, and no other product can have it; a
// case code (indicator 1 to 8) is an item of its own, which a product may list with what
// the case holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { shop, numbers } from './store.mjs';

const gtin = createRequire(`${process.env.OUTSIDE_NM}/`)('gtin');
const ITEMS = 40;

let filed;
const next = numbers();
const digits = (n) => Array.from({ length: n }, () => next(10)).join('');

// python3-stdnum's check digit for each number
function checkDigits(nums) {
  const r = spawnSync(
    '/usr/bin/python3',
    ['-c', 'import sys\nfrom stdnum import ean\nfor l in sys.stdin.read().split():\n print(ean.calc_check_digit(l))'],
    { input: nums.join('\n') },
  );
  assert.equal(r.status, 0, String(r.stderr));
  return String(r.stdout).trim().split('\n');
}

// items as lists of their forms, the first of each kind as the kind's example
function items() {
  const bodies = [];
  for (let i = 0; i < ITEMS; i++) {
    const kind = i % 4;
    if (kind === 0) {
      // UPC-E: the package expands it (the check digit given is a placeholder)
      const e = `${next(2)}${digits(6)}`;
      bodies.push({ kind, e, a11: gtin.upcE.expand(`${e}0`).slice(0, 11) });
    } else if (kind === 1) bodies.push({ kind, n: `${3 + next(7)}${digits(6)}` }); // EAN-8
    else if (kind === 2) bodies.push({ kind, n: `${3 + next(7)}${digits(11)}` }); // EAN-13
    else bodies.push({ kind, n: `${next(2)}${digits(10)}` }); // UPC-A
  }
  const checks = checkDigits(bodies.map((b) => b.a11 || b.n));
  return bodies.map((b, i) => {
    const c = checks[i];
    if (b.kind === 0) {
      const a = b.a11 + c;
      assert.ok(gtin.isValid(a));
      // as labels carry it: the one UPC-E of its UPC-A; another one is a UPC-A's digits
      if (gtin.upcE.compress(a) !== b.e + c) return [a, `0${a}`, `00${a}`];
      const forms = [b.e + c, a, `0${a}`, `00${a}`];
      // an UPC-E whose EAN-8 check holds too is also that EAN-8, which posd cannot tell apart
      if (gtin.isValid(b.e + c)) forms.push(`00000${b.e}${c}`, `000000${b.e}${c}`);
      return forms;
    }
    const g = b.n + c;
    assert.ok(gtin.isValid(g));
    if (b.kind === 1) return [g, `00000${g}`, `000000${g}`];
    if (b.kind === 2) return [g, `0${g}`];
    return [g, `0${g}`, `00${g}`];
  });
}

test('a product filed under any form of a GTIN is found by every form', async () => {
  filed = items();
  for (const [i, forms] of filed.entries()) {
    const sku = `GT${i}`;
    const filed = forms[i % forms.length];
    let r = await shop.api('POST', '/products', { sku, name: `Item ${i}`, price: 1, barcodes: [filed] });
    assert.equal(r.status, 201, `${sku} under ${filed}: ${JSON.stringify(r.json)}`);
    for (const f of forms) {
      r = await shop.api('GET', `/barcodes/${f}`);
      assert.equal(r.status, 200, `${f} (${sku} filed under ${filed}): ${JSON.stringify(r.json)}`);
      assert.equal(r.json.product.sku, sku, `${f} found ${r.json.product.sku}, filed for ${sku} under ${filed}`);
    }
    // no other product may have the item, in whatever form it is given
    const other = forms[(i + 1) % forms.length];
    r = await shop.api('POST', '/products', { sku: `GX${i}`, name: 'Copy', price: 1, barcodes: [other] });
    assert.equal(r.status, 409, `${other} given again: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.error.code, 'BARCODE_TAKEN');
  }
});

test('one item listed in two forms is one barcode, not a conflict', async () => {
  const [forms] = items().slice(3); // a UPC-A: 12, 13 and 14 digits
  const r = await shop.api('POST', '/products', { sku: 'TWO', name: 'Twice', price: 1, barcodes: forms });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.barcodes.length, 1, JSON.stringify(r.json.barcodes));
});

test('a case code (indicator 1 to 8) is not its unit', async () => {
  for (const forms of filed.slice(0, 4)) {
    const unit = forms.find((f) => f.length === 13).slice(0, 12);
    const indicator = String(1 + next(8));
    const [c] = checkDigits([indicator + unit]);
    const r = await shop.api('GET', `/barcodes/${indicator}${unit}${c}`);
    assert.equal(r.status, 422, `${indicator}${unit}${c}, the case of ${forms[0]}: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.error.code, 'UNKNOWN_BARCODE');
  }
});

test('a case listed with its pack rings up the pack', async () => {
  for (const [i, forms] of filed.slice(4, 8).entries()) {
    const sku = `GT${i + 4}`;
    const unit = forms.find((f) => f.length === 13).slice(0, 12);
    const indicator = String(1 + next(8));
    const [c] = checkDigits([indicator + unit]);
    const code = `${indicator}${unit}${c}`;
    const pack = 2 + next(47);
    assert.ok(gtin.isValid(code), `${code} is a GTIN-14`);
    let r = await shop.api('PUT', `/products/${sku}`, { barcodes: [forms[0], `${code}*${pack}`] });
    assert.equal(r.status, 200, `${sku} with case ${code}*${pack}: ${JSON.stringify(r.json)}`);
    assert.ok(r.json.barcodes.includes(`${code}*${pack}`), JSON.stringify(r.json.barcodes));
    r = await shop.api('GET', `/barcodes/${code}`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.product.sku, sku);
    assert.equal(r.json.pack, pack);
    // the unit's own forms are single items still
    r = await shop.api('GET', `/barcodes/${forms[0]}`);
    assert.equal(r.json.pack, undefined, JSON.stringify(r.json));
  }
});
