/**
 * Diagnostic for bench-pool: where the reclaim sweep (or the warnings job) spends its time,
 * per kind of statement and in JavaScript. Works on a database loaded by `npm run bench:pool`:
 * restores the pre-benchmark state from its snapshot, runs the job once, prints the breakdown,
 * and leaves the database as the job left it.
 *   npx tsx scripts/bench/profile-job.ts sweep       (BENCH_SWEEP_BATCH for the batch size)
 *   npx tsx scripts/bench/profile-job.ts warnings    (dry run: the selection only)
 */
import 'reflect-metadata';
import { loadConfig } from '../../config/config.ts';
import { createDataSource, runMigrations } from '../../entities/data-source.ts';
import { Database } from '../../server/infra/db.ts';
import { runReclaimSweep } from '../../server/pool/reclaim-sweep.ts';
import { queueReclaimWarnings } from '../../server/pool/reclaim-warnings.ts';
import { readMeta, restore } from './snapshot.ts';
import { startSqlTrace, stopSqlTrace, summarize } from './sql-timer.ts';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wecrm_bench';
const NOW = new Date(process.env.BENCH_NOW ?? '2026-03-02T02:00:00.000Z');
const BATCH = process.env.BENCH_SWEEP_BATCH ? Number(process.env.BENCH_SWEEP_BATCH) : undefined;
const JOB = process.argv[2] ?? 'sweep';
if (JOB !== 'sweep' && JOB !== 'warnings') throw new Error('usage: profile-job.ts sweep|warnings');

const meta = await readMeta(DB_URL);
if (!meta) throw new Error(`no bench database at ${DB_URL}: run npm run bench:pool first`);
const ds = createDataSource({ kind: 'mysql', url: DB_URL });
await ds.initialize();
try {
  await runMigrations(ds);
  const r0 = performance.now();
  await restore(ds, meta);
  console.log(`restored in ${((performance.now() - r0) / 1000).toFixed(2)} s; ${JOB === 'sweep' ? `sweeping ${meta.counts.due} due customers, batchSize ${BATCH ?? 'default'}` : `warnings dry run (${meta.counts.window} in window)`}`);
  const tz = loadConfig({ WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', ...(process.env.TZ_BUSINESS ? { TZ_BUSINESS: process.env.TZ_BUSINESS } : {}) }).tzBusiness;
  const trace = startSqlTrace();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const db = new Database(ds);
  const result = JOB === 'sweep'
    ? await runReclaimSweep(db, { now: NOW, tz, ...(BATCH ? { batchSize: BATCH } : {}) })
    : await queueReclaimWarnings(db, { now: NOW, tz, dryRun: true });
  const wall = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  stopSqlTrace();
  const sqlMs = trace.reduce((a, b) => a + b.ms, 0);
  const what = 'batches' in result ? `affected ${result.affected} in ${result.batches} batches` : `${result.inWindow} in window`;
  console.log(`${JOB}: ${(wall / 1000).toFixed(2)} s wall, ${what}; ${trace.length} statements, ${(sqlMs / 1000).toFixed(2)} s waiting for SQL; event loop busy ${(elu.active / 1000).toFixed(2)} s (JS incl. driver)`);
  for (const s of summarize(trace, 3)) console.log(`  ${(s.ms / 1000).toFixed(2).padStart(7)} s  ${String(s.n).padStart(5)} ×  ${s.kind}`);
} finally {
  await ds.destroy();
}
