// Chart cards: a Chart.js chart with its numbers also in the page as a table (shown with the
// card's "Data" button; otherwise visually hidden but present for screen readers and tests:
// table.chart-data[data-chart=<id>], one row per point, each cell's data-value the exact number).
(function (F) {
  'use strict';

  const { h } = F;

  const COLORS = {
    test: '#1f6feb',
    federated: '#e8590c',
    train: '#8b949e',
    selection: '#9ec5fe',
    training: '#1f6feb',
    aggregation: '#f59f00',
    evaluation: '#2f9e44',
    federatedEvaluation: '#e8590c',
    reported: '#2f9e44',
    declined: '#f59f00',
    late: '#ae3ec9',
    dropped: '#e03131',
    epsilon: '#7048e8',
  };

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#57606a';
  Chart.defaults.borderColor = 'rgba(27,31,36,0.08)';

  class ChartCard {
    // options: {id, title, subtitle, kind: 'line' | 'stacked', yTitle, yMin, yMax, format(v)}
    constructor(options) {
      this.options = options;
      this.table = h('table', { class: 'chart-data', 'data-chart': options.id });
      this.toggle = h('button', { type: 'button', class: 'ghost small', 'aria-pressed': 'false',
        onclick: () => this.flip() }, 'Data');
      this.canvas = h('canvas', { 'aria-label': options.title, role: 'img' });
      this.empty = h('div', { class: 'chart-empty' }, options.empty || 'No data yet');
      this.el = h('section', { class: 'card chart-card', 'data-card': options.id },
        h('div', { class: 'card-head' },
          h('div', {}, h('h3', {}, options.title), options.subtitle ? h('p', { class: 'muted small' }, options.subtitle) : null),
          this.toggle),
        h('div', { class: 'chart-box' }, this.canvas, this.empty),
        h('div', { class: 'table-scroll' }, this.table));
      this.chart = null;
    }

    flip() {
      const showing = this.el.classList.toggle('show-data');
      this.toggle.setAttribute('aria-pressed', String(showing));
    }

    // Line chart: series [{key, label, points: [{x, y}], dashed}]; x is the round number.
    setLines(series) {
      const format = this.options.format || F.fmt.figure;
      const datasets = series.map((s) => ({
        label: s.label,
        data: s.points,
        borderColor: COLORS[s.key],
        backgroundColor: COLORS[s.key],
        borderDash: s.dashed ? [6, 4] : [],
        borderWidth: s.key === 'train' ? 1.5 : 2,
        pointRadius: s.points.length > 60 ? 0 : 2.5,
        pointHoverRadius: 4,
        tension: 0.15,
      }));
      this.render({
        type: 'line',
        data: { datasets },
        options: this.baseOptions({
          x: { type: 'linear', title: { display: true, text: 'round' }, ticks: { precision: 0 } },
          y: { title: { display: !!this.options.yTitle, text: this.options.yTitle }, min: this.options.yMin,
            max: this.options.yMax },
        }, format),
      }, series.some((s) => s.points.length > 0));
      // The table: one row per round that has any point.
      const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
      const byKey = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
      this.fillTable(['round', ...series.map((s) => s.label)], xs.map((x) => [
        { text: String(x), value: x },
        ...byKey.map((m) => (m.has(x) ? { text: format(m.get(x)), value: m.get(x) } : { text: F.fmt.NONE })),
      ]), series.map((s) => s.key));
    }

    // Stacked bars: labels ['1', '2', '3.2'…], series [{key, label, values: [...]}].
    setStacked(labels, series) {
      const format = this.options.format || ((v) => String(v));
      this.render({
        type: 'bar',
        data: {
          labels,
          datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: COLORS[s.key],
            stack: 'all', borderWidth: 0, maxBarThickness: 28 })),
        },
        options: this.baseOptions({
          x: { stacked: true, title: { display: true, text: 'round' }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, title: { display: !!this.options.yTitle, text: this.options.yTitle },
            ticks: { precision: this.options.integer ? 0 : undefined } },
        }, format),
      }, labels.length > 0);
      this.fillTable(['round', ...series.map((s) => s.label)], labels.map((label, i) => [
        { text: label, value: label },
        ...series.map((s) => (F.isNum(s.values[i]) ? { text: format(s.values[i]), value: s.values[i] } : { text: F.fmt.NONE })),
      ]), series.map((s) => s.key));
    }

    baseOptions(scales, format) {
      return {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales,
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, usePointStyle: false } },
          tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + format(c.parsed.y) } },
        },
      };
    }

    render(config, hasData) {
      this.el.classList.toggle('is-empty', !hasData);
      if (!this.chart) {
        this.chart = new Chart(this.canvas, config);
        return;
      }
      this.chart.data = config.data;
      this.chart.options = config.options;
      this.chart.update('none');
    }

    fillTable(headers, rows, keys) {
      this.table.replaceChildren(
        h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { 'data-series': i === 0 ? 'x' : keys[i - 1] }, t)))),
        h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h(i === 0 ? 'th' : 'td',
          { class: i === 0 ? null : 'num', 'data-series': i === 0 ? 'x' : keys[i - 1],
            'data-value': c.value === undefined ? null : c.value }, c.text))))));
      this.el.dataset.points = String(rows.length);
    }

    destroy() {
      if (this.chart) {
        this.chart.destroy();
        this.chart = null;
      }
    }
  }

  F.ChartCard = ChartCard;
  F.COLORS = COLORS;
})(window.Flotilla);
