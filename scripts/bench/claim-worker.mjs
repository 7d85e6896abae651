// Load generator for the claim phase of bench-pool, in its own thread so the HTTP client's
// work does not run on the server's event loop. Plain JS: it only speaks HTTP.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { createPool } from 'mysql2/promise';

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

/**
 * The claim baseline (issue 8): a hand-written claim transaction through mysql2, at the same
 * concurrency as the product's run and from the same kind of thread — lock the customer row,
 * count the claimer's holding for the cap, update the owner, insert the event, commit. What is
 * left between it and the product is HTTP, the session check, visibility and the rules.
 */
/** The baseline's pool, kept between its runs (the warm-up's connections serve the measured run, as the app's do). */
let baselinePool = null;

async function baseline({ dbUrl, claimers, now, holdingCap }) {
  baselinePool ??= createPool({ uri: dbUrl, connectionLimit: claimers.length, timezone: 'Z', charset: 'utf8mb4' });
  const pool = baselinePool;
  const at = new Date(now);
  const latencies = [];
  const statuses = {};
  const errors = [];
  const claimOne = async (userId, id) => {
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const [rows] = await conn.query('SELECT id, owner_id FROM customers WHERE id = ? FOR UPDATE', [id]);
      if (!rows.length || rows[0].owner_id !== null) { await conn.rollback(); return 409; }
      const [[held]] = await conn.query('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [userId]);
      if (Number(held.n) >= holdingCap) { await conn.rollback(); return 409; }
      await conn.query('UPDATE customers SET owner_id = ?, claimed_at = ?, pool_entered_at = NULL, pool_reason = NULL, updated_at = ? WHERE id = ? AND owner_id IS NULL', [userId, at, at, id]);
      await conn.query("INSERT INTO ownership_events (customer_id, type, from_user_id, to_user_id, by_user_id, reason, rule, at) VALUES (?, 'claimed', NULL, ?, ?, NULL, NULL, ?)", [id, userId, userId, at]);
      await conn.commit();
      return 200;
    } catch (err) {
      await conn.rollback().catch(() => undefined);
      if (errors.length < 5) errors.push({ id, status: 500, body: String(err) });
      return 500;
    } finally {
      conn.release();
    }
  };
  const started = performance.now();
  await Promise.all(claimers.map(async ({ userId, ids }) => {
    for (const id of ids) {
      const t0 = performance.now();
      const status = await claimOne(userId, id);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }));
  return { latencies, statuses, errors, wallMs: performance.now() - started };
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'run') parentPort.postMessage(await run(msg));
  if (msg.type === 'baseline') parentPort.postMessage(await baseline(msg));
  if (msg.type === 'close') {
    agent.destroy();
    await baselinePool?.end();
    parentPort.close();
  }
});
