/**
 * Public-pool benchmark (issue 3): `npm run bench:pool`.
 *
 * On MariaDB with BENCH_CUSTOMERS (1,000,000) customers, BENCH_REPS (20,000) reps, 10% due
 * for reclaim and 5% in the warning window at a fixed `now`, it measures
 *   - a hand-written set-based UPDATE of the due rows (baseline, median of 3, rolled back),
 *   - the reclaim sweep (runReclaimSweep) on the same rows, its ratio to the baseline, and a rerun (idempotence),
 *   - the reclaim-warnings selection (dry run) and the real run queueing into the outbox,
 *   - claim latency through the real app over HTTP: 50 claimers in a closed loop (the target),
 *     plus 1 claimer alone and 50 claimers pausing between claims, for context.
 * Prints a summary table, `TARGET MISSED` lines, and one JSON line (BENCH_POOL_RESULT).
 * Figures, not a test: it exits 0 when a target is missed. Diagnostics for a missed target:
 * scripts/bench/profile-job.ts (sweep / warnings by statement) and profile-claim.ts.
 *
 * Environment:
 *   BENCH_DATABASE_URL  mysql://root@127.0.0.1:3306/wecrm_bench (dropped and recreated)
 *   BENCH_CUSTOMERS     1000000        BENCH_REPS  20000
 *   BENCH_NOW           2026-03-02T02:00:00.000Z (Monday 10:00 in Shanghai)
 *   BENCH_SWEEP_BATCH   the sweep's batchSize (default: the sweep's own default)
 *   BENCH_HISTORY       1: load one ownership event per customer as history (0 to skip)
 *   BENCH_REDIS_URL     redis://127.0.0.1:6379/0 for the app in the claim phase
 *   BENCH_REUSE         1: keep an already loaded bench database of the same shape and
 *                       restore its pre-benchmark state instead of reloading (for quick iterations)
 *   BENCH_SKIP_CLAIMS   1: skip the claim phase
 *   BENCH_ONLY_CLAIMS   1: skip the UPDATE baseline, the warnings and the sweep (phases 2, 5, 3): the
 *                       claim phase alone, on the same restored data (with BENCH_REUSE=1, for repeats)
 *   BENCH_CLAIM_THINK_MS  mean pause of the paced claim run (1000)
 *   BENCH_CLAIM_ROUNDS  rounds of the 50-way comparison, app then baseline in each (3)
 *   BENCH_SWEEP_ROUNDS  rounds of the sweep comparison: restore, baseline UPDATE, restore, sweep (3)
 *   BENCH_BUFFER_POOL_MB  set the server's innodb_buffer_pool_size (SET GLOBAL) for the run,
 *   BENCH_REDO_LOG_MB     and/or innodb_log_file_size; the old values are put back at the end.
 *                       By default the server is left as it is.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../config/config.ts';
import { createDataSource, runMigrations } from '../entities/data-source.ts';
import { AdjustableClock } from '../server/infra/clock.ts';
import { Database, sqlTime } from '../server/infra/db.ts';
import { createLogger } from '../server/infra/logger.ts';
import { runReclaimSweep } from '../server/pool/reclaim-sweep.ts';
import { queueReclaimWarnings } from '../server/pool/reclaim-warnings.ts';
import { dueConditionSql } from '../server/ownership/rules/due-condition.ts';
import { reclaimReason } from '../server/ownership/rules/pool-rules.ts';
import { Runtime } from '../bot/runtime.ts';
import {
  BENCH_POOL_ID, benchRules, categoryOf, expectedCounts, loadDataset, ownerOf, type DatasetCounts, type DatasetSpec,
} from './bench/dataset.ts';
import { count, dbName, freshDatabase, readMeta, restore, serverUrl, snapshot } from './bench/snapshot.ts';

const env = process.env;
const intEnv = (name: string, def: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
};

const DB_URL = env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wecrm_bench';
const CUSTOMERS = intEnv('BENCH_CUSTOMERS', 1_000_000);
const REPS = intEnv('BENCH_REPS', 20_000);
const NOW = new Date(env.BENCH_NOW ?? '2026-03-02T02:00:00.000Z');
const SWEEP_BATCH = env.BENCH_SWEEP_BATCH ? intEnv('BENCH_SWEEP_BATCH', 2000) : undefined;
const HISTORY = env.BENCH_HISTORY !== '0';
const REUSE = env.BENCH_REUSE === '1';
const SKIP_CLAIMS = env.BENCH_SKIP_CLAIMS === '1';
const ONLY_CLAIMS = env.BENCH_ONLY_CLAIMS === '1';
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const SERVER_SETTINGS: Array<[string, number]> = [
  ...(env.BENCH_BUFFER_POOL_MB ? [['innodb_buffer_pool_size', intEnv('BENCH_BUFFER_POOL_MB', 1024) * 1048576] as [string, number]] : []),
  ...(env.BENCH_REDO_LOG_MB ? [['innodb_log_file_size', intEnv('BENCH_REDO_LOG_MB', 1024) * 1048576] as [string, number]] : []),
];
const CLAIMERS = 50;
const CLAIMS_EACH = 40;
/** Rounds of the 50-way comparison, each the app's run then the baseline's (BENCH_CLAIM_ROUNDS). */
const CLAIM_ROUNDS = intEnv('BENCH_CLAIM_ROUNDS', 3);
/** Paced run: each claimer waits 0.5–1.5× this between its claims (reps clicking, not a load loop). */
const THINK_MS = intEnv('BENCH_CLAIM_THINK_MS', 1000);
const PACED_EACH = 10;
const BASELINE_RUNS = 3;
/** Rounds of the sweep comparison, each a baseline UPDATE and a sweep, both right after a restore (BENCH_SWEEP_ROUNDS). */
const SWEEP_ROUNDS = intEnv('BENCH_SWEEP_ROUNDS', 3);

const TARGETS = { sweepMs: 10_000, ratio: 2, warningSelectionMs: 3_000, claimP95Ms: 20, claimRatio: 1.5 };

// ───────────────────────────── helpers ─────────────────────────────

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function pct(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
function log(line = ''): void {
  process.stdout.write(line + '\n');
}
function header(title: string): void {
  log();
  log(`── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`);
}
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** Sets a dynamic InnoDB size variable (buffer pool, redo log) and waits for the resize; returns the previous value. */
async function setServerSize(name: string, bytes: number): Promise<number> {
  const conn = await createConnection(serverUrl(DB_URL));
  try {
    const [rows] = await conn.query(`SELECT @@${name} AS v`);
    const previous = Number((rows as Array<{ v: number | string }>)[0]!.v);
    if (previous === bytes) return previous;
    await conn.query(`SET GLOBAL ${name} = ${Math.floor(bytes)}`);
    for (let i = 0; i < 600; i++) {
      const [st] = await conn.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'");
      const text = String((st as Array<{ Value: string }>)[0]?.Value ?? '');
      if (!text || /complete|finished/i.test(text)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return previous;
  } finally {
    await conn.end();
  }
}

// ───────────────────────────── phases ─────────────────────────────

async function baselineOnce(ds: DataSource, spec: DatasetSpec): Promise<{ ms: number; affected: number; rollbackMs: number }> {
  const cond = dueConditionSql(BENCH_POOL_ID, spec.rules, spec.now, spec.tz);
  const at = sqlTime(spec.now);
  const qr = ds.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    const t0 = performance.now();
    // last_owner_id first: MariaDB evaluates single-table SET assignments left to right.
    const res = await qr.query(
      `UPDATE customers c SET c.last_owner_id = c.owner_id, c.owner_id = NULL, c.claimed_at = NULL, c.pool_entered_at = ?, c.pool_reason = ?, c.updated_at = ?
       WHERE ${cond.sql}`,
      [at, reclaimReason('no_follow_up', spec.rules), at, ...cond.params],
      true,
    );
    const ms = performance.now() - t0;
    const t1 = performance.now();
    await qr.rollbackTransaction();
    return { ms, affected: Number(res.affected ?? 0), rollbackMs: performance.now() - t1 };
  } catch (err) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw err;
  } finally {
    await qr.release();
  }
}

async function explain(ds: DataSource, label: string, sql: string, params: unknown[]): Promise<void> {
  const rows: Array<Record<string, unknown>> = await ds.query(`EXPLAIN ${sql}`, params);
  for (const r of rows) {
    log(`  EXPLAIN ${label}: table=${r.table} type=${r.type} key=${r.key ?? 'NULL'} key_len=${r.key_len ?? 'NULL'} rows=${r.rows} extra=${r.Extra ?? ''}`);
  }
}

interface LatencyStats { n: number; ok: number; p50: number; p95: number; p99: number; max: number; mean: number; wallMs: number; perSec: number; statuses: Record<string, number> }

function latencyStats(run: { latencies: number[]; statuses: Record<string, number>; wallMs: number }): LatencyStats {
  const s = [...run.latencies].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return {
    n: s.length, ok: run.statuses['200'] ?? 0, p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99), max: s[s.length - 1] ?? NaN, mean,
    wallMs: run.wallMs, perSec: s.length / (run.wallMs / 1000), statuses: run.statuses,
  };
}

interface ClaimResults { sequential: LatencyStats; concurrent: LatencyStats; paced: LatencyStats; claimBaseline: LatencyStats; claimers: number; claimsEach: number }

async function claimPhase(config: AppConfig, spec: DatasetSpec): Promise<ClaimResults | { skipped: string }> {
  // Claimers spread over the teams; stock customers whose last owner is one of them are left
  // out, so the cooldown rule does not refuse (every claim should be a 200).
  const claimerIds = Array.from({ length: CLAIMERS }, (_, k) => 1 + Math.floor((k * spec.reps) / CLAIMERS));
  const claimerSet = new Set(claimerIds);
  const stock: number[] = [];
  for (let i = 0; i < spec.customers; i++) {
    if (categoryOf(i) === 'pool' && !claimerSet.has(ownerOf(i, spec.reps))) stock.push(i + 1);
  }
  // Both paths are measured warm (the JIT, the connection pools, the caches): each claimer first
  // makes this many claims through the app, and as many through the hand-written transaction.
  const WARMUP_EACH = 40;
  const SEQUENTIAL = 100;
  // Each claimer needs ids for the warm-ups, the paced run and, in each round, a product and a baseline run.
  const claimsEach = Math.min(CLAIMS_EACH, Math.floor((Math.floor((stock.length - SEQUENTIAL) / CLAIMERS) - 2 * WARMUP_EACH - PACED_EACH) / (2 * CLAIM_ROUNDS)));
  if (claimsEach < 5) return { skipped: `pool stock too small (${stock.length}) for ${CLAIMERS} claimers` };
  // Interleave so neighbouring ids go to different claimers.
  const take = (() => { let next = 0; return (n: number) => { const out = stock.slice(next, next + n); next += n; return out; }; })();
  const warmupIds = claimerIds.map(() => take(WARMUP_EACH));
  const sequentialIds = take(SEQUENTIAL);
  const roundIds = () => {
    const ids = claimerIds.map(() => [] as number[]);
    for (let j = 0; j < claimsEach; j++) for (let k = 0; k < CLAIMERS; k++) ids[k]!.push(take(1)[0]!);
    return ids;
  };
  const measuredIds = Array.from({ length: CLAIM_ROUNDS }, roundIds);
  const pacedIds = claimerIds.map(() => take(PACED_EACH));
  const baselineWarmupIds = claimerIds.map(() => take(WARMUP_EACH));
  const baselineIds = Array.from({ length: CLAIM_ROUNDS }, roundIds);

  const clock = new AdjustableClock();
  clock.set(spec.now);
  const t0 = performance.now();
  const runtime = await Runtime.create(
    { ...config, database: { kind: 'mysql', url: DB_URL } },
    { clock, logger: createLogger('silent'), seedDemo: false, h5Root: null, kvPrefix: `wecrm:bench:${process.pid}:` },
  );
  const base = await runtime.listen(0, '127.0.0.1');
  log(`  app up at ${base} in ${sec(performance.now() - t0)} (simulator mode, MariaDB ${dbName(DB_URL)}, Redis ${REDIS_URL})`);
  const worker = new Worker(new URL('./bench/claim-worker.mjs', import.meta.url), { workerData: { port: runtime.port } });
  const runInWorker = (claimers: Array<{ token: string; ids: number[] }>, thinkMs = 0) =>
    new Promise<{ latencies: number[]; statuses: Record<string, number>; errors: unknown[]; wallMs: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ type: 'run', claimers, thinkMs });
    });
  try {
    const tokens: string[] = [];
    for (const id of claimerIds) {
      const res = await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: String(id) }) });
      if (res.status !== 200) throw new Error(`dev login of rep ${id} failed: ${res.status} ${await res.text()}`);
      tokens.push(((await res.json()) as { token: string }).token);
    }
    log(`  ${tokens.length} reps logged in (POST /api/auth/dev)`);
    const warm = await runInWorker(claimerIds.map((_, k) => ({ token: tokens[k]!, ids: warmupIds[k]! })));
    log(`  warm-up: ${warm.latencies.length} claims (not counted), statuses ${JSON.stringify(warm.statuses)}`);
    const seq = await runInWorker([{ token: tokens[0]!, ids: sequentialIds }]);
    const sequential = latencyStats(seq);
    log(`  1 claimer × ${SEQUENTIAL} (unloaded): p50 ${fmtMs(sequential.p50)} ms, p95 ${fmtMs(sequential.p95)} ms, max ${fmtMs(sequential.max)} ms, statuses ${JSON.stringify(seq.statuses)}`);
    // The same 50-way closed loop, as a hand-written transaction straight to MariaDB (warmed up the same way).
    const runBaseline = (ids: number[][]) => new Promise<{ latencies: number[]; statuses: Record<string, number>; errors: unknown[]; wallMs: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({
        type: 'baseline', dbUrl: DB_URL, now: spec.now.toISOString(), holdingCap: spec.rules.holdingCap,
        claimers: claimerIds.map((userId, k) => ({ userId, ids: ids[k]! })),
      });
    });
    const baseWarm = await runBaseline(baselineWarmupIds);
    log(`  baseline warm-up: ${baseWarm.latencies.length} claims (not counted), statuses ${JSON.stringify(baseWarm.statuses)}`);
    // Rounds alternate the app and the baseline, so what the machine does meanwhile (MariaDB's purge
    // of the previous run, other processes) falls on both; the figures are over all rounds.
    const runs: Array<{ app: Awaited<ReturnType<typeof runInWorker>>; baseline: Awaited<ReturnType<typeof runBaseline>> }> = [];
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const app = await runInWorker(claimerIds.map((_, k) => ({ token: tokens[k]!, ids: measuredIds[round]![k]! })));
      const baseline = await runBaseline(baselineIds[round]!);
      runs.push({ app, baseline });
      const a = latencyStats(app), b = latencyStats(baseline);
      log(`  round ${round + 1}: app ${a.perSec.toFixed(0)} claims/s, p50 ${fmtMs(a.p50)} ms, p95 ${fmtMs(a.p95)} ms; baseline ${b.perSec.toFixed(0)} claims/s, p50 ${fmtMs(b.p50)} ms, p95 ${fmtMs(b.p95)} ms; p95 ratio ${(a.p95 / b.p95).toFixed(2)}×`);
    }
    const pooled = (which: 'app' | 'baseline') => ({
      latencies: runs.flatMap((r) => r[which].latencies),
      statuses: runs.reduce<Record<string, number>>((acc, r) => { for (const [k, v] of Object.entries(r[which].statuses)) acc[k] = (acc[k] ?? 0) + v; return acc; }, {}),
      wallMs: runs.reduce((t, r) => t + r[which].wallMs, 0),
    });
    const conc = { ...pooled('app'), errors: runs.flatMap((r) => r.app.errors) };
    const baseRun = { ...pooled('baseline'), errors: runs.flatMap((r) => r.baseline.errors) };
    const concurrent = latencyStats(conc);
    log(`  ${CLAIMERS} claimers × ${claimsEach} × ${CLAIM_ROUNDS} rounds = ${concurrent.n} claims in ${sec(concurrent.wallMs)}: ${concurrent.perSec.toFixed(0)} claims/s`);
    log(`    p50 ${fmtMs(concurrent.p50)} ms  p95 ${fmtMs(concurrent.p95)} ms  p99 ${fmtMs(concurrent.p99)} ms  max ${fmtMs(concurrent.max)} ms  mean ${fmtMs(concurrent.mean)} ms  statuses ${JSON.stringify(conc.statuses)}`);
    const claimBaseline = latencyStats(baseRun);
    log(`  baseline: hand-written claim transaction (mysql2, ${CLAIMERS} at once) × ${claimsEach} × ${CLAIM_ROUNDS} rounds: ${claimBaseline.perSec.toFixed(0)} claims/s`);
    log(`    p50 ${fmtMs(claimBaseline.p50)} ms  p95 ${fmtMs(claimBaseline.p95)} ms  p99 ${fmtMs(claimBaseline.p99)} ms  max ${fmtMs(claimBaseline.max)} ms  statuses ${JSON.stringify(baseRun.statuses)}`);
    log(`  claim p95 / baseline p95 = ${(concurrent.p95 / claimBaseline.p95).toFixed(2)}× (all rounds)`);
    const pacedRun = await runInWorker(claimerIds.map((_, k) => ({ token: tokens[k]!, ids: pacedIds[k]! })), THINK_MS);
    const paced = latencyStats(pacedRun);
    log(`  ${CLAIMERS} claimers × ${PACED_EACH}, each pausing ${THINK_MS / 2}–${THINK_MS * 1.5} ms between claims (${paced.perSec.toFixed(0)} claims/s offered):`);
    log(`    p50 ${fmtMs(paced.p50)} ms  p95 ${fmtMs(paced.p95)} ms  p99 ${fmtMs(paced.p99)} ms  max ${fmtMs(paced.max)} ms  statuses ${JSON.stringify(pacedRun.statuses)}`);
    for (const e of [...warm.errors, ...seq.errors, ...conc.errors, ...baseWarm.errors, ...baseRun.errors, ...pacedRun.errors]) log(`    error: ${JSON.stringify(e)}`);
    // Every successful claim left the customer with its claimer.
    const claimedIds = [...measuredIds.flat(2), ...pacedIds.flat()];
    const owned = await count(runtime.dataSource, `SELECT COUNT(*) AS n FROM customers WHERE id IN (${claimedIds.join(', ')}) AND owner_id IS NOT NULL`);
    log(`  check: ${owned} of ${claimedIds.length} claimed customers now owned (${concurrent.ok + paced.ok} HTTP 200)`);
    return { sequential, concurrent, paced, claimBaseline, claimers: CLAIMERS, claimsEach };
  } finally {
    worker.postMessage({ type: 'close' });
    await worker.terminate().catch(() => undefined);
    await runtime.close();
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  const previous: Array<[string, number]> = [];
  try {
    for (const [name, bytes] of SERVER_SETTINGS) {
      previous.push([name, await setServerSize(name, bytes)]);
      log(`server: ${name} ${previous.at(-1)![1] / 1048576} MB → ${bytes / 1048576} MB for this run`);
    }
    await bench();
  } finally {
    for (const [name, bytes] of previous.reverse()) {
      await setServerSize(name, bytes);
      log(`server: ${name} restored to ${bytes / 1048576} MB`);
    }
  }
}

async function bench(): Promise<void> {
  const started = performance.now();
  const config = loadConfig({
    WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', REDIS_URL,
    ...(env.TZ_BUSINESS ? { TZ_BUSINESS: env.TZ_BUSINESS } : {}),
  });
  const tz = config.tzBusiness;
  const spec: DatasetSpec = { customers: CUSTOMERS, reps: REPS, now: NOW, tz, history: HISTORY, rules: benchRules() };
  const expected = expectedCounts(spec);

  log(`bench:pool — ${CUSTOMERS.toLocaleString('en-US')} customers, ${REPS.toLocaleString('en-US')} reps, now ${NOW.toISOString()} (${tz}), db ${DB_URL}`);
  log(`rules: ${JSON.stringify(spec.rules)}`);
  log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes compete for the same cores)`);

  // ── 1. load ──
  header('1. load');
  let counts: DatasetCounts;
  const meta = REUSE ? await readMeta(DB_URL) : null;
  const reusable = meta && meta.spec.customers === CUSTOMERS && meta.spec.reps === REPS && meta.spec.now === NOW.toISOString() && meta.spec.history === HISTORY;
  let ds: DataSource | null = null;
  const loadStarted = performance.now();
  if (reusable) {
    ds = createDataSource({ kind: 'mysql', url: DB_URL });
    await ds.initialize();
    // A database migrated by other code (another checkout, an experiment) has another schema: reload.
    const known = new Set(ds.migrations.map((m) => m.name ?? m.constructor.name));
    const executed: Array<{ name: string }> = await ds.query('SELECT name FROM migrations');
    const foreign = executed.map((r) => r.name).filter((n) => !known.has(n));
    if (foreign.length) {
      log(`  BENCH_REUSE: the bench database ran migrations this code does not have (${foreign.join(', ')}), loading`);
      await ds.destroy();
      ds = null;
    } else {
      await runMigrations(ds);
      await restore(ds, meta);
      counts = meta.counts;
      log(`  BENCH_REUSE: restored the loaded database in ${sec(performance.now() - loadStarted)}`);
    }
  }
  if (!ds) {
    if (REUSE && !reusable) log('  BENCH_REUSE: no matching bench database, loading');
    await freshDatabase(DB_URL);
    ds = createDataSource({ kind: 'mysql', url: DB_URL });
    await ds.initialize();
    const applied = await runMigrations(ds);
    const fresh = ds;
    log(`  database ${dbName(DB_URL)} recreated (utf8mb4), migrations: ${applied.join(', ')}`);
    const conn = await createConnection({ uri: DB_URL, timezone: 'Z', charset: 'utf8mb4' });
    try {
      const t = await timed(() => loadDataset(conn, spec));
      counts = t.value;
      log(`  loaded ${counts.departments} departments, ${counts.users} users, ${counts.customers} customers, ${counts.followers} co-followers, ${counts.events} history events in ${sec(t.ms)}`);
    } finally {
      await conn.end();
    }
    const a = await timed(() => fresh.query('ANALYZE TABLE customers, ownership_events, customer_followers, users, departments'));
    log(`  ANALYZE TABLE in ${sec(a.ms)}`);
    await snapshot(fresh, spec, counts!);
  }
  const db = new Database(ds);
  const loadMs = performance.now() - loadStarted;
  log(`  load total ${sec(loadMs)} (not part of the figures)`);

  // Environment facts that explain the figures.
  const [version] = await ds.query('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS bp, @@innodb_log_file_size AS redo, @@innodb_flush_log_at_trx_commit AS flush');
  const sizes: Array<{ t: string; rows: string; data: string; idx: string }> = await ds.query(
    `SELECT table_name AS t, table_rows AS \`rows\`, data_length AS data, index_length AS idx FROM information_schema.tables
     WHERE table_schema = ? AND table_name IN ('customers', 'ownership_events', 'customer_followers') ORDER BY table_name`, [dbName(DB_URL)]);
  const mb = (b: string | number) => `${(Number(b) / 1048576).toFixed(0)} MB`;
  log(`  MariaDB ${version.v}, innodb_buffer_pool_size ${mb(version.bp)}, innodb_log_file_size ${mb(version.redo)}, innodb_flush_log_at_trx_commit ${version.flush}`);
  for (const s of sizes) log(`  table ${s.t}: ~${Number(s.rows).toLocaleString('en-US')} rows, data ${mb(s.data)}, indexes ${mb(s.idx)}`);
  const hot = sizes.reduce((a, s) => a + Number(s.data) + Number(s.idx), 0);
  if (hot > Number(version.bp)) {
    log(`  NOTE: these tables (${mb(hot)}) do not fit the buffer pool (${mb(version.bp)}): the figures include disk reads (compare with BENCH_BUFFER_POOL_MB=1024 BENCH_REDO_LOG_MB=1024)`);
  }
  const idx: Array<{ name: string; cols: string }> = await ds.query(
    `SELECT index_name AS name, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS cols FROM information_schema.statistics
     WHERE table_schema = ? AND table_name = 'customers' GROUP BY index_name ORDER BY index_name`, [dbName(DB_URL)]);
  log(`  customers indexes: ${idx.map((i) => `${i.name}(${i.cols})`).join(' ')}`);

  // Verify the shape with the SQL the sweep and the warnings use.
  const due = dueConditionSql(BENCH_POOL_ID, spec.rules, NOW, tz);
  const warn = dueConditionSql(BENCH_POOL_ID, spec.rules, NOW, tz, spec.rules.warnDaysBefore);
  // One full scan (no WHERE, so the plan of the condition does not matter here).
  const shape = async () => {
    const [r] = await ds.query(
      `SELECT SUM(CASE WHEN ${due.sql} THEN 1 ELSE 0 END) AS due, SUM(CASE WHEN ${warn.sql} THEN 1 ELSE 0 END) AS warn,
              SUM(CASE WHEN c.pool_id = ? AND c.owner_id IS NULL THEN 1 ELSE 0 END) AS pool FROM customers c`,
      [...due.params, ...warn.params, BENCH_POOL_ID],
    );
    return { due: Number(r.due), warn: Number(r.warn), pool: Number(r.pool) };
  };
  const before = await shape();
  const dueCount = before.due;
  const withinWarn = before.warn;
  const poolCount = before.pool;
  const shapeOk = dueCount === expected.due && withinWarn - dueCount === expected.window && poolCount === expected.pool;
  log(`  check: due now ${dueCount} (expected ${expected.due}), in warning window ${withinWarn - dueCount} (expected ${expected.window}), pool stock ${poolCount} (expected ${expected.pool}) — ${shapeOk ? 'OK' : 'MISMATCH'}`);
  if (!shapeOk) throw new Error('dataset does not have the intended shape; figures would be meaningless');

  // ── warm-up ──
  header('warm-up');
  const selectSql = `SELECT c.id AS id FROM customers c WHERE ${due.sql} ORDER BY c.id`;
  const warm1 = await timed(() => ds.query('SELECT COUNT(*) AS n, SUM(LENGTH(c.name)) AS l FROM customers c'));
  const warm2 = await timed(() => ds.query(selectSql, due.params));
  log(`  full scan ${sec(warm1.ms)}; sweep selection query (${(warm2.value as unknown[]).length} ids) ${sec(warm2.ms)}`);
  await explain(ds, 'sweep selection', selectSql, due.params);
  await explain(ds, 'baseline UPDATE', `UPDATE customers c SET c.last_owner_id = c.owner_id, c.owner_id = NULL WHERE ${due.sql}`, due.params);
  await explain(ds, 'warnings condition', `SELECT c.id FROM customers c WHERE ${warn.sql}`, warn.params);

  const jobs = ONLY_CLAIMS ? null : await (async () => {
    // ── 2. baseline ──
    header(`2. baseline: one set-based UPDATE of the due rows (×${BASELINE_RUNS}, rolled back)`);
    const baselineRuns: Array<{ ms: number; affected: number; rollbackMs: number }> = [];
    for (let i = 0; i < BASELINE_RUNS; i++) {
      const r = await baselineOnce(ds, spec);
      baselineRuns.push(r);
      log(`  run ${i + 1}: ${sec(r.ms)}, ${r.affected} rows (rollback ${sec(r.rollbackMs)})`);
      if (r.affected !== dueCount) log(`  WARNING: baseline touched ${r.affected} rows, expected ${dueCount}`);
    }
    const baselineMs = median(baselineRuns.map((r) => r.ms));
    log(`  median ${sec(baselineMs)}`);

    // ── 5. warnings (before the sweep: the selection sees the due rows too, the harder case) ──
    header('5. reclaim warnings (queueReclaimWarnings), before the sweep');
    const warnDry = await timed(() => queueReclaimWarnings(db, { now: NOW, tz, dryRun: true }));
    log(`  dry run (selection only): ${sec(warnDry.ms)}, ${warnDry.value.inWindow} in window (expected ${expected.window})`);
    const warnReal = await timed(() => queueReclaimWarnings(db, { now: NOW, tz }));
    const outboxRows = await count(ds, "SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'reclaim-warning'");
    log(`  real run (selection + queue into outbox): ${sec(warnReal.ms)}, ${warnReal.value.affected} queued; outbox rows ${outboxRows}`);
    // The rerun only checks idempotence; skipped when a run is too slow to repeat within the time budget.
    const warnAgain = warnReal.ms > 60_000 ? null : await timed(() => queueReclaimWarnings(db, { now: NOW, tz }));
    if (warnAgain) log(`  rerun: ${sec(warnAgain.ms)}, ${warnAgain.value.affected} newly queued (expected 0)`);
    else log('  rerun: skipped (the real run took over 60 s)');

    // ── 3. sweep ──
    // Rounds pair the sweep with a baseline UPDATE of the same rows, each measured right after a
    // restore of the snapshot (the sweep commits batch by batch and cannot be rolled back), so both
    // meet the buffer pool and the rows in the same state: restore, baseline (rolled back),
    // restore, sweep.
    header(`3. reclaim sweep (runReclaimSweep, batchSize ${SWEEP_BATCH ?? 'default'}), ${SWEEP_ROUNDS} rounds: restore, baseline UPDATE, restore, sweep`);
    const eventsBefore = await count(ds, 'SELECT COUNT(*) AS n FROM ownership_events');
    const followersOfDue = await count(ds, `SELECT SUM(CASE WHEN ${due.sql} THEN 1 ELSE 0 END) AS n FROM customer_followers f STRAIGHT_JOIN customers c ON c.id = f.customer_id`, due.params);
    const rounds: Array<{ baselineMs: number; sweepMs: number }> = [];
    let sweep!: { ms: number; value: Awaited<ReturnType<typeof runReclaimSweep>> };
    let batchTimes: number[] = [];
    const snapshotMeta = (await readMeta(DB_URL))!;
    for (let r = 0; r < SWEEP_ROUNDS; r++) {
      const restored1 = await timed(() => restore(ds, snapshotMeta));
      const b = await baselineOnce(ds, spec);
      const restored2 = await timed(() => restore(ds, snapshotMeta));
      log(`  round ${r + 1}: restores ${sec(restored1.ms)}, ${sec(restored2.ms)} (not counted)`);
      batchTimes = [];
      let last = performance.now();
      sweep = await timed(() => runReclaimSweep(db, {
        now: NOW, tz, ...(SWEEP_BATCH ? { batchSize: SWEEP_BATCH } : {}),
        afterBatch: () => { const t = performance.now(); batchTimes.push(t - last); last = t; },
      }));
      rounds.push({ baselineMs: b.ms, sweepMs: sweep.ms });
      log(`  round ${r + 1}: baseline UPDATE ${sec(b.ms)} (rollback ${sec(b.rollbackMs)}), sweep ${sec(sweep.ms)}: ${(sweep.ms / b.ms).toFixed(2)}×; affected ${sweep.value.affected} (expected ${dueCount}) byRule ${JSON.stringify(sweep.value.byRule)} in ${sweep.value.batches} batches`);
    }
    const firstBatch = batchTimes[0] ?? 0;
    const restBatches = batchTimes.slice(1);
    const sweepMs = median(rounds.map((r) => r.sweepMs));
    const pairedBaselineMs = median(rounds.map((r) => r.baselineMs));
    log(`  median sweep ${sec(sweepMs)}, median baseline of the rounds ${sec(pairedBaselineMs)}: ${(sweepMs / pairedBaselineMs).toFixed(2)}× (the first round's sweep over phase 2's median of back-to-back UPDATEs, the comparison printed before rounds: ${(rounds[0]!.sweepMs / baselineMs).toFixed(2)}×)`);
    log(`  last round: selection + first batch ${sec(firstBatch)}; other batches mean ${fmtMs(restBatches.reduce((a, b) => a + b, 0) / Math.max(1, restBatches.length))} ms, max ${fmtMs(Math.max(0, ...restBatches))} ms`);
    const sweepAgain = await timed(() => runReclaimSweep(db, { now: NOW, tz, ...(SWEEP_BATCH ? { batchSize: SWEEP_BATCH } : {}) }));
    log(`  rerun (idempotence): ${sec(sweepAgain.ms)}, affected ${sweepAgain.value.affected} (expected 0)`);
    const eventsAdded = (await count(ds, 'SELECT COUNT(*) AS n FROM ownership_events')) - eventsBefore;
    const stillDue = (await shape()).due;
    const reclaimedInPool = await count(ds, 'SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL AND pool_entered_at = ?', [sqlTime(NOW)]);
    const followersLeft = await count(ds, 'SELECT COUNT(*) AS n FROM customer_followers f JOIN customers c ON c.id = f.customer_id WHERE c.owner_id IS NULL');
    const notices = await count(ds, "SELECT COUNT(*) AS n FROM outbox_messages WHERE kind IN ('reclaimed', 'reclaimed-digest')");
    const sweepOk = sweep.value.affected === dueCount && sweepAgain.value.affected === 0 && eventsAdded === dueCount && stillDue === 0 && reclaimedInPool === dueCount && followersLeft === 0;
    log(`  check: ${eventsAdded} ownership events written, ${stillDue} still due, ${reclaimedInPool} now in the pool, co-followers of due customers ${followersOfDue} → ${followersLeft} left on pool customers — ${sweepOk ? 'OK' : 'MISMATCH'}`);
    log(`  (the sweep also queued ${notices} "reclaimed" cards, one per owner, and one audit row per batch; the baseline UPDATE writes neither events nor notices)`);
    return { baselineMs, baselineRuns, warnDry, warnReal, warnAgain, sweep, sweepMs, sweepRounds: rounds, pairedBaselineMs, firstRoundRatio: rounds[0]!.sweepMs / baselineMs, sweepAgain, sweepOk, notices, ratio: sweepMs / pairedBaselineMs };
  })();
  if (!jobs) log('\n(BENCH_ONLY_CLAIMS=1: the UPDATE baseline, the warnings and the sweep skipped)');


  // ── 6. claims ──
  header('6. claim latency through HTTP (POST /api/customers/:id/claim)');
  const claims = SKIP_CLAIMS ? { skipped: 'BENCH_SKIP_CLAIMS=1' } : await claimPhase(config, spec);
  if ('skipped' in claims) log(`  skipped: ${claims.skipped}`);
  await ds.destroy();

  // ── summary ──
  header('summary');
  const rows: Array<[string, string, string, boolean | null]> = [];
  if (jobs) {
    const { baselineMs, sweepMs, pairedBaselineMs, sweepRounds, firstRoundRatio, ratio, sweepAgain, warnDry, warnReal } = jobs;
    rows.push(['baseline UPDATE (median of 3, phase 2)', sec(baselineMs), '', null]);
    rows.push([`baseline UPDATE (median of the ${sweepRounds.length} sweep rounds)`, sec(pairedBaselineMs), '', null]);
    rows.push([`reclaim sweep (median of ${sweepRounds.length})`, sec(sweepMs), `≤ ${sec(TARGETS.sweepMs)}`, sweepMs <= TARGETS.sweepMs]);
    rows.push(['sweep / baseline (rounds)', `${ratio.toFixed(2)}×`, `≤ ${TARGETS.ratio}×`, ratio <= TARGETS.ratio]);
    rows.push(['  per round', sweepRounds.map((r) => `${(r.sweepMs / r.baselineMs).toFixed(2)}×`).join(' '), '', null]);
    rows.push(['  first sweep / phase 2 median', `${firstRoundRatio.toFixed(2)}×`, '', null]);
    rows.push(['sweep rerun (affected 0)', `${sec(sweepAgain.ms)} (${sweepAgain.value.affected})`, '', null]);
    rows.push(['warning selection (dry run)', sec(warnDry.ms), `≤ ${sec(TARGETS.warningSelectionMs)}`, warnDry.ms <= TARGETS.warningSelectionMs]);
    rows.push(['warnings real run (queue outbox)', `${sec(warnReal.ms)} (${warnReal.value.affected})`, '', null]);
  }
  if (!('skipped' in claims)) {
    const c = claims.concurrent;
    rows.push([`claim p50 / p95 / p99 / max (${claims.claimers} concurrent)`, `${fmtMs(c.p50)} / ${fmtMs(c.p95)} / ${fmtMs(c.p99)} / ${fmtMs(c.max)} ms`, `p95 ≤ ${TARGETS.claimP95Ms} ms`, c.p95 <= TARGETS.claimP95Ms]);
    rows.push(['claim throughput', `${c.perSec.toFixed(0)} claims/s`, '', null]);
    const b = claims.claimBaseline;
    rows.push([`baseline claim p50 / p95 (mysql2, ${claims.claimers} concurrent)`, `${fmtMs(b.p50)} / ${fmtMs(b.p95)} ms, ${b.perSec.toFixed(0)}/s`, '', null]);
    rows.push(['claim p95 / baseline p95', `${(c.p95 / b.p95).toFixed(2)}×`, `≤ ${TARGETS.claimRatio}×`, c.p95 / b.p95 <= TARGETS.claimRatio]);
    rows.push(['claim p50 / p95 (1 claimer, unloaded)', `${fmtMs(claims.sequential.p50)} / ${fmtMs(claims.sequential.p95)} ms`, '', null]);
    rows.push([`claim p50 / p95 (${claims.claimers} paced claimers, ${claims.paced.perSec.toFixed(0)}/s)`, `${fmtMs(claims.paced.p50)} / ${fmtMs(claims.paced.p95)} ms`, '', null]);
  }
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length)), Math.max(...rows.map((r) => r[2].length))];
  for (const [name, value, target, ok] of rows) {
    log(`  ${name.padEnd(w[0]!)}  ${value.padStart(w[1]!)}  ${target.padEnd(w[2]!)}  ${ok === null ? '' : ok ? 'ok' : 'MISSED'}`);
  }
  const missed = rows.filter((r) => r[3] === false);
  for (const [name, value, target] of missed) log(`TARGET MISSED: ${name} = ${value} (target ${target})`);
  if (jobs && (!jobs.sweepOk || jobs.sweepAgain.value.affected !== 0 || (jobs.warnAgain && jobs.warnAgain.value.affected !== 0))) log('CHECK FAILED: see the checks above');
  if (!missed.length) log('all targets met');

  const result = {
    customers: CUSTOMERS, reps: REPS, now: NOW.toISOString(), tz, batchSize: SWEEP_BATCH ?? null, history: HISTORY,
    due: dueCount, inWindow: withinWarn - dueCount, poolStock: poolCount,
    loadS: +(loadMs / 1000).toFixed(2),
    ...(jobs ? (({ baselineMs, baselineRuns, sweep, sweepMs, sweepRounds, pairedBaselineMs, firstRoundRatio, ratio, sweepAgain, warnDry, warnReal, warnAgain }) => ({
      baselineS: +(baselineMs / 1000).toFixed(3), baselineRunsS: baselineRuns.map((r) => +(r.ms / 1000).toFixed(3)),
      pairedBaselineS: +(pairedBaselineMs / 1000).toFixed(3),
      sweepRoundsS: sweepRounds.map((r) => ({ baseline: +(r.baselineMs / 1000).toFixed(3), sweep: +(r.sweepMs / 1000).toFixed(3) })),
      firstRoundRatio: +firstRoundRatio.toFixed(3),
      sweepS: +(sweepMs / 1000).toFixed(3), sweepAffected: sweep.value.affected, sweepByRule: sweep.value.byRule, sweepBatches: sweep.value.batches,
      ratio: +ratio.toFixed(3), sweepRerunS: +(sweepAgain.ms / 1000).toFixed(3), sweepRerunAffected: sweepAgain.value.affected,
      warningSelectionS: +(warnDry.ms / 1000).toFixed(3), warningsInWindow: warnDry.value.inWindow,
      warningsRealS: +(warnReal.ms / 1000).toFixed(3), warningsQueued: warnReal.value.affected, warningsRerunQueued: warnAgain ? warnAgain.value.affected : null,
    }))(jobs) : { onlyClaims: true }),
    claims: 'skipped' in claims ? null : {
      claimers: claims.claimers, claimsEach: claims.claimsEach,
      p50Ms: +claims.concurrent.p50.toFixed(2), p95Ms: +claims.concurrent.p95.toFixed(2), p99Ms: +claims.concurrent.p99.toFixed(2),
      maxMs: +claims.concurrent.max.toFixed(2), meanMs: +claims.concurrent.mean.toFixed(2), perSec: +claims.concurrent.perSec.toFixed(1), statuses: claims.concurrent.statuses,
      unloadedP50Ms: +claims.sequential.p50.toFixed(2), unloadedP95Ms: +claims.sequential.p95.toFixed(2),
      claimBaseline: { perSec: +claims.claimBaseline.perSec.toFixed(1), p50Ms: +claims.claimBaseline.p50.toFixed(2), p95Ms: +claims.claimBaseline.p95.toFixed(2) },
      claimRatio: +(claims.concurrent.p95 / claims.claimBaseline.p95).toFixed(3),
      paced: { thinkMs: THINK_MS, perSec: +claims.paced.perSec.toFixed(1), p50Ms: +claims.paced.p50.toFixed(2), p95Ms: +claims.paced.p95.toFixed(2), p99Ms: +claims.paced.p99.toFixed(2), maxMs: +claims.paced.max.toFixed(2) },
    },
    ...(jobs ? { sweepNotices: jobs.notices, checks: { sweep: jobs.sweepOk, warningsRerun: jobs.warnAgain ? jobs.warnAgain.value.affected === 0 : null } } : {}),
    server: { bufferPoolMB: Number(version.bp) / 1048576, redoLogMB: Number(version.redo) / 1048576 },
    loadAverage: loadavg().map((l) => +l.toFixed(2)),
    targetsMissed: missed.map((m) => m[0]),
    totalS: +((performance.now() - started) / 1000).toFixed(1),
  };
  log(`BENCH_POOL_RESULT ${JSON.stringify(result)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

