// What is owed: to suppliers (their invoices, payments to them) and by customers on
// account (their credit, payments from them), with ageing and each account's statement.
import { html, useState, useEffect } from '../lib.js';
import { api, download } from '../api.js';
import { t, money, errText, parseMoney, dateTime } from '../i18n.js';
import { toast, Wrong, useProblems } from '../ui.js';
import { CustomerPick } from './customer_pick.js';

const AGES = () => [['current', t('Not yet due')], ['1_30', t('1–30 days late')], ['31_60', t('31–60 days late')],
  ['61_90', t('61–90 days late')], ['over_90', t('Over 90 days late')]];

function Statement({ path }) {
  const [acct, setAcct] = useState(null);
  useEffect(() => {
    api('GET', path).then(setAcct, (e) => toast(errText(e)));
  }, [path]);
  if (!acct) return null;
  const kind = { invoice: t('Invoice'), payment: t('Payment'), credit: t('Credit') };
  return html`<table class="list" data-testid="statement"><thead><tr><th>${t('Date')}</th><th></th><th>${t('Reference')}</th>
    <th class="num">${t('Amount')}</th><th class="num">${t('Balance')}</th><th class="num">${t('Open')}</th></tr></thead>
    <tbody>${acct.entries.map((e) => html`<tr><td>${dateTime(e.at)}</td><td>${kind[e.kind]} ${e.number}</td><td>${e.reference}</td>
      <td class="num">${money(e.amount)}</td><td class="num">${money(e.balance)}</td>
      <td class=${`num ${e.days_overdue ? 'neg' : ''}`}>${e.kind === 'invoice' && e.open ? money(e.open) : ''}</td></tr>`)}</tbody></table>`;
}

// a payment against an account: method, amount, reference
function Pay({ path, onPaid, label }) {
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState('bank');
  const [ref, setRef] = useState('');
  const problems = useProblems({ BAD_AMOUNT: 'amount', OVERPAID: 'amount' });
  const pay = async (e) => {
    e.preventDefault();
    const v = parseMoney(amount);
    if (!v) return problems.say('amount', t('Give the amount'));
    try {
      const r = await api('POST', path, { method, amount: v, reference: ref || undefined });
      toast(t('{number} recorded', { number: r.number }), 'ok');
      setAmount('');
      setRef('');
      onPaid();
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<form class="grid2" onSubmit=${pay}>
    <label>${t('Amount')}<input name="pay-amount" inputmode="decimal" value=${amount}
      onInput=${(e) => { problems.clear('amount'); setAmount(e.target.value); }} />
      <${Wrong} text=${problems.at('amount')} testid="pay-amount-problem" /></label>
    <label>${t('Paid by')}<select name="pay-method" value=${method} onChange=${(e) => setMethod(e.target.value)}>
      <option value="bank">${t('Bank')}</option><option value="cash">${t('Cash')}</option><option value="card">${t('Card')}</option>
      <option value="other">${t('Other')}</option></select></label>
    <label>${t('Reference')}<input name="pay-reference" maxlength="64" value=${ref} onInput=${(e) => setRef(e.target.value)} /></label>
    <div class="actions"><${Wrong} text=${problems.at('form')} testid="pay-problem" />
      <button type="submit" class="primary">${label}</button></div>
  </form>`;
}

function Parties({ kind, manager }) {
  const suppliers = kind === 'payables';
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(null);
  const [n, setN] = useState(0);
  const load = () => api('GET', `/${kind}`).then((r) => setItems(r.items), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, [n]);
  const changed = () => setN(n + 1);
  const accountPath = (p) => (suppliers ? `/suppliers/${encodeURIComponent(p)}/account` : `/customers/${p}/account`);
  return html`<section class="card" data-testid=${kind}>
    <div class="bar"><h2>${suppliers ? t('Owed to suppliers') : t('Owed by customers')}</h2>
      <button type="button" onClick=${() => download(`/${kind}?format=csv`, `${kind}.csv`).catch((e) => toast(errText(e)))}>
        ${t('Export CSV')}</button></div>
    <table class="list"><thead><tr><th></th><th class="num">${t('Balance')}</th>
      ${AGES().map(([, text]) => html`<th class="num">${text}</th>`)}</tr></thead>
      <tbody>${items.map((a) => html`<tr data-party=${a.party} onClick=${() => setOpen(a.party)} class=${open === a.party ? 'sel' : ''}>
        <td>${a.name} <small>${a.party}</small></td><td class="num"><b>${money(a.balance)}</b></td>
        ${AGES().map(([k]) => html`<td class=${`num ${k !== 'current' && a.ageing[k] ? 'neg' : ''}`}>${a.ageing[k] ? money(a.ageing[k]) : ''}</td>`)}
      </tr>`)}</tbody></table>
    ${open ? html`<div key=${`${open}-${n}`}>
      <${Statement} path=${accountPath(open)} />
      ${suppliers && !manager ? null : html`<${Pay} path=${suppliers ? `/suppliers/${encodeURIComponent(open)}/payments` : `/customers/${open}/payments`}
        onPaid=${changed} label=${suppliers ? t('Pay the supplier') : t('Take a payment')} />`}
    </div>` : null}
    ${suppliers && manager ? html`<${SupplierInvoice} onMade=${changed} />` : null}
    ${!suppliers && manager ? html`<${OpenAccount} onMade=${changed} />` : null}
  </section>`;
}

function SupplierInvoice({ onMade }) {
  const [f, setF] = useState({ supplier: '', reference: '', amount: '', po: '' });
  const problems = useProblems({ UNKNOWN_SUPPLIER: 'supplier', UNKNOWN_PO: 'po', INVOICE_EXISTS: 'reference' });
  const set = (k) => (e) => {
    problems.clear(k);
    setF({ ...f, [k]: e.target.value });
  };
  const add = async (e) => {
    e.preventDefault();
    const amount = parseMoney(f.amount);
    if (!amount) return problems.say('amount', t('Give the amount'));
    try {
      const r = await api('POST', '/supplier-invoices', { supplier: f.supplier, reference: f.reference, amount, po: f.po || undefined });
      toast(t('{number} recorded', { number: r.number }), 'ok');
      setF({ supplier: '', reference: '', amount: '', po: '' });
      onMade();
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<form class="grid2" onSubmit=${add}>
    <h3>${t('A supplier invoice')}</h3>
    <label>${t('Supplier')}<input name="inv-supplier" required maxlength="32" value=${f.supplier} onInput=${set('supplier')} />
      <${Wrong} text=${problems.at('supplier')} testid="inv-supplier-problem" /></label>
    <label>${t('Their invoice number')}<input name="inv-reference" required maxlength="64" value=${f.reference} onInput=${set('reference')} />
      <${Wrong} text=${problems.at('reference')} testid="inv-reference-problem" /></label>
    <label>${t('Amount')}<input name="inv-amount" inputmode="decimal" required value=${f.amount} onInput=${set('amount')} />
      <${Wrong} text=${problems.at('amount')} testid="inv-amount-problem" /></label>
    <label>${t('Purchase order (optional)')}<input name="inv-po" maxlength="24" value=${f.po} onInput=${set('po')} />
      <${Wrong} text=${problems.at('po')} testid="inv-po-problem" /></label>
    <div class="actions"><${Wrong} text=${problems.at('form')} testid="inv-problem" />
      <button type="submit">${t('Record the invoice')}</button></div>
  </form>`;
}

// a customer's credit on account, found by name or phone
function OpenAccount({ onMade }) {
  const [who, setWho] = useState(null);
  const [limit, setLimit] = useState('');
  const [terms, setTerms] = useState('30');
  const problems = useProblems();
  const save = async (e) => {
    e.preventDefault();
    const credit = parseMoney(limit);
    if (!who || credit === null) return problems.say('form', t('Pick a customer and give the credit limit'));
    try {
      await api('PATCH', `/customers/${who.id}`, { credit_limit: credit, terms_days: Number(terms) || 0 });
      toast(t('{name} may buy on account', { name: who.name }), 'ok');
      setWho(null);
      setLimit('');
      onMade();
    } catch (err) {
      problems.fail(err);
    }
  };
  return html`<form class="grid2" onSubmit=${save}>
    <h3>${t('Credit on account')}</h3>
    <label>${t('Customer')}<${CustomerPick} name="acct-customer" who=${who} onPick=${setWho} /></label>
    <label>${t('Credit limit')}<input name="acct-limit" inputmode="decimal" value=${limit} onInput=${(e) => setLimit(e.target.value)} /></label>
    <label>${t('Days to pay')}<input name="acct-terms" inputmode="numeric" value=${terms} onInput=${(e) => setTerms(e.target.value)} /></label>
    <div class="actions"><${Wrong} text=${problems.at('form')} testid="acct-problem" />
      <button type="submit">${t('Save')}</button></div>
  </form>`;
}

export function Accounts({ session }) {
  const manager = session.role !== 'cashier';
  return html`<div class="accounts">
    <${Parties} kind="receivables" manager=${manager} />
    ${manager ? html`<${Parties} kind="payables" manager=${manager} />` : null}
  </div>`;
}
