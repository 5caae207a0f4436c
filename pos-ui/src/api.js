// posd's HTTP API: requests with the session's token, retried safely, and the events stream.
import { t } from './i18n.js';

const BASE = '/api/v1';
const RETRY_MS = [300, 700, 1500, 3000, 5000];
let session = load();
let onExpired = () => {};
let onSaved = () => {};

function load() {
  try {
    return JSON.parse(localStorage.getItem('posd.session') || 'null');
  } catch {
    return null;
  }
}

export const getSession = () => session;
export function setSession(s) {
  session = s;
  if (s) localStorage.setItem('posd.session', JSON.stringify(s));
  else localStorage.removeItem('posd.session');
}
export function whenExpired(fn) {
  onExpired = fn;
}
// fn() after each change posd saved: what went wrong before has been put right or left
export function whenSaved(fn) {
  onSaved = fn;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// crypto.randomUUID needs a secure context; a till on the shop's LAN may not be one
function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Worth sending again with the same key: posd was away, busy, or could not say whether
// it saved the request. The key makes the repeat safe.
const retryable = (e) => e.status === 0 || (e.status === 503 && e.code !== 'DISK_FULL');

async function once(method, path, body, key) {
  const headers = { Accept: 'application/json' };
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  let res;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'OFFLINE', t('posd cannot be reached'));
  }
  if (res.status === 204) return null;
  const j = await res.json().catch(() => null);
  if (!res.ok) {
    const err = j && j.error ? j.error : { code: `HTTP_${res.status}`, message: res.statusText };
    throw new ApiError(res.status, err.code, err.message);
  }
  return j;
}

// retries: how many times to send again while posd is away or busy; a search as the
// cashier types wants none, and says at once that posd cannot be reached
export async function api(method, path, body, { retries = RETRY_MS.length } = {}) {
  const key = method === 'GET' ? null : newKey();
  for (let i = 0; ; i++) {
    try {
      const r = await once(method, path, body, key);
      if (method !== 'GET') onSaved();
      return r;
    } catch (e) {
      if (e.status === 401 && path !== '/sessions') onExpired(e);
      if (!retryable(e) || i >= retries) throw e;
      await sleep(RETRY_MS[i]);
    }
  }
}

/* A file as the request body, with upload progress (fetch has none): onProgress(sent,
 * total). Resolves to the JSON answer. */
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', BASE + path);
    if (session) x.setRequestHeader('Authorization', `Bearer ${session.token}`);
    x.setRequestHeader('Content-Type', 'text/csv');
    x.setRequestHeader('Idempotency-Key', newKey());
    x.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    x.onerror = () => reject(new ApiError(0, 'OFFLINE', t('posd cannot be reached')));
    x.onload = () => {
      let j = null;
      try {
        j = JSON.parse(x.responseText);
      } catch {
        /* not JSON: said below */
      }
      if (x.status >= 200 && x.status < 300) return resolve(j);
      const err = j && j.error ? j.error : { code: `HTTP_${x.status}`, message: x.statusText };
      reject(new ApiError(x.status, err.code, err.message));
    };
    x.send(file);
  });
}

// A file posd makes (an export), saved by the browser under its own name.
export async function download(path, name) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${session && session.token}` } });
  if (!res.ok) {
    const j = await res.json().catch(() => null);
    throw new ApiError(res.status, j && j.error ? j.error.code : `HTTP_${res.status}`, j && j.error ? j.error.message : '');
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* Server-Sent Events over fetch (EventSource cannot send the token). Reconnects with
 * Last-Event-ID, so nothing sent while away is missed; onState(true|false) tells whether
 * the stream is up. Returns a function that stops it. */
export function openEvents(onEvent, onState) {
  let stopped = false;
  let last = null;
  let ctrl = null;

  function dispatch(block) {
    let type = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) last = line.slice(3).trim();
      else if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (!data) return;
    try {
      onEvent(type, JSON.parse(data));
    } catch (e) {
      console.error('event', type, e);
    }
  }

  async function loop() {
    while (!stopped) {
      try {
        ctrl = new AbortController();
        const headers = { Authorization: `Bearer ${session && session.token}` };
        if (last) headers['Last-Event-ID'] = last;
        const res = await fetch(`${BASE}/events`, { headers, signal: ctrl.signal });
        if (res.status === 401) {
          onExpired();
          return;
        }
        if (res.ok) {
          onState(true);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let i;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              dispatch(buf.slice(0, i));
              buf = buf.slice(i + 2);
            }
          }
        }
      } catch {
        /* posd went away: try again below */
      }
      if (stopped) return;
      onState(false);
      await sleep(1000);
    }
  }
  loop();
  return () => {
    stopped = true;
    if (ctrl) ctrl.abort();
  };
}
