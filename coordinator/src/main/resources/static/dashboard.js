// Flotilla console, part 1 of 2: sign-in. The console's scripts (console/*.js, the vendored
// Chart.js) are static files anyone may fetch: they carry no data. Every API call they make sends
// the admin token, and nothing is shown until the coordinator has accepted it.
//
// The token lives in this tab's sessionStorage (never localStorage, never a cookie) and is sent
// only to this origin.
(function () {
  'use strict';

  const TOKEN_KEY = 'flotilla-token';

  const Flotilla = (window.Flotilla = window.Flotilla || {});
  const form = document.getElementById('login-form');
  const input = document.getElementById('token');
  const error = document.getElementById('login-error');
  const signOutButton = document.getElementById('sign-out');

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
