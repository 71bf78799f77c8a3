// The dashboard: a login page until a token is saved, then a hash router over four views; the
// token field, and the clock that keeps "… ago" texts current. Views render into <main> and return
// a dispose() that stops their timers and streams when the page changes.

import { token, setToken } from './api.js';
import { tick } from './dom.js';
import { disconnect } from './live.js';
import { loginPage } from './views/login.js';
import { overview } from './views/overview.js';
import { jobList } from './views/jobs.js';
import { jobPage } from './views/job.js';
import { submitForm } from './views/submit.js';

const main = document.getElementById('main');
let current = null;

/** #/ | #/jobs?state=…&worker=…&label=…&cursor=… | #/jobs/{id} | #/submit */
function parse(hash) {
  const [path, query] = (hash.replace(/^#/, '') || '/').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'jobs' && parts[1]) {
    return { nav: 'jobs', view: jobPage, args: decodeURIComponent(parts[1]) };
  }
  if (parts[0] === 'jobs') {
    return { nav: 'jobs', view: jobList, args: params };
  }
  if (parts[0] === 'submit') {
    return { nav: 'submit', view: submitForm, args: params };
  }
  return { nav: 'overview', view: overview, args: params };
}

let refusal = null;

function route() {
  const parsed = parse(window.location.hash);
  if (current && current.dispose) {
    current.dispose();
  }
  main.replaceChildren();
  if (!token()) {
    current = loginPage(main, { reason: refusal, done: loggedIn });
    return;
  }
  const { nav, view, args } = parsed;
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', link.dataset.nav === nav);
    if (link.dataset.nav === nav) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  current = view(main, args);
  window.scrollTo(0, 0);
}

function loggedIn() {
  refusal = null;
  disconnect();
  showToken();
  route();
}

let showToken = () => {};

function setupToken() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const clearButton = document.getElementById('token-clear');
  const status = document.getElementById('token-status');
  const show = () => {
    const saved = Boolean(token());
    status.textContent = saved ? 'token saved' : '';
    input.placeholder = saved ? 'token saved (replace…)' : 'API token';
    clearButton.hidden = !saved;
  };
  showToken = show;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (value) {
      setToken(value);
      input.value = '';
      loggedIn();
    }
  });
  clearButton.addEventListener('click', () => {
    setToken(null);
    disconnect();
    show();
    route();
  });
  show();
}

setupToken();
window.addEventListener('relayq:unauthorized', (e) => {
  if (!token()) {
    return;
  }
  refusal = (e.detail && e.detail.message) || 'the token was refused';
  setToken(null);
  disconnect();
  showToken();
  route();
});
window.addEventListener('hashchange', route);
setInterval(tick, 5000);
route();
