/**
 * Pipeline benchmark (issue 12): `npm run bench:pipeline`.
 *
 * On MariaDB with BENCH_CUSTOMERS (1,000,000) customers (the pool benchmark's company:
 * scripts/bench/dataset.ts) and BENCH_OPPORTUNITIES (300,000) opportunities spread over the
 * default stages, owners and the twelve months around `now`, it measures for a manager
 *   - the team forecast (OpportunitiesService.forecast, scope team, the current month) and
 *   - the team funnel (OpportunitiesService.funnel, scope team),
 * each against a hand-written SQL baseline answering the same figures in the same run (median of
 * BENCH_RUNS runs after a warm-up), checks that both give the same numbers, and prints the
 * ratio (target ≤ 1.5×) and one line `BENCH_PIPELINE_RESULT {json}`. Figures, not a test:
 * it exits 0 when a target is missed.
 *
 * Environment:
 *   BENCH_DATABASE_URL   mysql://root@127.0.0.1:3306/wecrm_bench_pipeline (dropped and recreated)
 *   BENCH_CUSTOMERS 1000000   BENCH_REPS 20000   BENCH_OPPORTUNITIES 300000   BENCH_RUNS 5
 *   BENCH_NOW            2026-03-02T02:00:00.000Z (Monday 10:00 in Shanghai)
 *   BENCH_MANAGER        region (default: a region manager, 1/20 of the company) or team (1/200)
 *   BENCH_REUSE          1: keep an already loaded database of the same shape
 */
import 'reflect-metadata';
import { createConnection } from 'mysql2/promise';
import { createDataSource, runMigrations } from '../entities/data-source.ts';
import { FixedClock } from '../server/infra/clock.ts';
import { Database, likePrefix, sqlTime } from '../server/infra/db.ts';
import { businessDate, zonedTimeToUtc } from '../server/infra/time.ts';
import type { Actor } from '../server/auth/actor.ts';
import { OpportunitiesService } from '../server/opportunities/opportunities.service.ts';
import { benchRules, loadData, loadDataset, ownerOf, rng, teamDepartmentOfRep, type DatasetSpec } from './bench/dataset.ts';
import { dbName, freshDatabase, serverUrl } from './bench/snapshot.ts';

const env = process.env;
const intEnv = (name: string, def: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
};
const DB_URL = env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wecrm_bench_pipeline';
const CUSTOMERS = intEnv('BENCH_CUSTOMERS', 1_000_000);
const REPS = intEnv('BENCH_REPS', 20_000);
const OPPORTUNITIES = intEnv('BENCH_OPPORTUNITIES', 300_000);
const RUNS = intEnv('BENCH_RUNS', 5);
const NOW = new Date(env.BENCH_NOW ?? '2026-03-02T02:00:00.000Z');
const TZ = 'Asia/Shanghai';
const MANAGER = env.BENCH_MANAGER === 'team' ? 'team' : 'region';
const REUSE = env.BENCH_REUSE === '1';
const TARGET_RATIO = 1.5;

const log = (line = '') => process.stdout.write(line + '\n');
const header = (title: string) => { log(); log(`── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`); };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const DAY = 86_400_000;

async function timedRuns<T>(fn: () => Promise<T>): Promise<{ ms: number; all: number[]; value: T }> {
  let value = await fn(); // warm-up
  const all: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    value = await fn();
    all.push(performance.now() - t0);
  }
  return { ms: median(all), all, value };
}

/** Opportunities over owned customers: stages by a fixed mix, close dates over ±6 months, 1 in 5 with an override. */
async function loadOpportunities(conn: Awaited<ReturnType<typeof createConnection>>, spec: DatasetSpec): Promise<number> {
  const [stageRows] = await conn.query('SELECT id, kind FROM stages ORDER BY sort_order');
  const stages = stageRows as Array<{ id: number; kind: string }>;
  const open = stages.filter((s) => s.kind === 'open').map((s) => s.id);
  const won = stages.find((s) => s.kind === 'won')!.id;
  const lost = stages.find((s) => s.kind === 'lost')!.id;
  const now = spec.now.getTime();
  const at = (ms: number) => sqlTime(new Date(Math.floor(ms)));
  const columns = ['customer_id', 'owner_id', 'name', 'amount_fen', 'expected_close_on', 'stage_id', 'status', 'probability',
    'won_at', 'lost_at', 'lost_reason', 'stage_entered_at', 'created_by', 'created_at', 'updated_at'];
  return loadData(conn, 'opportunities', columns, function* () {
    const rand = rng(1202);
    let made = 0;
    for (let k = 0; made < OPPORTUNITIES; k++) {
      // Customers with an owner (categories other than pool), spread over the id space.
      const i = Math.floor(((k * 2654435761) % 2 ** 32) / 2 ** 32 * spec.customers);
      if (i % 100 >= 15 && i % 100 < 20) continue;
      made++;
      const owner = ownerOf(i, spec.reps);
      const x = rand();
      const [stage, status] = x < 0.7 ? [open[Math.floor(rand() * open.length)]!, 'open'] : x < 0.85 ? [won, 'won'] : [lost, 'lost'];
      const close = businessDate(new Date(now + (rand() * 365 - 182) * DAY), TZ);
      const created = now - (30 + rand() * 300) * DAY;
      const closedAt = now - rand() * 365 * DAY;
      const amount = Math.floor(rand() * 2_000_000) * 100;
      yield [
        i + 1, owner, `基准商机${made}`, amount, close, stage, status, rand() < 0.2 ? Math.floor(rand() * 101) : '\\N',
        status === 'won' ? at(closedAt) : '\\N', status === 'lost' ? at(closedAt) : '\\N', status === 'lost' ? '价格' : '\\N',
        at(created), owner, at(created), at(created),
      ].join('\t') + '\n';
    }
  });
}

async function main(): Promise<void> {
  const spec: DatasetSpec = { customers: CUSTOMERS, reps: REPS, now: NOW, tz: TZ, history: false, rules: benchRules() };
  const shape = JSON.stringify({ customers: CUSTOMERS, reps: REPS, opportunities: OPPORTUNITIES, now: NOW.toISOString() });
  header(`Pipeline benchmark: ${CUSTOMERS.toLocaleString()} customers, ${OPPORTUNITIES.toLocaleString()} opportunities`);

  let reused = false;
  if (REUSE) {
    const conn = await createConnection(serverUrl(DB_URL));
    try {
      const [rows] = await conn.query('SELECT v FROM `' + dbName(DB_URL) + '`.bench_meta WHERE k = ?', ['pipeline']);
      reused = (rows as Array<{ v: string }>)[0]?.v === shape;
    } catch { reused = false; } finally { await conn.end(); }
  }
  const ds = createDataSource({ kind: 'mysql', url: DB_URL } as never);
  if (!reused) {
    const t0 = performance.now();
    await freshDatabase(DB_URL);
    await ds.initialize();
    await runMigrations(ds);
    const conn = await createConnection({ uri: DB_URL, timezone: 'Z', charset: 'utf8mb4' });
    await loadDataset(conn, spec);
    await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const n = await loadOpportunities(conn, spec);
    await conn.query('CREATE TABLE IF NOT EXISTS bench_meta (k varchar(32) PRIMARY KEY, v text)');
    await conn.query('REPLACE INTO bench_meta (k, v) VALUES (?, ?)', ['pipeline', shape]);
    await conn.query('ANALYZE TABLE customers, opportunities, users, departments');
    await conn.end();
    log(`  loaded ${n.toLocaleString()} opportunities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    await ds.initialize();
    log('  reusing the loaded database');
  }

  const db = new Database(ds);
  const service = new OpportunitiesService(db, new FixedClock(NOW), TZ);
  // The manager of the first region (or of the first team): a Viewer is all visibility needs.
  const teamDept = teamDepartmentOfRep(1, REPS);
  // Regions are departments 2…21 (/1/2/ …), teams under them.
  const [dept] = await ds.query('SELECT id, path FROM departments WHERE id = ?', [MANAGER === 'team' ? teamDept : 2]);
  const manager: Actor = { id: REPS + 1000, role: 'manager', departmentPath: dept.path, departmentId: Number(dept.id), wecomUserId: 'bench.manager', name: '基准经理' };
  const month = businessDate(NOW, TZ).slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const start = sqlTime(zonedTimeToUtc(first, '00:00', TZ));
  const end = sqlTime(zonedTimeToUtc(next, '00:00', TZ));
  const subtree = likePrefix(dept.path);
  const [{ n: teamOpps }] = await ds.query(
    "SELECT COUNT(*) AS n FROM opportunities o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = c.owner_id JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!'", [subtree]);
  log(`  manager of ${dept.path} (${MANAGER}): ${Number(teamOpps).toLocaleString()} opportunities in the team`);

  // Hand-written: from the team's people to their customers to their opportunities.
  const baselineForecast = async () => {
    const open = await ds.query(
      `SELECT o.owner_id, COUNT(*) AS n, SUM(o.amount_fen) AS amount, SUM(o.amount_fen * COALESCE(o.probability, s.win_rate)) AS weighted
       FROM departments d JOIN users u ON u.department_id = d.id JOIN customers c ON c.owner_id = u.id
         JOIN opportunities o ON o.customer_id = c.id JOIN stages s ON s.id = o.stage_id
       WHERE d.path LIKE ? ESCAPE '!' AND o.status = 'open' AND o.expected_close_on >= ? AND o.expected_close_on <= ?
       GROUP BY o.owner_id`, [subtree, first, last]);
    const won = await ds.query(
      `SELECT o.owner_id, COUNT(*) AS n, SUM(o.amount_fen) AS amount
       FROM departments d JOIN users u ON u.department_id = d.id JOIN customers c ON c.owner_id = u.id JOIN opportunities o ON o.customer_id = c.id
       WHERE d.path LIKE ? ESCAPE '!' AND o.status = 'won' AND o.won_at >= ? AND o.won_at < ?
       GROUP BY o.owner_id`, [subtree, start, end]);
    const sum = (rows: Array<Record<string, unknown>>, k: string) => rows.reduce((a, r) => a + BigInt(String(r[k] ?? 0).split('.')[0]!), 0n);
    return { count: open.reduce((a: number, r: { n: unknown }) => a + Number(r.n), 0), amountFen: Number(sum(open, 'amount')),
      weightedFen: Number(sum(open, 'weighted') / 100n), wonCount: won.reduce((a: number, r: { n: unknown }) => a + Number(r.n), 0), wonFen: Number(sum(won, 'amount')) };
  };
  const baselineFunnel = async () => {
    const rows = await ds.query(
      `SELECT o.stage_id, COUNT(*) AS n, SUM(o.amount_fen) AS amount
       FROM departments d JOIN users u ON u.department_id = d.id JOIN customers c ON c.owner_id = u.id JOIN opportunities o ON o.customer_id = c.id
       WHERE d.path LIKE ? ESCAPE '!' GROUP BY o.stage_id`, [subtree]);
    return Object.fromEntries(rows.map((r: { stage_id: unknown; n: unknown }) => [String(r.stage_id), Number(r.n)]));
  };

  header('Team forecast (current month)');
  const pf = await timedRuns(() => service.forecast(manager, { scope: 'team', month }));
  const bf = await timedRuns(baselineForecast);
  const forecastSame = JSON.stringify(pf.value.total) === JSON.stringify(bf.value);
  log(`  product  ${fmt(pf.ms)} ms  (runs ${pf.all.map(fmt).join(', ')})`);
  log(`  baseline ${fmt(bf.ms)} ms  (runs ${bf.all.map(fmt).join(', ')})`);
  log(`  ratio    ${(pf.ms / bf.ms).toFixed(2)}×  same figures: ${forecastSame}  total ${JSON.stringify(pf.value.total)}`);

  header('Team funnel');
  const pn = await timedRuns(() => service.funnel(manager, { scope: 'team' }));
  const bn = await timedRuns(baselineFunnel);
  const productCounts = Object.fromEntries(pn.value.items.filter((i) => i.count > 0).map((i) => [i.stage.id, i.count]));
  const funnelSame = JSON.stringify(Object.entries(productCounts).sort()) === JSON.stringify(Object.entries(bn.value).sort());
  log(`  product  ${fmt(pn.ms)} ms  (runs ${pn.all.map(fmt).join(', ')})`);
  log(`  baseline ${fmt(bn.ms)} ms  (runs ${bn.all.map(fmt).join(', ')})`);
  log(`  ratio    ${(pn.ms / bn.ms).toFixed(2)}×  same figures: ${funnelSame}  open ${pn.value.open.count.toLocaleString()}`);

  for (const [label, explainSql, params] of [
    ['forecast', `EXPLAIN SELECT o.owner_id, COUNT(*) FROM opportunities o JOIN stages s ON s.id = o.stage_id JOIN customers c ON c.id = o.customer_id
      WHERE o.status = 'open' AND o.expected_close_on >= ? AND o.expected_close_on <= ? AND c.owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!') GROUP BY o.owner_id`, [first, last, subtree]],
  ] as Array<[string, string, unknown[]]>) {
    for (const r of await ds.query(explainSql, params)) log(`  EXPLAIN ${label}: table=${r.table} type=${r.type} key=${r.key ?? 'NULL'} rows=${r.rows} extra=${r.Extra ?? ''}`);
  }

  const result = {
    customers: CUSTOMERS, opportunities: OPPORTUNITIES, reps: REPS, manager: MANAGER, teamOpportunities: Number(teamOpps), runs: RUNS,
    forecast: { productMs: +pf.ms.toFixed(1), baselineMs: +bf.ms.toFixed(1), ratio: +(pf.ms / bf.ms).toFixed(2), sameFigures: forecastSame },
    funnel: { productMs: +pn.ms.toFixed(1), baselineMs: +bn.ms.toFixed(1), ratio: +(pn.ms / bn.ms).toFixed(2), sameFigures: funnelSame },
    targetRatio: TARGET_RATIO,
  };
  header('Summary');
  for (const k of ['forecast', 'funnel'] as const) {
    if (result[k].ratio > TARGET_RATIO) log(`TARGET MISSED: ${k} ${result[k].ratio}× the hand-written SQL (target ≤ ${TARGET_RATIO}×)`);
    if (!result[k].sameFigures) log(`MISMATCH: ${k} figures differ from the baseline`);
  }
  log(`BENCH_PIPELINE_RESULT ${JSON.stringify(result)}`);
  await ds.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
