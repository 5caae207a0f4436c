// A first-day tour of the till: each part of the checkout pointed out in turn, in the
// till's language. Offered on the empty ticket until a user has taken it or said no on
// this till; taken again from the ticket's "Tour" link at any time.
import { html } from './lib.js';
import { driver } from '../vendor/driver.mjs';
import { t } from './i18n.js';

const seen = (user) => `posd.toured.${user}`;
export const toured = (user) => localStorage.getItem(seen(user)) !== null;

// the steps whose part is on screen now (a phone hides the keypad behind its toggle)
function steps(session) {
  const all = [
    session.training && ['[data-testid=training]', t('Training'),
      t('This till is in training: it works as usual, but nothing reaches the store, and receipts say so.')],
    ['.checkout .find', t('Find'),
      t('Scan a barcode, or type a name, its pinyin or initials (kl finds 可乐), or a barcode and Enter. Type 3 then * before a scan to ring up three.')],
    ['.checkout .ticket', t('The ticket'),
      t('What is rung up. Pick a line, then change its quantity (F3), discount (F5) or price (F6), or void it (F4).')],
    ['.checkout .side', t('Keypad and actions'),
      t('Quantities on the keypad, discounts, suspending a ticket (F7) to serve someone else and resuming it (F8), or voiding it, and the customer it is for.')],
    ['[data-testid=pay]', t('Pay'),
      t('F12: cash with the change to give back shown large, card, or several ways at once. The receipt prints by itself.')],
    ['nav', t('The other tills'),
      t('Returns (F9) find a sale by its receipt or its last digits; Stock (F10) looks goods up; Shift (F11) takes pay-ins and pay-outs and closes the day with the count.')],
    ['.top .tools', t('Leaving the till'),
      t('Sign out whenever you leave the till: whatever is rung up stays on the ticket for you.')],
  ];
  return all
    .filter((s) => s && document.querySelector(s[0]) && document.querySelector(s[0]).offsetParent !== null)
    .map(([element, title, description]) => ({ element, popover: { title, description } }));
}

// taken is taken, however far it goes: onTaken says so at once
export function startTour(session, onTaken) {
  const d = driver({
    steps: steps(session),
    showProgress: true,
    progressText: t('{{current}} of {{total}}'),
    nextBtnText: t('Next'),
    prevBtnText: t('Back'),
    doneBtnText: t('Done'),
    popoverClass: 'tour',
    animate: false, // a till's slow screen shows each step at once
  });
  localStorage.setItem(seen(session.user), String(Date.now()));
  if (onTaken) onTaken();
  d.drive();
}

// on the empty ticket: the tour offered to whoever has not had it, or a link to it
export function TourOffer({ session, onChange }) {
  if (toured(session.user))
    return html`<button type="button" class="link tour-again" onClick=${() => startTour(session, onChange)}>${t('Tour of the till')}</button>`;
  const no = () => {
    localStorage.setItem(seen(session.user), 'declined');
    onChange();
  };
  return html`<div class="tour-offer" data-testid="tour-offer">
    <span>${t('New to this till? A short tour shows where everything is.')}</span>
    <button type="button" class="primary" onClick=${() => startTour(session, onChange)}>${t('Take the tour')}</button>
    <button type="button" onClick=${no}>${t('Not now')}</button></div>`;
}
