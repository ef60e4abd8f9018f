// Where the console's live data comes from: the one place that knows how the page keeps up with
// the coordinator. Views subscribe to topics and get a fresh value whenever it changes:
//
//   'fleet'          {jobs, clients}          GET /api/v1/jobs, GET /api/v1/clients
//   'job:<id>'       {job, rounds}            GET /api/v1/jobs/{id}, GET /api/v1/jobs/{id}/rounds
//   'round:<id>:<n>' round detail             GET /api/v1/jobs/{id}/rounds/{n}
//   'participation'  per client: rounds it reported in and its recent speed, from the round details of
//                    the latest rounds of the latest jobs (at most RECENT_JOBS × RECENT_ROUNDS)
//
// LiveFeed follows the coordinator's event stream (GET /api/v1/events, docs/events.md) read with
// fetch() (stream.js): every event makes the subscribed topics be read again from the REST API
// (the records stay the truth; events only say when to look). While the stream is down it polls
// every `interval` ms (PollingFeed) and reconnects with Last-Event-ID; while it is up it still
// re-reads once a minute, for what no event announces (a late upload's participant status).
(function (F) {
  'use strict';

  const RECENT_JOBS = 5;
  const RECENT_ROUNDS = 50;
  const DETAILS_PER_TICK = 8;
  const SAFETY_POLL = 60000; // ms between re-reads while the stream is up
  const DEBOUNCE = 300; // ms: events that come together cause one re-read
  const SILENCE = 45000; // ms without a byte (heartbeats come every 15 s) before reconnecting
  const STREAM = '/api/v1/events?types=job,round,evaluation,cohort,client';

  class PollingFeed {
    constructor(api, interval, onStatus) {
      this.api = api;
      this.interval = interval;
      this.onStatus = onStatus;
      this.topics = new Map(); // topic -> {handlers:Set, last:string|null, value}
      this.timer = null;
      this.running = false;
      this.ticking = null;
      this.details = new Map(); // 'job:n' -> {fingerprint, detail}
    }

    describe() {
      return 'polling every ' + (this.interval / 1000) + ' s';
    }

    subscribe(topic, handler) {
      let t = this.topics.get(topic);
      if (!t) {
        t = { handlers: new Set(), last: null, value: undefined };
        this.topics.set(topic, t);
      }
      t.handlers.add(handler);
      if (t.value !== undefined) {
        handler(t.value);
      }
      this.refresh();
      return () => {
        t.handlers.delete(handler);
        if (t.handlers.size === 0) {
          this.topics.delete(topic);
        }
      };
    }

    start() {
      this.running = true;
      this.refresh();
    }

    stop() {
      this.running = false;
      clearTimeout(this.timer);
      this.topics.clear();
    }

    // Poll now (after a navigation), then on the interval again.
    refresh() {
      if (!this.running) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.tick(), 0);
    }

    async tick() {
      if (this.ticking) {
        await this.ticking;
      }
      this.ticking = this.poll();
      await this.ticking;
      this.ticking = null;
      if (this.running) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.tick(), this.nextDelay());
      }
    }

    nextDelay() {
      return this.interval;
    }

    async poll() {
      try {
        for (const topic of [...this.topics.keys()]) {
          this.publish(topic, await this.fetch(topic));
        }
        this.onStatus({ ok: true, at: new Date() });
      } catch (e) {
        if (e instanceof F.ApiError && (e.status === 401 || e.status === 403)) {
          return; // the app signs out
        }
        this.onStatus({ ok: false, at: new Date(), error: e.message });
      }
    }

    publish(topic, value) {
      const t = this.topics.get(topic);
      if (!t) return;
      const text = JSON.stringify(value);
      if (text === t.last) return;
      t.last = text;
      t.value = value;
      t.handlers.forEach((h) => h(value));
    }

    async fetch(topic) {
      const [kind, a, b] = topic.split(':');
      if (kind === 'fleet') {
        const [jobs, clients] = await Promise.all([this.api.jobs(), this.api.clients()]);
        return { jobs, clients };
      }
      if (kind === 'job') {
        const [job, rounds] = await Promise.all([this.api.job(a), this.api.rounds(a)]);
        return { job, rounds };
      }
      if (kind === 'round') {
        return this.api.round(a, b);
      }
      if (kind === 'participation') {
        return this.participation();
      }
      throw new Error('unknown topic ' + topic);
    }

    // Round details are fetched again only when the round's summary changed (late uploads,
    // a federated evaluation finishing), newest first, a few per tick.
    async participation() {
      const jobs = (await this.api.jobs()).slice(-RECENT_JOBS);
      let budget = DETAILS_PER_TICK;
      let considered = 0;
      const wanted = new Set();
      for (const job of jobs) {
        const rounds = (await this.api.rounds(job.id)).slice(-RECENT_ROUNDS);
        const byNumber = new Map();
        rounds.forEach((r) => byNumber.set(r.round, JSON.stringify(rounds.filter((x) => x.round === r.round))));
        for (const [n, fingerprint] of [...byNumber.entries()].reverse()) {
          considered++;
          const key = job.id + ':' + n;
          wanted.add(key);
          const cached = this.details.get(key);
          if ((!cached || cached.fingerprint !== fingerprint) && budget > 0) {
            budget--;
            this.details.set(key, { fingerprint, detail: await this.api.round(job.id, n) });
          }
        }
      }
      [...this.details.keys()].filter((k) => !wanted.has(k)).forEach((k) => this.details.delete(k));
      const perClient = {};
      for (const { detail } of this.details.values()) {
        for (const attempt of detail.attempts) {
          for (const p of attempt.participants) {
            const c = (perClient[p.clientId] = perClient[p.clientId] || { rounds: 0, speeds: [] });
            if (p.status === 'REPORTED') {
              c.rounds++;
            }
            if (p.update && p.update.metrics && F.isNum(p.update.metrics.samplesPerSecond)) {
              c.speeds.push({ at: p.update.receivedAt, value: p.update.metrics.samplesPerSecond });
            }
          }
        }
      }
      Object.values(perClient).forEach((c) => {
        c.speeds.sort((x, y) => String(x.at).localeCompare(String(y.at)));
        c.speeds = c.speeds.slice(-12);
      });
      return { perClient, roundsConsidered: considered, roundsLoaded: this.details.size };
    }
  }

  class LiveFeed extends PollingFeed {
    constructor(api, interval, onStatus) {
      super(api, interval, onStatus);
      this.streaming = false;
      this.lastEventId = null;
      this.controller = null;
      this.reconnect = null;
      this.pending = null;
      this.backoff = 1000;
    }

    describe() {
      return this.streaming ? 'event stream'
        : 'polling every ' + (this.interval / 1000) + ' s (event stream unavailable, reconnecting)';
    }

    nextDelay() {
      return this.streaming ? Math.max(this.interval, SAFETY_POLL) : this.interval;
    }

    start() {
      super.start();
      this.connect();
    }

    stop() {
      super.stop();
      clearTimeout(this.reconnect);
      clearTimeout(this.pending);
      if (this.controller) this.controller.abort();
    }

    async connect() {
      if (!this.running) return;
      this.controller = new AbortController();
      let retryIn = this.backoff;
      try {
        await F.readStream(STREAM, this.api.token, this.lastEventId, (e) => this.onEvent(e),
          this.controller.signal, SILENCE);
        retryIn = 250; // the stream reached its maximum duration: reconnect at once
      } catch (e) {
        if (e instanceof F.ApiError && (e.status === 401 || e.status === 403)) {
          this.api.onUnauthorized(e.status);
          return;
        }
        if (e instanceof F.ApiError && e.retryAfter) retryIn = e.retryAfter * 1000;
        this.backoff = Math.min(this.backoff * 2, 30000);
      }
      this.setStreaming(false);
      if (this.running) this.reconnect = setTimeout(() => this.connect(), retryIn);
    }

    onEvent(e) {
      if (e.id) this.lastEventId = e.id;
      if (e.type === 'ready') {
        this.backoff = 1000;
        this.setStreaming(true);
        this.refresh(); // whatever happened while connecting
        return;
      }
      if (!this.pending) {
        this.pending = setTimeout(() => { this.pending = null; this.refresh(); }, DEBOUNCE);
      }
    }

    setStreaming(on) {
      if (this.streaming === on) return;
      this.streaming = on;
      if (!on) this.refresh(); // poll at the short interval again
    }
  }

  // The one place that picks how the console follows the coordinator.
  F.createFeed = (api, options) => new LiveFeed(api, options.interval, options.onStatus);
})(window.Flotilla);
