// Load generator for the claim phase of bench-pool, in its own thread so the client's work does
// not run on the server's event loop. Plain JS.
//
// The HTTP client is a minimal HTTP/1.1 keep-alive client (one connection per claimer, a request
// written as one string, the answer read by its Content-Length): on a 2-core machine the server,
// MariaDB and this thread share the CPU, and node:http's client took ~0.3 ms of it per request —
// CPU that phones, not the server's machine, spend in production. The server side is untouched:
// the same HTTP parser, Koa, session check and claim as any client gets.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createPool } from 'mysql2/promise';

const { port } = workerData;
const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection; requests one at a time (a claimer waits for each answer). */
class Connection {
  constructor() {
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    this.pending = null;
  }

  open() {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.on('data', (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    const fail = (err) => {
      if (this.socket === socket) this.socket = null;
      const p = this.pending;
      this.pending = null;
      this.buffer = Buffer.alloc(0);
      p?.resolve({ status: 0, body: String(err ?? 'connection closed') });
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
  }

  parse() {
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0 || !this.pending) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      // Every answer of the claim route has a length (Koa sends buffers); anything else is a bench bug.
      this.socket?.destroy(new Error(`answer without Content-Length: ${head.slice(0, 200)}`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buffer.length < total) return;
    const body = this.buffer.subarray(end + 4, total);
    this.buffer = this.buffer.subarray(total);
    const p = this.pending;
    this.pending = null;
    p.resolve({ status, body: status === 200 ? null : body.toString('utf8').slice(0, 300) });
  }

  request(text) {
    if (!this.socket) this.open();
    return new Promise((resolve) => {
      this.pending = { resolve };
      this.socket.write(text);
    });
  }

  close() {
    this.socket?.end();
    this.socket = null;
  }
}

/** A claim through the app, as the mini-program sends it (POST, bearer token, JSON body). */
async function claim(connection, id, token) {
  const started = performance.now();
  const r = await connection.request(
    `POST /api/customers/${id}/claim HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n`
    + 'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
  );
  return { ms: performance.now() - started, status: r.status, body: r.body };
}

/** Each claimer claims its own ids one after another; all claimers run at once (closed loop). */
async function run({ claimers, thinkMs = 0 }) {
  const latencies = [];
  const statuses = {};
  const errors = [];
  const started = performance.now();
  await Promise.all(claimers.map(async ({ token, ids }) => {
    const connection = new Connection();
    // Paced claimers start at random moments, as people do, instead of all at once.
    if (thinkMs) await new Promise((res) => setTimeout(res, thinkMs * Math.random()));
    for (const id of ids) {
      const r = await claim(connection, id, token);
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status !== 200 && errors.length < 5) errors.push({ id, status: r.status, body: r.body });
      if (thinkMs) await new Promise((res) => setTimeout(res, thinkMs * (0.5 + Math.random())));
    }
    connection.close();
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
    await baselinePool?.end();
    parentPort.close();
  }
});
