// Server-sent events read with fetch(), so the stream carries the Authorization header like every
// other call and the token never goes into a URL (EventSource can only send cookies). It behaves
// like an EventSource: 'open', 'error' and one event per SSE event type, and it reconnects after a
// drop, resuming with the Last-Event-ID of the last event it got. A refused token (401 or 403)
// closes it for good: retrying could not help.

const RETRY_MS = 2000;

export class EventStream extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;

  constructor(url, headers) {
    super();
    this.url = url;
    this.headers = headers;
    this.readyState = EventStream.CONNECTING;
    this.lastEventId = null;
    this.controller = null;
    this.connect();
  }

  close() {
    this.readyState = EventStream.CLOSED;
    if (this.controller) {
      this.controller.abort();
    }
  }

  async connect() {
    if (this.readyState === EventStream.CLOSED) {
      return;
    }
    this.readyState = EventStream.CONNECTING;
    this.controller = new AbortController();
    const headers = { ...this.headers, Accept: 'text/event-stream' };
    if (this.lastEventId !== null) {
      headers['Last-Event-ID'] = this.lastEventId;
    }
    try {
      const res = await fetch(this.url, { headers, cache: 'no-store', signal: this.controller.signal });
      if (res.status === 401 || res.status === 403) {
        this.readyState = EventStream.CLOSED;
        this.status = res.status;
        this.dispatchEvent(new Event('error'));
        return;
      }
      if (!res.ok || !res.body) {
        throw new Error(`HTTP ${res.status}`);
      }
      this.readyState = EventStream.OPEN;
      this.dispatchEvent(new Event('open'));
      await this.read(res.body.getReader());
    } catch (e) {
      if (this.readyState === EventStream.CLOSED) {
        return;
      }
    }
    if (this.readyState !== EventStream.CLOSED) {
      this.readyState = EventStream.CONNECTING;
      this.dispatchEvent(new Event('error'));
      setTimeout(() => this.connect(), RETRY_MS);
    }
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        this.dispatchBlock(block);
      }
    }
  }

  dispatchBlock(block) {
    let type = 'message';
    const data = [];
    let id = null;
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) {
        value = value.slice(1);
      }
      if (field === 'event') {
        type = value;
      } else if (field === 'data') {
        data.push(value);
      } else if (field === 'id') {
        id = value;
      }
    }
    if (id !== null) {
      this.lastEventId = id;
    }
    if (data.length === 0) {
      return;
    }
    const event = new MessageEvent(type, { data: data.join('\n'), lastEventId: id || '' });
    this.dispatchEvent(event);
  }
}
