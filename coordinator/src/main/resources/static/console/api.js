// The operator REST API (/api/v1) as the console reads it, with the admin token.
(function (F) {
  'use strict';

  class ApiError extends Error {
    constructor(status, problem, path) {
      const detail = problem && problem.detail ? problem.detail : 'HTTP ' + status;
      super(path + ': ' + detail);
      this.status = status;
      this.problem = problem;
    }
  }

  class Api {
    constructor(token, onUnauthorized) {
      this.token = token;
      this.onUnauthorized = onUnauthorized;
    }

    headers() {
      return { Authorization: 'Bearer ' + this.token, Accept: 'application/json, application/problem+json' };
    }

    async get(path) {
      const r = await fetch(path, { headers: this.headers(), cache: 'no-store' });
      if (!r.ok) {
        const problem = await r.json().catch(() => null);
        if (r.status === 401 || r.status === 403) {
          this.onUnauthorized(r.status);
        }
        throw new ApiError(r.status, problem, path);
      }
      return r.json();
    }

    jobs() { return this.get('/api/v1/jobs'); }
    job(id) { return this.get('/api/v1/jobs/' + id); }
    rounds(id) { return this.get('/api/v1/jobs/' + id + '/rounds'); }
    round(id, n) { return this.get('/api/v1/jobs/' + id + '/rounds/' + n); }
    clients() { return this.get('/api/v1/clients'); }
  }

  F.Api = Api;
  F.ApiError = ApiError;
})(window.Flotilla);
