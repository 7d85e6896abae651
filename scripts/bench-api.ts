/**
 * API benchmark (issue 7): `npm run bench:api`.
 *
 * On MariaDB with BENCH_CUSTOMERS (1,000,000) customers, BENCH_REPS (20,000) reps and
 * BENCH_FOLLOW_UPS (5,000,000) follow-ups (scripts/bench/api-dataset.ts: contacts with phones,
 * co-followers, a department tree with managers), it measures request kinds through HTTP at
 * each of BENCH_CONCURRENCY clients (20 and 100), closed loop, against
 *   - the product: the real app (Runtime, as `wecrm serve` runs it in live mode, in a process of
 *     its own, logging requests at info level to /dev/null as production logs to a collector), and
 *   - a baseline measured in the same run at the same concurrency: a bare node:http handler
 *     running the best hand-written statements through mysql2 and answering the same JSON
 *     (scripts/bench/api-baseline.ts; the JSON of both is compared before measuring).
 * It prints req/s and p50/p95/p99 side by side with the p95 ratio, statements per request,
 * response sizes, the cost of the request log and of the session check, and one line
 * `BENCH_API_RESULT {json}`.
 *
 * Environment:
 *   BENCH_DATABASE_URL   mysql://root@127.0.0.1:3306/wecrm_bench_api (dropped and recreated on load)
 *   BENCH_CUSTOMERS 1000000   BENCH_REPS 20000   BENCH_FOLLOW_UPS 5000000
 *   BENCH_NOW            2026-03-02T02:00:00.000Z (Monday 10:00 in Shanghai)
 *   BENCH_REUSE          1: keep a loaded database of the same spec and undo what the last run wrote
 *   BENCH_CONCURRENCY    20,100     BENCH_DURATION_S 8 per measurement (plus 2 s warm-up)
 *   BENCH_KINDS          comma list (default: all; see buildKinds)    BENCH_SAMPLE 10 requests per kind counted one at a time
 *   BENCH_APP_ROOT       another checkout whose server/ to measure as the product (the "before" figures)
 *   BENCH_REDIS_URL      redis://127.0.0.1:6379/0 for the app
 *   BENCH_BUFFER_POOL_MB, BENCH_REDO_LOG_MB: InnoDB sizes for the run (put back afterwards)
 *   BENCH_LOAD_ONLY      1: load (or restore) the database and stop
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.ts';
import { SessionTokens } from '../server/auth/session-token.ts';
import { adminId, CITY_NAMES, BUSINESS_WORDS, BRAND_CHARS, customerName, firstTeamId, regionManagerId, teamCount, teamManagerId, type ApiDatasetSpec } from './bench/api-dataset.ts';
import { FOLLOW_UP_REPS, openApiDatabase } from './bench/api-load.ts';
import { withServerSettings } from './bench/server-settings.ts';
import { summarize } from './bench/sql-timer.ts';
import { dbName } from './bench/snapshot.ts';

const env = process.env;
const intEnv = (name: string, def: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
};
const DB_URL = env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wecrm_bench_api';
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const NOW = new Date(env.BENCH_NOW ?? '2026-03-02T02:00:00.000Z');
const CONCURRENCY = (env.BENCH_CONCURRENCY ?? '20,100').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const DURATION_MS = intEnv('BENCH_DURATION_S', 8) * 1000;
const WARMUP_MS = 2000;
/** Requests per kind for statement counts and sizes (one at a time). */
const SAMPLE = intEnv('BENCH_SAMPLE', 10);
const SESSION_SECRET = 'bench-api-session-secret-0123456789abcdef';
const APP_ROOT = env.BENCH_APP_ROOT ? resolve(env.BENCH_APP_ROOT) : null;
const TARGETS = { listP95Ms: 50, search2P95Ms: 150, ratio: 2 };

const log = (line = '') => process.stdout.write(line + '\n');
const header = (title: string) => { log(); log(`── ${title} ${'─'.repeat(Math.max(0, 74 - title.length))}`); };
const fmt = (ms: number) => (!Number.isFinite(ms) ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
function pct(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface Req { method: 'GET' | 'POST'; path: string; token: string; body?: unknown }
interface Kind {
  name: string;
  what: string;
  requests: Req[];
  /** Measured against the baseline (the kinds the issue sets targets for). */
  baseline: boolean;
  /** Only at the first concurrency level (context figures). */
  extra?: boolean;
  /** Writes: the JSON comparison checks the shape only. */
  write?: boolean;
}

interface RunStats { n: number; perSec: number; p50: number; p95: number; p99: number; max: number; statuses: Record<string, number>; bytesPerReq: number; errors: unknown[] }

function stats(run: { latencies: number[]; statuses: Record<string, number>; bytes: number; wallMs: number; errors: unknown[] }): RunStats {
  const s = [...run.latencies].sort((a, b) => a - b);
  return {
    n: s.length, perSec: s.length / (run.wallMs / 1000), p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99), max: s[s.length - 1] ?? NaN,
    statuses: run.statuses, bytesPerReq: s.length ? run.bytes / s.length : 0, errors: run.errors,
  };
}

// ───────────────────────────── request kinds ─────────────────────────────

async function buildKinds(ds: DataSource, spec: ApiDatasetSpec, tokenOf: (id: number) => string): Promise<Kind[]> {
  const admin = adminId(spec);
  const reps = Array.from({ length: 400 }, (_, k) => 1 + Math.floor((k * spec.reps) / 400) + (k % 7));
  const writers = Array.from({ length: 200 }, (_, k) => FOLLOW_UP_REPS.from + Math.floor((k * (FOLLOW_UP_REPS.to - FOLLOW_UP_REPS.from)) / 200));
  const teams = teamCount(spec);
  const teamManagers = Array.from({ length: Math.min(teams, 200) }, (_, k) => teamManagerId(firstTeamId + Math.floor((k * teams) / Math.min(teams, 200)), spec));
  const regionManagers = Array.from({ length: 20 }, (_, k) => regionManagerId(2 + k, spec));
  const owned = async (ids: number[]) => {
    const rows: Array<{ id: number; owner_id: number }> = await ds.query(
      `SELECT id, owner_id FROM customers WHERE owner_id IN (${ids.join(', ')}) ORDER BY owner_id, id`);
    return rows.map((r) => ({ id: Number(r.id), ownerId: Number(r.owner_id) }));
  };
  const detailTargets = await owned(reps);
  const writeTargets = await owned(writers);
  const get = (user: number, path: string): Req => ({ method: 'GET', path, token: tokenOf(user) });
  // Two-character queries: trade names (rare: tens of customers), cities and business words (dense: 1–3%).
  const pairs = Array.from({ length: 12 }, (_, k) => BRAND_CHARS[(k * 7) % BRAND_CHARS.length]! + BRAND_CHARS[(k * 13 + 5) % BRAND_CHARS.length]!);
  const two = [...pairs, ...CITY_NAMES.slice(0, 6), ...BUSINESS_WORDS.filter((w) => w.length === 2).slice(0, 6)];
  const one = ['科', '公', '华', '电', '恒', '王', '通', '达', '海', '信'];
  const enc = encodeURIComponent;
  const poolQueries = ['公', '科技', '恒', '物流', '上海', '电子', '王'];
  const samplePhone = (k: number) => String(13_800_000_000 + k * 7919).slice(0, 7);
  return [
    { name: 'listMine', what: 'GET /api/customers?scope=mine (rep, ~50 customers)', baseline: true, requests: reps.map((u) => get(u, '/api/customers?scope=mine&page=1&pageSize=20')) },
    { name: 'listTeam', what: 'GET /api/customers?scope=team (team manager, ~500)', baseline: true, requests: teamManagers.map((u) => get(u, '/api/customers?scope=team&page=1&pageSize=20')) },
    { name: 'listAll', what: 'GET /api/customers?scope=all (admin, pages 1–5)', baseline: true, requests: [1, 2, 3, 4, 5].map((p) => get(admin, `/api/customers?scope=all&page=${p}&pageSize=20`)) },
    { name: 'search2', what: 'GET /api/customers?scope=all&q=<2 chars> (admin; rare and dense)', baseline: true, requests: two.map((q) => get(admin, `/api/customers?scope=all&q=${enc(q)}&page=1&pageSize=20`)) },
    { name: 'search1Mine', what: 'GET /api/customers?scope=mine&q=<1 char> (rep)', baseline: true, requests: reps.map((u, k) => get(u, `/api/customers?scope=mine&q=${enc(one[k % one.length]!)}&page=1&pageSize=20`)) },
    { name: 'search1All', what: 'GET /api/customers?scope=all&q=<1 char> (admin)', baseline: true, requests: one.map((q) => get(admin, `/api/customers?scope=all&q=${enc(q)}&page=1&pageSize=20`)) },
    { name: 'detail', what: 'GET /api/customers/:id (rep, own customers)', baseline: true, requests: detailTargets.map((t) => get(t.ownerId, `/api/customers/${t.id}`)) },
    {
      name: 'followUp', what: 'POST /api/customers/:id/follow-ups (rep, own customers)', baseline: true, write: true,
      requests: writeTargets.map((t) => ({ method: 'POST', path: `/api/customers/${t.id}/follow-ups`, token: tokenOf(t.ownerId), body: { type: 'call', content: '电话回访，客户确认下周到访演示' } })),
    },
    // Context: the other rows of the issue's table (product only).
    { name: 'listTeamRegion', what: 'GET /api/customers?scope=team (region manager, ~50,000)', baseline: false, extra: true, requests: regionManagers.map((u) => get(u, '/api/customers?scope=team&page=1&pageSize=20')) },
    { name: 'listAllDeep', what: 'GET /api/customers?scope=all&page=2000 (admin)', baseline: false, extra: true, requests: [get(admin, '/api/customers?scope=all&page=2000&pageSize=20')] },
    { name: 'searchPhone', what: 'GET /api/customers?scope=all&q=<7 digits> (admin)', baseline: false, extra: true, requests: Array.from({ length: 10 }, (_, k) => get(admin, `/api/customers?scope=all&q=${samplePhone(k)}`)) },
    { name: 'searchName', what: 'GET /api/customers?scope=all&q=<a whole name> (admin)', baseline: false, extra: true, requests: Array.from({ length: 10 }, (_, k) => get(admin, `/api/customers?scope=all&q=${enc(customerName(k * 99_991))}`)) },
    { name: 'soon', what: 'GET /api/customers?scope=mine&soon=true (rep)', baseline: false, extra: true, requests: reps.map((u) => get(u, '/api/customers?scope=mine&soon=true')) },
    { name: 'homeCards', what: 'GET /api/home/cards (rep)', baseline: false, extra: true, requests: reps.map((u) => get(u, '/api/home/cards')) },
    { name: 'poolSearch', what: 'GET /api/pools/1/customers?q=… (rep)', baseline: false, extra: true, requests: reps.map((u, k) => get(u, `/api/pools/1/customers?q=${enc(poolQueries[k % poolQueries.length]!)}`)) },
    { name: 'pickers', what: 'GET /api/users?q=<surname>&purpose=follower (rep)', baseline: false, extra: true, requests: detailTargets.slice(0, 100).map((t, k) => get(t.ownerId, `/api/users?q=${enc(['王', '李', '张', '刘', '陈'][k % 5]!)}&purpose=follower&customerId=${t.id}`)) },
    { name: 'pickersAll', what: 'GET /api/users (the whole company, as the pickers loaded it)', baseline: false, extra: true, requests: [get(reps[0]!, '/api/users')] },
  ];
}

// ───────────────────────────── servers ─────────────────────────────

/** A server of the benchmark in a process of its own (the product or the baseline), driven over IPC. */
interface Server { port: number; ask<T>(msg: object): Promise<T>; close(): Promise<void> }

async function startServer(script: string, extraEnv: Record<string, string>): Promise<Server> {
  const child: ChildProcess = fork(resolve(import.meta.dirname, 'bench', 'api-server.mjs'), [script], {
    execArgv: [],
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((res, rej) => {
    child.once('message', (m: { type: string; port: number }) => (m.type === 'ready' ? res(m.port) : rej(new Error(`${script}: ${JSON.stringify(m)}`))));
    child.once('exit', (code) => rej(new Error(`${script} exited with ${code}`)));
  });
  let closed = false;
  return {
    port,
    ask: <T>(msg: object) => new Promise<T>((res) => { child.once('message', (m) => res(m as T)); child.send(msg); }),
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((res) => { child.once('exit', () => res()); child.send({ type: 'close' }); });
    },
  };
}

const startProduct = (logLevel: 'info' | 'silent') => startServer('api-product.ts', {
  PRODUCT_ROOT: APP_ROOT ?? resolve(import.meta.dirname, '..'), PRODUCT_DB_URL: DB_URL, PRODUCT_NOW: NOW.toISOString(), PRODUCT_LOG_LEVEL: logLevel,
  REDIS_URL, SESSION_SECRET,
});
const startBaseline = () => startServer('api-baseline.ts', { BASELINE_DB_URL: DB_URL, SESSION_SECRET, BASELINE_NOW: NOW.toISOString() });

class Load {
  private worker = new Worker(new URL('./bench/api-load-worker.mjs', import.meta.url));
  private pending: { res: (v: never) => void; rej: (e: unknown) => void } | null = null;
  constructor() {
    this.worker.on('message', (m) => { const p = this.pending; this.pending = null; p?.res(m as never); });
    this.worker.on('error', (e) => { const p = this.pending; this.pending = null; p?.rej(e); });
  }
  private call<T>(msg: object): Promise<T> {
    return new Promise<T>((res, rej) => { this.pending = { res: res as (v: never) => void, rej }; this.worker.postMessage(msg); });
  }
  run(port: number, requests: Req[], concurrency: number, durationMs = DURATION_MS, warmupMs = WARMUP_MS) {
    return this.call<{ latencies: number[]; statuses: Record<string, number>; bytes: number; wallMs: number; errors: unknown[] }>({ type: 'run', port, requests, concurrency, durationMs, warmupMs });
  }
  fetch(port: number, requests: Req[]) {
    return this.call<Array<{ status: number; text: string; bytes: number; ms: number }>>({ type: 'fetch', port, requests });
  }
  async close() {
    this.worker.postMessage({ type: 'close' });
    await this.worker.terminate().catch(() => undefined);
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  const settings: Array<[string, number]> = [];
  if (env.BENCH_BUFFER_POOL_MB) settings.push(['innodb_buffer_pool_size', intEnv('BENCH_BUFFER_POOL_MB', 4096) * 1048576]);
  if (env.BENCH_REDO_LOG_MB) settings.push(['innodb_log_file_size', intEnv('BENCH_REDO_LOG_MB', 1024) * 1048576]);
  await withServerSettings(DB_URL, settings, log, bench);
}

async function bench(): Promise<void> {
  const started = performance.now();
  const config = loadConfig({ WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent' });
  const spec: ApiDatasetSpec = { customers: intEnv('BENCH_CUSTOMERS', 1_000_000), reps: intEnv('BENCH_REPS', 20_000), followUps: intEnv('BENCH_FOLLOW_UPS', 5_000_000), now: NOW, tz: config.tzBusiness };
  log(`bench:api — ${spec.customers.toLocaleString('en-US')} customers, ${spec.reps.toLocaleString('en-US')} reps, ${spec.followUps.toLocaleString('en-US')} follow-ups, db ${DB_URL}`);
  log(`product: ${APP_ROOT ? `${APP_ROOT}/server (BENCH_APP_ROOT)` : 'this checkout'}; concurrency ${CONCURRENCY.join(', ')}; ${DURATION_MS / 1000} s per measurement after ${WARMUP_MS / 1000} s warm-up`);
  log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} before the run (2 cores shared with other work)`);

  header('1. database');
  const { ds, meta } = await openApiDatabase(DB_URL, spec, env.BENCH_REUSE === '1', log);
  const [version] = await ds.query('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS bp');
  const sizes: Array<{ t: string; rows: string; data: string; idx: string }> = await ds.query(
    `SELECT table_name AS t, table_rows AS \`rows\`, data_length AS data, index_length AS idx FROM information_schema.tables
     WHERE table_schema = ? AND table_name IN ('customers', 'customer_contacts', 'follow_ups', 'customer_search_terms', 'customer_tags') ORDER BY table_name`, [dbName(DB_URL)]);
  const mb = (b: string | number) => `${(Number(b) / 1048576).toFixed(0)} MB`;
  log(`  MariaDB ${version.v}, innodb_buffer_pool_size ${mb(version.bp)}`);
  for (const s of sizes) log(`  table ${s.t}: ~${Number(s.rows).toLocaleString('en-US')} rows, data ${mb(s.data)}, indexes ${mb(s.idx)}`);
  const hot = sizes.reduce((a, s) => a + Number(s.data) + Number(s.idx), 0);
  if (hot > Number(version.bp)) log(`  NOTE: these tables (${mb(hot)}) exceed the buffer pool (${mb(version.bp)}): figures include disk reads (try BENCH_BUFFER_POOL_MB=4096)`);
  if (env.BENCH_LOAD_ONLY === '1') { await ds.destroy(); return; }

  const tokens = new SessionTokens(SESSION_SECRET, 7 * 24 * 3600);
  const tokenOf = (id: number) => tokens.issue(id, new Date());
  const only = env.BENCH_KINDS ? new Set(env.BENCH_KINDS.split(',').map((s) => s.trim())) : null;
  const kinds = (await buildKinds(ds, spec, tokenOf)).filter((k) => !only || only.has(k.name));
  // Warm the caches both servers read (a cold start would be charged to whichever runs first).
  await ds.query('SELECT COUNT(*) FROM customers FORCE INDEX (idx_customers_updated)').catch(() => undefined);
  await ds.destroy();

  const load = new Load();
  const product = await startProduct('info');
  const baseline = await startBaseline();
  log(`  product on :${product.port} (Runtime in its own process, live mode, Redis ${REDIS_URL}, request log at info → /dev/null); baseline on :${baseline.port} (own process)`);

  try {
    // ── 2. the same JSON ──
    header('2. the product and the baseline answer the same JSON');
    const mismatches: string[] = [];
    for (const kind of kinds.filter((k) => k.baseline && !k.write)) {
      const sample = kind.requests.filter((_, i) => i % Math.max(1, Math.floor(kind.requests.length / 6)) === 0).slice(0, 6);
      const [a, b] = [await load.fetch(product.port, sample), await load.fetch(baseline.port, sample)];
      let same = 0;
      a.forEach((r, i) => {
        const ok = r.status === b[i]!.status && isDeepStrictEqual(JSON.parse(r.text), JSON.parse(b[i]!.text));
        if (ok) same++;
        else if (mismatches.length < 6) mismatches.push(`${kind.name} ${sample[i]!.path}: product ${r.status} ${r.text.slice(0, 300)} | baseline ${b[i]!.status} ${b[i]!.text.slice(0, 300)}`);
      });
      log(`  ${kind.name.padEnd(12)} ${same}/${sample.length} identical, ${(a.reduce((s, r) => s + r.bytes, 0) / a.length / 1024).toFixed(1)} KB per response`);
    }
    for (const m of mismatches) log(`  MISMATCH ${m}`);

    // ── 3. statements per request and sizes (one at a time) ──
    header('3. statements per request (each server counts what it sends to the driver)');
    const perRequest: Record<string, { product: number; baseline: number | null; bytes: number; byStatement: string }> = {};
    for (const kind of kinds) {
      const sample = kind.requests.slice(0, SAMPLE);
      await product.ask({ type: 'reset' });
      const answers = await load.fetch(product.port, sample);
      const traced = await product.ask<{ statements: number; sql: string[] }>({ type: 'stats' });
      let baselineN: number | null = null;
      if (kind.baseline) {
        await baseline.ask({ type: 'reset' });
        await load.fetch(baseline.port, sample);
        baselineN = (await baseline.ask<{ statements: number; requests: number }>({ type: 'stats' })).statements / sample.length;
      }
      const top = summarize(traced.sql.map((sql) => ({ sql, ms: 0 })), 2).map((t) => `${t.kind}×${(t.n / sample.length).toFixed(1)}`).join(', ');
      perRequest[kind.name] = { product: traced.statements / sample.length, baseline: baselineN, bytes: answers.reduce((s, r) => s + r.bytes, 0) / answers.length, byStatement: top };
      log(`  ${kind.name.padEnd(14)} product ${perRequest[kind.name]!.product.toFixed(1).padStart(5)}${baselineN === null ? '' : `, baseline ${baselineN.toFixed(1)}`}; ${(perRequest[kind.name]!.bytes / 1024).toFixed(1)} KB; ${top}`);
    }

    // ── 4. throughput and latency ──
    header('4. throughput and latency (closed loop; p95 ratio = product / baseline)');
    const results: Record<string, Record<number, { product: RunStats; baseline: RunStats | null }>> = {};
    log(`  ${'kind'.padEnd(15)} ${'clients'.padStart(7)}  ${'product req/s  p50 / p95 / p99 ms'.padEnd(36)}  ${'baseline req/s  p50 / p95 / p99 ms'.padEnd(36)}  p95 ratio`);
    for (const c of CONCURRENCY) {
      for (const kind of kinds) {
        if (kind.extra && c !== CONCURRENCY[0]) continue;
        const p = stats(await load.run(product.port, kind.requests, c));
        const b = kind.baseline ? stats(await load.run(baseline.port, kind.requests, c)) : null;
        (results[kind.name] ??= {})[c] = { product: p, baseline: b };
        const cell = (s: RunStats) => `${s.perSec.toFixed(0).padStart(6)}  ${fmt(s.p50).padStart(6)} / ${fmt(s.p95).padStart(6)} / ${fmt(s.p99).padStart(6)}`;
        log(`  ${kind.name.padEnd(15)} ${String(c).padStart(7)}  ${cell(p).padEnd(36)}  ${(b ? cell(b) : '').padEnd(36)}  ${b ? `${(p.p95 / b.p95).toFixed(2)}×` : ''}`);
        for (const e of [...p.errors, ...(b?.errors ?? [])].slice(0, 3)) log(`      error: ${JSON.stringify(e)}`);
      }
    }

    // ── 5. the request log and the session check ──
    header('5. cost of the request log and of the session check');
    const logKind = kinds.find((k) => k.name === 'listMine') ?? kinds[0]!;
    const withLog = results[logKind.name]?.[CONCURRENCY[0]!]?.product;
    await product.close();
    const quiet = await startProduct('silent');
    const withoutLog = stats(await load.run(quiet.port, logKind.requests, CONCURRENCY[0]!));
    const sessionMs = (await quiet.ask<{ ms: number }>({ type: 'session', users: Array.from({ length: 200 }, (_, k) => 1 + k * 7) })).ms;
    await quiet.close();
    if (withLog) {
      log(`  ${logKind.name} at ${CONCURRENCY[0]} clients: ${withLog.perSec.toFixed(0)} req/s, p95 ${fmt(withLog.p95)} ms with the request log (info → /dev/null); ${withoutLog.perSec.toFixed(0)} req/s, p95 ${fmt(withoutLog.p95)} ms without (silent)`);
    }
    log(`  session check (token HMAC + one user ⋈ department lookup by primary key): ${(sessionMs * 1000).toFixed(0)} µs per request, one statement, unloaded`);

    // ── summary ──
    header('summary');
    const first = CONCURRENCY[0]!;
    const at = (name: string, c = first) => results[name]?.[c];
    const missed: string[] = [];
    const check = (label: string, value: number, target: number) => { if (!(value <= target)) missed.push(`${label} = ${fmt(value)} (target ≤ ${target})`); };
    for (const name of ['listMine', 'listTeam', 'listAll']) { const r = at(name, 20); if (r) check(`${name} p95 at 20 clients (ms)`, r.product.p95, TARGETS.listP95Ms); }
    const s2 = at('search2', 20);
    if (s2) check('search2 p95 at 20 clients (ms)', s2.product.p95, TARGETS.search2P95Ms);
    for (const [name, byC] of Object.entries(results)) {
      for (const [c, r] of Object.entries(byC)) {
        if (r.baseline) {
          check(`${name} p95 ratio at ${c} clients`, r.product.p95 / r.baseline.p95, TARGETS.ratio);
          check(`${name} throughput ratio at ${c} clients (baseline/product)`, r.baseline.perSec / r.product.perSec, TARGETS.ratio);
        }
      }
    }
    for (const m of missed) log(`TARGET MISSED: ${m}`);
    if (!missed.length) log('all targets met');
    if (mismatches.length) log(`CHECK FAILED: ${mismatches.length} responses differ between the product and the baseline`);

    const figures: Record<string, unknown> = {};
    for (const [name, byC] of Object.entries(results)) {
      figures[name] = Object.fromEntries(Object.entries(byC).map(([c, r]) => [c, {
        product: { rps: +r.product.perSec.toFixed(1), p50: +r.product.p50.toFixed(2), p95: +r.product.p95.toFixed(2), p99: +r.product.p99.toFixed(2), n: r.product.n, statuses: r.product.statuses },
        baseline: r.baseline ? { rps: +r.baseline.perSec.toFixed(1), p50: +r.baseline.p50.toFixed(2), p95: +r.baseline.p95.toFixed(2), p99: +r.baseline.p99.toFixed(2), n: r.baseline.n } : null,
        p95Ratio: r.baseline ? +(r.product.p95 / r.baseline.p95).toFixed(2) : null,
        rpsRatio: r.baseline ? +(r.baseline.perSec / r.product.perSec).toFixed(2) : null,
      }]));
    }
    const mine = at('listMine', 20);
    const result = {
      customers: spec.customers, reps: spec.reps, followUps: meta.counts.followUps, product: APP_ROOT ?? 'this checkout', concurrency: CONCURRENCY, durationS: DURATION_MS / 1000,
      listMineP95Ms: mine ? +mine.product.p95.toFixed(2) : null,
      listMineRatio: mine?.baseline ? +(mine.product.p95 / mine.baseline.p95).toFixed(2) : null,
      figures,
      statementsPerRequest: Object.fromEntries(Object.entries(perRequest).map(([k, v]) => [k, { product: +v.product.toFixed(1), baseline: v.baseline === null ? null : +v.baseline.toFixed(1) }])),
      bytesPerResponse: Object.fromEntries(Object.entries(perRequest).map(([k, v]) => [k, Math.round(v.bytes)])),
      requestLog: withLog ? { withRps: +withLog.perSec.toFixed(1), withP95: +withLog.p95.toFixed(2), withoutRps: +withoutLog.perSec.toFixed(1), withoutP95: +withoutLog.p95.toFixed(2) } : null,
      sessionCheckUs: Math.round(sessionMs * 1000),
      jsonMismatches: mismatches.length,
      targetsMissed: missed,
      loadAverage: loadavg().map((l) => +l.toFixed(2)),
      totalS: +((performance.now() - started) / 1000).toFixed(1),
    };
    log(`BENCH_API_RESULT ${JSON.stringify(result)}`);
  } finally {
    await product.close().catch(() => undefined);
    await baseline.close().catch(() => undefined);
    await load.close();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
