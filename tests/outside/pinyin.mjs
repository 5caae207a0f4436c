// Pinyin search against go-pinyin's own command (Debian's golang-github-mozillazg-go-pinyin-dev,
// the package posd's table is made from): every Chinese name of the demo store is found
// over HTTP by the readings the command gives for a stretch of it, in full and by first
// letters, from any character on, up to eight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { shop, numbers } from './store.mjs';

const SPAN = 8;
const next = numbers();

// the command's syllables for one run of Chinese characters: style zhao (no tones, ü as
// v) or z (first letters)
function readings(run, style) {
  const r = spawnSync('/usr/bin/pinyin', ['-s', style, run]);
  assert.equal(r.status, 0, String(r.stderr));
  const out = String(r.stdout).trim().split(/\s+/);
  assert.equal(out.length, [...run].length, `pinyin -s ${style} ${run}: ${r.stdout}`);
  return out;
}

async function everyProduct() {
  const all = [];
  for (let offset = 0; ; offset += 100) {
    const r = await shop.api('GET', `/products?limit=100&offset=${offset}`);
    assert.equal(r.status, 200);
    all.push(...r.json.items);
    if (r.json.items.length < 100) return all;
  }
}

// whether q finds the product, on any page
async function finds(q, sku) {
  for (let offset = 0; offset < 2000; offset += 100) {
    const r = await shop.api('GET', `/products?q=${encodeURIComponent(q)}&limit=100&offset=${offset}`);
    assert.equal(r.status, 200);
    if (r.json.items.some((p) => p.sku === sku)) return true;
    if (r.json.items.length < 100) return false;
  }
  return false;
}

test('every Chinese name is found by its pinyin, in full and by first letters', async () => {
  const products = (await everyProduct()).filter((p) => /\p{Script=Han}/u.test(p.name));
  assert.ok(products.length > 100, `the demo has ${products.length} Chinese names`);
  for (const p of products) {
    const runs = p.name.match(/\p{Script=Han}+/gu);
    const run = [...runs[next(runs.length)]];
    const from = next(run.length);
    const k = 1 + next(Math.min(SPAN, run.length - from));
    const stretch = run.slice(from, from + k).join('');
    const full = readings(stretch, 'zhao').join('');
    assert.ok(await finds(full, p.sku), `${p.sku} ${p.name}: '${full}' (${stretch}) does not find it`);
    // a start of it too, as a cashier types
    const start = full.slice(0, 1 + next(full.length));
    assert.ok(await finds(start, p.sku), `${p.sku} ${p.name}: '${start}' does not find it`);
    if (k > 1) {
      const first = readings(stretch, 'z').join('');
      assert.ok(await finds(first, p.sku), `${p.sku} ${p.name}: '${first}' (${stretch}) does not find it`);
      assert.ok(await finds(first.toUpperCase(), p.sku), `${p.sku}: '${first.toUpperCase()}' does not find it`);
    }
  }
});

test('pinyin finds no name it is not the reading of', async () => {
  // 可口可乐 is kekoukele; 可乐 alone is kele, which 百事可乐 holds too; no demo name reads kkkq
  const skus = async (q) => (await shop.api('GET', `/products?q=${q}&limit=100`)).json.items.map((p) => p.sku);
  const coke = await skus('kkkl');
  assert.ok(coke.length > 0);
  for (const p of (await everyProduct()).filter((x) => coke.includes(x.sku)))
    assert.match(p.name, /可口可乐/);
  assert.deepEqual(await skus('kkkq'), []);
});
