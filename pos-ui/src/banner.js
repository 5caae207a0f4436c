// Device trouble in words, across the top of every page.
import { html } from './lib.js';
import { t } from './i18n.js';

export const deviceKey = (d) => `${d.kind}:${d.name}`;

const FINE = ['online', 'paper near end'];

function line(d) {
  const what = { printer: t('Receipt printer'), scanner: t('Scanner'), drawer: t('Cash drawer') }[d.kind] || d.kind;
  let state;
  if (d.kind === 'scanner' && d.state === 'offline') state = t('unplugged');
  else state = t(d.state);
  const waiting = d.pending ? ` — ${t('{n} receipts waiting', { n: d.pending })}` : '';
  return `${what} ${d.name}: ${state}${d.detail && d.detail !== d.state ? ` (${d.detail})` : ''}${waiting}`;
}

export function DeviceBanner({ devices }) {
  const list = Object.values(devices).filter((d) => d.state && d.state !== 'online');
  if (!list.length) return null;
  return html`<div class="banners">
    ${list.map(
      (d) => html`<div class=${`banner ${FINE.includes(d.state) ? 'warn' : 'bad'}`} role="alert" data-device=${d.name}>
        ${line(d)}</div>`,
    )}
  </div>`;
}
