// Widgets every page shares: keypads, dialogs, notices.
import { html, useState, useEffect, useLayoutEffect, useRef } from './lib.js';
import { t, errText } from './i18n.js';

/* ---- notices: one at a time per kind, gone after a while; an error also as soon as
 * the next change is saved ---- */
let listeners = [];
let seq = 0;
export function toast(text, kind = 'error') {
  const n = { id: ++seq, text, kind };
  listeners.forEach((fn) => fn(n));
}
export const clearErrors = () => toast(null, 'clear');
export function Toasts() {
  const [items, setItems] = useState([]);
  useEffect(() => {
    const fn = (n) => {
      if (n.kind === 'clear') return setItems((xs) => xs.filter((x) => x.kind !== 'error'));
      setItems((xs) => [...xs.slice(-3), n]);
      setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== n.id)), n.kind === 'error' ? 6000 : 3000);
    };
    listeners.push(fn);
    return () => (listeners = listeners.filter((f) => f !== fn));
  }, []);
  return html`<div class="toasts" role="status" aria-live="polite">
    ${items.map((n) => html`<div key=${n.id} class=${`toast ${n.kind}`} data-kind=${n.kind}>${n.text}</div>`)}
  </div>`;
}

/* ---- keys: the handler of the latest render, listening from the first render (an
 * effect runs a frame late, or later in a page the browser is not painting, and the
 * keys pressed meanwhile would be lost) ---- */
export function useKeydown(fn) {
  const ref = useRef(null);
  if (!ref.current) {
    const on = (e) => ref.current.fn(e);
    ref.current = { on };
    addEventListener('keydown', on);
  }
  ref.current.fn = fn;
  useEffect(() => () => removeEventListener('keydown', ref.current.on), []);
}

// A touch button that leaves the keyboard focus where it was, so Enter and the function
// keys keep working after a tap.
export const keepFocus = (e) => e.preventDefault();

/* ---- a keypad that types into whatever its owner keeps ---- */
export function Keypad({ onKey, label = 'keypad' }) {
  const keys = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '00', '.'];
  const key = (k, text, aria) => html`<button type="button" class="key" tabindex="-1" aria-label=${aria}
    onMouseDown=${keepFocus} onClick=${() => onKey(k)}>${text}</button>`;
  return html`<div class="keypad" role="group" aria-label=${label}>
    ${keys.map((k) => key(k, k))}
    ${key('back', '⌫', t('Delete'))}
    ${key('clear', 'C')}
  </div>`;
}

// what a key does to typed text
export function typeKey(text, k, max = 12) {
  if (k === 'back') return text.slice(0, -1);
  if (k === 'clear') return '';
  if (k === '.' && text.includes('.')) return text;
  return (text + k).slice(0, max);
}

/* ---- a field that can be wrong: what is wrong goes when its text changes ---- */
export function useField(initial = '') {
  const [text, setText] = useState(initial);
  const [wrong, setWrong] = useState(null);
  const edit = (x) => {
    setWrong(null);
    setText(x);
  };
  return [text, edit, wrong, setWrong];
}

/* ---- a form's problems: each beside the field it is about (posd's error codes to fields
 * in fieldOf), the rest under the form; a field's goes when it is edited, and the form's
 * with it ---- */
export function useProblems(fieldOf = {}) {
  const [p, setP] = useState({});
  return {
    at: (field) => p[field] || null,
    // posd's refusal, or any error, where it belongs
    fail: (err) => setP({ [fieldOf[err.code] || 'form']: errText(err) }),
    // the form's own finding about a field ('form': the whole)
    say: (field, text) => setP({ [field]: text }),
    clear: (field) => (p[field] || p.form) && setP({ ...p, [field]: null, form: null }),
  };
}

// what is wrong, beside the field or the thing that caused it
export function Wrong({ text, testid }) {
  return text ? html`<p class="problem" role="alert" data-testid=${testid}>${text}</p>` : null;
}

/* ---- a dialog: Esc or the cross closes it ---- */
export function Modal({ title, onClose, children, wide }) {
  const ref = useRef(null);
  // at once, not a frame later: keys typed right after the dialog opens belong in it
  useLayoutEffect(() => {
    const prev = document.activeElement;
    const el = ref.current && ref.current.querySelector('[autofocus], input, button.primary');
    if (el) el.focus();
    return () => prev && prev.focus && prev.focus();
  }, []);
  // wherever the focus is: a file chooser or a click may have left it outside the dialog
  useKeydown((e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  });
  return html`<div class="overlay">
    <div class=${`modal ${wide ? 'wide' : ''}`} role="dialog" aria-modal="true" aria-label=${title} ref=${ref}>
      <header><h2>${title}</h2><button type="button" class="close" aria-label=${t('Close')} onClick=${onClose}>×</button></header>
      ${children}
    </div>
  </div>`;
}

/* ---- a question before what cannot be undone, in the till's own dialog: [ask, dialog];
 * ask(question, yes) resolves true when the person says yes (Enter), false on Esc ---- */
export function useConfirm() {
  const [q, setQ] = useState(null);
  const ask = (question, yes) =>
    new Promise((resolve) =>
      setQ({
        question,
        yes,
        done: (v) => {
          setQ(null);
          resolve(v);
        },
      }),
    );
  const dialog = q
    ? html`<${Modal} title=${t('Are you sure?')} onClose=${() => q.done(false)}>
        <form class="confirm" onSubmit=${(e) => {
          e.preventDefault();
          q.done(true);
        }}>
          <p>${q.question}</p>
          <div class="actions">
            <button type="button" onClick=${() => q.done(false)}>${t('Cancel')}</button>
            <button type="submit" class="primary" data-testid="confirm-yes" autofocus>${q.yes}</button>
          </div>
        </form>
      <//>`
    : null;
  return [ask, dialog];
}

/* ---- a manager's name and PIN, for what a cashier may not do alone ---- */
export function Approval({ what, onApprove, onCancel }) {
  const [user, setUser] = useState('');
  const [pin, setPin] = useState('');
  const submit = (e) => {
    e.preventDefault();
    if (user && pin) onApprove({ user, pin });
  };
  return html`<${Modal} title=${t('Manager approval')} onClose=${onCancel}>
    <form class="approval" onSubmit=${submit}>
      <p>${what}</p>
      <label>${t('Manager')} <input name="approver" value=${user} autocomplete="off" autofocus
        onInput=${(e) => setUser(e.target.value)} /></label>
      <label>${t('PIN')} <input name="approver-pin" type="password" inputmode="numeric" value=${pin}
        onInput=${(e) => setPin(e.target.value)} /></label>
      <${Keypad} onKey=${(k) => setPin((p) => typeKey(p, k, 32))} />
      <div class="actions">
        <button type="button" onClick=${onCancel}>${t('Cancel')}</button>
        <button type="submit" class="primary" disabled=${!user || !pin}>${t('Approve')}</button>
      </div>
    </form>
  <//>`;
}

// Run fn(); when posd says it needs a manager, ask for one and run fn(approval) again.
export function useApproval() {
  const [ask, setAsk] = useState(null);
  const run = async (what, fn) => {
    try {
      return await fn(undefined);
    } catch (e) {
      if (e.code !== 'APPROVAL_REQUIRED') throw e;
      const approval = await new Promise((resolve) => setAsk({ what, resolve }));
      setAsk(null);
      if (!approval) return null;
      return fn(approval);
    }
  };
  const dialog = ask
    ? html`<${Approval} what=${ask.what} onApprove=${(a) => ask.resolve(a)} onCancel=${() => ask.resolve(null)} />`
    : null;
  return [run, dialog];
}
