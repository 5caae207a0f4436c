// Back office: the catalogue, searched and paged, with each product editable.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api, upload, download } from '../api.js';
import { t, money, qty, errText, parseMoney, moneyPlain } from '../i18n.js';
import { Modal, toast, Wrong, useProblems } from '../ui.js';

const PAGE = 50;

const NEW_CATEGORY = '\u0000new';

// posd's refusals of a product, by the field at fault
const FIELD_OF = {
  BAD_SKU: 'sku', SKU_EXISTS: 'sku', BAD_PRICE: 'price', BAD_TAX_RATE: 'tax_rate', UNKNOWN_UNIT: 'unit',
  BAD_BARCODE: 'barcodes', BAD_CHECK_DIGIT: 'barcodes', BARCODE_TAKEN: 'barcodes', TOO_MANY_BARCODES: 'barcodes',
  BAD_QUANTITY: 'reorder_point',
};

// the store's categories and tax rates, for the pickers
function useChoices() {
  const [c, setC] = useState({ categories: [], tax_rates: [] });
  useEffect(() => {
    Promise.all([api('GET', '/categories'), api('GET', '/tax-rates')]).then(
      ([a, b]) => setC({ categories: a.categories, tax_rates: b.tax_rates }),
      (e) => toast(errText(e)),
    );
  }, []);
  return c;
}

function Edit({ product, onSaved, onClose }) {
  const isNew = !product.sku;
  const choices = useChoices();
  const [newCategory, setNewCategory] = useState('');
  const [f, setF] = useState({
    sku: product.sku || '',
    name: product.name || '',
    spec: product.spec || '',
    unit: product.unit || 'pcs',
    category: product.category || '',
    price: product.sku ? moneyPlain(product.price) : '',
    tax_rate: product.tax_rate === undefined ? '' : String(product.tax_rate),
    barcodes: (product.barcodes || []).join(' '),
    reorder_point: String(product.reorder_point || 0),
    max_level: String(product.max_level || 0),
    active: product.active !== false,
  });
  const problems = useProblems(FIELD_OF);
  const set = (k) => (e) => {
    problems.clear(k);
    setF({ ...f, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  };
  const save = async (e) => {
    e.preventDefault();
    const price = parseMoney(f.price);
    if (price === null) return problems.say('price', t('An amount, like 5 or 2.50'));
    const body = {
      name: f.name.trim(),
      spec: f.spec.trim(),
      unit: f.unit.trim(),
      category: (f.category === NEW_CATEGORY ? newCategory : f.category).trim() || undefined,
      price,
      tax_rate: f.tax_rate === '' ? undefined : Number(f.tax_rate),
      barcodes: f.barcodes.split(/[\s,]+/).filter(Boolean),
      reorder_point: Number(f.reorder_point) || 0,
      max_level: Number(f.max_level) || 0,
      active: f.active,
    };
    try {
      const p = isNew
        ? await api('POST', '/products', { sku: f.sku.trim(), ...body })
        : await api('PUT', `/products/${encodeURIComponent(product.sku)}`, body);
      toast(t('Saved {sku}', { sku: p.sku }), 'ok');
      onSaved(p);
    } catch (err) {
      problems.fail(err);
    }
  };
  const defaultRate = choices.tax_rates.find((r) => r.default);
  const field = (k, label, attrs = {}) => html`<label>${label}<input name=${k} value=${f[k]} onInput=${set(k)} ...${attrs} />
    <${Wrong} text=${problems.at(k)} testid=${`${k}-problem`} /></label>`;
  return html`<${Modal} title=${isNew ? t('New product') : `${product.sku} · ${product.name}`} onClose=${onClose} wide>
    <form class="edit grid2" onSubmit=${save}>
      ${isNew ? field('sku', t('SKU'), { required: true, maxlength: 32, autofocus: true }) : null}
      ${field('name', t('Name'), { required: true, maxlength: 200, autofocus: !isNew })}
      ${field('spec', t('Spec'), { maxlength: 200 })}
      ${field('unit', t('Unit'), { maxlength: 32 })}
      <label>${t('Category')}
        <select name="category" value=${f.category} onChange=${set('category')}>
          <option value="">${t('none')}</option>
          ${f.category && f.category !== NEW_CATEGORY && !choices.categories.some((c) => c.name === f.category)
            ? html`<option value=${f.category}>${f.category}</option>` : null}
          ${choices.categories.map((c) => html`<option value=${c.name}>${c.name}</option>`)}
          <option value=${NEW_CATEGORY}>${t('New category…')}</option>
        </select>
        ${f.category === NEW_CATEGORY
          ? html`<input name="new-category" value=${newCategory} maxlength="200" required placeholder=${t('Name of the new category')}
              onInput=${(e) => setNewCategory(e.target.value)} />` : null}</label>
      ${field('price', t('Price'), { inputmode: 'decimal', required: true })}
      <label>${t('Tax rate %')}
        <select name="tax_rate" value=${f.tax_rate} onChange=${set('tax_rate')}>
          ${isNew ? html`<option value="">${t('The default')}${defaultRate ? ` (${defaultRate.name})` : ''}</option>` : null}
          ${choices.tax_rates.map((r) => html`<option value=${String(r.rate)}>${r.name} · ${r.rate} %</option>`)}
        </select><${Wrong} text=${problems.at('tax_rate')} testid="tax_rate-problem" /></label>
      ${field('barcodes', t('Barcodes (space between)'))}
      ${field('reorder_point', t('Reorder point'), { inputmode: 'decimal' })}
      ${field('max_level', t('Max level'), { inputmode: 'decimal' })}
      <label class="check"><input type="checkbox" name="active" checked=${f.active} onChange=${set('active')} /> ${t('On sale')}</label>
      <div class="actions"><${Wrong} text=${problems.at('form')} testid="product-problem" />
        <button type="button" onClick=${onClose}>${t('Cancel')}</button>
        <button type="submit" class="primary">${t('Save')}</button></div>
    </form>
  <//>`;
}

// Upload, then follow the import until it is done; every bad line is listed.
function Import({ onClose, onDone }) {
  const [phase, setPhase] = useState(null); // null | 'upload' | 'import' | 'done' | 'failed'
  const [pct, setPct] = useState(0);
  const [job, setJob] = useState(null);
  const start = async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    setPhase('upload');
    try {
      let j = await upload('/imports/products', file, (sent, total) => setPct(total ? Math.floor((sent * 100) / total) : 0));
      setPhase('import');
      for (let misses = 0; j.state === 'running'; ) {
        setPct(j.total ? Math.floor((j.done * 100) / j.total) : 0);
        await new Promise((r) => setTimeout(r, 400));
        try {
          j = await api('GET', `/imports/${j.id}`);
          misses = 0;
        } catch (err) {
          // the import goes on in posd: a missed look is not its failure
          if (++misses === 10) throw err;
        }
      }
      setJob(j.error ? { ...j, error: { message: errText(j.error) } } : j);
      setPhase(j.state);
      if (j.state === 'done') onDone();
    } catch (err) {
      setPhase('failed');
      setJob({ error: { message: errText(err) }, errors: [] });
    }
  };
  return html`<${Modal} title=${t('Import products (CSV)')} onClose=${onClose} wide>
    <p class="hint">${t('Columns: sku, name, barcode, price, cost, tax_rate, unit, category, stock, spec, reorder_point, max_level, active. All or nothing: one bad line and nothing is imported.')}</p>
    <input type="file" name="csv" accept=".csv,text/csv" onChange=${start} disabled=${phase === 'upload' || phase === 'import'} />
    ${phase ? html`<label>${phase === 'upload' ? t('Sending') : phase === 'import' ? t('Importing') : ''}
      <progress max="100" value=${phase === 'done' || phase === 'failed' ? 100 : pct} data-testid="import-progress"></progress></label>` : null}
    ${phase === 'done' ? html`<p class="ok" data-testid="import-result">${t('{n} products imported', { n: job.imported })}</p>` : null}
    ${phase === 'failed' ? html`<div data-testid="import-result"><p class="error">${job.error ? job.error.message : ''}</p>
      ${job.errors.length ? html`<table class="list"><thead><tr><th>${t('Line')}</th><th>${t('Problem')}</th></tr></thead>
        <tbody>${job.errors.map((x) => html`<tr><td class="num">${x.line}</td><td>${x.message}</td></tr>`)}</tbody></table>` : null}
      </div>` : null}
  <//>`;
}

export function Products() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [items, setItems] = useState(null);
  const [editing, setEditing] = useState(null);
  const [ms, setMs] = useState(null);
  const [importing, setImporting] = useState(false);

  const asked = useRef(0);
  // only the answer to the latest question is shown
  const load = () => {
    const t0 = performance.now();
    const n = ++asked.current;
    return api('GET', `/products?limit=${PAGE}&offset=${offset}${q ? `&q=${encodeURIComponent(q)}` : ''}`).then(
      (r) => {
        if (n !== asked.current) return;
        setItems(r.items);
        setMs(Math.round(performance.now() - t0));
      },
      (e) => n === asked.current && toast(errText(e)),
    );
  };
  useEffect(() => {
    const timer = setTimeout(load, 200);
    return () => clearTimeout(timer);
  }, [q, offset]);

  return html`<div class="products">
    <div class="bar">
      <input name="product-search" type="search" value=${q} placeholder=${t('Search name, SKU or barcode')}
        onInput=${(e) => {
          setQ(e.target.value);
          setOffset(0);
        }} />
      <button type="button" class="primary" onClick=${() => setEditing({})}>${t('New product')}</button>
      <button type="button" onClick=${() => setImporting(true)}>${t('Import CSV')}</button>
      <button type="button" onClick=${() => download('/exports/products.csv', 'products.csv').catch((e) => toast(errText(e)))}>
        ${t('Export CSV')}</button>
    </div>
    ${items ? html`<table class="list" data-testid="product-list">
      <thead><tr><th>${t('SKU')}</th><th>${t('Name')}</th><th>${t('Category')}</th><th class="num">${t('Price')}</th>
        <th>${t('Barcodes')}</th><th class="num">${t('Reorder point')}</th><th></th></tr></thead>
      <tbody>${items.map((p) => html`<tr class=${p.active ? '' : 'inactive'} onClick=${() => setEditing(p)}>
        <td>${p.sku}</td><td>${p.name} <small>${p.spec}</small></td><td>${p.category}</td>
        <td class="num">${money(p.price)}</td><td><small>${p.barcodes.join(' ')}</small></td>
        <td class="num">${p.reorder_point ? qty(p.reorder_point) : ''}</td>
        <td>${p.active ? '' : t('not on sale')}</td></tr>`)}</tbody></table>` : null}
    <div class="pager">
      <button type="button" disabled=${!offset} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>${t('Previous')}</button>
      <span>${items && items.length ? t('{from}–{to}', { from: offset + 1, to: offset + items.length }) : t('Nothing found')}
        ${ms !== null ? html` <small>(${ms} ms)</small>` : null}</span>
      <button type="button" disabled=${!items || items.length < PAGE} onClick=${() => setOffset(offset + PAGE)}>${t('Next')}</button>
    </div>
    ${importing ? html`<${Import} onClose=${() => setImporting(false)} onDone=${load} />` : null}
    ${editing ? html`<${Edit} product=${editing} onClose=${() => setEditing(null)} onSaved=${() => {
      setEditing(null);
      load();
    }} />` : null}
  </div>`;
}
