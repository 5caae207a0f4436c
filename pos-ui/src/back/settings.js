// Back office: the store's settings as posd runs them, where each is set, and this
// till's own choices.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { t, money, errText, getLang, LANGS } from '../i18n.js';
import { toast } from '../ui.js';

function Row({ label, value, where }) {
  return html`<tr><th>${label}</th><td data-testid=${where}>${value}</td><td><code>${where}</code></td></tr>`;
}

export function Settings({ onLang }) {
  const [s, setS] = useState(null);
  useEffect(() => {
    api('GET', '/settings').then(setS, (e) => toast(errText(e)));
  }, []);
  if (!s) return null;
  const yes = (b) => (b ? t('yes') : t('no'));
  return html`<div class="settings">
    <section class="card">
      <h3>${t('This till')}</h3>
      <label>${t('Language')}
        <select name="settings-lang" value=${getLang()} onChange=${(e) => onLang(e.target.value)}>
          ${LANGS.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
        </select></label>
    </section>
    <section class="card">
      <h3>${t('Store')}</h3>
      <p class="hint">${t('Set in posd.conf (or with posctl); posd reads it again on reload (systemctl reload posd).')}</p>
      <table class="list"><tbody>
        <${Row} label=${t('Name')} value=${s.store.name} where="posctl init --name" />
        <${Row} label=${t('Currency')} value=${`${s.store.currency} (${money(10 ** s.store.minor_unit)})`} where="posctl init --currency" />
        <${Row} label=${t('Prices include tax')} value=${yes(s.store.prices_include_tax)} where="posctl init --tax-exclusive" />
        <${Row} label=${t('Lanes')} value=${s.checkout.lanes.join(', ')} where="[checkout] lanes" />
        <${Row} label=${t('Discount without a manager, up to')} value=${`${s.checkout.max_discount_percent} %`} where="[checkout] max_discount_percent" />
        <${Row} label=${t('Cash rounding')} value=${s.checkout.cash_rounding > 1 ? money(s.checkout.cash_rounding) : t('none')} where="[checkout] cash_rounding" />
        <${Row} label=${t('Receipt printer of this lane')} value=${s.checkout.printer || t('none')} where="[printer NAME]" />
        <${Row} label=${t('Drawer opens for cash')} value=${yes(s.checkout.kick_drawer)} where="[drawer]" />
        <${Row} label=${t('Sign-in lasts')} value=${t('{n} hours', { n: s.auth.session_hours })} where="[auth] session_hours" />
        <${Row} label=${t('Largest import')} value=${`${s.http.max_upload_mib} MiB`} where="[http] max_upload_mib" />
      </tbody></table>
    </section>
  </div>`;
}
