// A customer found by name or phone as it is typed, picked from a short list.
import { html, useState } from '../lib.js';
import { api } from '../api.js';

export function CustomerPick({ name, who, onPick }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState([]);
  const search = (v) => {
    setQ(v);
    onPick(null);
    if (v.trim()) api('GET', `/customers?q=${encodeURIComponent(v.trim())}&limit=5`).then((r) => setFound(r.items), () => setFound([]));
  };
  return html`<input name=${name} value=${who ? who.name : q} onInput=${(e) => search(e.target.value)} />
    ${!who && found.length ? html`<ul class="picks">${found.map((c) => html`<li><button type="button" onClick=${() => onPick(c)}>
      ${c.name} <small>${c.phone}</small></button></li>`)}</ul>` : null}`;
}
