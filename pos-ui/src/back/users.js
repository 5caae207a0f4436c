// Back office: who may sign in, and as what. Managers see the list and put a user in
// training (what they do from their next sign-in reaches nothing of the store); admins
// change the rest.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { t, errText } from '../i18n.js';
import { toast, Modal, Wrong } from '../ui.js';

const ROLES = ['cashier', 'manager', 'admin'];

function NewUser({ onAdded }) {
  const [f, setF] = useState({ name: '', role: 'cashier', pin: '' });
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  const add = async (e) => {
    e.preventDefault();
    try {
      const u = await api('POST', '/users', f);
      toast(t('{name} can sign in now', { name: u.name }), 'ok');
      setF({ name: '', role: 'cashier', pin: '' });
      onAdded();
    } catch (err) {
      toast(errText(err));
    }
  };
  return html`<form class="card new-user" onSubmit=${add}>
    <h3>${t('New user')}</h3>
    <label>${t('Name')}<input name="new-name" value=${f.name} required maxlength="64" onInput=${set('name')} /></label>
    <label>${t('Role')}<select name="new-role" value=${f.role} onChange=${set('role')}>
      ${ROLES.map((r) => html`<option value=${r}>${t(r)}</option>`)}</select></label>
    <label>${t('PIN (4 to 12 digits)')}<input name="new-pin" type="password" inputmode="numeric" required
      pattern="[0-9]{4,12}" value=${f.pin} onInput=${set('pin')} /></label>
    <button type="submit" class="primary">${t('Add user')}</button>
  </form>`;
}

// an admin gives a user a new PIN, in the till's own dialog; what is wrong shows beside it
function NewPin({ name, onClose, onSaved }) {
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    try {
      await api('PATCH', `/users/${encodeURIComponent(name)}`, { pin });
      toast(t('Saved'), 'ok');
      onSaved();
    } catch (err) {
      setWrong(errText(err));
    }
  };
  return html`<${Modal} title=${t('New PIN for {name} (4 to 12 digits)', { name })} onClose=${onClose}>
    <form onSubmit=${save}>
      <label>${t('PIN (4 to 12 digits)')}<input name="new-user-pin" type="password" inputmode="numeric" required
        pattern="[0-9]{4,12}" autofocus value=${pin} onInput=${(e) => { setPin(e.target.value); setWrong(null); }} /></label>
      <${Wrong} text=${wrong} testid="pin-problem" />
      <div class="actions"><button type="button" onClick=${onClose}>${t('Cancel')}</button>
        <button type="submit" class="primary">${t('Save')}</button></div>
    </form>
  <//>`;
}

export function Users({ session }) {
  const [users, setUsers] = useState([]);
  const admin = session.role === 'admin';
  const load = () => api('GET', '/users').then((r) => setUsers(r.items), (e) => toast(errText(e)));
  useEffect(() => {
    load();
  }, []);
  const change = async (name, body) => {
    try {
      await api('PATCH', `/users/${encodeURIComponent(name)}`, body);
      toast(t('Saved'), 'ok');
    } catch (err) {
      toast(errText(err));
    }
    load();
  };
  const training = async (name, on) => {
    try {
      await api('PUT', `/users/${encodeURIComponent(name)}/training`, { training: on });
      toast(on ? t('{name} is in training from their next sign-in', { name }) : t('{name} is out of training from their next sign-in', { name }), 'ok');
    } catch (err) {
      toast(errText(err));
    }
    load();
  };
  const [pinFor, setPinFor] = useState(null);
  return html`<div class="users">
    <table class="list" data-testid="users"><thead><tr><th>${t('Name')}</th><th>${t('Role')}</th>
      <th>${t('Access')}</th><th>${t('Training')}</th><th></th></tr></thead>
      <tbody>${users.map((u) => html`<tr data-user=${u.name} class=${u.active ? '' : 'inactive'}>
        <td>${u.name}</td>
        <td>${admin
          ? html`<select aria-label=${t('Role')} value=${u.role} onChange=${(e) => change(u.name, { role: e.target.value })}>
              ${ROLES.map((r) => html`<option value=${r}>${t(r)}</option>`)}</select>`
          : t(u.role)}</td>
        <td>${admin
          ? html`<label class="check"><input type="checkbox" checked=${u.active}
              onChange=${(e) => change(u.name, { active: e.target.checked })} /> ${u.active ? t('may sign in') : t('disabled')}</label>`
          : u.active ? t('may sign in') : t('disabled')}</td>
        <td><label class="check"><input type="checkbox" name="training" checked=${u.training}
          onChange=${(e) => training(u.name, e.target.checked)} /> ${u.training ? t('in training') : t('no')}</label></td>
        <td>${admin ? html`<button type="button" onClick=${() => setPinFor(u.name)}>${t('New PIN')}</button>` : null}</td>
      </tr>`)}</tbody></table>
    ${admin ? html`<${NewUser} onAdded=${load} />` : html`<p class="hint">${t('Only an admin changes users.')}</p>`}
    ${pinFor ? html`<${NewPin} name=${pinFor} onClose=${() => setPinFor(null)} onSaved=${() => {
      setPinFor(null);
      load();
    }} />` : null}
  </div>`;
}
