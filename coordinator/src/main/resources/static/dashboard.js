// A minimal live view of the coordinator: polls the REST API with the operator's admin token.
// The token stays in this tab's sessionStorage and is sent only to this origin.
(function () {
  'use strict';
  const tokenInput = document.getElementById('token');
  const status = document.getElementById('status');
  let token = sessionStorage.getItem('flotilla-token') || '';
  let selectedJob = null;
  tokenInput.value = token;

  document.getElementById('login').addEventListener('submit', (e) => {
    e.preventDefault();
    token = tokenInput.value.trim();
    sessionStorage.setItem('flotilla-token', token);
    refresh();
  });

  async function api(path) {
    const r = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
    if (!r.ok) {
      const problem = await r.json().catch(() => ({}));
      throw new Error(r.status + ' ' + (problem.detail || r.statusText));
    }
    return r.json();
  }

  const fmt = (v, digits) => v === null || v === undefined ? '' : (typeof v === 'number' ? v.toFixed(digits) : String(v));

  function fill(table, rows, cells, onClick) {
    const body = document.querySelector('#' + table + ' tbody');
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement('tr');
      cells(row).forEach(([text, cls]) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      });
      if (onClick) {
        tr.classList.add('selectable');
        if (row.id === selectedJob) tr.classList.add('selected');
        tr.addEventListener('click', () => onClick(row));
      }
      return tr;
    }));
  }

  async function refresh() {
    if (!token) { status.textContent = 'enter the admin token'; return; }
    try {
      const [jobs, clients] = await Promise.all([api('/api/v1/jobs'), api('/api/v1/clients')]);
      if (selectedJob === null && jobs.length) selectedJob = jobs[jobs.length - 1].id;
      fill('jobs', jobs, (j) => [[j.id], [j.name], [j.state, j.state], [j.completedRounds + ' / ' + j.rounds],
        [j.strategy], [fmt(j.latestTestAccuracy, 4)], [fmt(j.latestFederatedAccuracy, 4)], [j.reason || '', 'reason']],
        (j) => { selectedJob = j.id; refresh(); });
      fill('clients', clients, (c) => [[c.id], [c.name], [c.status, c.status], [c.platform || ''],
        [c.clientVersion || ''], [c.cores], [c.examples], [new Date(c.lastSeen).toLocaleTimeString()]]);
      if (selectedJob !== null) {
        document.getElementById('job-label').textContent = 'of job ' + selectedJob;
        const rounds = await api('/api/v1/jobs/' + selectedJob + '/rounds');
        fill('rounds', rounds.slice().reverse(), (r) => {
          const res = r.result || {};
          const fe = r.federatedEvaluation;
          const federated = !fe ? '' : fe.state === 'COMPLETED' ? fmt(fe.accuracy, 4) : fe.state.toLowerCase();
          return [[r.round + (r.attempt > 1 ? '.' + r.attempt : '')], [r.state, r.state], [r.selected], [r.reported],
            [r.dropped], [r.late], [r.declined], [fmt(res.trainLoss, 4)], [fmt(res.trainAccuracy, 4)],
            [fmt(res.testAccuracy, 4)], [federated], [fmt(r.timings.selectionSeconds, 1)], [fmt(r.timings.trainingSeconds, 1)],
            [fmt(r.timings.aggregationSeconds, 3)], [r.outcome || '', 'reason']];
        });
      }
      status.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (err) {
      status.textContent = err.message;
    }
  }

  refresh();
  setInterval(refresh, 3000);
})();
