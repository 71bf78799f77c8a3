// One stream of live events for the whole page (GET /api/v1/events?live=true): views subscribe to
// job events, worker events, and to (re)connection, when they should reload what they show.

import { api } from './api.js';
import { EventStream } from './stream.js';

const listeners = { job: new Set(), worker: new Set(), open: new Set() };
let source = null;

/** Calls fn(data) for each event of this type ('job', 'worker', or 'open'); returns an unsubscribe. */
export function subscribe(type, fn) {
  listeners[type].add(fn);
  connect();
  return () => listeners[type].delete(fn);
}

function connect() {
  if (source) {
    return;
  }
  source = api.events();
  source.addEventListener('open', () => {
    status('live', 'live');
    dispatch('open', null);
  });
  source.addEventListener('error', () => {
    // The stream reconnects by itself and resumes the job history from the last event id,
    // unless the token was refused.
    if (source.readyState === EventStream.CLOSED) {
      status('offline', 'token refused');
      source = null;
    } else {
      status('reconnecting', 'reconnecting…');
    }
  });
  for (const type of ['job', 'worker']) {
    source.addEventListener(type, (e) => dispatch(type, JSON.parse(e.data)));
  }
}

function dispatch(type, data) {
  for (const fn of listeners[type]) {
    try {
      fn(data);
    } catch (e) {
      console.error(`live ${type} listener failed`, e);
    }
  }
}

function status(state, text) {
  const el = document.getElementById('live');
  if (el) {
    el.dataset.state = state;
    document.getElementById('live-text').textContent = text;
  }
}

/** Ends the live stream (the token changed); the next subscriber opens a new one with the new token. */
export function disconnect() {
  if (source) {
    source.close();
    source = null;
  }
}
