// The console's routes and wiring: #/ (the latest job), #/jobs/<id>, #/jobs/<id>/rounds/<n>,
// #/clients. Views get their data from the feed (feed.js) and render whenever it changes.
// ?interval=<ms> in the address sets how often the feed polls while the event stream is down
// (default 2000).
(function (F) {
  'use strict';

  const view = document.getElementById('view');
  const liveText = document.getElementById('live-text');
  const live = document.getElementById('live');
  let state = null;

  function interval() {
    const v = Number(new URLSearchParams(location.search).get('interval'));
    return Number.isFinite(v) && v >= 200 && v <= 600000 ? v : 2000;
  }

  function showStatus(feed, s) {
    live.classList.toggle('ok', s.ok);
    live.classList.toggle('error', !s.ok);
    liveText.textContent = s.ok
      ? 'live · ' + feed.describe() + ' · updated ' + F.fmt.clock(s.at.toISOString())
      : 'coordinator unreachable, retrying (' + s.error + ')';
  }

  function route() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    if (parts[0] === 'clients') return { page: 'clients' };
    if (parts[0] === 'jobs' && /^\d+$/.test(parts[1] || '')) {
      const round = parts[2] === 'rounds' && /^\d+$/.test(parts[3] || '') ? Number(parts[3]) : null;
      return { page: 'job', job: Number(parts[1]), round };
    }
    return { page: 'home' };
  }

  function navigate() {
    if (!state) return;
    const r = route();
    document.querySelectorAll('[data-nav]').forEach((a) =>
      a.classList.toggle('active', a.dataset.nav === (r.page === 'clients' ? 'clients' : 'jobs')));
    if (r.page === 'home') {
      // The latest job, once the jobs are known.
      let off = null;
      off = state.feed.subscribe('fleet', (fleet) => {
        setTimeout(() => off && off());
        if (route().page !== 'home') return;
        if (fleet.jobs.length) {
          location.replace('#/jobs/' + fleet.jobs[fleet.jobs.length - 1].id);
        } else {
          show(null, () => { F.emptyHome(view); return { destroy() {} }; });
        }
      });
      return;
    }
    if (r.page === 'clients') {
      state.jobs.select(null);
      show('clients', () => new F.ClientsView(state.feed, view));
      closeRound();
      return;
    }
    state.jobs.select(r.job);
    show('job:' + r.job, () => new F.JobView(state.feed, view, r.job));
    if (r.round === null) {
      closeRound();
    } else if (!state.round || state.round.jobId !== r.job || state.round.round !== r.round) {
      closeRound();
      state.round = new F.RoundDrawer(state.feed, r.job, r.round, () => { location.hash = '#/jobs/' + r.job; });
    }
  }

  // Keeps the current main view when the route only opens or closes a round.
  function show(key, create) {
    if (state.key === key && state.main) return;
    if (state.main) state.main.destroy();
    state.key = key;
    state.main = create();
  }

  function closeRound() {
    if (state.round) {
      state.round.destroy();
      state.round = null;
    }
  }

  F.app = {
    start(options) {
      if (state) F.app.stop();
      const api = new F.Api(options.token, options.onUnauthorized);
      const feed = F.createFeed(api, { interval: interval(), onStatus: (s) => showStatus(feed, s) });
      state = { feed, key: null, main: null, round: null };
      state.jobs = new F.JobList(feed, document.getElementById('job-list'), document.getElementById('job-count'));
      window.addEventListener('hashchange', navigate);
      feed.start();
      navigate();
    },
    stop() {
      if (!state) return;
      window.removeEventListener('hashchange', navigate);
      closeRound();
      if (state.main) state.main.destroy();
      state.jobs.destroy();
      state.feed.stop();
      view.replaceChildren();
      state = null;
      live.classList.remove('ok', 'error');
      liveText.textContent = 'not connected';
    },
  };
})(window.Flotilla);
