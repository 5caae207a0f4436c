// The days a report covers, in the till's local time, and the period it is compared with:
// as many days, just before, or the same days of the week or month before when they are
// whole. And the change between two figures, worked out exactly from their integers.
import { t, getLang } from '../i18n.js';

export const PRESETS = () => [
  ['today', t('Today')], ['yesterday', t('Yesterday')], ['week', t('This week')], ['last7', t('Last 7 days')],
  ['month', t('This month')], ['last30', t('Last 30 days')], ['custom', t('Custom')],
];

// the API's sales report takes up to 1000 slots: days, in a custom range
const MOST_DAYS = 1000;
const HOUR_MS = 3600 * 1000;

const midnight = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const daysBetween = (a, b) => Math.round((midnight(b) - midnight(a)) / (24 * HOUR_MS));

// yyyy-mm-dd of a local date, and back; null when it is not one
export const isoDay = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

// { from, to, prevFrom, prevTo } in ms ([from, to) local days), bucket 'hour' for two days
// or less, else 'day'; or { error } for a custom range that is none
export function rangeOf(preset, custom, now = new Date()) {
  const today = midnight(now);
  let first;
  let days;
  let back;
  switch (preset) {
    case 'yesterday': first = addDays(today, -1); days = 1; back = 1; break;
    case 'week': first = addDays(today, -((today.getDay() + 6) % 7)); days = daysBetween(first, today) + 1; back = 7; break;
    case 'last7': first = addDays(today, -6); days = 7; back = 7; break;
    case 'month': {
      first = new Date(today.getFullYear(), today.getMonth(), 1);
      days = today.getDate();
      // the same dates of last month while it has them, else the days just before
      back = Math.max(days, daysBetween(new Date(today.getFullYear(), today.getMonth() - 1, 1), first));
      break;
    }
    case 'last30': first = addDays(today, -29); days = 30; back = 30; break;
    case 'custom': {
      const a = parseDay(custom.from);
      const b = parseDay(custom.to);
      if (!a || !b) return { error: t('Give the first and the last day') };
      if (b < a) return { error: t('The last day comes before the first') };
      first = a;
      days = daysBetween(a, b) + 1;
      if (days > MOST_DAYS) return { error: t('At most {n} days', { n: MOST_DAYS }) };
      back = days;
      break;
    }
    default: first = today; days = 1; back = 1;
  }
  const prev = addDays(first, -back);
  return {
    from: first.getTime(), to: addDays(first, days).getTime(),
    prevFrom: prev.getTime(), prevTo: addDays(prev, days).getTime(),
    days, bucket: days <= 2 ? 'hour' : 'day',
  };
}

// "1 Dec – 7 Dec 2026", or one day
export function rangeText(from, to) {
  const f = new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium' });
  const last = addDays(new Date(from), daysBetween(new Date(from), new Date(to)) - 1);
  return last.getTime() === from ? f.format(new Date(from)) : f.formatRange(new Date(from), last);
}

// The change from b to a in tenths of a percent of |b|, rounded half away from zero, from
// the integers themselves (BigInt: money up to 10^14 times 1000 is past a double's
// exact range); null when b is 0.
export function changeTenths(a, b) {
  if (!b) return null;
  const num = (BigInt(a) - BigInt(b)) * 1000n;
  const den = BigInt(b < 0 ? -b : b);
  const q = ((num < 0n ? -num : num) * 2n + den) / (den * 2n);
  return num < 0n ? -q : q;
}

// "+12.5%" in the till's language; "" when there is nothing to compare with
export function changeText(tenths) {
  if (tenths === null) return '';
  const pct = new Intl.NumberFormat(getLang(), {
    style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1,
  });
  return pct.format(Number(tenths) / 1000);
}

// good (green) or bad (red) for a figure where up is better (better 1) or worse (-1)
export function changeClass(tenths, better = 1) {
  if (tenths === null || tenths === 0n) return 'change';
  return (tenths > 0n) === (better > 0) ? 'change good' : 'change bad';
}
