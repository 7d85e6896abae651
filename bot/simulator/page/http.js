// The simulator's control API (/sim/api/*), relative to where the page is served.

export const BASE = location.pathname.replace(/\/+$/, '');
const API = BASE + '/api';

/** JSON in, JSON out; a non-2xx answer rejects with the server's message (`err.status`, `err.data`). */
export function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
  return fetch(API + path, init).then((res) => res.text().then((text) => {
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!res.ok) {
      const message = data && data.error && data.error.message ? data.error.message : ('HTTP ' + res.status);
      const err = new Error(message); err.status = res.status; err.data = data; throw err;
    }
    return data;
  }));
}
