// Submit a shell command with its routing: labels the worker must have, a target worker,
// priority and timeout. On success the job's page opens.

import { api } from '../api.js';
import { errorBox, fill, h } from '../dom.js';

export function submitForm(main) {
  const command = h('textarea', { id: 'submit-command', name: 'command', rows: 4, required: true, spellcheck: false,
    placeholder: 'ffmpeg -i input.mov -c:v libx264 output.mp4' });
  const labels = h('input', { id: 'submit-labels', name: 'labels', placeholder: 'gpu, os:linux', autocomplete: 'off',
    spellcheck: false });
  const workerList = h('datalist', { id: 'known-workers' });
  const worker = h('input', { id: 'submit-worker', name: 'worker', placeholder: 'any worker', autocomplete: 'off',
    spellcheck: false });
  worker.setAttribute('list', 'known-workers');
  const priority = h('input', { id: 'submit-priority', name: 'priority', type: 'number', value: '0', min: '-1000',
    max: '1000', step: '1' });
  const timeout = h('input', { id: 'submit-timeout', name: 'timeout', placeholder: '5h', autocomplete: 'off',
    spellcheck: false });
  const result = h('div', { class: 'form-result' });
  const button = h('button', { type: 'submit', id: 'submit-button', class: 'primary' }, 'Submit job');

  const form = h('form', { class: 'panel form', id: 'submit-form', novalidate: true },
    field('Command', command, 'Runs with /bin/sh -c on the worker.', 'wide'),
    field('Required labels', labels, 'Comma separated; the worker must have all of them.'),
    field('Target worker', h('span', {}, worker, workerList), 'Only this worker may run it.'),
    field('Priority', priority, 'Higher runs first (−1000…1000).'),
    field('Timeout', timeout, 'Like 30s, 10m or 1h30m; default 5h.'),
    h('div', { class: 'form-actions wide' }, button),
    result);
  main.append(h('h1', { class: 'page-title' }, 'Submit a job'), form);

  api.workers().then((list) => {
    fill(workerList, list.workers.map((w) => h('option', { value: w.name }, `${w.name} (${w.status})`)));
  }).catch(() => {});

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fill(result);
    if (!command.value.trim()) {
      fill(result, errorBox({ message: 'command: write the shell command to run' }));
      command.focus();
      return;
    }
    const submission = { command: command.value };
    const labelList = labels.value.split(/[\s,]+/).filter(Boolean);
    if (labelList.length) {
      submission.labels = labelList;
    }
    if (worker.value.trim()) {
      submission.worker = worker.value.trim();
    }
    if (priority.value !== '' && Number(priority.value) !== 0) {
      submission.priority = Number(priority.value);
    }
    if (timeout.value.trim()) {
      submission.timeout = timeout.value.trim();
    }
    button.disabled = true;
    try {
      const job = await api.submit(submission);
      window.location.hash = `#/jobs/${encodeURIComponent(job.id)}`;
    } catch (error) {
      fill(result, errorBox(error));
      button.disabled = false;
    }
  });
  return { dispose() {} };
}

function field(title, control, hint, extra) {
  return h('label', { class: `field${extra ? ` ${extra}` : ''}` },
    h('span', { class: 'field-title' }, title), control, h('span', { class: 'hint' }, hint));
}
