import { Readable } from 'node:stream';
import type { Connection } from 'mysql2/promise';
import { sqlTime } from '../../server/infra/db.ts';
import { reclaimCutoff } from '../../server/ownership/rules/reclaim-due.ts';
import { DEFAULT_POOL_RULES, type PoolRules } from '../../server/ownership/rules/pool-rules.ts';

/**
 * The benchmark company: one root department, regions and teams, `reps` sales reps, one
 * company pool at the root, and `customers` customers whose timestamps put exactly the
 * wanted fractions due / in the warning window at the fixed `now`.
 *
 * Customer i (0-based, id = i + 1) falls in a category by i % 100, so every category is
 * spread evenly over the id space (as real data would be):
 *   0–9   due now (10%)           — 7 of 10 by "no follow-up", 3 of 10 by "no deal" only
 *   10–14 in the warning window (5%, not due) — 7 of 10 follow-up window, 3 of 10 no-deal window
 *   15–19 in the pool (5%, owner null) — the stock the claim phase takes from
 *   20–22 level "key" (exempt) with timestamps that would otherwise be long due (3%)
 *   23–99 safely owned (77%) — recent claims/follow-ups, or long-held customers with a deal
 */

export interface DatasetSpec {
  customers: number;
  reps: number;
  now: Date;
  tz: string;
  /** Also load one ownership event per customer (its claim / release), as a live system has. */
  history: boolean;
  /** Rule overrides for the bench pool (the reclaim rules stay at their defaults). */
  rules: PoolRules;
}

export type Category = 'due' | 'window' | 'pool' | 'exempt' | 'safe';

export interface DatasetCounts {
  customers: number;
  due: number;
  window: number;
  pool: number;
  exempt: number;
  safe: number;
  owned: number;
  followers: number;
  events: number;
  departments: number;
  users: number;
}

export const BENCH_POOL_ID = 1;
export const ROOT_DEPARTMENT_ID = 1;
const REGIONS = 20;
const TEAMS_PER_REGION = 10;

export const benchRules = (): PoolRules => ({ ...DEFAULT_POOL_RULES, holdingCap: 1000, dailyClaimLimit: 1000 });

export function categoryOf(i: number): Category {
  const r = i % 100;
  if (r < 10) return 'due';
  if (r < 15) return 'window';
  if (r < 20) return 'pool';
  if (r < 23) return 'exempt';
  return 'safe';
}

export function expectedCounts(spec: DatasetSpec): Pick<DatasetCounts, 'due' | 'window' | 'pool' | 'exempt' | 'safe'> {
  const c = { due: 0, window: 0, pool: 0, exempt: 0, safe: 0 };
  const full = Math.floor(spec.customers / 100);
  c.due = full * 10; c.window = full * 5; c.pool = full * 5; c.exempt = full * 3; c.safe = full * 77;
  for (let i = full * 100; i < spec.customers; i++) c[categoryOf(i)]++;
  return c;
}

/** Deterministic PRNG (mulberry32), so every run loads the same company. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const INDUSTRIES = ['制造业', '互联网', '教育', '医疗', '零售', '金融', '物流', '建筑', '能源', '餐饮'];
const REGION_NAMES = ['上海', '北京', '广州', '深圳', '杭州', '南京', '成都', '武汉', '西安', '苏州'];
const SIZES = ['1-49', '50-199', '200-999', '1000+'];
const SOURCES = ['官网', '转介绍', '展会', '电话', '地推'];
const RELEASE_REASONS = ['客户暂无需求', '15天未跟进，自动回收', '领取后30天未成交，自动回收', '联系不上'];

const N = '\\N';
const ts = (ms: number | null): string => (ms === null ? N : sqlTime(new Date(Math.floor(ms))));

export const ownerOf = (i: number, reps: number): number => 1 + ((i * 7919) % reps);
export const teamDepartmentOfRep = (repId: number, reps: number): number => {
  const teams = REGIONS * TEAMS_PER_REGION;
  const perTeam = Math.ceil(reps / teams);
  return 2 + REGIONS + Math.floor((repId - 1) / perTeam);
};

interface CustomerRow {
  level: string;
  stage: string;
  ownerId: number | null;
  lastFollowUpAt: number | null;
  claimedAt: number | null;
  lastDealAt: number | null;
  lastOwnerId: number | null;
  poolEnteredAt: number | null;
  poolReason: string | null;
}

/** The timestamps of customer i, placed against the cutoffs the rules use (reclaimCutoff). */
function customerRow(i: number, spec: DatasetSpec, rand: () => number, cut: Cutoffs): CustomerRow {
  const now = spec.now.getTime();
  const between = (a: number, b: number) => a + rand() * (b - a);
  const sub = Math.floor(i / 100) % 10;
  const ownerId = ownerOf(i, spec.reps);
  const level = (() => { const x = rand(); return x < 0.2 ? 'A' : x < 0.6 ? 'B' : 'C'; })();
  const plainStage = () => (['lead', 'contacted', 'opportunity'] as const)[Math.floor(rand() * 3)]!;
  const row: CustomerRow = { level, stage: plainStage(), ownerId, lastFollowUpAt: null, claimedAt: null, lastDealAt: null, lastOwnerId: null, poolEnteredAt: null, poolReason: null };
  switch (categoryOf(i)) {
    case 'due':
      if (sub < 7) {
        // No follow-up since before the follow-up cutoff (some never followed up, some with a deal since the claim).
        row.claimedAt = between(cut.deal - 60 * DAY, cut.followUp - HOUR);
        if (rand() < 0.6) row.lastFollowUpAt = between(row.claimedAt, cut.followUp - MIN);
        if (rand() < 0.2) { row.lastDealAt = between(row.claimedAt, cut.followUp - MIN); row.stage = 'deal'; }
      } else {
        // Followed up recently, but claimed before the no-deal cutoff without a deal since.
        row.claimedAt = between(cut.deal - 30 * DAY, cut.deal - HOUR);
        row.lastFollowUpAt = between(cut.followUpWarn + HOUR, now - HOUR);
        if (rand() < 0.5) row.lastDealAt = between(row.claimedAt - 200 * DAY, row.claimedAt - DAY);
      }
      return row;
    case 'window':
      if (sub < 7) {
        // Follow-up anchor inside [followUp cutoff, followUp warn cutoff): due within warnDaysBefore days.
        const anchor = between(cut.followUp + MIN, cut.followUpWarn - MIN);
        if (rand() < 0.5) {
          row.claimedAt = anchor;
        } else {
          row.claimedAt = between(cut.dealWarn + HOUR, anchor);
          row.lastFollowUpAt = anchor;
        }
      } else {
        // Claimed inside [deal cutoff, deal warn cutoff) without a deal, followed up recently.
        row.claimedAt = between(cut.deal + MIN, cut.dealWarn - MIN);
        row.lastFollowUpAt = between(cut.followUpWarn + HOUR, now - HOUR);
      }
      return row;
    case 'pool':
      row.ownerId = null;
      row.lastOwnerId = ownerId;
      row.poolEnteredAt = between(now - 90 * DAY, now - DAY);
      row.poolReason = RELEASE_REASONS[Math.floor(rand() * RELEASE_REASONS.length)]!;
      if (rand() < 0.7) row.lastFollowUpAt = row.poolEnteredAt - between(DAY, 60 * DAY);
      return row;
    case 'exempt':
      row.level = 'key';
      row.claimedAt = between(now - 400 * DAY, cut.deal - DAY);
      if (rand() < 0.5) row.lastFollowUpAt = between(row.claimedAt, cut.followUp - DAY);
      return row;
    case 'safe':
      if (sub < 6) {
        row.claimedAt = between(cut.dealWarn + HOUR, now - HOUR);
        if (row.claimedAt >= cut.followUpWarn && rand() < 0.5) row.lastFollowUpAt = null;
        else row.lastFollowUpAt = between(Math.max(row.claimedAt, cut.followUpWarn) + MIN, now - MIN);
      } else {
        // Long-held customer with a deal since the claim: only the follow-up rule applies.
        row.claimedAt = between(now - 400 * DAY, now - 40 * DAY);
        row.lastDealAt = between(row.claimedAt, now - DAY);
        row.lastFollowUpAt = between(cut.followUpWarn + HOUR, now - HOUR);
        row.stage = rand() < 0.5 ? 'deal' : 'repeat';
      }
      return row;
  }
}

interface Cutoffs { followUp: number; deal: number; followUpWarn: number; dealWarn: number }

export function cutoffsOf(spec: DatasetSpec): Cutoffs {
  const r = spec.rules;
  return {
    followUp: reclaimCutoff(spec.now, r.noFollowUpDays, spec.tz).getTime(),
    deal: reclaimCutoff(spec.now, r.noDealDays, spec.tz).getTime(),
    followUpWarn: reclaimCutoff(spec.now, r.noFollowUpDays - r.warnDaysBefore, spec.tz).getTime(),
    dealWarn: reclaimCutoff(spec.now, r.noDealDays - r.warnDaysBefore, spec.tz).getTime(),
  };
}

const CUSTOMER_COLUMNS = [
  'id', 'name', 'name_key', 'industry', 'size', 'region', 'source', 'level', 'stage', 'tags', 'owner_id', 'pool_id',
  'last_follow_up_at', 'claimed_at', 'last_deal_at', 'created_by', 'created_at', 'updated_at', 'last_owner_id', 'pool_entered_at', 'pool_reason',
];
const FOLLOWER_COLUMNS = ['customer_id', 'user_id', 'created_at'];
const EVENT_COLUMNS = ['customer_id', 'type', 'from_user_id', 'to_user_id', 'by_user_id', 'reason', 'rule', 'at'];

/** Streams TSV lines in Buffer chunks (mysql2 copies them into packets as LOAD DATA reads). */
export function tsvStream(lines: () => Generator<string>): Readable {
  return Readable.from((function* () {
    let buf: string[] = [];
    for (const line of lines()) {
      buf.push(line);
      if (buf.length >= 2000) { yield Buffer.from(buf.join(''), 'utf8'); buf = []; }
    }
    if (buf.length) yield Buffer.from(buf.join(''), 'utf8');
  })());
}

export async function loadData(conn: Connection, table: string, columns: string[], lines: () => Generator<string>): Promise<number> {
  const [res] = await conn.query({
    sql: `LOAD DATA LOCAL INFILE 'bench-${table}.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4
          FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(', ')})`,
    infileStreamFactory: () => tsvStream(lines),
  });
  const info = res as { affectedRows: number; warningStatus?: number };
  if (info.warningStatus) {
    const [warnings] = await conn.query('SHOW WARNINGS LIMIT 5');
    throw new Error(`LOAD DATA into ${table}: ${info.warningStatus} warnings, e.g. ${JSON.stringify(warnings)}`);
  }
  return info.affectedRows;
}

/** Multi-row INSERT of literal rows, `perStatement` at a time. */
export async function insertRows(conn: Connection, table: string, columns: string[], rows: unknown[][], perStatement = 5000): Promise<void> {
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    await conn.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [chunk]);
  }
}

/**
 * Loads the company into a migrated, empty database through `conn` (a mysql2 connection with
 * LOAD DATA LOCAL allowed). Customers, co-followers and history go through LOAD DATA streams.
 */
export async function loadDataset(conn: Connection, spec: DatasetSpec): Promise<DatasetCounts> {
  const now = spec.now;
  const nowText = sqlTime(now);
  await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');

  // Departments: root, regions, teams (materialised paths).
  const departments: unknown[][] = [[ROOT_DEPARTMENT_ID, '基准公司', null, '/1/', 0]];
  for (let r = 0; r < REGIONS; r++) {
    const id = 2 + r;
    departments.push([id, `区域${r + 1}`, ROOT_DEPARTMENT_ID, `/1/${id}/`, r]);
  }
  for (let t = 0; t < REGIONS * TEAMS_PER_REGION; t++) {
    const region = 2 + Math.floor(t / TEAMS_PER_REGION);
    const id = 2 + REGIONS + t;
    departments.push([id, `销售${t + 1}组`, region, `/1/${region}/${id}/`, t % TEAMS_PER_REGION]);
  }
  await insertRows(conn, 'departments', ['id', 'name', 'parent_id', 'path', 'sort_order'], departments);

  // Users: reps 1..reps, then one admin.
  const users: unknown[][] = [];
  for (let u = 1; u <= spec.reps; u++) {
    users.push([u, `bench.rep${u}`, `销售${u}`, 'rep', teamDepartmentOfRep(u, spec.reps), 'active', '销售代表', nowText]);
  }
  users.push([spec.reps + 1, 'bench.admin', '管理员', 'admin', ROOT_DEPARTMENT_ID, 'active', '管理员', nowText]);
  await insertRows(conn, 'users', ['id', 'wecom_user_id', 'name', 'role', 'department_id', 'status', 'position', 'created_at'], users);

  // The company pool: default reclaim rules; cap and daily limit raised for the claim phase.
  const r = spec.rules;
  await conn.query(
    `INSERT INTO pools (id, name, department_id, no_follow_up_days, no_deal_days, no_repeat_deal_days, warn_days_before, holding_cap, claim_cooldown_days, daily_claim_limit, exempt_levels, created_at, updated_at)
     VALUES (?, '公司公海', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [BENCH_POOL_ID, ROOT_DEPARTMENT_ID, r.noFollowUpDays, r.noDealDays, r.noRepeatDealDays, r.warnDaysBefore, r.holdingCap, r.claimCooldownDays, r.dailyClaimLimit, JSON.stringify(r.exemptLevels), nowText, nowText],
  );

  const cut = cutoffsOf(spec);
  const counts: DatasetCounts = {
    customers: 0, due: 0, window: 0, pool: 0, exempt: 0, safe: 0, owned: 0, followers: 0, events: 0,
    departments: departments.length, users: users.length,
  };
  const createdAt = now.getTime() - 500 * DAY;
  // Rows are regenerated identically for each stream from the same seed.
  function* rows(): Generator<[number, CustomerRow]> {
    const rand = rng(20260302);
    for (let i = 0; i < spec.customers; i++) yield [i, customerRow(i, spec, rand, cut)];
  }

  counts.customers = await loadData(conn, 'customers', CUSTOMER_COLUMNS, function* () {
    for (const [i, c] of rows()) {
      counts[categoryOf(i)]++;
      if (c.ownerId !== null) counts.owned++;
      const id = i + 1;
      const updated = Math.max(c.claimedAt ?? 0, c.lastFollowUpAt ?? 0, c.poolEnteredAt ?? 0, createdAt);
      yield [
        id, `基准客户${id}有限公司`, `bench-${id}`, INDUSTRIES[i % INDUSTRIES.length], SIZES[i % SIZES.length], REGION_NAMES[(i >> 3) % REGION_NAMES.length],
        SOURCES[i % SOURCES.length], c.level, c.stage, '[]', c.ownerId ?? N, BENCH_POOL_ID,
        ts(c.lastFollowUpAt), ts(c.claimedAt), ts(c.lastDealAt), c.ownerId ?? c.lastOwnerId ?? N, ts(createdAt), ts(updated),
        c.lastOwnerId ?? N, ts(c.poolEnteredAt), c.poolReason ?? N,
      ].join('\t') + '\n';
    }
  });

  // Co-followers (销售团队) on 5% of owned customers: the sweep removes them with the owner.
  counts.followers = await loadData(conn, 'customer_followers', FOLLOWER_COLUMNS, function* () {
    for (const [i, c] of rows()) {
      if (c.ownerId === null || i % 20 !== 7) continue;
      const follower = 1 + ((c.ownerId + (i % 97)) % spec.reps);
      if (follower === c.ownerId) continue;
      yield `${i + 1}\t${follower}\t${ts(c.claimedAt)}\n`;
    }
  });

  if (spec.history) {
    counts.events = await loadData(conn, 'ownership_events', EVENT_COLUMNS, function* () {
      for (const [i, c] of rows()) {
        if (c.ownerId !== null) yield `${i + 1}\tclaimed\t${N}\t${c.ownerId}\t${c.ownerId}\t${N}\t${N}\t${ts(c.claimedAt)}\n`;
        else yield `${i + 1}\treleased\t${c.lastOwnerId}\t${N}\t${c.lastOwnerId}\t${c.poolReason}\t${N}\t${ts(c.poolEnteredAt)}\n`;
      }
    });
  }
  await conn.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  return counts;
}
