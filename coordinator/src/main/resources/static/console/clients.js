// The fleet: every enrolled client with its status, last contact, platform, version, cores, the
// rounds it took part in and its recent training speed (samples/s of its latest updates).
(function (F) {
  'use strict';

  const { h, fmt, badge } = F;

  // A small inline chart of the latest speeds.
  function sparkline(values) {
    if (values.length < 2) return null;
    const w = 80;
    const hgt = 20;
    const max = Math.max(...values);
    const min = Math.min(...values);
    const span = max - min || 1;
    const pts = values.map((v, i) => (i * w / (values.length - 1)).toFixed(1) + ',' + (hgt - 2 - (v - min) * (hgt - 4) / span).toFixed(1));
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hgt);
    svg.setAttribute('class', 'spark');
    svg.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', pts.join(' '));
    svg.appendChild(line);
    return svg;
  }

  class ClientsView {
    constructor(feed, root) {
      this.root = root;
      this.clients = [];
      this.participation = null;
      this.body = h('tbody', {});
      this.note = h('p', { class: 'muted small' });
      this.summary = h('div', { class: 'kpis' });
      root.replaceChildren(
        h('div', { class: 'job-header' }, h('div', { class: 'job-title' }, h('h2', {}, 'Clients'))),
        this.summary,
        h('section', { class: 'card' },
          h('div', { class: 'card-head' }, h('h3', {}, 'Enrolled clients'), this.note),
          h('div', { class: 'table-scroll' }, h('table', { class: 'grid', id: 'clients-table' },
            h('thead', {}, h('tr', {}, [['client'], ['status'], ['last seen'], ['platform'], ['version'], ['cores', 1],
              ['examples', 1], ['rounds reported', 1], ['recent speed (samples/s)', 1], ['enrolled']]
              .map(([t, num]) => h('th', { class: num ? 'num' : null }, t)))),
            this.body))));
      this.offs = [
        feed.subscribe('fleet', (fleet) => { this.clients = fleet.clients; this.render(); }),
        feed.subscribe('participation', (p) => { this.participation = p; this.render(); }),
      ];
      // "last seen" keeps counting between updates.
      this.timer = setInterval(() => this.render(), 5000);
    }

    render() {
      const now = Date.now();
      const per = (this.participation && this.participation.perClient) || {};
      const counts = {};
      this.clients.forEach((c) => { counts[c.status] = (counts[c.status] || 0) + 1; });
      this.summary.replaceChildren(...['TRAINING', 'EVALUATING', 'IDLE', 'OFFLINE', 'REVOKED'].map((s) =>
        h('div', { class: 'kpi', 'data-kpi': s.toLowerCase() }, h('div', { class: 'kpi-label' }, s.toLowerCase()),
          h('div', { class: 'kpi-value' }, String(counts[s] || 0)))));
      const pp = this.participation;
      this.note.textContent = !pp ? 'loading round details…'
        : 'rounds reported and speed from the latest ' + pp.roundsConsidered + ' rounds of the latest jobs'
          + (pp.roundsLoaded < pp.roundsConsidered ? ' (' + pp.roundsLoaded + ' read so far)' : '');
      this.body.replaceChildren(...this.clients.map((c) => {
        const p = per[c.id];
        const speeds = p ? p.speeds.map((s) => s.value) : [];
        return h('tr', { 'data-client': c.id },
          h('td', {}, h('span', { class: 'client' }, c.name, h('span', { class: 'muted id' }, c.id))),
          h('td', {}, badge(c.status)),
          h('td', { title: fmt.time(c.lastSeen) }, fmt.ago(c.lastSeen, now)),
          h('td', {}, c.platform || fmt.NONE), h('td', {}, c.clientVersion || fmt.NONE),
          h('td', { class: 'num' }, c.cores), h('td', { class: 'num' }, fmt.count(c.examples)),
          h('td', { class: 'num' }, p ? p.rounds : this.participation ? 0 : fmt.NONE),
          h('td', { class: 'num speed' }, sparkline(speeds), speeds.length ? fmt.rate(speeds[speeds.length - 1]) : fmt.NONE),
          h('td', {}, fmt.time(c.enrolledAt)));
      }));
      if (!this.clients.length) {
        this.body.replaceChildren(h('tr', {}, h('td', { colspan: 10, class: 'muted' },
          'No client has enrolled yet (edge clients enrol with the enrolment token).')));
      }
    }

    destroy() {
      this.offs.forEach((off) => off());
      clearInterval(this.timer);
    }
  }

  F.ClientsView = ClientsView;
})(window.Flotilla);
