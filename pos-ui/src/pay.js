// Taking payment (cash with change, card, other, split), and the sale once it is done.
import { html, useState, useEffect } from './lib.js';
import { api } from './api.js';
import { t, money, errText, parseMoney, getStore } from './i18n.js';
import { Keypad, Modal, toast, typeKey, useKeydown, keepFocus, useApproval } from './ui.js';

const NOTES = { CNY: [1, 5, 10, 20, 50, 100], JPY: [1000, 5000, 10000] };

// the exact amount, then what the next notes up would make
export function quickCash(due) {
  const { currency, minor_unit } = getStore();
  const unit = 10 ** minor_unit;
  const out = [due];
  for (const note of NOTES[currency] || [1, 5, 10, 20, 50, 100]) {
    const step = note * unit;
    const v = Math.ceil(due / step) * step;
    if (v > due && !out.includes(v)) out.push(v);
    if (out.length === 5) break;
  }
  return out;
}

const METHODS = [
  ['cash', 'Cash'],
  ['card', 'Card'],
  ['other', 'Other'],
];

// the tenders as <option>s, for refunds
export const methodOptions = () => METHODS.map(([m, label]) => html`<option value=${m}>${t(label)}</option>`);

export function Pay({ ticket, onTicket, onDone, onClose }) {
  const [method, setMethod] = useState('cash');
  const [entry, setEntry] = useState('');
  const [busy, setBusy] = useState(false);
  const [approve, approvalDialog] = useApproval();
  const due = ticket.due;

  const run = async (fn) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      toast(errText(e));
    } finally {
      setBusy(false);
    }
  };
  // what is taken off must still be what a manager approved: if not, one approves it now
  const complete = async () => {
    const r = await approve(t('The discounts as they now stand'), (approved_by) =>
      api('POST', `/tickets/${ticket.id}/complete`, approved_by ? { approved_by } : undefined),
    );
    if (r) onDone(r.sale);
  };
  const add = (m, amount) =>
    run(async () => {
      if (!(amount > 0)) return toast(t('Nothing is due'));
      const tk = await api('POST', `/tickets/${ticket.id}/payments`, { method: m, amount });
      setEntry('');
      onTicket(tk);
      if (tk.due <= 0) await complete();
    });
  const addEntered = () => {
    if (!entry) return add(method, Math.max(due, 0));
    const amount = parseMoney(entry);
    if (amount === null) return toast(t('An amount, like 5 or 2.50'));
    return add(method, amount);
  };
  const remove = (seq) => run(async () => onTicket(await api('DELETE', `/tickets/${ticket.id}/payments/${seq}`)));

  const onKeyDown = (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addEntered();
    }
  };
  return html`<${Modal} title=${t('Payment')} onClose=${onClose} wide>
    <div class="pay" onKeyDown=${onKeyDown}>
      <div class="due">
        <span>${due > 0 ? t('Due') : t('Change')}</span>
        <b data-testid="due">${money(Math.abs(due))}</b>
        <small>${t('Total')} ${money(ticket.total)}</small>
      </div>
      <div class="seg methods" role="radiogroup" aria-label=${t('Method')}>
        ${METHODS.map(
          ([m, label]) => html`<button type="button" role="radio" aria-checked=${method === m}
            class=${method === m ? 'on' : ''} onClick=${() => setMethod(m)}>${t(label)}</button>`,
        )}
      </div>
      <input name="tender" class="tender" inputmode="decimal" value=${entry} autofocus
        placeholder=${money(Math.max(due, 0))} aria-label=${t('Amount tendered')}
        onInput=${(e) => setEntry(e.target.value)} />
      ${method === 'cash' && due > 0 ? html`<div class="quick" aria-label=${t('Quick amounts')}>
        ${quickCash(due).map(
          (v) => html`<button type="button" class="key quick-cash" onClick=${() => add('cash', v)} disabled=${busy}>
            ${money(v)}</button>`,
        )}</div>` : null}
      <${Keypad} onKey=${(k) => setEntry((x) => typeKey(x, k))} />
      ${ticket.payments.length ? html`<ul class="payments" data-testid="payments">
        ${ticket.payments.map(
          (p) => html`<li>${t(METHODS.find((m) => m[0] === p.method)[1])} ${money(p.amount)}
            <button type="button" class="small" onClick=${() => remove(p.seq)}>${t('Remove')}</button></li>`,
        )}</ul>` : null}
      <div class="actions">
        <button type="button" onClick=${onClose}>${t('Back to ticket')}</button>
        ${due > 0
          ? html`<button type="button" class="primary" disabled=${busy} onClick=${addEntered}>
              ${t('Take {method}', { method: t(METHODS.find((m) => m[0] === method)[1]).toLowerCase() })} <kbd>Enter</kbd></button>`
          : html`<button type="button" class="primary" disabled=${busy} onClick=${() => run(complete)}>
              ${t('Complete sale')} <kbd>Enter</kbd></button>`}
      </div>
    </div>
    ${approvalDialog}
  <//>`;
}

function receiptText(r) {
  if (!r) return t('No receipt printer on this lane');
  if (r.state === 'printed') return t('Receipt printed');
  return t('Receipt waiting: {why}', { why: t(r.detail || 'printer busy') });
}

export function Done({ sale, devices, onNext }) {
  const [s, setSale] = useState(sale);
  useEffect(() => {
    if (!s.receipt || s.receipt.state === 'printed') return undefined;
    // the receipt may wait for paper: follow it until it is out
    const timer = setInterval(
      () => api('GET', `/sales/${s.number}`).then((r) => setSale(r.sale), () => {}),
      1000,
    );
    return () => clearInterval(timer);
  }, [s.receipt && s.receipt.state]);
  useKeydown((e) => {
    if (e.key === 'Enter' && e.target.tagName !== 'BUTTON') {
      e.preventDefault();
      onNext();
    }
  });
  const reprint = () =>
    api('POST', `/sales/${s.number}/receipt`).then(
      () => toast(t('Reprint sent'), 'ok'),
      (e) => toast(errText(e)),
    );
  const drawer = Object.values(devices).find((d) => d.kind === 'printer' && d.drawer);
  // the change first, as large as the screen allows: what the cashier must do now
  return html`<div class="done" data-testid="done">
    ${s.change ? html`<p class="change">${t('Give back')} <b data-testid="change">${money(s.change)}</b></p>` : null}
    <p class="number">${t('Sale')} <b data-testid="sale-number">${s.number}</b></p>
    <p>${t('Total')} ${money(s.total)} · ${t('Paid')} ${money(s.paid)}${s.rounding ? ` · ${t('Rounding')} ${money(s.rounding)}` : ''}</p>
    <p class=${`receipt ${s.receipt && s.receipt.state}`} data-testid="receipt-state">${receiptText(s.receipt)}</p>
    ${drawer ? html`<p class="drawer" data-testid="drawer-state">${t('Drawer')}: ${t(drawer.drawer)}</p>` : null}
    <div class="actions">
      <button type="button" onMouseDown=${keepFocus} onClick=${reprint}>${t('Reprint receipt')}</button>
      <button type="button" class="primary big" onClick=${onNext}>${t('New sale')} <kbd>Enter</kbd></button>
    </div>
  </div>`;
}
