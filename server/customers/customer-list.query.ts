import type { EntityManager } from 'typeorm';
import { readQuery } from '../infra/db.ts';

/**
 * How a customer list (GET /api/customers, the pool listing) is read at 10^6 rows without
 * scanning the table for the page or for its total.
 *
 * A list is a conjunction of row predicates on `customers c` plus an order. Some predicates
 * also come as a *driver*: a set of ids that holds every result and that an index enumerates
 * (the caller's own customers through two index lookups, a team's customers by owner, a tag,
 * the occurrences of a search term). The plan:
 *   - a driver without a size (the caller's own customers) is small by nature: drive from it;
 *   - otherwise the smallest driver whose capped, index-only count stays within `driveLimit`:
 *     read its ids, join the rows, filter, sort — the page and the exact total in one statement;
 *   - otherwise no small set exists: walk the list's order index, filter row by row and stop at
 *     the page (what matches is dense, so the page comes quickly), and count at most
 *     `countCap` + 1 rows (above that the total is reported as capped: "1万+").
 * Every plan applies every predicate that its driver does not already guarantee, so all plans
 * return the same rows (tests/integration/customer-search.test.ts checks them against a brute force).
 */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

export interface ListDriver {
  name: string;
  /** SELECT of distinct customer ids, column `id`; `limit` caps it. */
  ids(limit?: number): SqlPart;
  /** SELECT of one row per element (duplicates allowed) for a capped size estimate; absent: always small. */
  size?: SqlPart;
  /** The driver's ids are exactly the rows satisfying these predicates, which it then need not re-check. */
  guarantees: string[];
  /**
   * Its own size limit, for a set that the orders run against (customers about to be reclaimed
   * are the least recently updated: walking updated_at reaches them last).
   */
  limit?: number;
}

export interface ListPredicate extends SqlPart {
  /** Name, so that a driver can guarantee it. */
  name: string;
}

export interface ListSpec {
  predicates: ListPredicate[];
  drivers: ListDriver[];
  /** ORDER BY on `c`, ending with c.id so that pages are stable. */
  orderBy: string;
  /** Columns and joins of the page rows (customers is `c`). */
  select: { columns: string; joins: string };
}

export interface ListPlanOptions {
  /** Largest driver read whole (capped count). */
  driveLimit: number;
  /** Totals above this are reported as capped. */
  countCap: number;
  /** Tests: take this plan ("scan" or a driver's name) whatever the sizes. */
  force?: string;
  /** How long a driver's size is remembered (0: estimated on every list). */
  sizeCacheMs?: number;
  /** Largest driver whose ids are joined to count a list that was walked (default 20,000). */
  countDriveLimit?: number;
}

export const DEFAULT_LIST_PLAN: ListPlanOptions = { driveLimit: 2000, countCap: 10_000 };

export interface ListResult<Row> {
  rows: Row[];
  total: number;
  totalCapped: boolean;
  /** Which plan ran ("scan" or the driver's name), for tests and diagnostics. */
  plan: string;
}

export async function runList<Row extends Record<string, unknown>>(
  em: EntityManager,
  spec: ListSpec,
  page: { offset: number; limit: number },
  options: ListPlanOptions = DEFAULT_LIST_PLAN,
): Promise<ListResult<Row>> {
  const driver = await chooseDriver(em, spec, options);
  if (driver) return runDriven<Row>(em, spec, driver, page, options);
  return runScan<Row>(em, spec, page, options);
}

async function chooseDriver(em: EntityManager, spec: ListSpec, options: ListPlanOptions): Promise<ListDriver | null> {
  if (options.force) {
    if (options.force === 'scan') return null;
    const forced = spec.drivers.find((d) => d.name === options.force);
    if (!forced) throw new Error(`no driver "${options.force}" for this list`);
    return forced;
  }
  const unsized = spec.drivers.find((d) => !d.size);
  if (unsized) return unsized;
  let best: { driver: ListDriver; n: number } | null = null;
  for (const driver of spec.drivers) {
    const limit = driver.limit ?? options.driveLimit;
    const n = await estimateSize(em, driver.size!, limit + 1, options.sizeCacheMs ?? DEFAULT_SIZE_CACHE_MS);
    if (n <= limit && (!best || n < best.n)) best = { driver, n };
  }
  return best?.driver ?? null;
}

function where(predicates: ListPredicate[]): SqlPart {
  if (!predicates.length) return { sql: '', params: [] };
  return { sql: `WHERE ${predicates.map((p) => `(${p.sql})`).join(' AND ')}`, params: predicates.flatMap((p) => p.params) };
}

function pageSql(spec: ListSpec, inner: string): string {
  return `SELECT pg.total AS total__, ${spec.select.columns} FROM (${inner}) pg JOIN customers c ON c.id = pg.id ${spec.select.joins} ORDER BY ${spec.orderBy}`;
}

async function runDriven<Row extends Record<string, unknown>>(
  em: EntityManager, spec: ListSpec, driver: ListDriver, page: { offset: number; limit: number }, options: ListPlanOptions,
): Promise<ListResult<Row>> {
  const source = driver.ids();
  const w = where(spec.predicates.filter((p) => !driver.guarantees.includes(p.name)));
  const from = `FROM (${source.sql}) s JOIN customers c ON c.id = s.id ${w.sql}`;
  const rows: Array<Row & { total__: unknown }> = await readQuery(em,
    pageSql(spec, `SELECT c.id AS id, COUNT(*) OVER () AS total FROM (${source.sql}) s JOIN customers c ON c.id = s.id ${w.sql} ORDER BY ${spec.orderBy} LIMIT ${page.limit} OFFSET ${page.offset}`),
    [...source.params, ...w.params],
  );
  let total: number;
  if (rows.length) total = Number(rows[0]!.total__);
  else if (page.offset === 0) total = 0;
  else total = await countRows(em, { sql: `SELECT 1 AS one ${from}`, params: [...source.params, ...w.params] });
  return { rows, ...capTotal(total, options), plan: driver.name };
}

async function runScan<Row extends Record<string, unknown>>(
  em: EntityManager, spec: ListSpec, page: { offset: number; limit: number }, options: ListPlanOptions,
): Promise<ListResult<Row>> {
  const w = where(spec.predicates);
  const rows: Array<Row & { total__: unknown }> = await readQuery(em,
    pageSql(spec, `SELECT c.id AS id, NULL AS total FROM customers c ${w.sql} ORDER BY ${spec.orderBy} LIMIT ${page.limit} OFFSET ${page.offset}`),
    w.params,
  );
  // A short page tells the total without counting.
  if (rows.length && rows.length < page.limit) {
    return { rows, ...capTotal(page.offset + rows.length, options), plan: 'scan' };
  }
  return { rows, ...capTotal(await countScanned(em, spec, w, options), options), plan: 'scan' };
}

/**
 * The total of a list too large to read whole, counting at most countCap + 1 matches:
 * - a driver that is the whole condition (a lone search over everyone, a lone team): its
 *   distinct ids, from its index alone;
 * - a driver of moderate size (a search term with up to countDriveLimit occurrences): its ids
 *   joined to their rows, the other predicates checked — cheaper than walking the rows of a
 *   large set (a 50,000-customer pool) to find the few that match;
 * - otherwise the rows themselves, in any index order, until the cap.
 */
async function countScanned(em: EntityManager, spec: ListSpec, w: SqlPart, options: ListPlanOptions): Promise<number> {
  const cap = options.countCap + 1;
  const lone = spec.drivers.find((d) => d.size && spec.predicates.every((p) => d.guarantees.includes(p.name)));
  if (lone) return countRows(em, lone.ids(cap));
  const limit = options.countDriveLimit ?? DEFAULT_COUNT_DRIVE_LIMIT;
  for (const driver of spec.drivers) {
    if (!driver.size || (await estimateSize(em, driver.size, limit + 1, options.sizeCacheMs ?? DEFAULT_SIZE_CACHE_MS)) > limit) continue;
    const source = driver.ids();
    const rest = where(spec.predicates.filter((p) => !driver.guarantees.includes(p.name)));
    return cappedCount(em, { sql: `SELECT 1 AS one FROM (${source.sql}) s JOIN customers c ON c.id = s.id ${rest.sql}`, params: [...source.params, ...rest.params] }, cap);
  }
  return cappedCount(em, { sql: `SELECT 1 AS one FROM customers c ${w.sql}`, params: w.params }, cap);
}

/**
 * Sizes of drivers (a team, a search term) change slowly and only steer the plan, never the
 * rows: remembered per process for a short while, they save a statement on most lists.
 */
const DEFAULT_SIZE_CACHE_MS = 30_000;
const DEFAULT_COUNT_DRIVE_LIMIT = 20_000;
const SIZE_CACHE_ENTRIES = 5000;
const sizeCaches = new WeakMap<object, Map<string, { n: number; until: number }>>();

async function estimateSize(em: EntityManager, size: SqlPart, cap: number, ttlMs: number): Promise<number> {
  if (ttlMs <= 0) return cappedCount(em, size, cap);
  let sizeCache = sizeCaches.get(em.connection);
  if (!sizeCache) sizeCaches.set(em.connection, (sizeCache = new Map()));
  const key = `${cap}|${size.sql}|${JSON.stringify(size.params)}`;
  const now = Date.now();
  const hit = sizeCache.get(key);
  if (hit && hit.until > now) return hit.n;
  const n = await cappedCount(em, size, cap);
  sizeCache.delete(key);
  if (sizeCache.size >= SIZE_CACHE_ENTRIES) sizeCache.delete(sizeCache.keys().next().value!);
  sizeCache.set(key, { n, until: now + ttlMs });
  return n;
}

/** COUNT(*) of a SELECT, reading at most `cap` rows (index-only when the SELECT allows it). */
export function cappedCount(em: EntityManager, select: SqlPart, cap: number): Promise<number> {
  return countRows(em, { sql: `${select.sql} LIMIT ${cap}`, params: select.params });
}

async function countRows(em: EntityManager, select: SqlPart): Promise<number> {
  const rows: Array<{ n: number | string }> = await readQuery(em, `SELECT COUNT(*) AS n FROM (${select.sql}) t`, select.params);
  return Number(rows[0]!.n);
}

function capTotal(total: number, options: ListPlanOptions): { total: number; totalCapped: boolean } {
  return total > options.countCap ? { total: options.countCap, totalCapped: true } : { total, totalCapped: false };
}


