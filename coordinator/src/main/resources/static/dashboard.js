// Flotilla console, part 1 of 2: sign-in and loading the rest of the console.
//
// The coordinator serves /, index.html, dashboard.js and dashboard.css to anyone and every other
// path only with the admin token. So once the token is accepted, the console's own scripts
// (console/*.js) and the vendored Chart.js are fetched with it and run from blob URLs; nothing
// but the sign-in form reaches a browser without the token.
//
// The token lives in this tab's sessionStorage (never localStorage, never a cookie) and is sent
// only to this origin.
(function () {
  'use strict';

  const TOKEN_KEY = 'flotilla-token';
  const SCRIPTS = [
    'vendor/chart.js/chart.umd.min.js',
    'console/format.js',
    'console/api.js',
    'console/feed.js',
    'console/charts.js',
    'console/jobs.js',
    'console/round.js',
    'console/clients.js',
    'console/app.js',
  ];

  const Flotilla = (window.Flotilla = window.Flotilla || {});
  const form = document.getElementById('login-form');
  const input = document.getElementById('token');
  const error = document.getElementById('login-error');
  const signOutButton = document.getElementById('sign-out');
  let loaded = null;

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  function showLogin(message) {
    document.body.classList.add('signed-out');
    document.body.classList.remove('signed-in');
    document.getElementById('login').hidden = false;
    document.getElementById('app').hidden = true;
    showError(message || '');
    input.focus();
  }

  // Why a token was refused, in words an operator can act on.
  function refusal(status) {
    if (status === 401) {
      return 'Wrong token: the coordinator did not accept it. Use the admin token from <data-dir>/admin-token '
        + '(or the FLOTILLA_ADMIN_TOKEN the coordinator was started with).';
    }
    if (status === 403) {
      return 'This token may not read jobs: it is not the admin token (perhaps the enrolment token).';
    }
    return 'The coordinator answered HTTP ' + status + '; is this the coordinator\'s address?';
  }

  async function loadScript(path, token) {
    const r = await fetch(path, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-cache' });
    if (!r.ok) {
      throw new Error(r.status === 401 ? refusal(401) : 'could not load ' + path + ' (HTTP ' + r.status + ')');
    }
    const source = (await r.text()) + '\n//# sourceURL=' + path;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    try {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = url;
        s.onload = resolve;
        s.onerror = () => reject(new Error('could not run ' + path));
        document.head.appendChild(s);
      });
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  async function loadAll(token) {
    if (!loaded) {
      loaded = (async () => {
        for (const path of SCRIPTS) {
          await loadScript(path, token);
        }
      })();
      loaded.catch(() => { loaded = null; });
    }
    return loaded;
  }

  async function signIn(token) {
    showError('');
    let r;
    try {
      r = await fetch('/api/v1/jobs', { headers: { Authorization: 'Bearer ' + token } });
    } catch (e) {
      showLogin('Cannot reach the coordinator (' + e.message + ').');
      return;
    }
    if (!r.ok) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(refusal(r.status));
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    try {
      await loadAll(token);
    } catch (e) {
      showLogin(e.message);
      return;
    }
    document.getElementById('login').hidden = true;
    document.getElementById('app').hidden = false;
    document.body.classList.remove('signed-out');
    document.body.classList.add('signed-in');
    Flotilla.app.start({
      token: token,
      // The coordinator stopped accepting the token (restarted with another one, say).
      onUnauthorized: (status) => signOut(refusal(status)),
    });
  }

  function signOut(message) {
    if (Flotilla.app) {
      Flotilla.app.stop();
    }
    sessionStorage.removeItem(TOKEN_KEY);
    input.value = '';
    showLogin(message);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (token) {
      signIn(token);
    }
  });
  signOutButton.addEventListener('click', () => signOut(''));

  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    signIn(saved);
  } else {
    showLogin('');
  }
})();
