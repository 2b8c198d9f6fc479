// Boot and hash routing: each route renders one page into <main>; leaving a route stops its polling.
import {authMode, call, currentKey, detectMode, readOnly, setKey} from './api.js';
import {errorBox, fill, h} from './dom.js';
import {signingAvailable} from './sigv4.js';
import * as clusters from './pages/clusters.js';
import * as service from './pages/service.js';
import * as taskDefinitions from './pages/task-definitions.js';

const main = document.getElementById('main');
const seg = '([^/]+)';
const routes = [
  [new RegExp('^/clusters$'), clusters.list],
  [new RegExp(`^/clusters/${seg}$`), c => { location.replace(`#/clusters/${c}/services`); return () => {}; }],
  [new RegExp(`^/clusters/${seg}/(services|tasks)$`), clusters.cluster],
  [new RegExp(`^/clusters/${seg}/create-service$`), clusters.createService],
  [new RegExp(`^/clusters/${seg}/run-task$`), clusters.runTask],
  [new RegExp(`^/clusters/${seg}/services/${seg}$`), service.servicePage],
  [new RegExp('^/task-definitions$'), taskDefinitions.families],
  [new RegExp('^/task-definitions/new$'), taskDefinitions.editor],
  [new RegExp(`^/task-definitions/new/${seg}/(\\d+)$`), taskDefinitions.editor],
  [new RegExp(`^/task-definitions/${seg}$`), taskDefinitions.family],
  [new RegExp(`^/task-definitions/${seg}/(\\d+)$`), taskDefinitions.revision],
];

let current = null;

/** What a page gets: whether it is still shown, polling that stops when it is not, and announcements. */
class Page {
  constructor() {
    this.shown = true;
    this.timers = new Set();
  }

  alive() {
    return this.shown;
  }

  /** Runs task now and then every ms while this page is shown (paused while the tab is hidden). */
  every(ms, task) {
    const loop = async () => {
      if (!this.shown) return;
      if (!document.hidden) {
        try {
          await task();
        } catch (e) {
          // The task shows its own errors; polling goes on so that the page recovers when the endpoint does.
        }
      }
      if (this.shown) {
        const timer = setTimeout(() => { this.timers.delete(timer); loop(); }, ms);
        this.timers.add(timer);
      }
    };
    return loop();
  }

  leave() {
    this.shown = false;
    this.timers.forEach(clearTimeout);
  }
}

async function route() {
  const hash = location.hash || '#/clusters';
  if (!hash.startsWith('#/')) return;
  if (current) current.leave();
  const page = new Page();
  current = page;
  renderSession();
  renderBanner();
  const path = hash.slice(1);
  document.querySelectorAll('header nav a').forEach(a => {
    if (path.startsWith('/' + a.dataset.section)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (authMode() === 'signed' && !currentKey()) {
    signIn();
    return;
  }
  const found = routes.find(([pattern]) => pattern.test(path));
  if (!found) {
    fill(main, h('h1', {tabindex: -1}, 'Not found'), h('p', {}, h('a', {href: '#/clusters'}, 'Clusters')));
    focusHeading();
    return;
  }
  const params = path.match(found[0]).slice(1).map(decodeURIComponent);
  // Each page renders into a view of its own: one still loading when the route changes writes into a view that is
  // no longer on the page, never over its successor.
  const view = h('div', {class: 'view'});
  fill(main, view);
  try {
    await found[1](view, params, page);
  } catch (e) {
    if (page.alive()) fill(view, h('h1', {tabindex: -1}, 'Something went wrong'), errorBox(e));
  }
  if (page.alive()) focusHeading();
}

function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    document.title = `${heading.textContent} · Stevedore ECS console`;
    heading.focus({preventScroll: false});
  }
}

function renderSession() {
  const session = document.getElementById('session');
  if (authMode() === 'insecure') {
    fill(session, h('span', {class: 'mode insecure', title: 'The endpoint runs in insecure-local mode'},
      'Local demo: requests are not signed'));
  } else if (currentKey()) {
    fill(session, h('span', {class: 'mode'}, 'Key ', h('code', {}, currentKey().accessKeyId)),
      h('button', {type: 'button', id: 'sign-out', onclick: () => { setKey(null); route(); }}, 'Sign out'));
  } else {
    fill(session);
  }
}

function renderBanner() {
  const banner = document.getElementById('readonly-banner');
  if (readOnly()) {
    banner.hidden = false;
    fill(banner, h('strong', {}, 'This key is read-only.'),
      ' Its Kubernetes user may look at everything, but a change was refused (AccessDeniedException).');
  } else {
    banner.hidden = true;
    fill(banner);
  }
}

function signIn() {
  const error = h('div', {id: 'sign-in-error'});
  const id = h('input', {id: 'access-key-id', name: 'accessKeyId', autocomplete: 'username', required: true,
    spellcheck: 'false'});
  const secret = h('input', {id: 'secret-access-key', name: 'secretAccessKey', type: 'password',
    autocomplete: 'current-password', required: true});
  const region = h('input', {id: 'region', name: 'region', value: 'us-east-1', required: true});
  const form = h('form', {class: 'card narrow', 'aria-describedby': 'sign-in-help'},
    h('p', {id: 'sign-in-help'}, 'This endpoint needs signed requests (AWS Signature Version 4). Enter an access key'
      + ' from the operator\'s keys Secret: the page signs each request with it, keeps it in this tab\'s'
      + ' sessionStorage only, and can do what the key\'s Kubernetes user may do.'),
    signingAvailable() ? null : errorBox({type: 'SigningUnavailable', message: 'Browsers offer WebCrypto only over'
      + ' HTTPS or on localhost: open the console through TLS or kubectl port-forward.'}),
    h('label', {for: 'access-key-id'}, 'Access key ID'), id,
    h('label', {for: 'secret-access-key'}, 'Secret access key'), secret,
    h('label', {for: 'region'}, 'Region (any: the endpoint serves one namespace)'), region,
    error,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'sign-in'}, 'Sign in')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    setKey({accessKeyId: id.value.trim(), secretAccessKey: secret.value, region: region.value.trim()});
    try {
      await call('ListClusters', {maxResults: 1});
      secret.value = '';
      route();
    } catch (e) {
      if (e.type !== 'AccessDeniedException') setKey(null);
      if (e.type === 'AccessDeniedException') {
        route();
        return;
      }
      fill(error, errorBox(e));
      secret.focus();
    }
  });
  fill(main, h('h1', {tabindex: -1}, 'Sign in'), form);
  id.focus();
}

async function boot() {
  document.getElementById('skip').addEventListener('click', event => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('stevedore:readonly', renderBanner);
  window.addEventListener('hashchange', route);
  try {
    await detectMode();
  } catch (e) {
    fill(main, h('h1', {tabindex: -1}, 'The ECS endpoint does not answer'), errorBox(e));
    return;
  }
  route();
}

boot();
