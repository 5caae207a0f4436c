// The demo store signed in as its manager, and its API: one for all the checks in a run
// (each start of an ASan posd on the demo costs seconds).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Demo } from '../ui/posd.mjs';

async function managed() {
  const demo = await new Demo().start();
  const res = await fetch(`${demo.url}api/v1/sessions`, {
    method: 'POST',
    body: JSON.stringify({ user: 'maria', pin: '5678' }),
  });
  const { token } = await res.json();
  assert.ok(token);
  const api = async (method, path, body) => {
    const r = await fetch(`${demo.url}api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: await r.json() };
  };
  return { demo, api };
}

// a seeded stream of numbers below n (POSD_SEED to repeat a run)
export function numbers() {
  let rng = Number(process.env.POSD_SEED || 20261207);
  return (n) => {
    rng = (rng * 1103515245 + 12345) % 2147483648;
    return rng % n;
  };
}

// filled before the first check runs: shop.demo, shop.api(method, path, body)
export const shop = {};
before(async () => Object.assign(shop, await managed()));
after(() => shop.demo.stop());
