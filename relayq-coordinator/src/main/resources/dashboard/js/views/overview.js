// Overview: the queue in numbers, the jobs no online worker can run (with why), the workers, and
// the queue by routing requirement. Reloads on every live event (at most once a second) and every
// 5 seconds for the ages.

import { api } from '../api.js';
import { ago, badge, chips, duration, errorBox, fill, h, table, throttle } from '../dom.js';
import { subscribe } from '../live.js';

export function overview(main) {
  const stats = h('section', { class: 'tiles', 'aria-label': 'Queue' });
  const stuck = h('section', { class: 'stuck-section' });
  const workers = h('section', { class: 'panel' });
  const depth = h('section', { class: 'panel' });
  const problem = h('div');
  main.append(h('h1', { class: 'page-title' }, 'Overview'), problem, stats, stuck, workers, depth);

  const load = throttle(async () => {
    try {
      const [o, w] = await Promise.all([api.overview(), api.workers()]);
      fill(problem, o.storeError ? errorBox({ message: `The store does not answer: ${o.storeError}` }) : null);
      renderStats(stats, o);
      renderStuck(stuck, o);
      renderWorkers(workers, w.workers);
      renderDepth(depth, o);
    } catch (e) {
      fill(problem, errorBox(e));
    }
  }, 1000);

  const unsubscribe = [subscribe('job', load), subscribe('worker', load), subscribe('open', load)];
  const timer = setInterval(load, 5000);
  load();
  return {
    dispose() {
      unsubscribe.forEach((u) => u());
      clearInterval(timer);
      load.cancel();
    },
  };
}

function tile(label, value, { tone, hint, id } = {}) {
  return h('div', { class: `tile${tone ? ` tone-${tone}` : ''}`, id },
    h('div', { class: 'tile-value' }, String(value)),
    h('div', { class: 'tile-label' }, label),
    hint ? h('div', { class: 'tile-hint' }, hint) : null);
}

function renderStats(el, o) {
  const j = o.jobs;
  const w = o.workers;
  fill(el,
    tile('Queued', j.queued, {
      id: 'tile-queued',
      hint: [j.scheduled ? `${j.scheduled} scheduled` : null,
        j.queued ? `oldest ${duration(o.oldestQueuedSeconds)}` : 'nothing waits'].filter(Boolean).join(' · '),
    }),
    tile('Running', j.running, { id: 'tile-running', tone: j.running ? 'info' : null,
      hint: `${w.slotsUsed} of ${w.slots} slots busy` }),
    tile('Cannot run', j.unrunnable + (o.truncated ? '+' : ''), { id: 'tile-unrunnable',
      tone: j.unrunnable ? 'warn' : null, hint: 'no online worker matches' }),
    tile('Succeeded', j.succeeded, { tone: 'ok', hint: 'kept in the store' }),
    tile('Failed', j.failed, { tone: j.failed ? 'bad' : null,
      hint: j.cancelled ? `${j.cancelled} cancelled` : 'kept in the store' }),
    tile('Workers online', w.online, { tone: w.online ? 'ok' : 'bad',
      hint: [w.draining ? `${w.draining} draining` : null, w.offline ? `${w.offline} offline` : null]
        .filter(Boolean).join(' · ') || 'every known worker' }));
}

function renderStuck(el, o) {
  if (o.unrunnable.length === 0) {
    fill(el);
    return;
  }
  fill(el, h('div', { class: 'callout warn', id: 'unrunnable' },
    h('h2', {}, `Jobs no online worker can run (${o.jobs.unrunnable})`),
    h('ul', { class: 'stuck-list' }, o.unrunnable.map((j) => h('li', { dataset: { job: j.id } },
      h('div', { class: 'stuck-head' },
        h('a', { href: `#/jobs/${encodeURIComponent(j.id)}`, class: 'mono' }, j.id),
        h('code', { class: 'cmd' }, j.command),
        h('span', { class: 'muted nowrap' }, `waiting ${duration(j.waitingSeconds)}`)),
      h('div', { class: 'reason' }, j.waiting))))));
}

function renderWorkers(el, workers) {
  const columns = [
    { title: 'Worker', cell: (w) => h('strong', {}, w.name) },
    { title: 'Status', cell: (w) => status(w) },
    { title: 'Labels', cell: (w) => chips(w.labels) },
    { title: 'Slots', cell: (w) => slots(w) },
    { title: 'CPU', cell: (w) => (w.cpuPercent == null ? '—' : `${Math.round(w.cpuPercent)} %`), class: 'num' },
    { title: 'Free memory', cell: (w) => (w.freeMemoryBytes == null ? '—' : bytes(w.freeMemoryBytes)), class: 'num' },
    { title: 'Last heartbeat', cell: (w) => ago(w.lastHeartbeatAt) },
    { title: 'Last poll', cell: (w) => ago(w.lastPollAt) },
    { title: 'Version', cell: (w) => w.version || '—', class: 'hide-narrow' },
    { title: 'Host', cell: (w) => w.host || '—', class: 'hide-narrow' },
  ];
  fill(el, h('h2', {}, `Workers (${workers.length})`),
    table(columns, workers, {
      empty: `No worker has registered yet. Start one with: relayq worker --server ${window.location.origin}`,
      rowProps: (w) => ({ dataset: { worker: w.name, status: w.paused ? 'paused' : w.status } }),
    }));
}

// A worker above its load limits is online but takes nothing: say so, and why, where its status is.
function status(w) {
  if (!w.paused) {
    return badge(w.status, 'worker');
  }
  return h('span', { class: 'paused', title: w.paused }, badge('paused', 'worker'),
    h('div', { class: 'reason muted' }, w.paused));
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${u === 0 || v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

function slots(w) {
  const pct = w.slots ? Math.round((100 * w.running) / w.slots) : 0;
  const meter = h('span', { class: 'meter', title: `${w.running} of ${w.slots} slots used` },
    h('span', { class: 'meter-fill' }));
  meter.firstChild.style.width = `${pct}%`;
  return h('span', { class: 'slots' }, h('span', { class: 'nowrap' }, `${w.running} / ${w.slots}`), meter);
}

function renderDepth(el, o) {
  const columns = [
    { title: 'Routing', cell: (d) => h('code', {}, d.requirement) },
    { title: 'Queued jobs', cell: (d) => String(d.jobs) },
    { title: 'Why they wait', cell: (d) => d.reason === 'ready' ? 'a worker can take them now' : d.waiting },
  ];
  fill(el, h('h2', {}, 'Queue by routing'),
    table(columns, o.queueDepth, {
      empty: 'No job is queued.',
      rowProps: (d) => ({ class: d.blocked ? 'row-warn' : '' }),
    }));
}
