// The cashier's screen: the open ticket, scans and search, the keypad, and payment.
import { html, useState, useEffect, useRef } from './lib.js';
import { api } from './api.js';
import { t, money, qty, errText, parseMoney, parseQty, timeOf } from './i18n.js';
import { useEvents } from './bus.js';
import { Keypad, Modal, typeKey, useApproval, useConfirm, useKeydown, keepFocus, useField, Wrong } from './ui.js';
import { Pay, Done } from './pay.js';
import { Search } from './search.js';
import { CustomerDialog } from './customer.js';
import { Open } from './shift.js';
import { TourOffer } from './tour.js';

function Lines({ ticket, selected, onSelect, session }) {
  const ref = useRef(null);
  const [, redraw] = useState(0);
  useEffect(() => {
    const el = ref.current && ref.current.querySelector('tr.sel');
    if (el) el.scrollIntoView({ block: 'nearest' });
  }, [selected, ticket]);
  if (!ticket || !ticket.lines.length)
    return html`<div class="empty"><span data-testid="empty-ticket">${t('Scan an item or search for it')}</span>
      <${TourOffer} session=${session} onChange=${() => redraw((n) => n + 1)} /></div>`;
  return html`<div class="lines" ref=${ref}><table data-testid="lines">
    <thead><tr><th>${t('Item')}</th><th class="num">${t('Qty')}</th><th class="num">${t('Price')}</th>
      <th class="num">${t('Amount')}</th></tr></thead>
    <tbody>${ticket.lines.map(
      (l) => html`<tr key=${l.line} class=${l.line === selected ? 'sel' : ''} onClick=${() => onSelect(l.line)}
          data-line=${l.line}>
        <td>${l.name}${l.spec ? html` <small class="spec">${l.spec}</small>` : null}${l.price_overridden
          ? html` <span class="tag">${t('price changed')}</span>` : null}
          ${l.discount_amount ? html`<div class="sub">${t('Discount')} −${money(l.discount_amount)}</div>` : null}</td>
        <td class="num">${qty(l.qty)} ${l.unit !== 'pcs' ? l.unit : ''}</td>
        <td class="num">${money(l.unit_price)}${l.measured ? `/${l.unit}` : ''}</td>
        <td class="num">${money(l.amount)}</td>
      </tr>`,
    )}</tbody></table></div>`;
}

// What went wrong, beside what caused it: it stays until the next thing works, or what
// caused it is changed
function Problem({ problem, at }) {
  return html`<${Wrong} text=${problem && problem.at === at ? problem.text : null} testid=${`${at}-problem`} />`;
}

function Totals({ ticket }) {
  if (!ticket) return null;
  return html`<dl class="totals">
    <dt>${t('Subtotal')}</dt><dd>${money(ticket.subtotal)}</dd>
    ${ticket.discount_total ? html`<dt>${t('Discounts')}</dt><dd>−${money(ticket.discount_total)}</dd>` : null}
    <dt>${t('Tax included')}</dt><dd>${money(ticket.tax)}</dd>
    <dt class="total">${t('Total')}</dt><dd class="total" data-testid="total">${money(ticket.total)}</dd>
  </dl>`;
}

function DiscountDialog({ target, onSave, onClose }) {
  const [text, edit, wrong, setWrong] = useField();
  const [kind, setKind] = useState('percent');
  const save = (e) => {
    e.preventDefault();
    if (!text) return onSave(null);
    if (kind === 'percent') {
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return setWrong(t('A percentage, like 10 or 12.5'));
      return onSave({ percent: Number(text) });
    }
    const amount = parseMoney(text);
    if (amount === null) return setWrong(t('An amount, like 5 or 2.50'));
    return onSave({ amount });
  };
  return html`<${Modal} title=${target === 'ticket' ? t('Discount on the whole ticket') : t('Discount on the line')}
      onClose=${onClose}>
    <form onSubmit=${save} class="discount">
      <div class="seg" role="radiogroup">
        <button type="button" class=${kind === 'percent' ? 'on' : ''} onClick=${() => setKind('percent')}>%</button>
        <button type="button" class=${kind === 'amount' ? 'on' : ''} onClick=${() => setKind('amount')}>${t('Amount')}</button>
      </div>
      <input name="discount" value=${text} inputmode="decimal" autofocus aria-invalid=${!!wrong}
        onInput=${(e) => edit(e.target.value)} />
      <${Wrong} text=${wrong} />
      <${Keypad} onKey=${(k) => edit(typeKey(text, k))} />
      <p class="hint">${t('Leave empty to remove the discount.')}</p>
      <div class="actions"><button type="submit" class="primary">${t('Apply')}</button></div>
    </form>
  <//>`;
}

// How much of what is sold by weight, typed or from the keypad: a search cannot know
function Weigh({ product, onWeighed, onClose }) {
  const [text, edit, wrong, setWrong] = useField();
  const save = (e) => {
    e.preventDefault();
    const q = parseQty(text);
    if (q === null) return setWrong(t('A weight, like 0.75'));
    return onWeighed(q);
  };
  return html`<${Modal} title=${t('Weight of {name}', { name: product.name })} onClose=${onClose}>
    <form onSubmit=${save} class="weigh">
      <p>${money(product.price)}/${product.unit}</p>
      <label>${t('Weight ({unit})', { unit: product.unit })}
        <input name="weight" value=${text} inputmode="decimal" autofocus aria-invalid=${!!wrong}
          onInput=${(e) => edit(e.target.value)} /></label>
      <${Wrong} text=${wrong} />
      <${Keypad} onKey=${(k) => edit(typeKey(text, k))} />
      <div class="actions"><button type="submit" class="primary">${t('Add')}</button></div>
    </form>
  <//>`;
}

function Suspended({ onResume, onClose }) {
  const [items, setItems] = useState(null);
  useEffect(() => {
    api('GET', '/tickets?state=suspended').then((r) => setItems(r.items), (e) => setItems({ error: errText(e) }));
  }, []);
  return html`<${Modal} title=${t('Suspended tickets')} onClose=${onClose}>
    ${items === null ? html`<p>…</p>` : items.error ? html`<${Wrong} text=${items.error} />`
      : !items.length ? html`<p>${t('No suspended tickets')}</p>` : html`<ul class="picks">
      ${items.map(
        (x) => html`<li><button type="button" class="pick" onClick=${() => onResume(x.id)}>
          <span>${timeOf(x.updated_at)} · ${x.user}</span><span>${t('{n} lines', { n: x.lines })}</span>
          <b>${money(x.total)}</b></button></li>`,
      )}</ul>`}
  <//>`;
}

export function Checkout({ session, shift, devices, reloadShift }) {
  const [ticket, setTicket] = useState(null);
  const [selected, setSelected] = useState(null);
  const [entry, setEntry] = useState('');
  const [dialog, setDialog] = useState(null); // 'pay' | 'discount-line' | 'discount-ticket' | 'suspended'
  const [done, setDone] = useState(null);
  // on a narrow screen the keypad and the actions fold away under the ticket
  const [tools, setTools] = useState(false);
  // what went wrong last, and where: 'entry' (the keypad's), 'scan' (a scan or a search),
  // 'ticket'
  const [problem, setProblem] = useState(null);
  const say = (text, at = 'ticket') => setProblem({ text, at });
  const queue = useRef(Promise.resolve());
  const [approve, approvalDialog] = useApproval();
  const [confirmIt, confirmDialog] = useConfirm();
  const searchRef = useRef(null);
  const ticketRef = useRef(null);
  ticketRef.current = ticket;

  const show = (tk) => {
    setTicket(tk && tk.state === 'open' ? tk : null);
    if (tk && tk.lines.length && (!selected || !tk.lines.some((l) => l.line === selected)))
      setSelected(tk.lines[tk.lines.length - 1].line);
  };
  const load = () =>
    api('GET', '/tickets/current').then(show, (e) => (e.code === 'NO_OPEN_TICKET' ? show(null) : say(errText(e))));
  // how many tickets wait, put aside, on the Resume button
  const [waiting, setWaiting] = useState(0);
  const countWaiting = () => api('GET', '/tickets?state=suspended').then((r) => setWaiting(r.items.length), () => {});
  useEffect(() => {
    if (shift) {
      load();
      countWaiting();
    }
  }, [shift && shift.id]);

  useEvents((type, data) => {
    const cur = ticketRef.current;
    if (type === 'ticket') {
      if (data.state === 'suspended' || data.state === 'open') countWaiting();
      if (data.partial) load();
      else if (data.state === 'open') {
        show(data);
        if (!cur || cur.id !== data.id || data.lines.length > cur.lines.length)
          setSelected(data.lines.length ? data.lines[data.lines.length - 1].line : null);
      } else if (cur && cur.id === data.id) show(null);
    } else if (type === 'scan') {
      if (!data.ok) return say(`${data.code}: ${errText({ code: data.error, message: data.message })}`, 'scan');
      setProblem(null);
    } else if (type === 'reconnected') load();
  });

  // one request at a time, in the order the keys came: none is dropped; an error is shown
  // where it came from (at) and nothing else changes
  const act = (fn, at = 'ticket') => {
    queue.current = queue.current.then(async () => {
      try {
        const r = await fn();
        if (r && r.lines) show(r);
        setProblem(null);
        return r;
      } catch (e) {
        say(errText(e), at);
        return null;
      }
    });
    return queue.current;
  };
  // the quantity typed on the keypad (or given), or null and said why beside it
  const entered = (text = entry) => {
    const q = parseQty(text);
    if (q === null) say(t('A quantity, like 2 or 0.75'), 'entry');
    setEntry('');
    return q;
  };

  const ensureTicket = async () => {
    if (ticketRef.current) return ticketRef.current;
    try {
      return await api('POST', '/tickets');
    } catch (e) {
      if (e.code === 'TICKET_ALREADY_OPEN') return api('GET', '/tickets/current');
      throw e;
    }
  };
  // a line: of the quantity typed first, if any
  const add = (what) => {
    const body = { ...what };
    if (entry) {
      const q = entered();
      if (q === null) return null;
      body.qty = q;
    }
    return act(async () => {
      const tk = await ensureTicket();
      const r = await api('POST', `/tickets/${tk.id}/lines`, body);
      setSelected(r.lines.length ? r.lines[r.lines.length - 1].line : null);
      return r;
    }, 'scan');
  };
  // picked from the search: what is sold by weight asks for it first, unless typed already
  const pick = (p) => (p.measured && !entry ? setDialog({ weigh: p }) : add({ sku: p.sku }));

  const line = () => ticket && ticket.lines.find((l) => l.line === selected);
  const needLine = () => {
    if (line()) return true;
    say(t('Pick a line first'));
    return false;
  };
  // a quantity typed on the keypad, or on the keyboard into the search box ("3", then F3)
  const setQty = () => {
    if (!needLine()) return;
    let text = entry;
    const box = searchRef.current;
    if (!text && box && /^[\d.,]{1,7}$/.test(box.value.trim())) {
      text = box.value.trim();
      box.value = '';
      box.dispatchEvent(new Event('input', { bubbles: true })); // the search box's own state too
    }
    if (!text) return say(t('Type the quantity on the keypad first'), 'entry');
    const q = entered(text);
    if (q === null) return;
    act(() =>
      approve(t('A new quantity under an approval'), (approved_by) =>
        api('PATCH', `/tickets/${ticket.id}/lines/${selected}`, { qty: q, approved_by }),
      ),
    );
  };
  const voidLine = () => {
    if (!needLine()) return;
    act(() => api('DELETE', `/tickets/${ticket.id}/lines/${selected}`));
  };
  const overridePrice = () => {
    if (!needLine()) return;
    const price = parseMoney(entry);
    setEntry('');
    if (price === null) return say(t('Type the new price on the keypad first'), 'entry');
    const l = line();
    act(() =>
      approve(t('Change the price of {name} to {price}', { name: l.name, price: money(price) }), (approved_by) =>
        api('PATCH', `/tickets/${ticket.id}/lines/${selected}`, { price, approved_by }),
      ),
    );
  };
  const discount = (target, d) => {
    setDialog(null);
    const path = target === 'ticket' ? `/tickets/${ticket.id}` : `/tickets/${ticket.id}/lines/${selected}`;
    act(() => approve(t('A discount above the limit'), (approved_by) => api('PATCH', path, { discount: d, approved_by })));
  };
  const suspend = () => ticket && act(() => api('POST', `/tickets/${ticket.id}/suspend`).then(() => show(null)));
  const voidTicket = () => {
    if (ticket)
      confirmIt(t('Void the whole ticket?'), t('Void ticket')).then(
        (yes) => yes && act(() => api('DELETE', `/tickets/${ticket.id}`).then(() => show(null))),
      );
  };
  const resume = (id) => {
    setDialog(null);
    act(async () => {
      const cur = ticketRef.current;
      if (cur && !cur.lines.length) await api('DELETE', `/tickets/${cur.id}`);
      else if (cur) await api('POST', `/tickets/${cur.id}/suspend`);
      return api('POST', `/tickets/${id}/resume`);
    });
  };
  const attach = (c) => {
    setDialog(null);
    act(async () => {
      const tk = await ensureTicket();
      return api('PATCH', `/tickets/${tk.id}`, { customer: c ? c.id : null });
    });
  };
  const pay = () => {
    if (!ticket || !ticket.lines.length) return say(t('The ticket has no items'));
    setDialog('pay');
  };

  const move = (d) => {
    if (!ticket || !ticket.lines.length) return;
    const i = ticket.lines.findIndex((l) => l.line === selected);
    const j = Math.max(0, Math.min(ticket.lines.length - 1, (i < 0 ? ticket.lines.length : i) + d));
    setSelected(ticket.lines[j].line);
  };
  const keys = {
    F2: () => searchRef.current && searchRef.current.focus(),
    F3: setQty,
    F4: voidLine,
    F5: () => needLine() && setDialog('discount-line'),
    F6: overridePrice,
    F7: suspend,
    F8: () => setDialog('suspended'),
    F12: pay,
    Delete: voidLine,
    ArrowUp: () => move(-1),
    ArrowDown: () => move(1),
  };
  useKeydown((e) => {
    if (document.querySelector('.overlay') || done || !shift) return;
    const tag = e.target.tagName;
    const inSearch = e.target.name === 'search';
    if ((tag === 'INPUT' || tag === 'SELECT') && !inSearch) return;
    // in a search box with text, Delete and the arrows edit it and pick among results;
    // empty, they work the lines
    const editing = inSearch && e.target.value && (e.key === 'Delete' || e.key.startsWith('Arrow'));
    if (keys[e.key] && !editing) {
      e.preventDefault();
      keys[e.key]();
    } else if (e.key === 'Enter' && !inSearch && tag !== 'BUTTON' && tag !== 'A') {
      e.preventDefault();
      pay();
    }
  });

  if (!shift)
    return html`<div class="noshift"><p>${t('No shift is open on this lane: open one first')}</p>
      <${Open} onOpened=${reloadShift} /></div>`;
  if (done)
    return html`<${Done} sale=${done} devices=${devices} onNext=${() => {
      setDone(null);
      searchRef.current && searchRef.current.focus();
    }} />`;

  const onEntryKey = (k) => {
    if (problem && problem.at === 'entry') setProblem(null);
    setEntry((x) => typeKey(x, k, 14));
  };
  return html`<div class=${`checkout${tools ? ' tools-open' : ''}`}>
    <div class="find">
      <${Search} inputRef=${searchRef} onBarcode=${(code) => add({ barcode: code })} onPick=${pick} onPay=${pay}
        onQty=${(q) => {
          setProblem(null);
          setEntry(q);
        }} />
      <${Problem} problem=${problem} at="scan" />
    </div>
    <section class="ticket">
      ${ticket && ticket.customer ? html`<div class="customer" data-testid="ticket-customer">
        ${t('Customer')}: <b>${ticket.customer.name}</b> ${ticket.customer.phone}
        <button type="button" class="small" aria-label=${t('Remove')} onClick=${() => attach(null)}>×</button></div>` : null}
      <${Lines} ticket=${ticket} selected=${selected} onSelect=${setSelected} session=${session} />
      <${Problem} problem=${problem} at="ticket" />
      <${Totals} ticket=${ticket} />
      <button type="button" class="primary pay" data-testid="pay" onClick=${pay} disabled=${!ticket || !ticket.lines.length}>
        ${t('Pay')} ${ticket ? money(ticket.total) : ''} <kbd>F12</kbd></button>
    </section>
    <button type="button" class="tools-toggle" aria-expanded=${tools} onClick=${() => setTools((x) => !x)}>
      ${tools ? t('Hide the keypad') : t('Keypad and actions')}</button>
    <section class="side">
      <div class="entry" data-testid="entry" aria-label=${t('Keypad entry')}>${entry || ' '}</div>
      <${Problem} problem=${problem} at="entry" />
      <${Keypad} label=${t('Quantity keypad')} onKey=${onEntryKey} />
      <div class="actions grid" onMouseDown=${keepFocus}>
        <button type="button" onClick=${setQty}>${t('Quantity')} <kbd>F3</kbd></button>
        <button type="button" onClick=${voidLine}>${t('Void line')} <kbd>F4</kbd></button>
        <button type="button" onClick=${() => needLine() && setDialog('discount-line')}>${t('Line discount')} <kbd>F5</kbd></button>
        <button type="button" onClick=${overridePrice}>${t('Price')} <kbd>F6</kbd></button>
        <button type="button" onClick=${() => ticket && setDialog('discount-ticket')}>${t('Ticket discount')}</button>
        <button type="button" onClick=${suspend}>${t('Suspend')} <kbd>F7</kbd></button>
        <button type="button" onClick=${() => setDialog('suspended')} data-testid="resume">${t('Resume')}
          ${waiting ? html`<span class="badge" aria-label=${t('{n} waiting', { n: waiting })}>${waiting}</span>` : null}
          <kbd>F8</kbd></button>
        <button type="button" onClick=${voidTicket}>${t('Void ticket')}</button>
        <button type="button" onClick=${() => setDialog('customer')}>${t('Customer')}</button>
      </div>
    </section>
    ${dialog === 'pay' && ticket
      ? html`<${Pay} ticket=${ticket} onTicket=${show} onClose=${() => setDialog(null)}
          onDone=${(sale) => {
            setDialog(null);
            setTicket(null);
            setDone(sale);
          }} />`
      : null}
    ${dialog === 'discount-line' ? html`<${DiscountDialog} target="line" onSave=${(d) => discount('line', d)}
        onClose=${() => setDialog(null)} />` : null}
    ${dialog === 'discount-ticket' ? html`<${DiscountDialog} target="ticket" onSave=${(d) => discount('ticket', d)}
        onClose=${() => setDialog(null)} />` : null}
    ${dialog === 'customer' ? html`<${CustomerDialog} onPick=${attach} onClose=${() => setDialog(null)} />` : null}
    ${dialog === 'suspended' ? html`<${Suspended} onResume=${resume} onClose=${() => setDialog(null)} />` : null}
    ${dialog && dialog.weigh ? html`<${Weigh} product=${dialog.weigh} onClose=${() => setDialog(null)}
        onWeighed=${(q) => {
          setDialog(null);
          act(async () => {
            const tk = await ensureTicket();
            const r = await api('POST', `/tickets/${tk.id}/lines`, { sku: dialog.weigh.sku, qty: q });
            setSelected(r.lines.length ? r.lines[r.lines.length - 1].line : null);
            return r;
          }, 'scan');
        }} />` : null}
    ${approvalDialog}${confirmDialog}
  </div>`;
}
