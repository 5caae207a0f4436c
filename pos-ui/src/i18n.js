// Words and numbers in the till's language: English keys, Chinese from zh.js. Money is
// integer minor units end to end; only its display divides.
import { zh } from './zh.js';
import { ERRORS } from './errors.js';

export const LANGS = [
  ['zh-CN', '中文'],
  ['en', 'English'],
];
let lang = pickLang();
let store = { currency: 'CNY', minor_unit: 2, name: '' };
let moneyFmt = null;

function pickLang() {
  const saved = localStorage.getItem('posd.lang');
  if (saved && LANGS.some(([l]) => l === saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const getLang = () => lang;
export function setLang(l) {
  lang = l;
  moneyFmt = null;
  localStorage.setItem('posd.lang', l);
  document.documentElement.lang = l;
}
document.documentElement.lang = lang;

export function setStore(s) {
  store = s;
  moneyFmt = null;
}
export const getStore = () => store;

// What the Chinese till was asked to show and has no Chinese for (texts, error codes): the
// browser tests read it, and so may anyone at the console.
export const untranslated = new Set();
globalThis.posdUntranslated = untranslated;

// t('{n} receipts waiting', {n: 2})
export function t(key, vars) {
  if (lang === 'zh-CN' && !zh[key]) untranslated.add(key);
  let s = (lang === 'zh-CN' && zh[key]) || key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// A state or an action as the till shows it: its Chinese, or its English words
// ("partly_received" as "Partly received"), never the name the API gives it.
export function nameOf(value) {
  if (lang === 'zh-CN') return t(value);
  const s = String(value).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function money(minor) {
  if (minor === null || minor === undefined) return '';
  if (!moneyFmt) {
    moneyFmt = new Intl.NumberFormat(lang, {
      style: 'currency',
      currency: store.currency,
      minimumFractionDigits: store.minor_unit,
      maximumFractionDigits: store.minor_unit,
    });
  }
  return moneyFmt.format(minor / 10 ** store.minor_unit);
}

// "12.5" -> 1250 (with 2 decimals); null when it is not an amount
export function parseMoney(text) {
  const mu = store.minor_unit;
  const m = String(text).trim().match(mu ? new RegExp(`^(\\d{1,12})(?:[.,](\\d{0,${mu}}))?$`) : /^(\d{1,14})$/);
  if (!m) return null;
  return Number(m[1]) * 10 ** mu + Number((m[2] || '').padEnd(mu, '0') || 0);
}

// the amount as typed back into a field: 1250 -> "12.50"
export function moneyPlain(minor) {
  const mu = store.minor_unit;
  if (!mu) return String(minor);
  const s = String(Math.abs(minor)).padStart(mu + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -mu)}.${s.slice(-mu)}`;
}

// quantities are JSON numbers with at most 3 decimals
// "2", "0.75", ".75" or "1,5" -> a quantity above 0 with at most 3 decimals; null when it
// is none
export function parseQty(text) {
  const m = String(text).trim().match(/^(\d{0,6})(?:[.,](\d{0,3}))?$/);
  if (!m || (!m[1] && !m[2])) return null;
  const q = Number(`${m[1] || 0}.${m[2] || 0}`);
  return q > 0 ? q : null;
}

export function qty(q) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(q);
}

export function timeOf(ms) {
  if (!ms) return '';
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(ms));
}

export function dateTime(ms) {
  if (!ms) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}


export function errText(e) {
  const own = ERRORS[e.code];
  if (lang === 'zh-CN') {
    if (own) return own[1];
    untranslated.add(e.code || String(e));
  }
  return (own && own[0]) || e.message || String(e);
}
