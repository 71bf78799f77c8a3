// One job: its state and why it waits, what it runs, its attempts and history, and its output,
// followed live (GET /jobs/{id}/output?follow=true) until the job ends. Cancel from here.

import { api, downloadRawOutput } from '../api.js';
import { EventStream } from '../stream.js';
import { ago, badge, chips, duration, errorBox, fill, h, secondsSince, table, throttle, when } from '../dom.js';
import { subscribe } from '../live.js';

/** Output kept on the page; older text is dropped (the raw output link has all of it). */
const MAX_OUTPUT_CHARS = 400_000;

export function jobPage(main, id) {
  const header = h('div', { class: 'job-header' });
  const message = h('div');
  const summary = h('section', { class: 'panel' });
  const outputPanel = h('section', { class: 'panel' });
  const attempts = h('section', { class: 'panel' });
  const timeline = h('section', { class: 'panel' });
  const spec = h('section', { class: 'panel' });
  main.append(header, message, summary, outputPanel, attempts, timeline, spec);

  const output = outputView(id);
  outputPanel.append(output.el);
  let job = null;

  const render = (view) => {
    job = view;
    renderHeader(header, view, cancel);
    renderSummary(summary, view);
    renderAttempts(attempts, view.attempts || []);
    renderSpec(spec, view.spec);
  };
  const loadJob = throttle(async () => {
    try {
      render(await api.job(id));
    } catch (e) {
      fill(message, errorBox(e));
    }
  }, 500);
  const loadTimeline = throttle(async () => {
    try {
      renderTimeline(timeline, (await api.jobEvents(id)).events);
    } catch (e) {
      fill(timeline, errorBox(e));
    }
  }, 500);

  async function cancel(button) {
    button.disabled = true;
    fill(message);
    try {
      await api.cancel(id);
      loadJob();
      loadTimeline();
    } catch (e) {
      fill(message, errorBox(e));
      button.disabled = false;
    }
  }

  const stream = api.followOutput(id);
  stream.addEventListener('output', (e) => output.add(JSON.parse(e.data)));
  stream.addEventListener('state', (e) => {
    render(JSON.parse(e.data));
    loadTimeline();
  });
  stream.addEventListener('end', (e) => {
    // The job is over and all its output was sent; without close() EventSource would reconnect.
    stream.close();
    render(JSON.parse(e.data));
    output.ended();
    loadTimeline();
  });
  stream.addEventListener('error', () => {
    if (stream.readyState === EventStream.CLOSED) {
      output.stalled();
    }
  });
  const unsubscribe = [
    subscribe('job', (event) => {
      if (event.jobId === id) {
        loadJob();
        loadTimeline();
      }
    }),
    subscribe('worker', () => {
      if (job && job.state === 'queued') {
        loadJob();
      }
    }),
  ];
  loadJob();
  loadTimeline();
  return {
    dispose() {
      stream.close();
      unsubscribe.forEach((u) => u());
      loadJob.cancel();
      loadTimeline.cancel();
    },
  };
}

function renderHeader(el, job, cancel) {
  // Re-render only on a change that shows, so a click never lands on a button just replaced.
  const key = `${job.state}/${job.cancelRequested}`;
  if (el.dataset.shown === key) {
    return;
  }
  el.dataset.shown = key;
  const cancellable = (job.state === 'queued' || job.state === 'running') && !job.cancelRequested;
  const button = cancellable
    ? h('button', { type: 'button', class: 'danger', id: 'job-cancel' }, 'Cancel job')
    : null;
  if (button) {
    button.addEventListener('click', () => cancel(button));
  }
  fill(el,
    h('div', { class: 'job-title' },
      h('h1', { class: 'page-title' }, 'Job ', h('span', { class: 'mono' }, job.id)),
      h('span', { id: 'job-state', dataset: { state: job.state } }, badge(job.state)),
      job.cancelRequested && job.state === 'running' ? h('span', { class: 'muted' }, 'cancel requested…') : null),
    h('div', { class: 'job-actions' }, button));
}

function renderSummary(el, job) {
  const items = [
    ['Command', h('code', { class: 'cmd block', id: 'job-command' }, job.command)],
    ['Worker', job.worker || '—'],
    ['Attempt', `${job.attempt} of ${job.maxAttempts}`],
    job.exitCode !== undefined && job.exitCode !== null ? ['Exit code', String(job.exitCode)] : null,
    job.reason ? ['Ended by', job.reason.replace(/_/g, ' ')] : null,
    job.message ? ['Message', job.message] : null,
    job.progress !== undefined && job.progress !== null ? ['Progress', `${job.progress}%${job.progressText ? ` · ${job.progressText}` : ''}`] : null,
    ['Submitted', whenAgo(job.createdAt)],
    job.startedAt ? ['Started', whenAgo(job.startedAt)] : null,
    job.finishedAt ? ['Finished', whenAgo(job.finishedAt)] : null,
    job.finishedAt && job.startedAt
      ? ['Ran for', duration((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000)] : null,
    job.state === 'running' && job.leaseExpiresAt ? ['Lease until', ago(job.leaseExpiresAt)] : null,
  ].filter(Boolean);
  fill(el,
    job.waiting ? h('div', { class: 'callout warn', id: 'job-waiting' },
      h('strong', {}, 'Waiting: '), job.waiting,
      h('span', { class: 'muted' }, ` (queued ${duration(secondsSince(job.runAt || job.createdAt))})`)) : null,
    h('dl', { class: 'facts' }, items.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function whenAgo(iso) {
  return h('span', {}, when(iso), ' ', h('span', { class: 'muted' }, '(', ago(iso), ')'));
}

function renderAttempts(el, attempts) {
  const columns = [
    { title: '#', cell: (a) => String(a.number) },
    { title: 'Worker', cell: (a) => a.worker },
    { title: 'Started', cell: (a) => when(a.startedAt) },
    { title: 'Ran for', cell: (a) => a.endedAt
      ? duration((Date.parse(a.endedAt) - Date.parse(a.startedAt)) / 1000) : h('span', { class: 'muted' }, 'running') },
    { title: 'Ended by', cell: (a) => a.reason ? a.reason.replace(/_/g, ' ') : '—' },
    { title: 'Exit code', cell: (a) => a.exitCode !== undefined && a.exitCode !== null ? String(a.exitCode) : '—' },
    { title: 'Message', cell: (a) => a.message || '—' },
  ];
  fill(el, h('h2', {}, 'Attempts'), table(columns, attempts, { empty: 'Not started yet.' }));
}

function renderTimeline(el, events) {
  fill(el, h('h2', {}, 'History'),
    h('ol', { class: 'timeline', id: 'job-timeline' }, events.map((e) => h('li', { dataset: { type: e.type } },
      h('span', { class: 'timeline-when' }, when(e.at)),
      badge(e.type, 'event'),
      h('span', { class: 'timeline-detail' }, e.detail || '')))));
}

function renderSpec(el, spec) {
  if (!spec) {
    fill(el);
    return;
  }
  const facts = [
    ['Target worker', spec.worker || 'any'],
    ['Required labels', chips(spec.labels)],
    ['Priority', String(spec.priority)],
    ['Timeout', spec.timeout],
    ['Lease TTL', spec.leaseTtl],
    ['Retry exit codes', (spec.retryExitCodes || []).join(', ') || 'none'],
  ];
  if (spec.template) {
    facts.unshift(['Template', h('span', { id: 'job-template' }, templateText(spec.template))]);
  }
  fill(el, h('h2', {}, 'Spec'),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('details', {}, h('summary', {}, 'Full spec (JSON)'),
      h('pre', { class: 'json' }, JSON.stringify(spec, null, 2))));
}

/** "transcode input=a.mp4 options=[-crf, 23]": the template and the values the job was made with. */
function templateText(t) {
  const values = Object.entries(t.params || {})
    .map(([k, v]) => k + '=' + (Array.isArray(v) ? '[' + v.join(', ') + ']' : String(v)));
  return [t.name].concat(values).join(' ');
}

/** The output panel: chunks decoded per attempt and stream, appended as text, tail kept in view. */
function outputView(id) {
  const pre = h('pre', { class: 'output', id: 'job-output', tabindex: '0' });
  const state = h('span', { class: 'muted', id: 'output-state' }, 'following live…');
  const el = h('div', {},
    h('div', { class: 'panel-head' }, h('h2', {}, 'Output'), state,
      h('span', { class: 'legend' }, 'stdout · ', h('span', { class: 'stderr' }, 'stderr')),
      rawButton(id)),
    pre);
  const decoders = new Map();
  let attempt = 0;
  let chars = 0;
  let empty = true;
  pre.append(h('span', { class: 'muted placeholder' }, 'No output yet.'));

  const add = (chunk) => {
    if (empty) {
      pre.replaceChildren();
      empty = false;
    }
    const stickToBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
    if (chunk.attempt !== attempt) {
      if (attempt !== 0) {
        pre.append(h('span', { class: 'attempt-mark' }, `\n── attempt ${chunk.attempt} ──\n`));
      }
      attempt = chunk.attempt;
    }
    const key = `${chunk.attempt}/${chunk.stream}`;
    if (!decoders.has(key)) {
      decoders.set(key, new TextDecoder('utf-8'));
    }
    const text = decoders.get(key).decode(base64Bytes(chunk.data), { stream: true });
    pre.append(h('span', { class: chunk.stream === 'stderr' ? 'stderr' : 'stdout' }, text));
    chars += text.length;
    while (chars > MAX_OUTPUT_CHARS && pre.firstChild) {
      chars -= pre.firstChild.textContent.length;
      pre.firstChild.remove();
    }
    if (stickToBottom) {
      pre.scrollTop = pre.scrollHeight;
    }
  };
  return {
    el,
    add,
    ended: () => fill(state, 'complete'),
    stalled: () => fill(state, 'stream closed; reload the page to follow again'),
  };
}

function base64Bytes(data) {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** Downloads the raw output: a plain link could not send the token. */
function rawButton(id) {
  const button = h('button', { type: 'button', class: 'button quiet small', id: 'job-raw' }, 'Raw');
  button.addEventListener('click', () => downloadRawOutput(id).catch((e) => console.warn('raw output', e.message)));
  return button;
}
