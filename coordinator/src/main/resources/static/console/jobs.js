// The jobs list (sidebar) and one job's page: state and headline figures, accuracy and loss per
// round (server-side and federated), ε where DP is on, the round timeline, participants per
// round, and every round attempt (a row opens the round).
(function (F) {
  'use strict';

  const { h, fmt, badge, isNum } = F;
  const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
  const MAX_BARS = 400; // stacked-bar charts show the latest attempts only

  class JobList {
    constructor(feed, list, count) {
      this.list = list;
      this.count = count;
      this.selected = null;
      this.jobs = [];
      this.off = feed.subscribe('fleet', (fleet) => {
        const text = JSON.stringify(fleet.jobs);
        if (text !== this.text) {
          this.text = text;
          this.jobs = fleet.jobs;
          this.render();
        }
      });
    }

    select(id) {
      this.selected = id === null ? null : Number(id);
      this.render();
    }

    render() {
      this.count.textContent = this.jobs.length ? '(' + this.jobs.length + ')' : '';
      if (!this.jobs.length) {
        this.list.replaceChildren(h('li', { class: 'muted empty' }, 'No jobs yet. Create one with ',
          h('code', {}, './flotilla jobs create -f job.yaml'), '.'));
        return;
      }
      this.list.replaceChildren(...this.jobs.slice().reverse().map((j) => {
        const share = j.rounds > 0 ? Math.min(1, j.completedRounds / j.rounds) : 0;
        return h('li', { class: 'job-item' + (j.id === this.selected ? ' selected' : ''), 'data-job': j.id },
          h('a', { href: '#/jobs/' + j.id },
            h('div', { class: 'job-item-top' }, h('span', { class: 'job-name' }, j.name), badge(j.state)),
            h('div', { class: 'job-item-meta' },
              h('span', {}, '#' + j.id + ' · ' + j.strategy),
              h('span', {}, j.completedRounds + '/' + j.rounds)),
            h('div', { class: 'progress' }, h('span', { style: 'width:' + (100 * share).toFixed(1) + '%' })),
            h('div', { class: 'job-item-meta' },
              h('span', {}, 'test ' + fmt.figure(j.latestTestAccuracy)),
              h('span', {}, 'fed. ' + fmt.figure(j.latestFederatedAccuracy)))));
      }));
    }

    destroy() {
      this.off();
    }
  }

  // Figures derived from a job's round attempts.
  function series(rounds) {
    const completed = rounds.filter((r) => r.state === 'COMPLETED' && r.result);
    const point = (r, v) => (isNum(v) ? { x: r.round, y: v } : null);
    const fed = rounds.filter((r) => r.federatedEvaluation && r.federatedEvaluation.state === 'COMPLETED');
    const pick = (list, f) => list.map((r) => point(r, f(r))).filter(Boolean);
    const bars = rounds.slice(-MAX_BARS);
    const fedSeconds = (r) => {
      const fe = r.federatedEvaluation;
      if (!fe || !fe.timings) return null;
      const s = (fe.timings.selectionSeconds || 0) + (fe.timings.evaluationSeconds || 0);
      return fe.timings.selectionSeconds === null && fe.timings.evaluationSeconds === null ? null : s;
    };
    return {
      completed,
      accuracy: [
        { key: 'test', label: 'test accuracy (server)', points: pick(completed, (r) => r.result.testAccuracy) },
        { key: 'federated', label: 'federated accuracy (clients)', points: pick(fed, (r) => r.federatedEvaluation.accuracy), dashed: true },
        { key: 'train', label: 'train accuracy (clients)', points: pick(completed, (r) => r.result.trainAccuracy) },
      ],
      loss: [
        { key: 'test', label: 'test loss (server)', points: pick(completed, (r) => r.result.testLoss) },
        { key: 'federated', label: 'federated loss (clients)', points: pick(fed, (r) => r.federatedEvaluation.loss), dashed: true },
        { key: 'train', label: 'train loss (clients)', points: pick(completed, (r) => r.result.trainLoss) },
      ],
      epsilon: [{ key: 'epsilon', label: 'ε spent', points: pick(rounds.filter((r) => r.state === 'COMPLETED'), F.epsilonOf) }],
      labels: bars.map(fmt.roundLabel),
      timeline: [
        { key: 'selection', label: 'selection', values: bars.map((r) => r.timings.selectionSeconds) },
        { key: 'training', label: 'training', values: bars.map((r) => r.timings.trainingSeconds) },
        { key: 'aggregation', label: 'aggregation', values: bars.map((r) => r.timings.aggregationSeconds) },
        { key: 'evaluation', label: 'evaluation (server)', values: bars.map((r) => r.timings.evaluationSeconds) },
        { key: 'federatedEvaluation', label: 'federated evaluation', values: bars.map(fedSeconds) },
      ],
      participants: [
        { key: 'reported', label: 'reported', values: bars.map((r) => r.reported) },
        { key: 'declined', label: 'declined', values: bars.map((r) => r.declined) },
        { key: 'late', label: 'late', values: bars.map((r) => r.late) },
        { key: 'dropped', label: 'dropped', values: bars.map((r) => r.dropped) },
      ],
    };
  }

  function kpi(label, value, note, attrs) {
    return h('div', Object.assign({ class: 'kpi' }, attrs || {}),
      h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value),
      note ? h('div', { class: 'kpi-note muted' }, note) : null);
  }

  class JobView {
    constructor(feed, root, jobId) {
      this.jobId = Number(jobId);
      this.root = root;
      this.header = h('div', { class: 'job-header' });
      this.kpis = h('div', { class: 'kpis' });
      this.cards = {
        accuracy: new F.ChartCard({ id: 'accuracy', title: 'Accuracy per round', kind: 'line', yTitle: 'accuracy',
          subtitle: 'server-side test set, clients\' held-out data (federated), clients\' training data',
          empty: 'No completed round yet' }),
        loss: new F.ChartCard({ id: 'loss', title: 'Loss per round', kind: 'line', yTitle: 'cross-entropy',
          empty: 'No completed round yet' }),
        timeline: new F.ChartCard({ id: 'timeline', title: 'Round timeline', kind: 'stacked', yTitle: 'seconds',
          subtitle: 'time in each phase, per attempt', format: fmt.seconds, empty: 'No round yet' }),
        participants: new F.ChartCard({ id: 'participants', title: 'Participants per round', kind: 'stacked',
          yTitle: 'clients', integer: true, subtitle: 'of the clients selected for each attempt', empty: 'No round yet' }),
        epsilon: new F.ChartCard({ id: 'epsilon', title: 'Privacy budget spent', kind: 'line', yTitle: 'ε',
          subtitle: 'cumulative ε of the job\'s differential-privacy accountant', format: (v) => fmt.fixed(v, 3) }),
      };
      this.cards.epsilon.el.hidden = true;
      this.roundsBody = h('tbody', {});
      this.root.replaceChildren(
        this.header, this.kpis,
        h('div', { class: 'chart-grid' }, ...Object.values(this.cards).map((c) => c.el)),
        h('section', { class: 'card' },
          h('div', { class: 'card-head' }, h('h3', {}, 'Rounds'),
            h('p', { class: 'muted small' }, 'every attempt, latest first; open one for its participants')),
          h('div', { class: 'table-scroll rounds-table-wrap' }, h('table', { class: 'grid rounds-table', id: 'rounds-table' },
            h('thead', {}, h('tr', {}, ['round', 'state', 'reported', 'declined', 'late', 'dropped', 'train loss',
              'test acc.', 'fed. acc.', 'ε', 'selection', 'training', 'aggregation', 'evaluation', 'outcome']
              .map((t, i) => h('th', { class: i > 1 && i < 14 ? 'num' : null }, t)))),
            this.roundsBody))));
      this.off = feed.subscribe('job:' + this.jobId, (v) => this.render(v.job, v.rounds));
    }

    render(job, rounds) {
      this.renderHeader(job, rounds);
      const s = series(rounds);
      this.cards.accuracy.setLines(s.accuracy);
      this.cards.loss.setLines(s.loss);
      this.cards.timeline.setStacked(s.labels, s.timeline);
      this.cards.participants.setStacked(s.labels, s.participants);
      const hasEpsilon = s.epsilon[0].points.length > 0;
      this.cards.epsilon.el.hidden = !hasEpsilon;
      if (hasEpsilon) {
        this.cards.epsilon.setLines(s.epsilon);
      }
      this.renderRounds(rounds);
    }

    renderHeader(job, rounds) {
      const share = job.rounds > 0 ? Math.min(1, job.completedRounds / job.rounds) : 0;
      this.header.replaceChildren(
        h('div', { class: 'job-title' },
          h('h2', {}, job.name, ' ', h('span', { class: 'muted' }, '#' + job.id)), badge(job.state)),
        h('p', { class: 'muted job-sub' },
          [job.architecture, job.strategy, fmt.count(job.parameterCount) + ' parameters',
            job.policy ? job.policy.clientsPerRound + ' clients per round (quorum ' + job.policy.minClients + ')' : null,
            'created ' + fmt.time(job.createdAt)].filter(Boolean).join(' · ')),
        job.reason ? h('p', { class: 'reason' }, job.reason) : ''); // replaceChildren would show null as text
      const open = rounds.filter((r) => !TERMINAL.has(r.state)).pop();
      const last = rounds.filter((r) => r.state === 'COMPLETED' && r.result).pop();
      const prev = rounds.filter((r) => r.state === 'COMPLETED' && r.result && (!last || r.round < last.round)).pop();
      const delta = last && prev && isNum(last.result.testAccuracy) && isNum(prev.result.testAccuracy)
        ? last.result.testAccuracy - prev.result.testAccuracy : null;
      const eps = rounds.map(F.epsilonOf).filter(isNum).pop();
      const durations = rounds.filter((r) => r.openedAt && r.finishedAt).slice(-10)
        .map((r) => (new Date(r.finishedAt) - new Date(r.openedAt)) / 1000);
      const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null;
      this.kpis.replaceChildren(...[
        kpi('Rounds', job.completedRounds + ' / ' + job.rounds,
          h('div', { class: 'progress' }, h('span', { style: 'width:' + (100 * share).toFixed(1) + '%' })), { 'data-kpi': 'rounds' }),
        kpi('Test accuracy', fmt.figure(job.latestTestAccuracy),
          delta === null ? 'server-side' : (delta >= 0 ? '+' : '') + delta.toFixed(4) + ' on the round before', { 'data-kpi': 'test' }),
        kpi('Federated accuracy', fmt.figure(job.latestFederatedAccuracy), 'clients\' held-out data', { 'data-kpi': 'federated' }),
        kpi('Now', open ? 'round ' + fmt.roundLabel(open) + ' ' + open.state.toLowerCase() : TERMINAL.has(job.state) ? 'finished' : 'waiting',
          open ? open.reported + ' of ' + open.selected + ' reported' : null, { 'data-kpi': 'now' }),
        kpi('Round time', fmt.seconds(mean), 'mean of the last ' + durations.length, { 'data-kpi': 'time' }),
        eps === undefined ? null : kpi('ε spent', fmt.fixed(eps, 3), 'differential privacy', { 'data-kpi': 'epsilon' }),
      ].filter(Boolean));
    }

    renderRounds(rounds) {
      const t = (r, k) => (r.timings ? fmt.seconds(r.timings[k]) : fmt.NONE);
      this.roundsBody.replaceChildren(...rounds.slice().reverse().map((r) => {
        const fe = r.federatedEvaluation;
        const fed = !fe ? fmt.NONE : fe.state === 'COMPLETED' ? fmt.figure(fe.accuracy) : fe.state.toLowerCase();
        const res = r.result || {};
        const eps = F.epsilonOf(r);
        return h('tr', { class: 'clickable', 'data-round': r.round, 'data-attempt': r.attempt, tabindex: 0,
          onclick: () => { location.hash = '#/jobs/' + this.jobId + '/rounds/' + r.round; },
          onkeydown: (e) => { if (e.key === 'Enter') location.hash = '#/jobs/' + this.jobId + '/rounds/' + r.round; } },
        h('td', {}, h('a', { href: '#/jobs/' + this.jobId + '/rounds/' + r.round }, fmt.roundLabel(r))),
        h('td', {}, badge(r.state)),
        h('td', { class: 'num' }, r.reported + ' / ' + r.selected),
        h('td', { class: 'num' }, r.declined), h('td', { class: 'num' }, r.late), h('td', { class: 'num' }, r.dropped),
        h('td', { class: 'num' }, fmt.figure(res.trainLoss)),
        h('td', { class: 'num', 'data-value': isNum(res.testAccuracy) ? res.testAccuracy : null }, fmt.figure(res.testAccuracy)),
        h('td', { class: 'num' }, fed),
        h('td', { class: 'num' }, eps === null ? fmt.NONE : fmt.fixed(eps, 3)),
        h('td', { class: 'num' }, t(r, 'selectionSeconds')), h('td', { class: 'num' }, t(r, 'trainingSeconds')),
        h('td', { class: 'num' }, t(r, 'aggregationSeconds')), h('td', { class: 'num' }, t(r, 'evaluationSeconds')),
        h('td', { class: 'reason' }, r.outcome || ''));
      }));
      if (!rounds.length) {
        this.roundsBody.replaceChildren(h('tr', {}, h('td', { colspan: 15, class: 'muted' }, 'No round has opened yet.')));
      }
    }

    destroy() {
      this.off();
      Object.values(this.cards).forEach((c) => c.destroy());
    }
  }

  function emptyHome(root) {
    root.replaceChildren(h('section', { class: 'card welcome' },
      h('h2', {}, 'No jobs yet'),
      h('p', {}, 'Create a job from a JSON or YAML file with the operator command line:'),
      h('pre', {}, './flotilla jobs create -f job.yaml\n./flotilla jobs watch 1'),
      h('p', { class: 'muted' }, 'Its rounds appear here as they run.')));
  }

  F.JobList = JobList;
  F.JobView = JobView;
  F.emptyHome = emptyHome;
})(window.Flotilla);
