// Sign-in at a lane: the user's name, then the PIN on the keypad or the keyboard.
import { html, useState } from './lib.js';
import { api } from './api.js';
import { t, getLang, LANGS, errText } from './i18n.js';
import { Keypad, typeKey } from './ui.js';

export function Login({ health, onSignIn, onLang }) {
  const lanes = health.store.lanes;
  const [user, setUser] = useState(localStorage.getItem('posd.user') || '');
  const [pin, setPin] = useState('');
  const [lane, setLane] = useState(() => {
    const saved = localStorage.getItem('posd.lane');
    return lanes.includes(saved) ? saved : lanes[0];
  });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    if (e) e.preventDefault();
    if (!user || !pin || busy) return;
    setBusy(true);
    setError('');
    try {
      const s = await api('POST', '/sessions', { user, pin, lane });
      localStorage.setItem('posd.user', user);
      localStorage.setItem('posd.lane', lane);
      onSignIn(s);
    } catch (err) {
      setPin('');
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };

  return html`<div class="login">
    <form class="card" onSubmit=${submit}>
      <h1>${health.store.name}</h1>
      <label>${t('User')}
        <input name="user" value=${user} autocomplete="username" autocapitalize="off" autofocus=${!user}
          onInput=${(e) => setUser(e.target.value.trim())} />
      </label>
      <label>${t('PIN')}
        <input name="pin" type="password" inputmode="numeric" autocomplete="current-password" value=${pin}
          autofocus=${!!user} onInput=${(e) => setPin(e.target.value)} />
      </label>
      <${Keypad} label=${t('PIN keypad')} onKey=${(k) => setPin((p) => typeKey(p, k, 32))} />
      ${lanes.length > 1
        ? html`<label>${t('Lane')}
            <select name="lane" value=${lane} onChange=${(e) => setLane(e.target.value)}>
              ${lanes.map((l) => html`<option value=${l}>${l}</option>`)}
            </select></label>`
        : null}
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      <button type="submit" class="primary big" disabled=${busy || !user || !pin}>${t('Sign in')}</button>
      <select class="lang" aria-label=${t('Language')} value=${getLang()} onChange=${(e) => onLang(e.target.value)}>
        ${LANGS.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
      </select>
    </form>
  </div>`;
}
