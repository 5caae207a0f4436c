// Find a product by name (Chinese too), SKU or barcode, as the cashier types.
import { html, useState, useRef } from './lib.js';
import { api } from './api.js';
import { t, money, errText } from './i18n.js';

// a GTIN or a store's digits, or a GS1 label: with its symbology identifier (]C1, ]e0,
// ]d2, ]Q3), typed with its AIs in brackets, or 01 and its GTIN and more
const isCode = (s) => /^\d{6,14}$/.test(s) || /^\][A-Za-z]\d\S+$/.test(s) || /^\(\d{2,4}\)\S+$/.test(s) || /^01\d{14}\S*$/.test(s);

// onQty(text): a quantity typed, then '*': the next line's that is typed or picked here, as
// on a till's keyboard (a scanner's code goes to posd straight, not through the page)
export function Search({ inputRef, onBarcode, onPick, onPay, onQty, limit = 8, placeholder }) {
  const [text, setText] = useState('');
  const [results, setResults] = useState([]);
  const [hi, setHi] = useState(-1);
  // what the box says under it when it has no list: nothing found, or why it could not ask
  const [note, setNote] = useState(null);
  const timer = useRef(null);
  const latest = useRef('');

  // asked as the text changes, a moment after the last key; an answer to older text is
  // dropped
  const edit = (value) => {
    const q = value.trim();
    setText(value);
    latest.current = q;
    clearTimeout(timer.current);
    setNote(null);
    if (!q) return setResults([]);
    timer.current = setTimeout(() => {
      api('GET', `/products?q=${encodeURIComponent(q)}&limit=${limit}`, undefined, { retries: 0 }).then(
        (r) => {
          if (latest.current !== q) return;
          setResults(r.items);
          setHi(r.items.length ? 0 : -1);
          setNote(r.items.length || isCode(q) ? null : { text: t('Nothing found for “{q}”', { q }) });
        },
        (e) => {
          if (latest.current !== q) return;
          setResults([]);
          setNote({ text: errText(e), error: true });
        },
      );
    }, 150);
  };

  const pick = (p) => {
    edit('');
    onPick(p);
  };
  const onKeyDown = (e) => {
    const q = text.trim();
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && q) {
      e.preventDefault();
      if (results.length) setHi((i) => (i + (e.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
    } else if (e.key === 'Escape') {
      edit('');
    } else if (e.key === '*' && onQty && /^[\d.,]{1,7}$/.test(q)) {
      e.preventDefault();
      edit('');
      onQty(q);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!q) return onPay && onPay();
      // a typed barcode goes the way a scanned one does
      if (isCode(q) && onBarcode) {
        edit('');
        return onBarcode(q);
      }
      if (results[hi]) return pick(results[hi]);
    }
  };
  return html`<div class="search">
    <input name="search" type="search" ref=${inputRef} value=${text} autocomplete="off"
      placeholder=${placeholder || t('Search name, SKU or barcode (F2)')}
      onInput=${(e) => edit(e.target.value)} onKeyDown=${onKeyDown} />
    ${results.length ? html`<ul class="results" role="listbox" data-testid="search-results">
      ${results.map(
        (p, i) => html`<li role="option" aria-selected=${i === hi} class=${i === hi ? 'hi' : ''}>
          <button type="button" onClick=${() => pick(p)} disabled=${!p.active}>
            <span class="name">${p.name}${p.spec ? html` <small>${p.spec}</small>` : null}</span>
            <span class="sku">${p.sku}</span><b>${money(p.price)}${p.measured ? `/${p.unit}` : ''}</b></button></li>`,
      )}</ul>` : null}
    ${!results.length && note ? html`<p class=${`results note${note.error ? ' error' : ''}`} role=${note.error ? 'alert' : 'status'}
      data-testid="search-note">${note.text}</p>` : null}
  </div>`;
}
