// Formatting and DOM helpers shared by the console's views. No markup is built from strings:
// every value reaches the page as text (textContent), so nothing the API returns can inject HTML.
(function (F) {
  'use strict';

  const NONE = '–';

  // h('td', {class: 'num', dataset: {value: 0.8}}, 'text', childNode, …)
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'class') {
        el.className = v;
      } else if (k === 'dataset') {
        Object.entries(v).forEach(([dk, dv]) => { if (dv !== null && dv !== undefined) el.dataset[dk] = String(dv); });
      } else if (k.startsWith('on')) {
        el.addEventListener(k.slice(2), v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) {
        continue;
      }
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

  const fmt = {
    NONE,
    figure: (v) => (isNum(v) ? v.toFixed(4) : NONE),
    percent: (v) => (isNum(v) ? (100 * v).toFixed(2) + ' %' : NONE),
    seconds: (v) => (isNum(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) + ' s' : NONE),
    count: (v) => (isNum(v) ? Math.round(v).toLocaleString('en-US') : NONE),
    rate: (v) => (isNum(v) ? Math.round(v).toLocaleString('en-US') : NONE),
    fixed: (v, d) => (isNum(v) ? v.toFixed(d) : NONE),
    bytes(b) {
      if (!isNum(b)) return NONE;
      if (b < 1000) return b + ' B';
      const units = ['kB', 'MB', 'GB', 'TB'];
      let v = b;
      let i = -1;
      while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
      return v.toFixed(1) + ' ' + units[i];
    },
    time(iso) {
      if (!iso) return NONE;
      const d = new Date(iso);
      return d.toLocaleString('sv-SE', { hour12: false });
    },
    clock(iso) {
      if (!iso) return NONE;
      return new Date(iso).toLocaleTimeString('en-GB', { hour12: false });
    },
    ago(iso, now) {
      if (!iso) return NONE;
      const s = Math.max(0, Math.round(((now || Date.now()) - new Date(iso).getTime()) / 1000));
      if (s < 90) return s + ' s ago';
      if (s < 5400) return Math.round(s / 60) + ' min ago';
      if (s < 129600) return Math.round(s / 3600) + ' h ago';
      return Math.round(s / 86400) + ' d ago';
    },
    // "3" or "3.2" for attempt 2 of round 3.
    roundLabel: (r) => (r.attempt > 1 ? r.round + '.' + r.attempt : String(r.round)),
    shortId: (id) => (id && id.length > 12 ? id.slice(0, 12) + '…' : id || NONE),
  };

  // A state badge; the CSS colours it by state.
  function badge(state) {
    return h('span', { class: 'badge state-' + String(state || 'unknown').toLowerCase() }, state || NONE);
  }

  // The ε a round record carries once differential privacy is on (the field is not in the API yet;
  // these are the places it is expected). Null when absent.
  function epsilonOf(round) {
    const candidates = [
      round.privacy && round.privacy.epsilon,
      round.result && round.result.epsilon,
      round.result && round.result.privacy && round.result.privacy.epsilon,
      round.epsilon,
    ];
    const e = candidates.find(isNum);
    return e === undefined ? null : e;
  }

  F.h = h;
  F.fmt = fmt;
  F.isNum = isNum;
  F.badge = badge;
  F.epsilonOf = epsilonOf;
})((window.Flotilla = window.Flotilla || {}));
