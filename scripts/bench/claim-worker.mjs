// Load generator for the claim phase of bench-pool, in its own thread so the HTTP client's
// work does not run on the server's event loop. Plain JS: it only speaks HTTP.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { port } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function claim(id, token) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1', port, method: 'POST', path: `/api/customers/${id}/claim`, agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': 2 },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const status = res.statusCode ?? 0;
          resolve({ ms, status, body: status === 200 ? null : Buffer.concat(chunks).toString('utf8').slice(0, 300) });
        });
      },
    );
    req.on('error', (err) => resolve({ ms: performance.now() - started, status: 0, body: String(err) }));
    req.end('{}');
  });
}

/** Each claimer claims its own ids one after another; all claimers run at once (closed loop). */
async function run({ claimers, thinkMs = 0 }) {
  const latencies = [];
  const statuses = {};
  const errors = [];
  const started = performance.now();
  await Promise.all(claimers.map(async ({ token, ids }) => {
    // Paced claimers start at random moments, as people do, instead of all at once.
    if (thinkMs) await new Promise((res) => setTimeout(res, thinkMs * Math.random()));
    for (const id of ids) {
      const r = await claim(id, token);
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status !== 200 && errors.length < 5) errors.push({ id, status: r.status, body: r.body });
      if (thinkMs) await new Promise((res) => setTimeout(res, thinkMs * (0.5 + Math.random())));
    }
  }));
  return { latencies, statuses, errors, wallMs: performance.now() - started };
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'run') parentPort.postMessage(await run(msg));
  if (msg.type === 'close') {
    agent.destroy();
    parentPort.close();
  }
});
