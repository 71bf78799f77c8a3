// Jobs: newest first, filtered by state, worker and label, one page at a time (the API's cursor).
// The filters and the cursor live in the address (#/jobs?state=failed&cursor=…), so a page can be
// bookmarked or shared; the current page reloads on live job events.

import { api } from '../api.js';
import { ago, badge, errorBox, fill, h, table, throttle } from '../dom.js';
import { subscribe } from '../live.js';

const STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const PAGE_SIZE = 25;
/** Cursors of the pages before this one, so "Newer" can go back. */
const previous = [];

export function jobList(main, params) {
  const filters = {
    state: params.get('state') || '',
    worker: params.get('worker') || '',
    label: params.get('label') || '',
  };
  const cursor = params.get('cursor') || '';
  if (!cursor) {
    previous.length = 0;
  }
  const list = h('section', { class: 'panel' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  main.append(h('h1', { class: 'page-title' }, 'Jobs'), filterForm(filters), list, pager);

  const load = throttle(async () => {
    try {
      const page = await api.jobs({ ...filters, limit: PAGE_SIZE, cursor });
      fill(list, jobsTable(page.jobs, filters));
      renderPager(pager, filters, cursor, page.nextCursor);
    } catch (e) {
      fill(list, errorBox(e));
    }
  }, 1000);
  const unsubscribe = [subscribe('job', load), subscribe('open', load)];
  load();
  return {
    dispose() {
      unsubscribe.forEach((u) => u());
      load.cancel();
    },
  };
}

function filterForm(filters) {
  const state = h('select', { id: 'filter-state', name: 'state' },
    h('option', { value: '' }, 'any state'),
    STATES.map((s) => h('option', { value: s, selected: s === filters.state }, s)));
  const worker = h('input', { id: 'filter-worker', name: 'worker', value: filters.worker, placeholder: 'worker name',
    autocomplete: 'off', spellcheck: false });
  const label = h('input', { id: 'filter-label', name: 'label', value: filters.label, placeholder: 'label',
    autocomplete: 'off', spellcheck: false });
  const form = h('form', { class: 'filters', id: 'job-filters' },
    field('State', state), field('Worker', worker), field('Label', label),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', id: 'filter-apply' }, 'Apply'),
      h('a', { href: '#/jobs', class: 'button quiet' }, 'Clear')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    window.location.hash = link({ state: state.value, worker: worker.value.trim(), label: label.value.trim() });
  });
  state.addEventListener('change', () => form.requestSubmit());
  return form;
}

function field(title, control) {
  return h('label', { class: 'field' }, h('span', {}, title), control);
}

function jobsTable(jobs, filters) {
  const columns = [
    { title: 'Job', cell: (j) => h('a', { href: `#/jobs/${encodeURIComponent(j.id)}`, class: 'mono' }, j.id) },
    { title: 'State', cell: (j) => h('span', {}, badge(j.state), j.cancelRequested && j.state === 'running'
      ? h('span', { class: 'muted small' }, ' cancelling') : null) },
    { title: 'Command', cell: (j) => h('code', { class: 'cmd', title: j.command }, j.command) },
    { title: 'Worker', cell: (j) => j.worker || h('span', { class: 'muted' }, '—') },
    { title: 'Attempt', cell: (j) => `${j.attempt} / ${j.maxAttempts}`, class: 'hide-narrow' },
    { title: 'Submitted', cell: (j) => ago(j.createdAt) },
    { title: 'Ended', cell: (j) => j.finishedAt ? ago(j.finishedAt) : h('span', { class: 'muted' }, '—') },
  ];
  const filtered = filters.state || filters.worker || filters.label;
  return table(columns, jobs, {
    empty: filtered ? 'No job matches these filters.' : 'No job yet. Submit one from the Submit page.',
    rowProps: (j) => ({ dataset: { job: j.id, state: j.state } }),
  });
}

function renderPager(el, filters, cursor, next) {
  const newer = cursor
    ? h('a', { class: 'button quiet', id: 'page-newer', href: link({ ...filters, cursor: previous.at(-1) || '' }),
      on: { click: () => previous.pop() } }, '← Newer')
    : null;
  const older = next
    ? h('a', { class: 'button quiet', id: 'page-older', href: link({ ...filters, cursor: next }),
      on: { click: () => previous.push(cursor) } }, 'Older →')
    : null;
  fill(el, newer, older);
}

function link(values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v) {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? `#/jobs?${s}` : '#/jobs';
}
