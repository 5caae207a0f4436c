// posd's HTTP framing probed over raw sockets, each case written from RFC 9110 and 9112
// rather than from posd's code: a message two parties could read two ways is refused
// (400, or 501 for a transfer coding posd does not know) and its connection closed, with
// one answer and nothing read after it; HEAD answers wherever GET does, without a body;
// a 405 says in Allow what the path takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { shop } from './store.mjs';

// raw bytes in, everything the server sent until it closed (or 3 s passed) out
function exchange(raw) {
  return new Promise((resolve) => {
    const s = net.connect(shop.demo.port, '127.0.0.1');
    let data = Buffer.alloc(0);
    s.on('data', (d) => (data = Buffer.concat([data, d])));
    s.on('close', () => resolve({ text: data.toString('latin1'), closed: true }));
    s.setTimeout(3000, () => {
      s.destroy();
      resolve({ text: data.toString('latin1'), closed: false });
    });
    s.write(raw);
  });
}

const statuses = (text) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
const header = (text, name) => (text.match(new RegExp(`^${name}: (.*)\r$`, 'mi')) || [])[1];

const health = 'GET /api/v1/health HTTP/1.1\r\nHost: till\r\n\r\n';
const refused = {
  'no Host in HTTP/1.1': ['GET /api/v1/health HTTP/1.1\r\n\r\n', 400],
  'two Host headers': ['GET /api/v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
  'whitespace between a name and its colon': ['GET /api/v1/health HTTP/1.1\r\nHost : till\r\n\r\n', 400],
  'a control character in a value': ['GET /api/v1/health HTTP/1.1\r\nHost: till\r\nX-A: a\x01b\r\n\r\n', 400],
  'two Content-Lengths': [
    'POST /api/v1/sessions HTTP/1.1\r\nHost: till\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x', 400],
  'Content-Length beside chunked': [
    'POST /api/v1/sessions HTTP/1.1\r\nHost: till\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    400],
  'a coding before chunked': [
    'POST /api/v1/sessions HTTP/1.1\r\nHost: till\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 501],
  'an unknown coding': ['POST /api/v1/sessions HTTP/1.1\r\nHost: till\r\nTransfer-Encoding: x-posd\r\n\r\n', 501],
};

for (const [name, [raw, status]] of Object.entries(refused)) {
  test(`refused, the connection closed: ${name}`, async () => {
    // a sound request after it on the same connection must not be read
    const r = await exchange(raw + health);
    assert.deepEqual(statuses(r.text), [status], r.text);
    assert.equal(header(r.text, 'Connection'), 'close', r.text);
    assert.ok(r.closed, 'the connection stayed open');
    const body = JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4));
    assert.ok(body.error.message.length > 0);
  });
}

test('sound requests on one connection each get one answer', async () => {
  const r = await exchange(health + health.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
  assert.deepEqual(statuses(r.text), [200, 200], r.text);
});

test('HEAD answers as GET does, without the body', async () => {
  for (const path of ['/api/v1/health', '/', '/api/v1/products']) {
    const get = await exchange(`GET ${path} HTTP/1.1\r\nHost: till\r\nConnection: close\r\n\r\n`);
    const head = await exchange(`HEAD ${path} HTTP/1.1\r\nHost: till\r\nConnection: close\r\n\r\n`);
    assert.deepEqual(statuses(head.text), statuses(get.text), `${path}: ${head.text}`);
    assert.equal(header(head.text, 'Content-Length'), header(get.text, 'Content-Length'), path);
    assert.equal(head.text.slice(head.text.indexOf('\r\n\r\n') + 4), '', `${path}: HEAD sent a body`);
  }
});

test('a 405 says what the path takes', async () => {
  const cases = [
    ['PUT /api/v1/health', ['GET', 'HEAD']],
    ['DELETE /api/v1/products', ['GET', 'HEAD', 'POST']],
    ['POST /index.html', ['GET', 'HEAD']],
  ];
  for (const [line, allow] of cases) {
    const r = await exchange(`${line} HTTP/1.1\r\nHost: till\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    assert.deepEqual(statuses(r.text), [405], r.text);
    assert.deepEqual((header(r.text, 'Allow') || '').split(/,\s*/).sort(), allow.sort(), r.text);
  }
});
