// Load generator of bench:api, in its own thread so that the HTTP client's work does not run
// on the server's event loop. Closed loop: each of `concurrency` clients sends the next request
// of the list as soon as its previous one is answered, until the time is up; requests in
// flight at the deadline are waited for and counted. Plain JS: it only speaks HTTP.
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

let agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

function send(port, r) {
  return new Promise((resolve) => {
    const started = performance.now();
    const body = r.body === undefined ? undefined : JSON.stringify(r.body);
    const headers = { authorization: `Bearer ${r.token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, bytes: buf.length, text: r.keep ? buf.toString('utf8') : res.statusCode >= 400 ? buf.toString('utf8').slice(0, 300) : null });
      });
    });
    req.on('error', (err) => resolve({ ms: performance.now() - started, status: 0, bytes: 0, text: String(err) }));
    req.end(body);
  });
}

async function run({ port, requests, concurrency, durationMs, warmupMs = 0, maxRequests = Infinity }) {
  let next = 0;
  const take = () => requests[next++ % requests.length];
  if (warmupMs) {
    const until = performance.now() + warmupMs;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await send(port, take());
    }));
  }
  const latencies = [];
  const statuses = {};
  const errors = [];
  let bytes = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      const r = take();
      const res = await send(port, r);
      latencies.push(res.ms);
      bytes += res.bytes;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if ((res.status === 0 || res.status >= 400) && errors.length < 5) errors.push({ path: r.path, status: res.status, body: res.text });
    }
  }));
  return { latencies, statuses, errors, bytes, wallMs: performance.now() - started };
}

/** One request each, answers kept (for comparing the product's JSON with the baseline's). */
async function fetchAll({ port, requests }) {
  const out = [];
  for (const r of requests) out.push(await send(port, { ...r, keep: true }));
  return out;
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'run') parentPort.postMessage(await run(msg));
  if (msg.type === 'fetch') parentPort.postMessage(await fetchAll(msg));
  if (msg.type === 'reset') {
    agent.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
    parentPort.postMessage({ ok: true });
  }
  if (msg.type === 'close') {
    agent.destroy();
    parentPort.close();
  }
});
