// Who the sale is for: found by name or phone, or registered on the spot.
import { html, useState, useEffect } from './lib.js';
import { api } from './api.js';
import { t, errText } from './i18n.js';
import { Modal, toast } from './ui.js';

export function CustomerDialog({ onPick, onClose }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState([]);
  const [adding, setAdding] = useState(false);
  const [f, setF] = useState({ name: '', phone: '' });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () =>
        api('GET', `/customers?limit=10&q=${encodeURIComponent(q.trim())}`).then(
          (r) => live && setItems(r.items),
          (e) => live && toast(errText(e)),
        ),
      150,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const add = async (e) => {
    e.preventDefault();
    try {
      onPick(await api('POST', '/customers', { name: f.name.trim(), phone: f.phone.trim() || undefined }));
    } catch (err) {
      toast(errText(err));
    }
  };
  return html`<${Modal} title=${t('Customer')} onClose=${onClose}>
    ${adding
      ? html`<form class="new-customer" onSubmit=${add}>
          <label>${t('Name')}<input name="customer-name" required maxlength="200" autofocus value=${f.name}
            onInput=${(e) => setF({ ...f, name: e.target.value })} /></label>
          <label>${t('Phone')}<input name="customer-phone" inputmode="tel" maxlength="32" value=${f.phone}
            onInput=${(e) => setF({ ...f, phone: e.target.value })} /></label>
          <div class="actions"><button type="button" onClick=${() => setAdding(false)}>${t('Back')}</button>
            <button type="submit" class="primary">${t('Add and attach')}</button></div>
        </form>`
      : html`<input name="customer-search" type="search" autofocus value=${q} placeholder=${t('Name or phone')}
          onInput=${(e) => setQ(e.target.value)} />
        <ul class="picks" data-testid="customers">${items.map(
          (c) => html`<li><button type="button" class="pick" onClick=${() => onPick(c)}>
            <span>${c.name}</span><span>${c.phone}</span><span></span></button></li>`,
        )}</ul>
        <div class="actions"><button type="button" onClick=${() => setAdding(true)}>${t('New customer')}</button></div>`}
  <//>`;
}
