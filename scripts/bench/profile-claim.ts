/**
 * Diagnostic for bench-pool: where a claim spends its time. Boots the app on an already
 * loaded bench database (run `npm run bench:pool` first), claims BENCH_PROFILE_CLAIMS pool
 * customers one after another as one rep and prints every SQL statement with its duration.
 *   npx tsx scripts/bench/profile-claim.ts
 */
import 'reflect-metadata';
import { loadConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { startSqlTrace, stopSqlTrace } from './sql-timer.ts';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wecrm_bench';
const N = Number(process.env.BENCH_PROFILE_CLAIMS ?? 5);
const REP = Number(process.env.BENCH_PROFILE_REP ?? 7);

const config = { ...loadConfig({ WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:6379/0' }), database: { kind: 'mysql' as const, url: DB_URL } };
const clock = new AdjustableClock();
clock.set(new Date(process.env.BENCH_NOW ?? '2026-03-02T02:00:00.000Z'));
const runtime = await Runtime.create(config, { clock, logger: createLogger('silent'), seedDemo: false, h5Root: null, kvPrefix: `wecrm:bench:${process.pid}:` });
const base = await runtime.listen(0, '127.0.0.1');
try {
  const login = await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: String(REP) }) });
  const { token } = (await login.json()) as { token: string };
  const stock: Array<{ id: number | string }> = await runtime.dataSource.query(
    'SELECT id FROM customers WHERE owner_id IS NULL AND (last_owner_id IS NULL OR last_owner_id <> ?) ORDER BY id DESC LIMIT ?', [REP, N + 3]);
  const totals: number[] = [];
  const sqlTotals: number[] = [];
  for (const [k, { id }] of stock.entries()) {
    const trace = startSqlTrace();
    const t0 = performance.now();
    const res = await fetch(`${base}/api/customers/${id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await res.text();
    const total = performance.now() - t0;
    stopSqlTrace();
    const sqlMs = trace.reduce((a, b) => a + b.ms, 0);
    if (k < 3) continue; // warm-up
    totals.push(total);
    sqlTotals.push(sqlMs);
    if (k >= 5) continue; // statement detail for the first two measured claims
    console.log(`claim ${id}: HTTP ${res.status} in ${total.toFixed(1)} ms; ${trace.length} statements, ${sqlMs.toFixed(1)} ms in SQL`);
    for (const t of trace) console.log(`  ${t.ms.toFixed(2).padStart(7)} ms  ${t.sql.slice(0, 160)}`);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`${totals.length} claims one after another: median ${mid(totals).toFixed(1)} ms per claim, of which ${mid(sqlTotals).toFixed(1)} ms waiting for SQL`);
} finally {
  stopSqlTrace();
  await runtime.close();
}
