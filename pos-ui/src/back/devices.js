// The lane's printers, drawers and scanners, as they are now.
import { html } from '../lib.js';
import { api } from '../api.js';
import { t, errText } from '../i18n.js';
import { toast } from '../ui.js';

const testPrint = (name) =>
  api('POST', `/devices/${encodeURIComponent(name)}/test`).then(
    () => toast(t('Test page sent to {name}', { name }), 'ok'),
    (e) => toast(errText(e)),
  );

export function Devices({ devices, session }) {
  const list = Object.values(devices);
  return html`<div class="devices">
    <table class="list" data-testid="devices"><thead><tr><th>${t('Kind')}</th><th>${t('Name')}</th><th>${t('Lane')}</th>
      <th>${t('Device')}</th><th>${t('State')}</th><th>${t('Waiting')}</th><th>${t('Drawer')}</th><th></th></tr></thead>
      <tbody>${list.map((d) => html`<tr data-device=${d.name}>
        <td>${t({ printer: 'Receipt printer', scanner: 'Scanner', drawer: 'Cash drawer' }[d.kind] || d.kind)}</td>
        <td>${d.name}</td><td>${d.lane}</td><td><code>${d.device}</code></td>
        <td class=${`state ${d.state === 'online' ? 'ok' : 'bad'}`}>${t(d.state)}${d.detail && d.detail !== d.state ? ` (${d.detail})` : ''}</td>
        <td class="num">${d.pending ?? ''}</td><td>${d.drawer ? t(d.drawer) : ''}</td>
        <td>${d.kind === 'printer' && session.role !== 'cashier'
          ? html`<button type="button" onClick=${() => testPrint(d.name)}>${t('Test print')}</button>` : null}</td></tr>`)}</tbody></table>
    ${list.length ? null : html`<p>${t('No devices are configured in posd.conf')}</p>`}
  </div>`;
}
