// The sales last rung up at the store, to pick one to return when its receipt is torn or
// gone: all of them, or those whose number ends in the digits typed (GET /sales).
import { html, useState, useEffect, useRef } from './lib.js';
import { api } from './api.js';
import { t, money, errText, timeOf, dateTime } from './i18n.js';

export const LAST_DIGITS = /^\d{1,12}$/;
const FULL_NUMBER = /^S\d{1,12}$/i;

// What the field asks of the list: the digits a number ends in (a full number's too), ''
// for the latest sales, or null when the text is neither.
export function endingOf(text) {
  const q = text.trim();
  if (!q) return '';
  if (LAST_DIGITS.test(q)) return q;
  if (FULL_NUMBER.test(q)) return q.slice(1);
  return null;
}

// The list for the text in the field, asked a moment after the last key (an answer to
// older text is dropped), and again when `again` changes or a sale is made:
// { items, ends, note } with note { text, error } when there is nothing to show, or
// posd could not be asked.
export function useSaleList(text, again) {
  const [state, setState] = useState({ items: [], ends: '', note: null });
  const [made, setMade] = useState(0);
  const latest = useRef(null);
  const ends = endingOf(text);

  useEffect(() => {
    latest.current = ends;
    if (ends === null) {
      setState({ items: [], ends: '', note: { text: t('Type the receipt number, like S00000012, or its last digits'), error: true } });
      return undefined;
    }
    const timer = setTimeout(() => {
      const path = `/sales?limit=20${ends ? `&ends=${ends}` : ''}`;
      api('GET', path, undefined, { retries: 0 }).then(
        (r) => {
          if (latest.current !== ends) return;
          const none = ends ? t('No sale ends in “{q}”', { q: ends }) : t('No sales yet');
          setState({ items: r.items, ends, note: r.items.length ? null : { text: none } });
        },
        (e) => latest.current === ends && setState({ items: [], ends, note: { text: errText(e), error: true } }),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [ends, again, made]);
  return [state, () => setMade((n) => n + 1)];
}

const today = (ms) => new Date(ms).toDateString() === new Date().toDateString();

export function SaleList({ items, ends, onPick }) {
  if (!items.length) return null;
  return html`<div class="card recent-sales">
    <table class="list" data-testid="recent-sales">
      <caption>${ends ? t('Sales ending in “{q}”', { q: ends }) : t('Recent sales')}</caption>
      <thead><tr><th>${t('Time')}</th><th>${t('Sale')}</th><th class="num">${t('Total')}</th><th>${t('Cashier')}</th>
        <th>${t('Lane')}</th></tr></thead>
      <tbody>${items.map((s) => html`<tr data-number=${s.number} class=${s.returnable ? '' : 'inactive'}
        onClick=${() => onPick(s.number)}>
        <td>${today(s.at) ? timeOf(s.at) : dateTime(s.at)}</td>
        <td><button type="button" class="number" onClick=${(e) => { e.stopPropagation(); onPick(s.number); }}>${s.number}</button>
          ${s.returnable ? null : html` <span class="tag">${t('All returned')}</span>`}</td>
        <td class="num">${money(s.total)}</td><td>${s.user}</td><td>${s.lane}</td>
      </tr>`)}</tbody>
    </table>
  </div>`;
}
