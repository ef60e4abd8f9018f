// One round opened (a drawer over the job page): every attempt with every participant (status,
// decline reason, examples, wall time, samples/s, workers, TLP), the federated evaluation's
// participants, the refused uploads and results with their reasons, and the provenance record.
(function (F) {
  'use strict';

  const { h, fmt, badge, isNum } = F;

  function table(id, headers, rows, empty) {
    return h('div', { class: 'table-scroll' }, h('table', { class: 'grid', id },
      h('thead', {}, h('tr', {}, headers.map(([t, num]) => h('th', { class: num ? 'num' : null }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, empty)))));
  }

  function decline(reason, detail) {
    if (!reason) return null;
    return h('div', { class: 'decline', title: detail || '' }, reason, detail ? h('span', { class: 'muted' }, ': ' + detail) : null);
  }

  class RoundDrawer {
    constructor(feed, jobId, round, onClose) {
      this.jobId = Number(jobId);
      this.round = Number(round);
      this.names = new Map();
      this.body = h('div', { class: 'drawer-body' }, h('p', { class: 'muted' }, 'Loading…'));
      this.el = h('aside', { class: 'drawer', id: 'round-drawer', role: 'dialog', 'aria-label': 'Round ' + round,
        'data-job': this.jobId, 'data-round': this.round },
        h('div', { class: 'drawer-head' },
          h('h2', {}, 'Round ' + round, ' ', h('span', { class: 'muted' }, 'of job #' + jobId)),
          h('button', { type: 'button', class: 'ghost', id: 'close-round', 'aria-label': 'Close', onclick: onClose }, '✕')),
        this.body);
      this.backdrop = h('div', { class: 'backdrop', onclick: onClose });
      this.onKey = (e) => { if (e.key === 'Escape') onClose(); };
      document.addEventListener('keydown', this.onKey);
      document.body.append(this.backdrop, this.el);
      this.detail = null;
      this.offs = [
        feed.subscribe('fleet', (fleet) => {
          // Re-render only when a name changed, not on every check-in.
          const changed = fleet.clients.some((c) => this.names.get(c.id) !== c.name);
          fleet.clients.forEach((c) => this.names.set(c.id, c.name));
          if (changed && this.detail) this.render(this.detail);
        }),
        feed.subscribe('round:' + this.jobId + ':' + this.round, (d) => { this.detail = d; this.render(d); }),
      ];
    }

    client(id) {
      const name = this.names.get(id);
      return h('span', { class: 'client', title: id }, name || fmt.shortId(id), name ? h('span', { class: 'muted id' }, fmt.shortId(id)) : null);
    }

    render(d) {
      const parts = [];
      d.attempts.slice().reverse().forEach((a) => parts.push(this.attempt(a, d.attempts.length > 1)));
      if (d.federatedEvaluation) {
        parts.push(this.federated(d.federatedEvaluation));
      }
      parts.push(h('section', { class: 'drawer-section' },
        h('h3', {}, 'Refused uploads'),
        this.rejections('rejections', d.rejections, 'No upload was refused in this round.')));
      this.body.replaceChildren(...parts);
    }

    attempt(a, several) {
      const s = a.summary;
      const res = s.result || {};
      const tm = s.timings || {};
      const rows = a.participants.map((p) => {
        const u = p.update;
        const m = (u && u.metrics) || {};
        const settings = p.settings && Object.keys(p.settings).length
          ? Object.entries(p.settings).map(([k, v]) => k + '=' + v).join(', ') : '';
        return h('tr', { 'data-client': p.clientId, 'data-status': p.status },
          h('td', {}, this.client(p.clientId)),
          h('td', { class: 'status-cell' }, badge(p.status), decline(p.declineReason, p.declineDetail)),
          h('td', { class: 'num' }, u ? (u.masked ? 'masked' : fmt.count(u.examples)) : fmt.NONE),
          h('td', { class: 'num' }, fmt.seconds(m.wallSeconds)), h('td', { class: 'num' }, fmt.seconds(m.trainSeconds)),
          h('td', { class: 'num' }, fmt.rate(m.samplesPerSecond)),
          h('td', { class: 'num' }, isNum(m.workers) ? m.workers : fmt.NONE),
          h('td', { class: 'num' }, fmt.fixed(m.threadLevelParallelism, 2)),
          h('td', { class: 'num' }, fmt.figure(m.trainLoss)), h('td', { class: 'num' }, fmt.figure(m.trainAccuracy)),
          h('td', { class: 'num' }, u ? fmt.bytes(u.sizeBytes) : fmt.NONE),
          h('td', { class: 'small' }, settings));
      });
      const facts = [
        s.reported + ' of ' + s.selected + ' reported', s.declined + ' declined', s.late + ' late', s.dropped + ' dropped',
        'selection ' + fmt.seconds(tm.selectionSeconds), 'training ' + fmt.seconds(tm.trainingSeconds),
        'aggregation ' + fmt.seconds(tm.aggregationSeconds), 'evaluation ' + fmt.seconds(tm.evaluationSeconds),
      ];
      const sec = s.secureAggregation;
      if (sec) {
        // A secure round: its phases, and that its updates are masked vectors.
        facts.push('secure aggregation, updates masked (k ' + sec.neighbours + ', t ' + sec.threshold + ')');
        sec.phases.forEach((ph) => facts.push(ph.phase + ' ' + ph.state + ' ' + ph.answered + '/' + ph.assigned
          + ' answered, ' + ph.declined + ' declined, ' + ph.dropped + ' dropped, ' + fmt.seconds(ph.seconds)));
      }
      return h('section', { class: 'drawer-section', 'data-attempt': s.attempt },
        h('h3', {}, several ? 'Attempt ' + s.attempt + ' ' : 'Training ', badge(s.state)),
        h('p', { class: 'facts' }, facts.join(' · ')),
        s.result ? h('p', { class: 'facts' }, 'train loss ' + fmt.figure(res.trainLoss) + ' · train accuracy '
          + fmt.figure(res.trainAccuracy) + ' · test loss ' + fmt.figure(res.testLoss) + ' · test accuracy '
          + fmt.figure(res.testAccuracy) + (s.newModel === false ? ' · no new model' : '')) : null,
        s.outcome ? h('p', { class: 'reason' }, s.outcome) : null,
        table('participants-' + s.attempt, [['client'], ['status (decline reason)'], ['examples', 1], ['wall', 1],
          ['train', 1], ['samples/s', 1], ['workers', 1], ['TLP', 1], ['train loss', 1], ['train acc.', 1], ['update', 1],
          ['settings']], rows, 'No client was selected.'),
        a.provenance ? h('details', { class: 'provenance' }, h('summary', {}, 'Provenance (' + a.provenance.strategy + ')'),
          h('pre', {}, JSON.stringify(a.provenance, null, 2))) : null);
    }

    federated(fe) {
      const s = fe.summary;
      const rows = fe.participants.map((p) => h('tr', { 'data-client': p.clientId, 'data-status': p.status },
        h('td', {}, this.client(p.clientId)),
        h('td', { class: 'status-cell' }, badge(p.status), decline(p.declineReason, p.declineDetail)),
        h('td', { class: 'num' }, p.result ? fmt.count(p.result.examples) : fmt.NONE),
        h('td', { class: 'num' }, p.result ? fmt.figure(p.result.loss) : fmt.NONE),
        h('td', { class: 'num' }, p.result ? fmt.figure(p.result.accuracy) : fmt.NONE)));
      return h('section', { class: 'drawer-section', id: 'federated-evaluation' },
        h('h3', {}, 'Federated evaluation ', badge(s.state)),
        h('p', { class: 'facts' }, [s.reported + ' of ' + s.selected + ' reported', s.declined + ' declined',
          s.late + ' late', s.dropped + ' dropped', 'accuracy ' + fmt.figure(s.accuracy), 'loss ' + fmt.figure(s.loss),
          fmt.count(s.examples) + ' held-out examples'].join(' · ')),
        s.outcome ? h('p', { class: 'reason' }, s.outcome) : null,
        table('federated-participants', [['client'], ['status (decline reason)'], ['examples', 1], ['loss', 1],
          ['accuracy', 1]], rows, 'No client was selected.'),
        fe.rejections && fe.rejections.length ? h('h4', {}, 'Refused results') : null,
        fe.rejections && fe.rejections.length ? this.rejections('federated-rejections', fe.rejections, '') : null);
    }

    rejections(id, list, empty) {
      return table(id, [['client'], ['HTTP', 1], ['reason'], ['detail'], ['at']], (list || []).map((r) =>
        h('tr', { 'data-reason': r.reason }, h('td', {}, this.client(r.clientId)), h('td', { class: 'num' }, r.httpStatus),
          h('td', {}, h('span', { class: 'badge state-failed' }, r.reason)), h('td', { class: 'reason' }, r.detail || ''),
          h('td', {}, fmt.clock(r.at)))), empty);
    }

    destroy() {
      this.offs.forEach((off) => off());
      document.removeEventListener('keydown', this.onKey);
      this.el.remove();
      this.backdrop.remove();
    }
  }

  F.RoundDrawer = RoundDrawer;
})(window.Flotilla);
