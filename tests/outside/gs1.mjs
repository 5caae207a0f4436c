// GS1 element strings made by python3-stdnum (Debian), read by posd over HTTP: the
// product of the GTIN (01), the net weight (310n) and the price to pay (392n) it carries,
// its lot (10) and expiry (17); on a ticket, a label with both charges its price for its
// weight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { shop, numbers } from './store.mjs';

const CASES = 40;
const GTIN = '05901234123457'; // the GS1 General Specifications' own example
const PRICE = 2000; // a kilogram, in fen

const next = numbers();

// the element strings stdnum encodes for the labels, with GS between fields as a
// scanner sends them
function encode(labels) {
  const script = `
import sys, json, datetime
from decimal import Decimal
from stdnum import gs1_128
for l in json.load(sys.stdin):
    d = {'01': l['gtin'], '310': Decimal(l['grams']) / 1000, '10': l['lot'],
         '17': datetime.date(l['y'], l['m'], l['d'])}
    if l['price'] is not None:
        d['392'] = Decimal(l['price']) / 100
    print(json.dumps(gs1_128.encode(d, separator='\\x1d')))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(labels) });
  assert.equal(r.status, 0, String(r.stderr));
  return String(r.stdout).trim().split('\n').map((s) => JSON.parse(s));
}

function labels() {
  const alnum = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  return Array.from({ length: CASES }, (_, i) => {
    const grams = 1 + next(20000);
    return {
      gtin: GTIN,
      grams,
      lot: Array.from({ length: 1 + next(12) }, () => alnum[next(alnum.length)]).join(''),
      y: 2027 + next(4),
      m: 1 + next(12),
      d: 1 + next(28),
      // the price of the weight at the shelf price, or a little less (a marked-down label)
      price: i % 3 === 2 ? null : Math.max(1, Math.round((grams * PRICE) / 1000) - (i % 3) * next(50)),
    };
  });
}

test('a product sold by the kilogram, filed under its GTIN', async () => {
  const r = await shop.api('POST', '/products', { sku: 'CHEESE', name: 'Cheese', unit: 'kg', price: PRICE, barcodes: [GTIN] });
  assert.equal(r.status, 201, JSON.stringify(r.json));
});

const pad = (n) => String(n).padStart(2, '0');

test('a GS1 label tells its product, weight, price, lot and expiry', async () => {
  const ls = labels();
  const codes = encode(ls);
  for (const [i, l] of ls.entries()) {
    const code = `]C1${codes[i]}`;
    const r = await shop.api('GET', `/barcodes/${encodeURIComponent(code)}`);
    const what = `${JSON.stringify(code)} for ${JSON.stringify(l)}: ${JSON.stringify(r.json)}`;
    assert.equal(r.status, 200, what);
    assert.equal(r.json.product.sku, 'CHEESE', what);
    assert.equal(r.json.qty, l.grams / 1000, what);
    assert.equal(r.json.price, l.price ?? undefined, what);
    assert.equal(r.json.lot, l.lot, what);
    assert.equal(r.json.expires_on, `${l.y}-${pad(l.m)}-${pad(l.d)}`, what);
  }
});

test('on a ticket, a label charges its price for its weight', async () => {
  assert.equal((await shop.api('POST', '/shifts', { opening_float: 0 })).status, 201);
  const ls = labels().filter((l) => l.price !== null);
  const codes = encode(ls);
  for (const [i, l] of ls.entries()) {
    let r = await shop.api('POST', '/tickets');
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const id = r.json.id;
    r = await shop.api('POST', `/tickets/${id}/lines`, { barcode: codes[i] }); // no identifier: GS alone marks it
    assert.equal(r.status, 201, `${JSON.stringify(codes[i])}: ${JSON.stringify(r.json)}`);
    const [line] = r.json.lines;
    assert.equal(line.qty, l.grams / 1000);
    assert.equal(line.amount, Math.min(l.price, Math.round((l.grams * PRICE) / 1000)), JSON.stringify(line));
    assert.equal((await shop.api('DELETE', `/tickets/${id}`)).status, 200);
  }
});

test('a broken label is refused in words, nothing added', async () => {
  const [code] = encode(labels().slice(0, 1));
  const r = await shop.api('GET', `/barcodes/${encodeURIComponent(`]C1${code}\x1d99X`)}`);
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.equal(r.json.error.code, 'BAD_BARCODE');
  assert.match(r.json.error.message, /AI/);
});
