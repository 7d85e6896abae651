/**
 * Outbox dispatcher throughput (issue 4): `npm run bench:outbox`.
 *
 * Boots the real app (Runtime, simulator mode, listening on a local port), queues BENCH_CARDS
 * cards (co-follower / reclaimed) for BENCH_MEMBERS members in the outbox, and lets the
 * dispatcher send them to the built-in WeCom simulator over real HTTP. Measures
 *   - a baseline in the same run: the same message/send bodies posted straight through the
 *     WeCom client with the same concurrency (no database, no rendering, no rate-limit store),
 *   - the dispatcher draining the outbox: cards/s, per-send latency p50/p95/p99, the ratio to
 *     the baseline, and checks that every row is sent and delivered exactly once, none dropped.
 * Prints a summary, `TARGET MISSED` when under 500 cards/s, and one JSON line (BENCH_OUTBOX_RESULT).
 * Figures, not a test: it exits 0 when the target is missed, 1 when delivery is wrong.
 *
 * Environment:
 *   BENCH_DATABASE_URL  mysql://root@127.0.0.1:3306/wecrm_bench_outbox (dropped and recreated);
 *                       default: a fresh SQLite file in a temp directory
 *   REDIS_URL           redis://127.0.0.1:6379/0 for the shared store (rate windows, token); default in-memory
 *   BENCH_CARDS         10000      BENCH_MEMBERS  1000 (≥ cards/28 so the per-member limit does not dominate)
 *   BENCH_BATCH         dispatcher batchSize (200)      BENCH_CONCURRENCY  sends in flight (16)
 *   BENCH_SWEEP         e.g. "100x8,200x16,400x32": also run these batch×concurrency settings
 *   BENCH_REPEAT        3: baseline and dispatcher runs alternate this many times; medians are reported
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { cardRenderers, h5Links } from '../bot/outbox/wecom-rendering.ts';
import { loadConfig } from '../config/config.ts';
import { Department } from '../entities/department.entity.ts';
import { AdjustableClock } from '../server/infra/clock.ts';
import { createLogger } from '../server/infra/logger.ts';
import { Runtime } from '../bot/runtime.ts';
import {
  addRounds, cardEntry, CountingSender, emptyRound, insertMembers, makeDispatcher, outboxStatusCounts, percentile, queueCards, runtimeSender,
} from '../tests/helpers/outbox.ts';

const env = process.env;
const intEnv = (name: string, def: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
};

const CARDS = intEnv('BENCH_CARDS', 10_000);
const MEMBERS = intEnv('BENCH_MEMBERS', 1_000);
const BATCH = intEnv('BENCH_BATCH', 200);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const DB_URL = env.BENCH_DATABASE_URL;
const REDIS_URL = env.REDIS_URL;
const NOW = new Date('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Shanghai, outside quiet hours
const TARGET_CARDS_PER_S = 500;

const REPEAT = intEnv('BENCH_REPEAT', 3);

interface Setting { batch: number; concurrency: number }
interface RunResult {
  failedRounds: number; queued: number; queueMs: number; ms: number; cardsPerS: number; latencies: number[]; calls: number; deferred: number;
  statuses: Record<string, number>; delivered: number; distinctTaskIds: number; dropped: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const SWEEP: Setting[] = (env.BENCH_SWEEP ?? '').split(',').filter(Boolean).map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`BENCH_SWEEP: expected "batchxconcurrency,…", got "${s}"`);
  return { batch: Number(m[1]), concurrency: Number(m[2]) };
});

const log = (line = '') => process.stdout.write(line + '\n');
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));

function latencySummary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}

async function prepareDatabase(): Promise<{ url: string; label: string; cleanup(): Promise<void> }> {
  if (DB_URL) {
    const u = new URL(DB_URL);
    const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`BENCH_DATABASE_URL: unexpected database name "${name}"`);
    u.pathname = '/';
    const conn = await createConnection(u.toString());
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    return { url: DB_URL, label: `MariaDB/MySQL ${name}`, async cleanup() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'wecrm-bench-outbox-'));
  return {
    url: `sqlite:${join(dir, 'bench.sqlite')}`,
    label: 'SQLite (fresh file)',
    async cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Runs `work(i)` for i in [0, n) with `concurrency` lanes; returns the wall time. */
async function lanes(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await work(next++);
  }));
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const database = await prepareDatabase();
  const config = loadConfig({
    WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', DATABASE_URL: database.url,
    ...(REDIS_URL ? { REDIS_URL } : {}),
  });
  const clock = new AdjustableClock();
  clock.set(NOW);
  const t0 = performance.now();
  const runtime = await Runtime.create(config, {
    clock, logger: createLogger('silent'), seedDemo: false, h5Root: null,
    kvPrefix: `wecrm:bench-outbox:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`,
  });
  const sim = runtime.simulator!;
  let exitCode = 0;
  try {
    await runtime.db.manager.insert(Department, { id: 1, name: '总部', parentId: null, path: '/1/', sortOrder: 0 });
    const members = await insertMembers(runtime, MEMBERS, { prefix: 'bench', departmentId: 1 });
    const base = await runtime.listen(0, '127.0.0.1');
    log(`outbox benchmark — ${CARDS} cards to ${MEMBERS} members; ${database.label}; store ${runtime.kv.kind}${REDIS_URL ? ` (${REDIS_URL})` : ''}; `
      + `app at ${base} (simulator mode) up in ${fmt(performance.now() - t0)} ms; node ${process.version}`);

    const { renderCard } = cardRenderers(config.tzBusiness, h5Links(() => base));
    const send = (body: Record<string, unknown>) => runtime.wecom.call('POST', 'message/send', { body });
    const bodies = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => {
      const e = cardEntry(i, members[i % MEMBERS]!, clock.now(), prefix);
      return { touser: e.toUser, agentid: config.wecom.agentId, ...renderCard(e.kind, e.payload, `${prefix}_${i}`, clock.now()) };
    });
    /** A fresh hour: the dispatcher's and the simulator's per-member windows are empty again. */
    const nextHour = () => {
      clock.advance(61 * 60_000);
      sim.state.messages.clear();
    };

    // Warm-up: access token, JIT, sockets.
    const warm = bodies('bench_warm', Math.min(500, CARDS));
    await lanes(warm.length, CONCURRENCY, async (i) => { await send(warm[i]!); });
    nextHour();

    const settings: Setting[] = [{ batch: BATCH, concurrency: CONCURRENCY }, ...SWEEP];
    const baselines: Array<{ cardsPerS: number; ms: number; latencies: number[]; delivered: number; dropped: number }> = [];
    const runsBySetting = settings.map(() => [] as RunResult[]);
    let seq = 0;
    // Baseline and dispatcher alternate, REPEAT times, so load from elsewhere on the machine hits both alike.
    for (let rep = 1; rep <= REPEAT; rep++) {
      // Baseline: the same sends, straight to the simulator, same concurrency, no database.
      const raw = bodies(`bench_raw${rep}`, CARDS);
      const rawLatencies: number[] = [];
      const rawMs = await lanes(raw.length, CONCURRENCY, async (i) => {
        const s = performance.now();
        await send(raw[i]!);
        rawLatencies.push(performance.now() - s);
      });
      const rawStats = sim.state.messages.log.stats().totals;
      const b = { cardsPerS: CARDS / (rawMs / 1000), ms: rawMs, latencies: rawLatencies, delivered: rawStats.delivered, dropped: rawStats.dropped };
      baselines.push(b);
      const bl = latencySummary(rawLatencies);
      log(`#${rep} baseline  raw message/send ×${CARDS}, concurrency ${CONCURRENCY}: ${fmt(rawMs)} ms → ${b.cardsPerS.toFixed(0)} sends/s; `
        + `latency p50 ${fmt(bl.p50)} / p95 ${fmt(bl.p95)} / p99 ${fmt(bl.p99)} ms; delivered ${rawStats.delivered}, dropped ${rawStats.dropped}`);
      nextHour();

      for (const [k, s] of settings.entries()) {
        const prefix = `bench${seq++}`;
        const tq = performance.now();
        const queued = await queueCards(runtime, Array.from({ length: CARDS }, (_, i) => cardEntry(i, members[i % MEMBERS]!, clock.now(), prefix)));
        const queueMs = performance.now() - tq;
        const sender = new CountingSender(runtimeSender(runtime), true);
        // Quiet hours off: each run starts an hour after the last (fresh rate windows), which would reach 21:00.
        const dispatcher = makeDispatcher(runtime, { workerId: `bench-${prefix}`, batchSize: s.batch, concurrency: s.concurrency, sender, quietHours: null });
        const td = performance.now();
        const round = emptyRound();
        let failedRounds = 0;
        for (;;) {
          try {
            addRounds(round, await dispatcher.drain(100_000));
          } catch (err) {
            // As `start()` does: log the failed round and go on. Its rows come back when their lease runs out.
            failedRounds++;
            log(`   a round failed: ${(err as Error).message}`);
          }
          const left = await outboxStatusCounts(runtime.db, "dedupe_key LIKE ? AND status IN ('pending', 'sending')", [`${prefix}:%`]);
          if (!left.pending && !left.sending) break;
          if (failedRounds > 20) throw new Error('too many failed rounds');
          clock.advance(61_000); // past the lease of the failed round's rows
        }
        const ms = performance.now() - td;
        const statuses = await outboxStatusCounts(runtime.db, 'dedupe_key LIKE ?', [`${prefix}:%`]);
        const simStats = sim.state.messages.log.stats().totals;
        const tasks = new Set(sim.state.messages.log.list().map((m) => m.taskId));
        const run: RunResult = {
          failedRounds, queued, queueMs, ms, cardsPerS: (statuses.sent ?? 0) / (ms / 1000), latencies: sender.latenciesMs, calls: sender.calls,
          deferred: round.deferred, statuses, delivered: simStats.delivered, distinctTaskIds: tasks.size, dropped: simStats.dropped,
        };
        runsBySetting[k]!.push(run);
        const ok = statuses.sent === CARDS && simStats.delivered === CARDS && tasks.size === CARDS && simStats.dropped === 0;
        if (!ok) exitCode = 1;
        const l = latencySummary(run.latencies);
        log(`#${rep} dispatch  batch ${s.batch}, concurrency ${s.concurrency}: queued ${queued} in ${fmt(queueMs)} ms; drained in ${fmt(ms)} ms → `
          + `${run.cardsPerS.toFixed(0)} cards/s (${(run.cardsPerS / b.cardsPerS).toFixed(2)}× this baseline); `
          + `send latency p50 ${fmt(l.p50)} / p95 ${fmt(l.p95)} / p99 ${fmt(l.p99)} ms; `
          + `${sender.calls} sends, ${round.deferred} deferred, ${failedRounds} failed rounds; rows ${JSON.stringify(statuses)}; delivered ${simStats.delivered} (${tasks.size} task_ids), dropped ${simStats.dropped}${ok ? '' : '  ✗ DELIVERY WRONG'}`);
        nextHour();
      }
    }

    const baselineRate = median(baselines.map((b) => b.cardsPerS));
    const baselineLatency = latencySummary(baselines.flatMap((b) => b.latencies));
    const baseline = { cardsPerS: baselineRate, latency: baselineLatency };
    const runs = settings.map((s, k) => {
      const list = runsBySetting[k]!;
      return {
        batchSize: s.batch, concurrency: s.concurrency, cardsPerS: median(list.map((r) => r.cardsPerS)), all: list.map((r) => Math.round(r.cardsPerS)),
        ms: median(list.map((r) => r.ms)), queueMs: median(list.map((r) => r.queueMs)), latency: latencySummary(list.flatMap((r) => r.latencies)),
        failedRounds: list.reduce((a, r) => a + r.failedRounds, 0), sent: list.reduce((a, r) => a + (r.statuses.sent ?? 0), 0), delivered: list.reduce((a, r) => a + r.delivered, 0), dropped: list.reduce((a, r) => a + r.dropped, 0),
      };
    });
    const main = runs[0]!;
    const best = runs.reduce((a, b) => (b.cardsPerS > a.cardsPerS ? b : a));
    log();
    log('summary');
    log(`  database            ${database.label}, store ${runtime.kv.kind}`);
    log(`  cards / members     ${CARDS} / ${MEMBERS}`);
    log(`  baseline            ${baseline.cardsPerS.toFixed(0)} sends/s (median of ${REPEAT}; raw message/send, concurrency ${CONCURRENCY}, no DB), `
      + `p50 ${fmt(baseline.latency.p50)} ms, p95 ${fmt(baseline.latency.p95)} ms per send`);
    for (const r of runs) {
      log(`  dispatcher          ${r.cardsPerS.toFixed(0)} cards/s (median of ${r.all.join(', ')}) at batch ${r.batchSize} × concurrency ${r.concurrency} `
        + `(${(r.cardsPerS / baseline.cardsPerS).toFixed(2)}× baseline), p50 ${fmt(r.latency.p50)} ms, p95 ${fmt(r.latency.p95)} ms per send`);
    }
    if (runs.length > 1) log(`  best of sweep       ${best.cardsPerS.toFixed(0)} cards/s at batch ${best.batchSize} × concurrency ${best.concurrency}`);
    log(`  target              ≥ ${TARGET_CARDS_PER_S} cards/s: ${main.cardsPerS >= TARGET_CARDS_PER_S ? 'met' : 'TARGET MISSED'}`);
    log(`  delivery            ${exitCode === 0 ? 'every row sent, delivered exactly once, none dropped' : 'WRONG (see above)'}`);
    log('BENCH_OUTBOX_RESULT ' + JSON.stringify({
      database: runtime.db.kind, store: runtime.kv.kind, cards: CARDS, members: MEMBERS,
      baseline: { sendsPerS: Math.round(baseline.cardsPerS), concurrency: CONCURRENCY, p50Ms: +baseline.latency.p50.toFixed(2), p95Ms: +baseline.latency.p95.toFixed(2) },
      runs: runs.map((r) => ({
        batchSize: r.batchSize, concurrency: r.concurrency, cardsPerS: Math.round(r.cardsPerS), ratioToBaseline: +(r.cardsPerS / baseline.cardsPerS).toFixed(3),
        drainMs: Math.round(r.ms), queueMs: Math.round(r.queueMs), p50Ms: +r.latency.p50.toFixed(2), p95Ms: +r.latency.p95.toFixed(2), p99Ms: +r.latency.p99.toFixed(2),
        runsCardsPerS: r.all, failedRounds: r.failedRounds, sent: r.sent, delivered: r.delivered, dropped: r.dropped,
      })),
      targetCardsPerS: TARGET_CARDS_PER_S, targetMet: main.cardsPerS >= TARGET_CARDS_PER_S, deliveryOk: exitCode === 0,
    }));
  } finally {
    await runtime.close();
    await database.cleanup();
  }
  process.exitCode = exitCode;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
