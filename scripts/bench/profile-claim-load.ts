/**
 * Diagnostic for bench-pool's claim target: where the server's CPU goes under the bench's claim
 * load. Boots the app (this thread only serves HTTP), drives 50 claimers in a closed loop from the
 * bench's load worker (scripts/bench/claim-worker.mjs, its own thread), measures this thread's CPU
 * per claim and, with BENCH_PROFILE_OUT, writes a V8 CPU profile of the last measured run (this thread
 * only) and prints its top functions by self time. Then the same worker runs the bench's
 * hand-written mysql2 claim transaction at the same concurrency, for the ratio.
 * Needs an already loaded bench database (`npm run bench:pool` first); it claims pool customers
 * without putting them back (50,000 in stock, 2,100 per run; BENCH_REUSE=1 restores them).
 *   npx tsx scripts/bench/profile-claim-load.ts
 * Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PROFILE_OUT (a .cpuprofile path),
 *   BENCH_PROFILE_EACH (claims per claimer, 40), BENCH_PROFILE_ROUNDS (measured runs, 1),
 *   BENCH_REUSE=1 (first put the bench database back in its loaded state, as bench-pool does).
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { BENCH_POOL_ID } from './dataset.ts';
import { readMeta, restore } from './snapshot.ts';
import { summariseProfile, type CpuProfile } from './cpu-profile.ts';

const env = process.env;
const DB_URL = env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wecrm_bench';
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const OUT = env.BENCH_PROFILE_OUT;
const EACH = Number(env.BENCH_PROFILE_EACH ?? 40);
const ROUNDS = Number(env.BENCH_PROFILE_ROUNDS ?? 1);
const CLAIMERS = 50;
const REPS = 20_000;

type Run = { latencies: number[]; statuses: Record<string, number>; errors: unknown[]; wallMs: number };
const pct = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!; };
/** The database server's CPU time (ms) when it runs on this machine (Linux /proc), else null. */
function dbServerCpuMs(): number | null {
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let comm = '';
      try { comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { continue; }
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
    }
  } catch { /* not Linux */ }
  return null;
}
/** This process's main thread's CPU time (ms; Linux /proc): the server alone, without the load worker. */
function serverThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
const perClaim = (before: number | null, run: Run, read: () => number | null = dbServerCpuMs) => {
  const after = read();
  return before === null || after === null ? 'n/a' : `${((after - before) / run.latencies.length).toFixed(2)} ms`;
};
const fmt = (r: Run) => `${r.latencies.length} claims, ${(r.latencies.length / (r.wallMs / 1000)).toFixed(0)}/s, p50 ${pct(r.latencies, 0.5).toFixed(1)} ms, p95 ${pct(r.latencies, 0.95).toFixed(1)} ms, statuses ${JSON.stringify(r.statuses)}`;

const config = { ...loadConfig({ WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', REDIS_URL }), database: { kind: 'mysql' as const, url: DB_URL } };
const clock = new AdjustableClock();
clock.set(new Date(env.BENCH_NOW ?? '2026-03-02T02:00:00.000Z'));
const runtime = await Runtime.create(config, { clock, logger: createLogger('silent'), seedDemo: false, h5Root: null, kvPrefix: `wecrm:bench:${process.pid}:` });
if (env.BENCH_REUSE === '1') {
  const meta = await readMeta(DB_URL);
  if (!meta) throw new Error('BENCH_REUSE=1: no loaded bench database to restore');
  const t0 = performance.now();
  await restore(runtime.dataSource, meta);
  console.log(`restored the loaded bench database in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const base = await runtime.listen(0, '127.0.0.1');
const worker = new Worker(new URL('./claim-worker.mjs', import.meta.url), { workerData: { port: runtime.port } });
const ask = (msg: object) => new Promise<Run>((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
  worker.postMessage(msg);
});
try {
  const claimerIds = Array.from({ length: CLAIMERS }, (_, k) => 1 + Math.floor((k * REPS) / CLAIMERS));
  const tokens: string[] = [];
  for (const id of claimerIds) {
    const res = await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: String(id) }) });
    tokens.push(((await res.json()) as { token: string }).token);
  }
  const need = CLAIMERS * (2 + EACH * (2 * ROUNDS + 1));
  const stock: Array<{ id: number | string }> = await runtime.dataSource.query(
    `SELECT id FROM customers WHERE pool_id = ? AND owner_id IS NULL AND (last_owner_id IS NULL OR last_owner_id NOT IN (${claimerIds.join(', ')}))
     ORDER BY id DESC LIMIT ?`, [BENCH_POOL_ID, need]);
  if (stock.length < need) throw new Error(`pool stock ${stock.length} < ${need}: run the bench with BENCH_REUSE=1 to restore it`);
  let next = 0;
  const take = (n: number) => stock.slice(next, (next += n)).map((r) => Number(r.id));
  const batch = (each: number) => { const ids = claimerIds.map(() => [] as number[]); for (let j = 0; j < each; j++) for (const l of ids) l.push(take(1)[0]!); return ids; };
  const warm = await ask({ type: 'run', claimers: batch(2).map((ids, k) => ({ token: tokens[k]!, ids })) });
  console.log(`warm-up: ${fmt(warm)}`);
  for (let round = 1; round <= ROUNDS; round++) {
    const ids = batch(EACH);
    const session = OUT && round === ROUNDS ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    const db0 = dbServerCpuMs();
    const thread0 = serverThreadCpuMs();
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const run = await ask({ type: 'run', claimers: ids.map((l, k) => ({ token: tokens[k]!, ids: l })) });
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`round ${round}: ${fmt(run)}; server thread busy ${(elu.active / run.latencies.length).toFixed(2)} ms per claim (${(elu.utilization * 100).toFixed(0)}% of wall), its CPU ${perClaim(thread0, run, serverThreadCpuMs)}, process CPU ${(cpuMs / run.latencies.length).toFixed(2)} ms per claim (both threads), database server CPU ${perClaim(db0, run)} per claim; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const e of run.errors) console.log(`  error: ${JSON.stringify(e)}`);
    if (session) {
      const { profile } = await session.post('Profiler.stop') as { profile: CpuProfile };
      session.disconnect();
      writeFileSync(OUT!, JSON.stringify(profile));
      console.log(`profile written to ${OUT}`);
      console.log(summariseProfile(profile, 30));
    }
    const dbBase0 = dbServerCpuMs();
    const cpuBase0 = process.cpuUsage();
    const baseline = await ask({
      type: 'baseline', dbUrl: DB_URL, now: clock.now().toISOString(), holdingCap: 1000,
      claimers: claimerIds.map((userId) => ({ userId, ids: take(EACH) })),
    });
    console.log(`baseline ${round}: ${fmt(baseline)}; process CPU ${(((c) => c.user + c.system)(process.cpuUsage(cpuBase0)) / 1000 / baseline.latencies.length).toFixed(2)} ms per claim, database server CPU ${perClaim(dbBase0, baseline)} per claim; ratio p95 ${(pct(run.latencies, 0.95) / pct(baseline.latencies, 0.95)).toFixed(2)}×`);
  }
} finally {
  worker.postMessage({ type: 'close' });
  await worker.terminate().catch(() => undefined);
  await runtime.close();
}
process.exit(0);
