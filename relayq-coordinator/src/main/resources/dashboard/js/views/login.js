// The login page: asks for an API token before anything else is shown. The token is checked with
// one call, then kept in this tab's session storage only (gone when the tab closes).

import { api, setToken } from '../api.js';
import { errorBox, fill, h } from '../dom.js';

export function loginPage(main, { reason, done }) {
  const input = h('input', { id: 'login-token', type: 'password', autocomplete: 'off', spellcheck: false,
    placeholder: 'rq_…', required: true });
  const button = h('button', { type: 'submit', id: 'login-button', class: 'primary' }, 'Log in');
  const message = h('div', { class: 'form-result', id: 'login-message' }, reason ? errorBox({ message: reason }) : '');
  const form = h('form', { class: 'panel form', id: 'login-form', novalidate: true },
    h('label', { class: 'field wide', for: 'login-token' }, h('span', { class: 'field-title' }, 'API token'), input,
      h('span', { class: 'hint' }, 'On the coordinator\'s machine, relayq up and relayq server keep an admin token in'
        + ' ~/.relayq/token. To look only, an admin can make a read token: relayq token create --role read --name NAME')),
    h('div', { class: 'form-actions wide' }, button),
    message);
  main.append(h('h1', { class: 'page-title' }, 'Log in'), form);
  input.focus();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) {
      return;
    }
    button.disabled = true;
    fill(message);
    setToken(value);
    try {
      await api.workers();
      done();
    } catch (err) {
      setToken(null);
      fill(message, errorBox(err));
      button.disabled = false;
    }
  });
  return {};
}
