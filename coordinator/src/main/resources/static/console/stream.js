// Reads a text/event-stream (Server-Sent Events) with fetch(), because EventSource cannot send the
// Authorization header. Parses the stream as the HTML specification says: lines end in LF, CR or
// CRLF; `event:`, `data:` (joined with LF) and `id:` fields up to the blank line that dispatches an
// event; lines starting with ':' are comments (the server's heartbeats).
(function (F) {
  'use strict';

  class EventStreamParser {
    constructor(onEvent) {
      this.onEvent = onEvent;
      this.buffer = '';
      this.reset();
    }

    reset() {
      this.type = '';
      this.data = [];
      this.id = null;
    }

    // Feeds decoded text; dispatches every event it completes.
    push(text) {
      this.buffer += text;
      let start = 0;
      for (let i = 0; i < this.buffer.length; i++) {
        const c = this.buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        if (c === '\r' && i + 1 === this.buffer.length) break; // a CR at the end may be half of CRLF
        this.line(this.buffer.slice(start, i));
        if (c === '\r' && this.buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      this.buffer = this.buffer.slice(start);
    }

    line(line) {
      if (line === '') {
        if (this.data.length) {
          this.onEvent({ type: this.type || 'message', data: this.data.join('\n'), id: this.id });
        }
        this.reset();
        return;
      }
      if (line[0] === ':') return;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value[0] === ' ') value = value.slice(1);
      if (field === 'event') this.type = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id' && !value.includes('\0')) this.id = value;
    }
  }

  // One connection: resolves when the stream ends, rejects with F.ApiError on an HTTP error.
  // onEvent gets {type, data (parsed JSON), id}; a stream silent for `silence` ms is aborted.
  async function readStream(path, token, lastEventId, onEvent, signal, silence) {
    const headers = { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const abort = new AbortController();
    const stop = () => abort.abort();
    signal.addEventListener('abort', stop);
    let watchdog = null;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(stop, silence);
    };
    try {
      arm();
      const r = await fetch(path, { headers, cache: 'no-store', signal: abort.signal });
      if (!r.ok) {
        const problem = await r.json().catch(() => null);
        const error = new F.ApiError(r.status, problem, path);
        error.retryAfter = Number(r.headers.get('Retry-After')) || null;
        throw error;
      }
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new EventStreamParser((e) => onEvent({ type: e.type, id: e.id, data: JSON.parse(e.data) }));
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        arm();
        parser.push(value);
      }
    } finally {
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stop);
    }
  }

  F.EventStreamParser = EventStreamParser;
  F.readStream = readStream;
})(window.Flotilla);
