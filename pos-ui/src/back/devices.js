// The lane's printers, drawers and scanners, as they are now; for managers, how the
// store's journal stands with HQ.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { t, errText, dateTime, nameOf } from '../i18n.js';
import { toast } from '../ui.js';

const testPrint = (name) =>
  api('POST', `/devices/${encodeURIComponent(name)}/test`).then(
    () => toast(t('Test page sent to {name}', { name }), 'ok'),
    (e) => toast(errText(e)),
  );

const SYNC_EVERY_MS = 5000;

// What HQ holds of the journal, what waits and since when, and the uploader's last word.
function Sync() {
  const [s, setS] = useState(null);
  useEffect(() => {
    let stop = false, timer;
    const load = () =>
      api('GET', '/sync').then(setS, (e) => setS({ failed: errText(e) })).finally(() => {
        if (!stop) timer = setTimeout(load, SYNC_EVERY_MS);
      });
    load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);
  if (!s) return null;
  if (s.failed) return html`<p class="bad" data-testid="sync">${s.failed}</p>`;
  if (!s.configured)
    return html`<p data-testid="sync">${t('This store sends its journal to no HQ ([hq] in posd.conf)')}</p>`;
  const ok = s.connected && !s.error;
  return html`<dl class="facts" data-testid="sync">
    <dt>${t('HQ')}</dt><dd><code>${s.hq}</code></dd>
    <dt>${t('State')}</dt><dd class=${`state ${ok ? 'ok' : 'bad'}`} data-testid="sync-state">
      ${ok ? t('Connected') : t('Not connected')}${s.error ? html` <span class="why">(${s.error})</span>` : null}</dd>
    <dt>${t('Journal entries')}</dt><dd class="num">${s.journal}</dd>
    <dt>${t('At HQ')}</dt><dd class="num">${s.at_hq}</dd>
    <dt>${t('Waiting')}</dt><dd class="num" data-testid="sync-waiting">${s.waiting}${s.waiting_since
      ? ` · ${t('since {at}', { at: dateTime(s.waiting_since) })}` : ''}</dd>
    <dt>${t('Last sent')}</dt><dd>${s.last_ok_at ? dateTime(s.last_ok_at) : t('not yet')}</dd>
    <dt>${t('HQ version')}</dt><dd class="num" data-testid="sync-version">${s.hq_version}${s.changes_refused
      ? html` <span class="bad">· ${t('Changes from HQ refused: {n} (see the audit log)', { n: s.changes_refused })}</span>`
      : null}</dd>
    ${ok ? null : html`<dt>${t('Next try')}</dt><dd>${dateTime(s.next_try_at)}</dd>`}
  </dl>`;
}

export function Devices({ devices, session }) {
  const list = Object.values(devices);
  return html`<div class="devices">
    <table class="list" data-testid="devices"><thead><tr><th>${t('Kind')}</th><th>${t('Name')}</th><th>${t('Lane')}</th>
      <th>${t('Device')}</th><th>${t('State')}</th><th>${t('Waiting')}</th><th>${t('Drawer')}</th><th></th></tr></thead>
      <tbody>${list.map((d) => html`<tr data-device=${d.name}>
        <td>${t({ printer: 'Receipt printer', scanner: 'Scanner', drawer: 'Cash drawer' }[d.kind] || d.kind)}</td>
        <td>${d.name}</td><td>${d.lane}</td><td><code>${d.device}</code></td>
        <td class=${`state ${d.state === 'online' ? 'ok' : 'bad'}`}>${nameOf(d.state)}${d.detail && d.detail !== d.state ? ` (${d.detail})` : ''}</td>
        <td class="num">${d.pending ?? ''}</td><td>${d.drawer ? t(d.drawer) : ''}</td>
        <td>${d.kind === 'printer' && session.role !== 'cashier'
          ? html`<button type="button" onClick=${() => testPrint(d.name)}>${t('Test print')}</button>` : null}</td></tr>`)}</tbody></table>
    ${list.length ? null : html`<p>${t('No devices are configured in posd.conf')}</p>`}
    ${session.role !== 'cashier' ? html`<h2>${t('Head office')}</h2><${Sync} />` : null}
  </div>`;
}
