// The one way the dashboard talks to the coordinator. Every HTTP call goes through request(), and
// every event stream through openStream(), so authentication is added in exactly one place.

import { EventStream } from './stream.js';

const TOKEN_KEY = 'relayq.token';

/** The API token kept for this browser tab, or null. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps a token for this tab only (session storage); an empty value forgets it. */
export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** An error answer of the API: {"error": {"code", "message"}} with its HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the coordinator and returns the parsed JSON answer (null for an empty one).
 * Throws ApiError with the API's own message when the answer is not a 2xx.
 */
export async function request(path, { method = 'GET', query, body } = {}) {
  const url = withQuery(path, query);
  const headers = { Accept: 'application/json', ...authorization() };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'unreachable', `cannot reach the coordinator (${e.message})`);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.status === 401) {
    // the token is unknown or revoked: back to the login page, which says why
    window.dispatchEvent(new CustomEvent('relayq:unauthorized', { detail: data && data.error }));
  }
  if (!res.ok) {
    const error = data && data.error ? data.error : {};
    throw new ApiError(res.status, error.code || `http_${res.status}`, error.message || `HTTP ${res.status}`);
  }
  return data;
}

/** The Authorization header of the saved token, or none. */
function authorization() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

/** Opens a server-sent event stream, read with fetch() so it sends the token in its header. */
export function openStream(path, query) {
  return new EventStream(withQuery(path, query), authorization());
}

/** Fetches a job's raw output with the token and hands it to the browser as a file download. */
export async function downloadRawOutput(id) {
  const res = await fetch(`${job(id)}/output`, { headers: authorization(), cache: 'no-store' });
  if (!res.ok) {
    throw new ApiError(res.status, `http_${res.status}`, `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${id}.log`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function withQuery(path, query) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}

const V1 = '/api/v1';
const job = (id) => `${V1}/jobs/${encodeURIComponent(id)}`;

/** The API calls the dashboard makes. */
export const api = {
  overview: () => request(`${V1}/overview`),
  workers: () => request(`${V1}/workers`),
  jobs: (query) => request(`${V1}/jobs`, { query }),
  job: (id) => request(job(id)),
  jobEvents: (id) => request(`${job(id)}/events`),
  cancel: (id) => request(`${job(id)}/cancel`, { method: 'POST' }),
  submit: (submission) => request(`${V1}/jobs`, { method: 'POST', body: submission }),
  followOutput: (id) => openStream(`${job(id)}/output`, { follow: 'true' }),
  events: () => openStream(`${V1}/events`, { live: 'true' }),
};
