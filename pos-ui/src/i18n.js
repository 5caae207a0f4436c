// Words and numbers in the till's language: English keys, Chinese from zh.js. Money is
// integer minor units end to end; only its display divides.
import { zh } from './zh.js';

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
export function qty(q) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(q);
}

export function dateTime(ms) {
  if (!ms) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

// What a till meets most, in words a cashier acts on: [English, Chinese]
const ERRORS = {
  OFFLINE: ['posd cannot be reached: check the till’s connection', '无法连接 posd：请检查收银机连接'],
  WRONG_PIN: ['Wrong user or PIN', '用户名或 PIN 错误'],
  USER_LOCKED: ['Too many wrong PINs from this till: wait a few minutes, or sign in at another', '本机 PIN 错误次数过多：请稍候几分钟，或在其他收银台登录'],
  TOO_MANY_SIGN_INS: ['Many are signing in at once: try again in a moment', '同时登录的人太多，请稍后再试'],
  USER_INACTIVE: ['This user is disabled: ask a manager', '该用户已停用，请联系店长'],
  TOKEN_EXPIRED: ['Your session has ended: sign in again', '登录已过期，请重新登录'],
  NO_SESSION: ['Sign in first', '请先登录'],
  NO_OPEN_SHIFT: ['No shift is open on this lane: open one first', '本收银台没有当班，请先开班'],
  UNKNOWN_BARCODE: ['This barcode is not in the catalogue', '条码不在商品库中'],
  BAD_CHECK_DIGIT: ['The barcode did not read right (check digit): scan it again', '条码校验位错误，请重新扫描'],
  BAD_BARCODE: ['That is not a barcode', '不是有效的条码'],
  PRODUCT_INACTIVE: ['This product is no longer sold', '该商品已停售'],
  UNKNOWN_PRODUCT: ['No such product', '没有这个商品'],
  BAD_QUANTITY: ['That quantity cannot be sold: whole units only, and more than zero', '数量无效：须大于零，按件商品只能整数'],
  TENDER_SHORT: ['The payments do not cover the total yet', '付款金额不足'],
  OVERPAID: ['Card or other payments cannot exceed what is due; only cash gives change', '银行卡或其他支付不能超过应付金额，只有现金可以找零'],
  EMPTY_TICKET: ['The ticket has no items', '小票上没有商品'],
  APPROVAL_REQUIRED: ['This needs a manager’s approval', '需要店长授权'],
  APPROVAL_REFUSED: ['The approval was refused: wrong manager or PIN', '授权被拒绝：店长或 PIN 错误'],
  FORBIDDEN: ['Your role may not do this', '您的角色无权执行此操作'],
  UNKNOWN_SALE: ['No sale with that number', '没有这个销售单号'],
  RETURN_EXCEEDS_SALE: ['More would come back than was sold', '退货数量超过销售数量'],
  REFUND_EXCEEDS_PAID: ['The refund is more than was paid that way', '退款超过该方式的实付金额'],
  INSUFFICIENT_CASH: ['There is not that much cash in the drawer', '钱箱现金不足'],
  TICKET_OPEN: ['A ticket is still open: finish, suspend or void it first', '仍有未完成的小票：请先结账、挂单或作废'],
  SHIFT_ALREADY_OPEN: ['A shift is already open on this lane', '本收银台已开班'],
  BAD_DISCOUNT: ['That discount is not possible', '折扣无效'],
  BUSY: ['posd is busy: try again', 'posd 繁忙，请重试'],
  DISK_FULL: ['The till’s disk is full: call for help', '收银机磁盘已满，请求助'],
  NO_PRINTER: ['This lane has no receipt printer', '本收银台没有小票打印机'],
  RECEIPT: ['That is a receipt: returns are under Returns (F9)', '这是小票：退货请到“退货”页（F9）'],
  IMPORT_ERRORS: ['Some lines are wrong (listed below): nothing was imported', '有错误的行（见下表），未导入任何商品'],
  IMPORT_RUNNING: ['An import is running: wait for it to finish', '正在导入，请等待完成'],
};

export function errText(e) {
  const own = ERRORS[e.code];
  if (own) return own[lang === 'zh-CN' ? 1 : 0];
  if (lang === 'zh-CN') untranslated.add(e.code || String(e));
  return e.message || String(e);
}
