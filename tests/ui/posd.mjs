// The demo store under test: tools/demo on a free port, with the front end, restartable.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SRC = process.env.SRCDIR || process.cwd();

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// SIGTERM to what x started, which must end with 0
async function stopClean(x, what) {
  if (!x.proc) return;
  x.proc.kill('SIGTERM');
  const code = await x.exited;
  x.proc = null;
  if (code !== 0) throw new Error(`${what} exited with ${code}:\n${x.log}`);
}

export class Demo {
  // env: more of posd's environment (POSD_HQ: posd.conf lines of a store in a chain)
  constructor(env = {}) {
    this.env = env;
  }

  async start() {
    this.dir = this.dir || mkdtempSync(join(tmpdir(), 'posd-ui-'));
    this.port = this.port || (await freePort());
    this.log = '';
    // no past trading unless a test asks for it: the others count on the catalogue's stock
    const env = { POSD_DEMO_DAYS: '0', ...process.env, ...this.env, POSD_PORT: String(this.port) };
    this.proc = spawn(
      join(SRC, 'tools/demo'),
      [process.env.POSCTL, process.env.POSD, join(this.dir, 'demo'), process.env.DEMO_CSV, process.env.UI_DIR],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.exited = exited;
    const ready = new Promise((resolve, reject) => {
      const on = (b) => {
        this.log += b;
        if (/listening on http:/.test(this.log)) resolve();
      };
      this.proc.stdout.on('data', on);
      this.proc.stderr.on('data', on);
      exited.then((code) => reject(new Error(`posd ended (${code}) before it listened:\n${this.log}`)));
    });
    await ready;
    this.url = `http://127.0.0.1:${this.port}/`;
    return this;
  }

  // posd stops the way systemd stops it; it must have been clean (ASan/UBSan report otherwise)
  stop() {
    return stopClean(this, 'posd');
  }

  scan(code) {
    return execFileSync(process.env.POSCTL, ['-c', join(this.dir, 'demo/posd.conf'), 'scan', code]).toString();
  }

  receipt(n) {
    const p = join(this.dir, 'demo/receipts', `${String(n).padStart(6, '0')}.txt`);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  }

  // receipt n once the simulated printer has written it (within 10 s)
  async printed(n) {
    for (let i = 0; i < 100; i++) {
      const text = this.receipt(n);
      if (text) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`receipt ${n} was not printed`);
  }
}

// The demo chain (tools/chain-demo): HQ's PostgreSQL, stores S1..S3 on base..base+2 and
// HQ's office on base+3; stopped, it stops them all and HQ.
export class ChainDemo {
  async start() {
    this.dir = mkdtempSync(join(tmpdir(), 'posd-chain-'));
    const base = await freePort();
    this.log = '';
    this.proc = spawn(
      join(SRC, 'tools/chain-demo'),
      [process.env.POSCTL, process.env.POSD, join(this.dir, 'chain'), process.env.DEMO_CSV, process.env.UI_DIR],
      { env: { POSD_DEMO_DAYS: '0', ...process.env, POSD_PORT: String(base) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.exited = new Promise((resolve) => this.proc.once('exit', resolve));
    await new Promise((resolve, reject) => {
      const on = (b) => {
        this.log += b;
        if (/HQ listening on http:/.test(this.log)) resolve();
      };
      this.proc.stdout.on('data', on);
      this.proc.stderr.on('data', on);
      this.exited.then((code) => reject(new Error(`the chain ended (${code}) before it listened:\n${this.log}`)));
    });
    this.hq = /HQ is PostgreSQL in ([^;]+);/.exec(this.log)?.[1];
    this.stores = [0, 1, 2].map((i) => `http://127.0.0.1:${base + i}/`);
    this.office = `http://127.0.0.1:${base + 3}/`;
    return this;
  }

  // the stores and HQ stop, and HQ's folder goes
  async stop() {
    await stopClean(this, 'the chain');
    if (this.hq && existsSync(this.hq)) throw new Error(`the chain left HQ behind in ${this.hq}`);
  }
}
