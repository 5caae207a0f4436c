// The till: sign-in, then the pages, with the lane, shift and cashier always in view.
import { html, render, useState, useEffect } from './lib.js';
import { api, getSession, setSession, whenExpired, whenSaved, openEvents } from './api.js';
import { t, setStore, getStore, setLang, getLang, LANGS, dateTime, errText } from './i18n.js';
import { emit, useEvents } from './bus.js';
import { Toasts, toast, clearErrors, useKeydown } from './ui.js';
import { Login } from './login.js';
import { Checkout } from './checkout.js';
import { Returns } from './returns.js';
import { Stock } from './stock.js';
import { Shift } from './shift.js';
import { DeviceBanner, deviceKey } from './banner.js';
import { Products } from './back/products.js';
import { Devices } from './back/devices.js';
import { Users } from './back/users.js';
import { Reports } from './back/reports.js';
import { Settings } from './back/settings.js';
import { Purchasing } from './back/purchasing.js';
import { StockControl } from './back/stockcontrol.js';
import { SalesOrders } from './back/salesorders.js';
import { Accounts } from './back/accounts.js';
import { Chain } from './back/chain.js';
import { Dashboard } from './back/dashboard.js';

// [route, label, function key, manager only, only at HQ's office, back office group]
const PAGES = [
  ['overview', 'Overview', null, true],
  ['checkout', 'Checkout', 'F1', false],
  ['returns', 'Returns', 'F9', false],
  ['stock', 'Stock', 'F10', false],
  ['shift', 'Shift', 'F11', false],
  ['purchasing', 'Purchasing', null, false, false, 'Buying and stock'],
  ['stockcontrol', 'Stock control', null, false, false, 'Buying and stock'],
  ['salesorders', 'Sales orders', null, false, false, 'Selling'],
  ['accounts', 'Accounts', null, true, false, 'Selling'],
  ['products', 'Products', null, true, false, 'Catalogue and reports'],
  ['reports', 'Reports', null, true, false, 'Catalogue and reports'],
  ['users', 'Users', null, true, false, 'The store'],
  ['settings', 'Settings', null, true, false, 'The store'],
  ['devices', 'Devices', null, false, false, 'The store'],
  ['chain', 'Chain', null, true, true, 'The store'],
];
const GROUPS = ['Buying and stock', 'Selling', 'Catalogue and reports', 'The store'];

// the page in the address, or home (a manager's overview, a cashier's checkout)
function useRoute(home) {
  const read = () => (location.hash.replace(/^#\/?/, '') || home).split('/')[0];
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
const go = (r) => (location.hash = `#/${r}`);

function Header({ session, shift, live, onSignOut, onLang }) {
  const store = getStore();
  return html`<header class="top">
    <div class="brand">${store.name || 'posd'}</div>
    <div class="who">
      <span class="lane" data-testid="lane">${t('Lane {lane}', { lane: session.lane })}</span>
      <span class="cashier" data-testid="cashier">${session.user} · ${t(session.role)}</span>
      <span class=${`shift ${shift ? 'open' : 'none'}`} data-testid="shift-state">
        ${shift ? t('Shift #{id} since {at}', { id: shift.id, at: dateTime(shift.opened_at) }) : t('No shift open')}
      </span>
      <span class=${`live ${live ? 'up' : 'down'}`} title=${live ? t('Connected') : t('Reconnecting…')}>
        ${live ? '●' : t('Reconnecting…')}
      </span>
    </div>
    <div class="tools">
      <select aria-label=${t('Language')} value=${getLang()} onChange=${(e) => onLang(e.target.value)}>
        ${LANGS.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
      </select>
      <button type="button" onClick=${onSignOut}>${t('Sign out')}</button>
    </div>
  </header>`;
}

// The till's pages as tabs; the back office's, each role's own, in a menu of groups, which
// names the page shown from it
function Nav({ route, session, hq }) {
  const manager = session.role !== 'cashier';
  const mine = PAGES.filter((p) => (manager || !p[3]) && (hq || !p[4]));
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [route]);
  const link = ([r, label, key]) => html`<a href=${`#/${r}`} class=${route === r ? 'on' : ''}
      aria-current=${route === r ? 'page' : null}>${t(label)}${key ? html` <kbd>${key}</kbd>` : null}</a>`;
  const here = mine.find((p) => p[0] === route && p[5]);
  return html`<nav class="pages">
    ${mine.filter((p) => !p[5]).map(link)}
    <details class=${`office${here ? ' on' : ''}`} open=${open} onToggle=${(e) => setOpen(e.target.open)}>
      <summary data-testid="back-office">${t('Back office')}${here ? html`<b>: ${t(here[1])}</b>` : null}</summary>
      <div class="menu">${GROUPS.map((g) => {
        const pages = mine.filter((p) => p[5] === g);
        return pages.length ? html`<div class="group"><h3>${t(g)}</h3>${pages.map(link)}</div>` : null;
      })}</div>
    </details>
  </nav>`;
}

function Shell({ session, onSignOut, onLang, hq }) {
  const route = useRoute(session.role === 'cashier' ? 'checkout' : 'overview');
  const [shift, setShift] = useState(undefined); // undefined: not known yet; null: none open
  const [devices, setDevices] = useState({});
  const [live, setLive] = useState(true);

  // posd away or busy: say so and look again, rather than leave the page blank
  const loadShift = () =>
    api('GET', '/shifts/current').then(setShift, (e) => {
      if (e.code === 'NO_OPEN_SHIFT') return setShift(null);
      toast(errText(e));
      setTimeout(loadShift, 2000);
    });
  const loadDevices = () =>
    api('GET', '/devices').then(
      (d) => setDevices(Object.fromEntries(d.items.map((x) => [deviceKey(x), x]))),
      () => {},
    );

  useEffect(() => {
    loadShift();
    loadDevices();
    let wasDown = true;
    return openEvents(emit, (up) => {
      setLive(up);
      if (up && wasDown) {
        // the stream is up, at first or back after posd or the network was away: what
        // changed before it was listening is read again
        loadShift();
        loadDevices();
        emit('reconnected', {});
      }
      wasDown = !up;
    });
  }, []);

  useEvents((type, data) => {
    if (type === 'device') setDevices((d) => ({ ...d, [deviceKey(data)]: { ...d[deviceKey(data)], ...data } }));
    if (type === 'sale') loadShift();
    if (type === 'alert' && data.kind === 'low_stock')
      toast(t('Low stock: {names}', { names: data.items.map((i) => i.name).join(', ') }), 'warn');
    if (type === 'alert' && data.kind === 'over_max')
      toast(t('Above the maximum level: {names}', { names: data.items.map((i) => i.name).join(', ') }), 'warn');
  });

  useKeydown((e) => {
    const page = PAGES.find((p) => p[2] === e.key);
    if (page && !document.querySelector('.overlay')) {
      e.preventDefault();
      go(page[0]);
    }
  });

  const ctx = { session, shift, reloadShift: loadShift, devices, go, onLang };
  const page = {
    overview: Dashboard,
    checkout: Checkout,
    returns: Returns,
    stock: Stock,
    shift: Shift,
    products: Products,
    devices: Devices,
    users: Users,
    reports: Reports,
    settings: Settings,
    purchasing: Purchasing,
    stockcontrol: StockControl,
    salesorders: SalesOrders,
    accounts: Accounts,
    chain: Chain,
  }[route] || Checkout;
  return html`<div class="shell">
    <${Header} session=${session} shift=${shift} live=${live} onSignOut=${onSignOut} onLang=${onLang} />
    ${session.training ? html`<div class="training-banner" role="status" data-testid="training">
      ${t('Training: nothing done here reaches the store, and its receipts print marked as training')}</div>` : null}
    <${Nav} route=${route} session=${session} hq=${hq} />
    <${DeviceBanner} devices=${devices} />
    <main class=${`page page-${route}`}>${shift === undefined ? null : html`<${page} ...${ctx} />`}</main>
  </div>`;
}

function App() {
  const [session, setS] = useState(getSession());
  const [, setLangTick] = useState(0);
  const [health, setHealth] = useState(null);
  const [bootError, setBootError] = useState('');

  useEffect(() => {
    whenSaved(clearErrors);
    whenExpired(() => {
      setSession(null);
      setS(null);
      toast(t('Your session has ended: sign in again'));
    });
    // a till opened while posd starts, or with no connection free, waits for it: a page
    // that gave up would stay blank until someone thought to reload it
    let stopped = false;
    (async () => {
      while (!stopped) {
        try {
          const h = await api('GET', '/health', undefined, { retries: 0 });
          setStore(h.store);
          setHealth(h);
          return;
        } catch (e) {
          setBootError(errText(e));
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, []);

  const onLang = (l) => {
    setLang(l);
    setLangTick((n) => n + 1);
  };
  const signIn = (s) => {
    setSession(s);
    setS(s);
  };
  // signed out here at once, whatever posd answers or however soon the page goes: the
  // request takes the token with it as it starts
  const signOut = () => {
    api('DELETE', '/sessions/current', undefined, { retries: 0 }).catch(() => {});
    setSession(null);
    setS(null);
    // the store's name may have changed in the settings: the sign-in shows it as it is now
    api('GET', '/health', undefined, { retries: 0 }).then(setHealth, () => {});
  };
  if (!health) {
    return html`<p class="boot">posd…
        ${bootError && html`<span role="alert" data-testid="boot-problem">${bootError} · ${t('trying again')}</span>`}</p>
      <${Toasts} />`;
  }
  return html`${session
      ? html`<${Shell} key=${getLang()} session=${session} onSignOut=${signOut} onLang=${onLang}
          hq=${health.hq_reports} />`
      : html`<${Login} health=${health} onSignIn=${signIn} onLang=${onLang} />`}
    <${Toasts} />`;
}

render(html`<${App} />`, document.getElementById('app'));
