// The till's shift: open with a float, cash in and out, the X report, and the close with
// a count by denomination that ends in the Z report.
import { html, useState, useEffect } from './lib.js';
import { api } from './api.js';
import { t, money, errText, parseMoney, getStore, dateTime } from './i18n.js';
import { Keypad, toast, typeKey, useApproval, useConfirm } from './ui.js';

// notes and coins in minor units, largest first
function denominations() {
  const { currency, minor_unit } = getStore();
  if (currency === 'CNY') return [10000, 5000, 2000, 1000, 500, 100, 50, 10];
  if (minor_unit === 0) return [10000, 5000, 1000, 500, 100, 50, 10, 5, 1];
  return [10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 1];
}

export function Report({ s }) {
  const row = (label, v, id) => html`<tr><th>${label}</th><td class="num" data-testid=${id}>${money(v)}</td></tr>`;
  return html`<table class="report" data-testid=${s.z ? 'z-report' : 'x-report'}>
    <caption>${s.z ? t('Z report') : t('X report')} · ${t('Shift #{id}', { id: s.id })} · ${t('Lane {lane}', { lane: s.lane })}
      <br /><small>${s.opened_by} · ${dateTime(s.opened_at)}${s.closed_at ? ` – ${dateTime(s.closed_at)}` : ''}</small></caption>
    <tbody>
      ${row(t('Opening float'), s.opening_float)}
      ${row(t('Pay-ins'), s.pay_in)}
      ${row(t('Pay-outs'), s.pay_out)}
      <tr><th>${t('Sales')}</th><td class="num">${s.sales_count}</td></tr>
      <tr><th>${t('Returns')}</th><td class="num">${s.returns_count}</td></tr>
      ${s.blind ? html`<tr><td colspan="2" class="hint" data-testid="blind">
        ${t('The store counts blind: what the drawer should hold is shown once the count is in.')}</td></tr>`
        : html`${row(t('Gross sales'), s.gross, 'gross')}
      ${s.rounding ? row(t('Rounding'), s.rounding) : null}
      ${row(t('Goods returned'), s.goods_returned, 'goods-returned')}
      ${row(t('Money refunded'), s.money_refunded, 'refunds')}
      ${s.kept_on_returns ? row(t('Kept on returns'), s.kept_on_returns, 'kept') : null}
      ${row(t('Net'), s.net, 'net')}
      ${row(t('Tax'), s.tax)}
      ${row(t('Cash'), s.by_method.cash)}
      ${row(t('Card'), s.by_method.card)}
      ${row(t('Other'), s.by_method.other)}
      ${row(t('Expected cash'), s.expected_cash, 'expected')}`}
      ${s.z ? row(t('Counted cash'), s.counted_cash, 'counted') : null}
      ${s.z ? html`<tr class=${s.variance ? 'variance bad' : 'variance'}><th>${t('Variance')}</th>
        <td class="num" data-testid="variance">${money(s.variance)}</td></tr>` : null}
    </tbody></table>`;
}

// The opening float, then onOpened: on the checkout page, which shows it while no shift is
// open, and on this one, which then goes to the checkout.
export function Open({ onOpened }) {
  const [text, setText] = useState('');
  const open = async (e) => {
    e.preventDefault();
    const amount = text ? parseMoney(text) : 0;
    if (amount === null) return toast(t('An amount, like 5 or 2.50'));
    try {
      await api('POST', '/shifts', { opening_float: amount });
      toast(t('Shift opened'), 'ok');
      onOpened();
    } catch (err) {
      toast(errText(err));
    }
  };
  return html`<form class="card open-shift" onSubmit=${open}>
    <h2>${t('Open a shift')}</h2>
    <label>${t('Opening float (cash in the drawer)')}
      <input name="float" inputmode="decimal" value=${text} autofocus onInput=${(e) => setText(e.target.value)} /></label>
    <${Keypad} onKey=${(k) => setText((x) => typeKey(x, k))} />
    <button type="submit" class="primary big">${t('Open shift')}</button>
  </form>`;
}

function CashMove({ reload }) {
  const [kind, setKind] = useState('pay_out');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [approve, approvalDialog] = useApproval();
  const save = async (e) => {
    e.preventDefault();
    const a = parseMoney(amount);
    if (!a) return toast(t('An amount, like 5 or 2.50'));
    if (!reason.trim()) return toast(t('Say what the cash is for'));
    try {
      // cash out of the drawer is a manager's to say
      const r = await approve(t('A pay-out from the drawer'), (approved_by) =>
        api('POST', '/cash-movements', { kind, amount: a, reason: reason.trim(), approved_by }),
      );
      if (!r) return;
      toast(t('{number} recorded', { number: r.number }), 'ok');
      setAmount('');
      setReason('');
      reload();
    } catch (err) {
      toast(errText(err));
    }
  };
  return html`<form class="card cash-move" onSubmit=${save}>
    <h3>${t('Pay-in / pay-out')}</h3>
    <div class="seg">
      <button type="button" class=${kind === 'pay_in' ? 'on' : ''} onClick=${() => setKind('pay_in')}>${t('Pay-in')}</button>
      <button type="button" class=${kind === 'pay_out' ? 'on' : ''} onClick=${() => setKind('pay_out')}>${t('Pay-out')}</button>
    </div>
    <input name="move-amount" inputmode="decimal" placeholder=${t('Amount')} value=${amount}
      onInput=${(e) => setAmount(e.target.value)} />
    <input name="move-reason" maxlength="200" placeholder=${t('Reason')} value=${reason}
      onInput=${(e) => setReason(e.target.value)} />
    <button type="submit">${t('Record')}</button>
  </form>${approvalDialog}`;
}

function Count({ shift, onClosed }) {
  const [counts, setCounts] = useState({});
  const [busy, setBusy] = useState(false);
  const [confirmIt, confirmDialog] = useConfirm();
  const counted = denominations().reduce((sum, d) => sum + d * (Number(counts[d]) || 0), 0);
  const variance = counted - shift.expected_cash;
  const close = async () => {
    if (!(await confirmIt(t('Close the shift with {counted} counted?', { counted: money(counted) }), t('Close shift'))))
      return;
    setBusy(true);
    try {
      onClosed(await api('POST', '/shifts/current/close', { counted_cash: counted }));
    } catch (err) {
      toast(errText(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="card count">
    <h3>${t('Close the shift: count the drawer')}</h3>
    <table><tbody>${denominations().map((d) => html`<tr>
      <th>${money(d)}</th>
      <td><input name=${`count-${d}`} type="number" min="0" max="99999" step="1" inputmode="numeric"
        value=${counts[d] || ''} aria-label=${t('How many of {d}', { d: money(d) })}
        onInput=${(e) => setCounts((c) => ({ ...c, [d]: e.target.value.replace(/\D/g, '').slice(0, 5) }))} /></td>
      <td class="num">${money(d * (Number(counts[d]) || 0))}</td></tr>`)}</tbody>
      <tfoot>
        <tr><th colspan="2">${t('Counted')}</th><td class="num" data-testid="counted-live">${money(counted)}</td></tr>
        ${shift.blind ? null : html`<tr><th colspan="2">${t('Expected')}</th><td class="num">${money(shift.expected_cash)}</td></tr>
          <tr class=${variance ? 'variance bad' : 'variance'}><th colspan="2">${t('Variance')}</th>
            <td class="num" data-testid="variance-live">${money(variance)}</td></tr>`}
      </tfoot></table>
    <button type="button" class="primary big" disabled=${busy} onClick=${close}>${t('Close shift')}</button>
    ${confirmDialog}
  </section>`;
}

const printReport = (id) =>
  api('POST', `/shifts/${id}/print`).then(
    () => toast(t('Sent to the receipt printer'), 'ok'),
    (e) => toast(errText(e)),
  );

export function Shift({ shift, reloadShift, go }) {
  const [z, setZ] = useState(null);
  useEffect(() => {
    reloadShift();
  }, []);
  if (z)
    return html`<div class="shift-page z">
      <${Report} s=${z} />
      <div class="actions">
        <button type="button" onClick=${() => printReport(z.id)}>${t('Print again')}</button>
        <button type="button" class="primary" onClick=${() => setZ(null)}>${t('Done')}</button>
      </div></div>`;
  if (!shift)
    return html`<div class="shift-page"><${Open} onOpened=${() => {
      reloadShift();
      go('checkout');
    }} /></div>`;
  return html`<div class="shift-page">
    <section class="card"><${Report} s=${shift} />
      ${shift.blind ? null : html`<div class="actions">
        <button type="button" onClick=${() => printReport(shift.id)}>${t('Print the X report')}</button></div>`}
    </section>
    <div class="col">
      <${CashMove} reload=${reloadShift} />
      <${Count} shift=${shift} onClosed=${(s) => {
        setZ(s);
        reloadShift();
      }} />
    </div>
  </div>`;
}
