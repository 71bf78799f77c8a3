// Building the page from data. Text always goes in as text (createTextNode / textContent), never as
// markup, so commands, output and labels show exactly as they are and can never become code.

/**
 * Creates an element: h('a', {class: 'x', href: '#/jobs', on: {click: fn}}, 'text', child...).
 * Strings become text nodes; null, undefined and false children are skipped; arrays are flattened.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) {
      continue;
    }
    if (key.includes('HTML')) {
      throw new Error(`h(): ${key} is not allowed; pass text or nodes as children`);
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        el.addEventListener(event, handler);
      }
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof el[key] !== 'function' && !key.startsWith('on')) {
      el[key] = value;
    } else if (!key.startsWith('on') && value !== false) {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else if (child !== undefined && child !== null && child !== false) {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's content with the given children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A token safe to put in a class name (state names come from the API). */
export function cssToken(value) {
  return String(value || 'unknown').toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/** A coloured badge for a job state or worker status. */
export function badge(value, kind = 'state') {
  return h('span', { class: `badge ${kind}-${cssToken(value)}` }, String(value || 'unknown').replace(/_/g, ' '));
}

/** Label chips. */
export function chips(labels) {
  if (!labels || labels.length === 0) {
    return h('span', { class: 'muted' }, 'none');
  }
  return h('span', { class: 'chips' }, labels.map((l) => h('span', { class: 'chip' }, l)));
}

/** A duration the way a person says it: 45s, 4m, 2h10m, 3d. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) {
    return '—';
  }
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s}s`;
  }
  const m = Math.round(s / 60);
  if (m < 60) {
    return `${m}m`;
  }
  if (m < 24 * 60) {
    return m % 60 === 0 ? `${Math.floor(m / 60)}h` : `${Math.floor(m / 60)}h${m % 60}m`;
  }
  return `${Math.round(m / 1440)}d`;
}

/** Seconds from an ISO instant to now (negative in the future); null without one. */
export function secondsSince(iso) {
  return iso ? (Date.now() - Date.parse(iso)) / 1000 : null;
}

/**
 * "3m ago" for an instant, kept current by the page's clock tick; the full local time shows on
 * hover. "—" without an instant.
 */
export function ago(iso) {
  if (!iso) {
    return h('span', { class: 'muted' }, '—');
  }
  const el = h('time', { dateTime: iso, title: new Date(iso).toLocaleString(), dataset: { since: iso } });
  el.textContent = agoText(iso);
  return el;
}

function agoText(iso) {
  const s = secondsSince(iso);
  if (s === null) {
    return '—';
  }
  return s >= 0 ? `${duration(s)} ago` : `in ${duration(-s)}`;
}

/** Refreshes every "… ago" on the page; called by a timer. */
export function tick() {
  for (const el of document.querySelectorAll('time[data-since]')) {
    el.textContent = agoText(el.dataset.since);
  }
}

/** A local date and time for an instant, or "—". */
export function when(iso) {
  if (!iso) {
    return h('span', { class: 'muted' }, '—');
  }
  return h('time', { dateTime: iso, title: iso }, new Date(iso).toLocaleString());
}

/** An error box saying what went wrong, with the API's own message. */
export function errorBox(error) {
  return h('div', { class: 'notice error', role: 'alert' }, error && error.message ? error.message : String(error));
}

/** A table whose rows turn into cards on narrow screens; each cell carries its column name. */
export function table(columns, rows, { empty = 'Nothing to show.', rowProps } = {}) {
  if (rows.length === 0) {
    return h('p', { class: 'empty' }, empty);
  }
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.title)))),
      h('tbody', {}, rows.map((row) => h('tr', rowProps ? rowProps(row) : {},
        columns.map((c) => h('td', { dataset: { label: c.title }, class: c.class }, c.cell(row))))))));
}

/**
 * Runs fn at most once per interval and never twice at once: a burst of live events turns into
 * one reload, and a last one after the burst.
 */
export function throttle(fn, intervalMs) {
  let running = false;
  let again = false;
  let last = 0;
  let timer = null;
  const run = async () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = true;
    last = Date.now();
    try {
      await fn();
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer) {
      return;
    }
    timer = setTimeout(run, Math.max(0, last + intervalMs - Date.now()));
  };
  schedule.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return schedule;
}
