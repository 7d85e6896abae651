/**
 * The baseline of bench:api: the limit of a Node server on this database. A bare node:http
 * handler, one mysql2 pool (as many connections as the app's), the session check the app
 * does (HMAC + one user lookup), and for each request kind of the benchmark the best
 * hand-written statements, answering the same JSON as the app (same fields, same items;
 * the benchmark compares them). No framework, no validation library, no ORM, no request log.
 *
 * Run by bench-api.ts as a child process; reports its port, then counts statements on ask.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { SessionTokens } from '../../server/auth/session-token.ts';
import { toCustomerDto, type CustomerDto } from '../../server/customers/customers.dto.ts';
import { parseSearchQuery, searchRanges } from '../../server/customers/rules/search-text.ts';
import { customerDays } from '../../server/customers/rules/customer-days.ts';
import { reclaimDueAt } from '../../server/ownership/rules/reclaim-due.ts';
import type { PoolRules } from '../../server/ownership/rules/pool-rules.ts';
import type { Customer, CustomerLevel } from '../../entities/customer.entity.ts';
import type { CustomerContact } from '../../entities/customer-contact.entity.ts';

const env = process.env;
const TZ = env.TZ_BUSINESS ?? 'Asia/Shanghai';
const tokens = new SessionTokens(env.SESSION_SECRET!, 3600 * 24 * 7);
const clockOffset = new Date(env.BASELINE_NOW!).getTime() - Date.now();
const now = () => new Date(Date.now() + clockOffset);
const DRIVE_LIMIT = 2000;
const COUNT_CAP = 10_000;

const pool: Pool = createPool({ uri: env.BASELINE_DB_URL!, connectionLimit: 20, timezone: 'Z', charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, dateStrings: false });
let statements = 0;
let requests = 0;
async function q<T = RowDataPacket[]>(sql: string, params: unknown[] = [], conn: Pool | PoolConnection = pool): Promise<T> {
  statements++;
  const [rows] = await conn.query(sql, params);
  return rows as T;
}

interface Caller { id: number; name: string; role: 'rep' | 'manager' | 'admin'; path: string }

async function caller(req: IncomingMessage): Promise<Caller | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const claims = m ? tokens.verify(m[1]!, new Date()) : null;
  if (!claims) return null;
  const rows = await q<Array<{ id: number; name: string; role: Caller['role']; status: string; path: string }>>(
    'SELECT u.id, u.name, u.role, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [claims.sub]);
  const u = rows[0];
  return u && u.status === 'active' ? { id: Number(u.id), name: u.name, role: u.role, path: u.path } : null;
}

const COLUMNS = `c.id, c.name, c.industry, c.size, c.region, c.source, c.level, c.stage, c.tags, c.owner_id, c.pool_id, c.last_follow_up_at,
  c.claimed_at, c.last_deal_at, c.last_owner_id, c.pool_entered_at, c.pool_reason, c.created_by, c.created_at, c.updated_at, u.name AS owner_name,
  p.no_follow_up_days, p.no_deal_days, p.no_repeat_deal_days, p.warn_days_before, p.exempt_levels`;
const JOINS = 'LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN pools p ON p.id = c.pool_id';
const ORDER = 'c.updated_at DESC, c.id DESC';

type Row = Record<string, any>;

const RELATIONS = `SELECT 'c' AS kind, k.customer_id, k.id, k.name, k.title, k.phone, k.external_user_id, k.birthday, NULL AS user_id
    FROM customer_contacts k WHERE k.customer_id IN (?)
  UNION ALL
  SELECT 'f' AS kind, f.customer_id, f.id, u.name, NULL, NULL, NULL, NULL, f.user_id
    FROM customer_followers f JOIN users u ON u.id = f.user_id WHERE f.customer_id IN (?)
  ORDER BY kind, id`;

/** Contacts and co-followers of a page in one statement (unless already read), then the DTOs in the rows' order. */
async function dtos(rows: Row[], read?: Row[]): Promise<CustomerDto[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const relations = read ?? await q<Row[]>(RELATIONS, [ids, ids]);
  const contacts = relations.filter((x) => x.kind === 'c');
  const followers = relations.filter((x) => x.kind === 'f');
  return rows.map((r) => {
    const id = Number(r.id);
    const c = {
      id, name: r.name, industry: r.industry, size: r.size, region: r.region, source: r.source, level: r.level as CustomerLevel, stage: r.stage, tags: r.tags,
      ownerId: r.owner_id === null ? null : Number(r.owner_id), poolId: r.pool_id === null ? null : Number(r.pool_id),
      lastFollowUpAt: r.last_follow_up_at, claimedAt: r.claimed_at, lastDealAt: r.last_deal_at, createdAt: r.created_at, updatedAt: r.updated_at,
      poolEnteredAt: r.pool_entered_at,
    } as Customer;
    const rules: PoolRules | null = r.no_follow_up_days === null || r.no_follow_up_days === undefined ? null : {
      noFollowUpDays: Number(r.no_follow_up_days), noDealDays: Number(r.no_deal_days), noRepeatDealDays: r.no_repeat_deal_days === null ? null : Number(r.no_repeat_deal_days),
      warnDaysBefore: Number(r.warn_days_before), holdingCap: 0, claimCooldownDays: 0, dailyClaimLimit: 0, exemptLevels: JSON.parse(r.exempt_levels),
    };
    const reclaimAt = c.ownerId === null || !c.claimedAt || !rules ? null
      : reclaimDueAt({ level: c.level, claimedAt: c.claimedAt, lastFollowUpAt: c.lastFollowUpAt, lastDealAt: c.lastDealAt }, rules, TZ)?.at ?? null;
    return toCustomerDto(c, {
      owner: c.ownerId === null ? null : { id: String(c.ownerId), name: r.owner_name ?? '' },
      contacts: contacts.filter((k) => Number(k.customer_id) === id).map((k) => ({
        id: Number(k.id), customerId: id, name: k.name, title: k.title, phone: k.phone, phoneKey: null, externalUserId: k.external_user_id,
        birthday: k.birthday ? new Date(k.birthday).toISOString().slice(0, 10) : null, createdAt: new Date(0),
      }) as CustomerContact),
      followers: followers.filter((f) => Number(f.customer_id) === id).map((f) => ({ id: String(f.user_id), name: f.name })),
      reclaimAt,
      days: customerDays(c, reclaimAt && rules ? { at: reclaimAt, rules } : null, new Date(), TZ),
    });
  });
}

const page = (sql: string) => `SELECT pg.total, ${COLUMNS} FROM (${sql}) pg JOIN customers c ON c.id = pg.id ${JOINS} ORDER BY ${ORDER}`;

async function listCustomers(user: Caller, url: URL): Promise<[number, unknown]> {
  const scope = url.searchParams.get('scope') ?? 'mine';
  const p = Number(url.searchParams.get('page') ?? 1);
  const size = Number(url.searchParams.get('pageSize') ?? 20);
  const offset = (p - 1) * size;
  const rawQ = url.searchParams.get('q');
  const search = rawQ ? parseSearchQuery(rawQ) : undefined;
  if (search === null) return [200, { items: [], total: 0, page: p, pageSize: size }];
  if ((scope === 'team' && user.role === 'rep') || (scope === 'all' && user.role !== 'admin')) return [403, { error: { code: 'FORBIDDEN', message: '无权查看该范围', details: {} } }];
  const like = search ? `(c.search_text LIKE ?${search.phone ? ' OR c.search_phones LIKE ?' : ''})` : null;
  const likeParams = search ? [`%${search.text}%`, ...(search.phone ? [`%${search.phone}%`] : [])] : [];
  let rows: Row[];
  let total: number;
  if (scope === 'mine' || scope === 'team') {
    // A person's customers, or a team's (a team manager's team is small): read them whole.
    const source = scope === 'mine'
      ? { sql: 'SELECT id FROM customers WHERE owner_id = ? UNION SELECT customer_id FROM customer_followers WHERE user_id = ?', params: [user.id, user.id] }
      : { sql: 'SELECT o.id FROM departments d JOIN users u ON u.department_id = d.id JOIN customers o ON o.owner_id = u.id WHERE d.path LIKE ?', params: [`${user.path}%`] };
    rows = await q<Row[]>(page(`SELECT c.id, COUNT(*) OVER () AS total FROM (${source.sql}) s JOIN customers c ON c.id = s.id ${like ? `WHERE ${like}` : ''} ORDER BY ${ORDER} LIMIT ${size} OFFSET ${offset}`), [...source.params, ...likeParams]);
    total = rows.length ? Number(rows[0]!.total) : 0;
  } else if (!search) {
    rows = await q<Row[]>(page(`SELECT c.id, NULL AS total FROM customers c ORDER BY ${ORDER} LIMIT ${size} OFFSET ${offset}`));
    total = rows.length < size ? offset + rows.length : Number((await q<Row[]>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM customers c LIMIT ${COUNT_CAP + 1}) t`))[0]!.n);
  } else {
    // Everyone's customers with a search: from the term index when the term is rare, else along the order index.
    const { ranges, exact } = searchRanges(search);
    const termSql = ranges.map(() => '(term >= ? AND term < ?)').join(' OR ');
    const termParams = ranges.flatMap((r) => [r.from, r.to]);
    const n = Number((await q<Row[]>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM customer_search_terms WHERE ${termSql} LIMIT ${DRIVE_LIMIT + 1}) t`, termParams))[0]!.n);
    if (n <= DRIVE_LIMIT) {
      rows = await q<Row[]>(page(`SELECT c.id, COUNT(*) OVER () AS total FROM (SELECT DISTINCT customer_id AS id FROM customer_search_terms WHERE ${termSql}) s JOIN customers c ON c.id = s.id ${exact ? '' : `WHERE ${like}`} ORDER BY ${ORDER} LIMIT ${size} OFFSET ${offset}`), [...termParams, ...(exact ? [] : likeParams)]);
      total = rows.length ? Number(rows[0]!.total) : 0;
    } else {
      rows = await q<Row[]>(page(`SELECT c.id, NULL AS total FROM customers c WHERE ${like} ORDER BY ${ORDER} LIMIT ${size} OFFSET ${offset}`), likeParams);
      if (rows.length && rows.length < size) total = offset + rows.length;
      else if (exact) total = Number((await q<Row[]>(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT customer_id FROM customer_search_terms WHERE ${termSql} LIMIT ${COUNT_CAP + 1}) t`, termParams))[0]!.n);
      else total = Number((await q<Row[]>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM customers c WHERE ${like} LIMIT ${COUNT_CAP + 1}) t`, likeParams))[0]!.n);
    }
  }
  const items = await dtos(rows);
  return [200, { items, total: Math.min(total, COUNT_CAP), ...(total > COUNT_CAP ? { totalCapped: true } : {}), page: p, pageSize: size }];
}

const notFound: [number, unknown] = [404, { error: { code: 'NOT_FOUND', message: '客户不存在或无权查看', details: {} } }];

async function getCustomer(user: Caller, id: number): Promise<[number, unknown]> {
  // The row and its contacts and co-followers at once (two connections); visibility decided on what came back.
  const [rows, relations] = await Promise.all([
    q<Row[]>(`SELECT ${COLUMNS}, d.path AS owner_path FROM customers c ${JOINS} LEFT JOIN departments d ON d.id = u.department_id WHERE c.id = ?`, [id]),
    q<Row[]>(RELATIONS, [[id], [id]]),
  ]);
  const followers = relations.filter((x) => x.kind === 'f');
  const r = rows[0];
  if (!r) return notFound;
  const ownerId = r.owner_id === null ? null : Number(r.owner_id);
  const visible = user.role === 'admin' || ownerId === user.id || followers.some((f) => Number(f.user_id) === user.id) || ownerId === null
    || (user.role === 'manager' && typeof r.owner_path === 'string' && r.owner_path.startsWith(user.path));
  if (!visible) return notFound;
  return [200, (await dtos([r], relations))[0]];
}

async function createFollowUp(user: Caller, id: number, body: Row): Promise<[number, unknown]> {
  if (!['call', 'visit', 'wechat', 'email', 'meeting', 'other'].includes(body.type) || typeof body.content !== 'string' || !body.content.trim() || body.content.length > 2000) {
    return [400, { error: { code: 'VALIDATION_FAILED', message: '请求参数不正确', details: {} } }];
  }
  const at = now();
  const content = body.content.trim();
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    statements++;
    // The customer row first (one lock order), with what the access check and the notices need.
    const rows = await q<Row[]>(
      `SELECT c.id, c.name, c.owner_id, c.stage, c.last_follow_up_at, d.path AS owner_path, u.wecom_user_id, u.status
       FROM customers c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments d ON d.id = u.department_id WHERE c.id = ? FOR UPDATE`, [id], conn);
    const c = rows[0];
    const followers = c ? await q<Row[]>('SELECT f.user_id, u.wecom_user_id, u.status FROM customer_followers f JOIN users u ON u.id = f.user_id WHERE f.customer_id = ?', [id], conn) : [];
    const ownerId = !c || c.owner_id === null ? null : Number(c.owner_id);
    const isFollower = followers.some((f) => Number(f.user_id) === user.id);
    const editor = user.role === 'admin' || (ownerId !== null && ownerId === user.id)
      || (user.role === 'manager' && typeof c?.owner_path === 'string' && c.owner_path.startsWith(user.path));
    const refusal: [number, unknown] | null = !c || !(editor || isFollower || ownerId === null) ? notFound
      : ownerId === null ? [403, { error: { code: 'CUSTOMER_IN_POOL', message: '公海客户请先领取', details: {} } }]
        : null;
    if (refusal) {
      await conn.rollback();
      return refusal;
    }
    const inserted = await q<{ insertId: number }>(
      'INSERT INTO follow_ups (customer_id, author_id, type, content, at, next_follow_up_at, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
      [id, user.id, body.type, content, at, at], conn);
    const followUpId = Number(inserted.insertId);
    const later = !c.last_follow_up_at || at > c.last_follow_up_at;
    await q(`UPDATE customers SET updated_at = ?${later ? ', last_follow_up_at = ?' : ''}${c.stage === 'lead' ? ", stage = 'contacted'" : ''} WHERE id = ?`, [at, ...(later ? [at] : []), id], conn);
    const team = [
      ...(ownerId !== user.id && c.status === 'active' ? [c.wecom_user_id as string] : []),
      ...followers.filter((f) => Number(f.user_id) !== user.id && f.status === 'active').map((f) => f.wecom_user_id as string),
    ];
    if (team.length) {
      const payload = JSON.stringify({ customerId: String(id), customerName: c.name, authorName: user.name, followUpType: body.type, content, at: at.toISOString() });
      await q(`INSERT IGNORE INTO outbox_messages (dedupe_key, kind, to_user, customer_id, payload, status, attempts, due_at, created_at) VALUES ?`,
        [team.map((to) => [`co-follower:${followUpId}:${to}`, 'co-follower', to, id, payload, 'pending', 0, at, at])], conn);
    }
    await conn.commit();
    statements++;
    return [201, {
      id: String(followUpId), customerId: String(id), type: body.type, content, at: at.toISOString(), nextFollowUpAt: null, checkIn: null,
      author: { id: String(user.id), name: user.name }, createdAt: at.toISOString(),
    }];
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

function readBody(req: IncomingMessage): Promise<Row> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  requests++;
  let status = 404;
  let body: unknown = { error: { code: 'NOT_FOUND', message: '资源不存在', details: {} } };
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const user = await caller(req);
    if (!user) [status, body] = [401, { error: { code: 'UNAUTHENTICATED', message: '请先登录', details: {} } }];
    else if (req.method === 'GET' && url.pathname === '/api/customers') [status, body] = await listCustomers(user, url);
    else {
      const one = /^\/api\/customers\/(\d{1,10})$/.exec(url.pathname);
      const fu = /^\/api\/customers\/(\d{1,10})\/follow-ups$/.exec(url.pathname);
      if (req.method === 'GET' && one) [status, body] = await getCustomer(user, Number(one[1]));
      else if (req.method === 'POST' && fu) [status, body] = await createFollowUp(user, Number(fu[1]), await readBody(req));
    }
  } catch (err) {
    status = 500;
    body = { error: { code: 'INTERNAL', message: String(err), details: {} } };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => { void handle(req, res); });
server.keepAliveTimeout = 60_000;
server.listen(Number(env.BASELINE_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'stats') process.send?.({ type: 'stats', statements, requests });
  if (msg.type === 'reset') { statements = 0; requests = 0; process.send?.({ type: 'reset' }); }
  if (msg.type === 'close') server.close(() => { void pool.end().then(() => process.exit(0)); });
});
