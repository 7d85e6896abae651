import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.ts';
import { DEFAULT_LIST_PLAN, type ListPlanOptions } from '../../server/customers/customer-list.query.ts';
import { reindexCustomerSearch } from '../../server/customers/customer-search.index.ts';
import { matchesSearch, parseSearchQuery, searchDocument } from '../../server/customers/rules/search-text.ts';
import type { ListCustomersQuery } from '../../server/customers/customers.schemas.ts';
import { sqlTime } from '../../server/infra/db.ts';
import { FIXTURE_DEPARTMENTS, FIXTURE_USERS, type FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { createDataSource, runMigrations } from '../../entities/data-source.ts';
import { MIGRATIONS } from '../../entities/index.ts';

/**
 * Every list plan (drive from the caller's own customers, a team, a tag, an owner, the search
 * terms; or walk the order index) against a brute force over all rows, on generated data
 * whose names come from a tiny alphabet so that matches, near misses and dense terms abound.
 */
const ALPHABET = Array.from('科技公司恒通电子华A1');
const PEOPLE = Array.from('王李张科');
const TAGS = ['续约', '高意向', 'VIP'];
const STAGES = ['lead', 'contacted', 'deal'] as const;
const LEVELS = ['A', 'B', 'key'] as const;
const OWNERS: Array<FixtureUserKey | null> = ['repA', 'repA', 'repB', 'repC', 'mgrEast', 'mgrSouth', null];
const VIEWERS: FixtureUserKey[] = ['repA', 'repB', 'repC', 'mgrEast', 'mgrSouth', 'boss'];

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  id: number;
  name: string;
  ownerId: number | null;
  poolId: number | null;
  followers: number[];
  contacts: Array<{ name: string; phoneKey: string | null }>;
  stage: string;
  level: string;
  tags: string[];
  updatedAt: string;
  createdAt: string;
  lastFollowUpAt: string | null;
  poolEnteredAt: string | null;
}

describe('customer lists and search: every plan returns exactly the brute-force result', () => {
  let app: TestApp;
  const actors = {} as Record<FixtureUserKey, Actor>;
  let rows: Row[] = [];
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const word = (letters: string[], min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => pick(letters)).join('');

  beforeAll(async () => {
    app = await startTestApp();
    const paths = new Map<number, string>(FIXTURE_DEPARTMENTS.map((d) => [d.id, d.path]));
    for (const key of Object.keys(FIXTURE_USERS) as FixtureUserKey[]) {
      const u = FIXTURE_USERS[key];
      actors[key] = { id: app.users[key], wecomUserId: u.wecomUserId, name: u.name, role: u.role, departmentId: u.departmentId, departmentPath: paths.get(u.departmentId)! };
    }
    const boss = await app.tokenFor('boss');
    const pools = await app.request('GET', '/api/pools', { token: boss });
    await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 100000 } });

    // Through the API: create and update (contacts, renames, tags) keep the index in step.
    const tokens = { repA: await app.tokenFor('repA'), repB: await app.tokenFor('repB') };
    for (let i = 0; i < 24; i++) {
      const token = i % 2 ? tokens.repB : tokens.repA;
      const name = `接口${word(ALPHABET, 2, 6)}${i}`;
      const tags = [pick(TAGS)];
      const stage = pick(STAGES);
      const created = await app.request('POST', '/api/customers', {
        token,
        body: {
          // A rep cannot set a deal stage: the boss does it right after, as in the product.
          name, tags, stage: stage === 'deal' ? 'contacted' : stage, level: pick(['A', 'B'] as const),
          contacts: [{ name: word(PEOPLE, 2, 3), phone: `139${String(10_000_000 + i * 7_919).slice(0, 8)}` }],
        },
      });
      expect(created.status).toBe(201);
      if (stage === 'deal') expect((await app.request('PATCH', `/api/customers/${created.body.id}`, { token: boss, body: { stage } })).status).toBe(200);
      if (i % 3 === 0) {
        const patched = await app.request('PATCH', `/api/customers/${created.body.id}`, {
          token, body: { name: `改名${word(ALPHABET, 2, 6)}${i}`, tags: [pick(TAGS), pick(TAGS)], contacts: [{ name: word(PEOPLE, 2, 3) }, { name: '新联系人', phone: `137${String(20_000_000 + i).slice(0, 8)}` }] },
        });
        expect(patched.status).toBe(200);
      }
    }

    // In bulk, as a backfill finds existing rows: then indexed by reindexCustomerSearch.
    const em = app.runtime.db.manager;
    const base = new Date('2026-01-01T00:00:00Z').getTime();
    await app.runtime.db.tx(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < 260; i++) {
        const owner = pick(OWNERS);
        const ownerId = owner ? app.users[owner] : null;
        const updated = sqlTime(new Date(base + Math.floor(rand() * 50) * 3_600_000));
        const lastFollowUp = rand() < 0.3 ? null : sqlTime(new Date(base + Math.floor(rand() * 40) * 3_600_000));
        const tags = rand() < 0.4 ? [pick(TAGS)] : [];
        const result = await tx.query(
          `INSERT INTO customers (name, name_key, level, stage, tags, owner_id, pool_id, last_follow_up_at, claimed_at, created_by, created_at, updated_at, last_owner_id, pool_entered_at)
           VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL, ?, ?, ?, ?)`,
          [
            word(ALPHABET, 1, 16), `gen-${i}`, pick(LEVELS), pick(STAGES), JSON.stringify(tags), ownerId, lastFollowUp,
            ownerId ? updated : null, sqlTime(new Date(base + i * 60_000)), updated, ownerId ? null : app.users.repB,
            ownerId ? null : sqlTime(new Date(base + Math.floor(rand() * 30) * 86_400_000)),
          ],
        );
        const id = app.runtime.db.kind === 'mysql' ? Number(result.insertId) : Number((await tx.query('SELECT last_insert_rowid() AS id'))[0].id);
        ids.push(id);
        for (let k = Math.floor(rand() * 3); k > 0; k--) {
          const phone = rand() < 0.6 ? word(Array.from('0123'), 5, 11) : null;
          await tx.query('INSERT INTO customer_contacts (customer_id, name, phone, phone_key, created_at) VALUES (?, ?, ?, ?, ?)', [id, word(PEOPLE, 1, 4), phone, phone, updated]);
        }
        if (ownerId && rand() < 0.2) {
          const follower = app.users[pick(['repA', 'repB', 'repC'] as const)];
          if (follower !== ownerId) await tx.query('INSERT INTO customer_followers (customer_id, user_id, created_at) VALUES (?, ?, ?)', [id, follower, updated]);
        }
      }
      await reindexCustomerSearch(tx, ids);
    });

    const customers: Array<Record<string, any>> = await em.query(
      'SELECT id, name, owner_id, pool_id, stage, level, tags, updated_at, created_at, last_follow_up_at, pool_entered_at FROM customers');
    const contacts: Array<Record<string, any>> = await em.query('SELECT customer_id, name, phone_key FROM customer_contacts ORDER BY id');
    const followers: Array<Record<string, any>> = await em.query('SELECT customer_id, user_id FROM customer_followers');
    const time = (v: unknown) => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(String(v).replace(' ', 'T') + 'Z').toISOString());
    rows = customers.map((c) => ({
      id: Number(c.id), name: c.name, ownerId: c.owner_id === null ? null : Number(c.owner_id), poolId: c.pool_id === null ? null : Number(c.pool_id),
      followers: followers.filter((f) => Number(f.customer_id) === Number(c.id)).map((f) => Number(f.user_id)),
      contacts: contacts.filter((k) => Number(k.customer_id) === Number(c.id)).map((k) => ({ name: k.name, phoneKey: k.phone_key })),
      stage: c.stage, level: c.level, tags: JSON.parse(c.tags), updatedAt: time(c.updated_at)!, createdAt: time(c.created_at)!,
      lastFollowUpAt: time(c.last_follow_up_at), poolEnteredAt: time(c.pool_entered_at),
    }));
  }, 120_000);
  afterAll(async () => { await app?.close(); });

  const departmentOf = (userId: number | null) => {
    const key = (Object.keys(app.users) as FixtureUserKey[]).find((k) => app.users[k] === userId);
    return key ? FIXTURE_DEPARTMENTS.find((d) => d.id === FIXTURE_USERS[key].departmentId)!.path : null;
  };

  function bruteForce(actor: Actor, q: ListCustomersQuery): { ids: number[]; total: number } {
    const search = q.q === undefined ? undefined : parseSearchQuery(q.q);
    const matching = rows.filter((r) => {
      if (q.scope === 'mine' && r.ownerId !== actor.id && !r.followers.includes(actor.id)) return false;
      if (q.scope === 'team' && !(departmentOf(r.ownerId) ?? '\u0000').startsWith(actor.departmentPath)) return false;
      if (search === null) return false;
      if (search && !matchesSearch(searchDocument(r.name, r.contacts), search)) return false;
      if (q.stage && r.stage !== q.stage) return false;
      if (q.level && r.level !== q.level) return false;
      if (q.tag && !r.tags.includes(q.tag)) return false;
      if (q.ownerId && r.ownerId !== Number(q.ownerId)) return false;
      return true;
    });
    const desc = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? 1 : -1);
    const byKey: Record<string, (a: Row, b: Row) => number> = {
      updatedAt: (a, b) => desc(a.updatedAt, b.updatedAt) || b.id - a.id,
      createdAt: (a, b) => desc(a.createdAt, b.createdAt) || b.id - a.id,
      lastFollowUpAt: (a, b) => desc(a.lastFollowUpAt, b.lastFollowUpAt) || b.id - a.id,
    };
    const sorted = byKey[q.sort] ? matching.sort(byKey[q.sort]) : matching;
    return { ids: sorted.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((r) => r.id), total: matching.length };
  }

  function randomQuery(viewer: FixtureUserKey): ListCustomersQuery {
    const role = actors[viewer].role;
    const scopes = role === 'admin' ? ['mine', 'team', 'all'] : role === 'manager' ? ['mine', 'team'] : ['mine'];
    const q: ListCustomersQuery = { q: undefined, scope: pick(scopes) as ListCustomersQuery['scope'], sort: pick(['updatedAt', 'createdAt', 'lastFollowUpAt'] as const), page: 1 + Math.floor(rand() * 2), pageSize: pick([5, 10, 100]), soon: false };
    const r = rand();
    if (r < 0.15) q.q = pick(ALPHABET);
    else if (r < 0.45) q.q = word(ALPHABET, 2, 4);
    else if (r < 0.55) {
      // Longer than a term: candidates share the first 12 characters, half of them differ after.
      const long = rows.filter((x) => Array.from(x.name).length >= 14);
      const name = Array.from(pick(long).name);
      q.q = name.slice(0, 12).join('') + (rand() < 0.5 ? name[12] : ALPHABET.find((c) => c !== name[12]));
    }
    else if (r < 0.65) {
      // A phone fragment, often of a stored number.
      const phones = rows.flatMap((x) => x.contacts.map((k) => k.phoneKey ?? '')).filter((p) => p.length >= 5);
      const phone = pick(phones);
      q.q = rand() < 0.5 ? phone.slice(1, 1 + 3 + Math.floor(rand() * 3)) : word(Array.from('0123'), 3, 6);
    }
    else if (r < 0.7) q.q = word(PEOPLE, 1, 2);
    if (rand() < 0.2) q.stage = pick(STAGES);
    if (rand() < 0.15) q.level = pick(LEVELS);
    if (rand() < 0.2) q.tag = pick(TAGS);
    if (rand() < 0.1) q.ownerId = String(app.users[pick(['repA', 'repB', 'repC'] as const)]);
    return q;
  }

  /** The plans a list can take: the scan and each of its drivers. */
  function plansOf(q: ListCustomersQuery): string[] {
    const plans = ['scan'];
    if (q.scope !== 'all') plans.push('scope');
    if (q.q !== undefined && parseSearchQuery(q.q)) plans.push('search');
    if (q.tag) plans.push('tag');
    if (q.ownerId) plans.push('owner');
    return plans;
  }

  it('should return the brute-force page and total in every plan for 150 random lists', async () => {
    const seen = new Set<string>();
    for (let n = 0; n < 150; n++) {
      const viewer = pick(VIEWERS);
      const q = randomQuery(viewer);
      const want = bruteForce(actors[viewer], q);
      for (const force of plansOf(q)) {
        // A walked list counts through a moderate driver, or (countDriveLimit 0) along its rows.
        for (const countDriveLimit of force === 'scan' ? [20_000, 0] : [20_000]) {
          const options: ListPlanOptions = { ...DEFAULT_LIST_PLAN, force, countDriveLimit, sizeCacheMs: 0 };
          const { page, plan } = await app.runtime.services.customers.listWithPlan(actors[viewer], q, options);
          seen.add(plan);
          expect({ q, force, countDriveLimit, ids: page.items.map((c) => Number(c.id)), total: page.total })
            .toEqual({ q, force, countDriveLimit, ids: want.ids, total: want.total });
        }
      }
      // And the plan the planner picks by itself, with a threshold low enough to pick every kind.
      const chosen = await app.runtime.services.customers.listWithPlan(actors[viewer], q, { driveLimit: 8, countCap: 10_000 });
      expect(chosen.page.items.map((c) => Number(c.id))).toEqual(want.ids);
      expect(chosen.page.total).toBe(want.total);
    }
    expect([...seen].sort()).toEqual(['owner', 'scan', 'scope', 'search', 'tag']);
  });

  it('should verify queries longer than a term in every plan (candidates share only the first 12 characters)', async () => {
    const long = rows.filter((x) => Array.from(x.name).length >= 14).slice(0, 12);
    expect(long.length).toBeGreaterThan(5);
    for (const row of long) {
      const name = Array.from(row.name);
      for (const q of [name.slice(0, 13).join(''), name.slice(0, 12).join('') + ALPHABET.find((c) => c !== name[12])]) {
        for (const [viewer, scope] of [['boss', 'all'], ['boss', 'team'], ['repA', 'mine']] as const) {
          const query: ListCustomersQuery = { scope, q, sort: 'updatedAt', page: 1, pageSize: 100, soon: false };
          const want = bruteForce(actors[viewer], query);
          for (const force of plansOf(query)) {
            const { page } = await app.runtime.services.customers.listWithPlan(actors[viewer], query, { ...DEFAULT_LIST_PLAN, force });
            expect({ q, force, ids: page.items.map((c) => Number(c.id)), total: page.total }).toEqual({ q, force, ids: want.ids, total: want.total });
          }
        }
      }
    }
  });

  it('should return the same soon-reclaimed rows in every plan (the due condition as a filter and as a driver)', async () => {
    // Put some owned customers in the warning window of the default rules (15 days, warned 3 before).
    const em = app.runtime.db.manager;
    const ids: Array<{ id: number }> = await em.query('SELECT id FROM customers WHERE owner_id IS NOT NULL ORDER BY id');
    const windowStart = sqlTime(new Date(TEST_NOW.getTime() - 13 * 86_400_000));
    for (const { id } of ids.filter((_, i) => i % 4 === 0)) {
      await em.query("UPDATE customers SET claimed_at = ?, last_follow_up_at = NULL, last_deal_at = ?, level = 'B' WHERE id = ?", [windowStart, windowStart, id]);
    }
    let nonEmpty = 0;
    for (const [viewer, scope] of [['boss', 'all'], ['boss', 'team'], ['mgrEast', 'team'], ['repA', 'mine'], ['repC', 'mine']] as const) {
      const query: ListCustomersQuery = { scope, q: undefined, soon: true, sort: 'updatedAt', page: 1, pageSize: 100 };
      const results = [];
      for (const force of [...plansOf(query), 'soon']) {
        const { page } = await app.runtime.services.customers.listWithPlan(actors[viewer], query, { ...DEFAULT_LIST_PLAN, force });
        results.push({ ids: page.items.map((c) => c.id), total: page.total });
      }
      for (const r of results) expect(r).toEqual(results[0]);
      if (results[0]!.total > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(2);
  });

  it('should order by name the same rows in every plan', async () => {
    for (const viewer of ['boss', 'mgrEast', 'repA'] as const) {
      const q: ListCustomersQuery = { scope: viewer === 'boss' ? 'all' : viewer === 'mgrEast' ? 'team' : 'mine', q: '科技', sort: 'name', page: 1, pageSize: 100, soon: false };
      const want = bruteForce(actors[viewer], q);
      const results = [];
      for (const force of plansOf(q)) {
        const { page } = await app.runtime.services.customers.listWithPlan(actors[viewer], q, { ...DEFAULT_LIST_PLAN, force });
        results.push(page.items.map((c) => c.id));
        expect(page.items.map((c) => Number(c.id)).sort((a, b) => a - b)).toEqual([...want.ids].sort((a, b) => a - b));
      }
      for (const r of results) expect(r).toEqual(results[0]);
    }
  });

  it('should stop counting at the cap and say so, in every plan', async () => {
    const q: ListCustomersQuery = { scope: 'all', q: '科', sort: 'updatedAt', page: 1, pageSize: 5, soon: false };
    const want = bruteForce(actors.boss, q);
    expect(want.total).toBeGreaterThan(7);
    for (const force of plansOf(q)) {
      const { page } = await app.runtime.services.customers.listWithPlan(actors.boss, q, { driveLimit: 2000, countCap: 7, force });
      expect(page).toMatchObject({ total: 7, totalCapped: true });
      expect(page.items.map((c) => Number(c.id))).toEqual(want.ids);
    }
    const exact = await app.runtime.services.customers.listWithPlan(actors.boss, { ...q, q: undefined, tag: 'VIP', stage: 'deal' }, { driveLimit: 2000, countCap: 10_000, force: 'scan' });
    expect(exact.page.totalCapped).toBeUndefined();
  });

  it('should find nothing for a query without letters or numbers, and answer the API with the same items', async () => {
    const token = await app.tokenFor('boss');
    const none = await app.request('GET', `/api/customers?scope=all&q=${encodeURIComponent('%_ ')}`, { token });
    expect(none.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    const api = await app.request('GET', `/api/customers?scope=all&q=${encodeURIComponent('恒通')}&pageSize=100`, { token });
    const want = bruteForce(actors.boss, { scope: 'all', q: '恒通', sort: 'updatedAt', page: 1, pageSize: 100, soon: false });
    expect(api.body.items.map((c: any) => Number(c.id))).toEqual(want.ids);
  });

  it('should search the pool by name, contact and phone in every plan', async () => {
    for (let n = 0; n < 40; n++) {
      const qText = n % 4 === 0 ? word(Array.from('0123'), 3, 5) : word(ALPHABET, 1, n % 5 === 0 ? 14 : 3);
      const search = parseSearchQuery(qText);
      const want = rows
        .filter((r) => r.ownerId === null && r.poolId === 1 && (!search || matchesSearch(searchDocument(r.name, r.contacts), search)) && search !== null)
        .sort((a, b) => (a.poolEnteredAt === b.poolEnteredAt ? b.id - a.id : (a.poolEnteredAt ?? '') < (b.poolEnteredAt ?? '') ? 1 : -1))
        .map((r) => r.id);
      for (const force of ['scan', 'search']) {
        const page = await app.runtime.services.pool.listCustomers(actors.repA, 1, { q: qText, page: 1, pageSize: 100 }, { ...DEFAULT_LIST_PLAN, force });
        expect({ qText, force, ids: page.items.map((c) => Number(c.id)), total: page.total }).toEqual({ qText, force, ids: want, total: want.length });
      }
    }
    const token = await app.tokenFor('repC');
    const res = await app.request('GET', '/api/pools/1/customers?q=' + encodeURIComponent('科') + '&pageSize=3', { token });
    expect(res.status).toBe(200);
    expect(res.body.items.every((c: any) => c.inPool && c.pool.lastOwner?.name === '李四')).toBe(true);
  });
});

describe('capped totals over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    // 10,050 customers in bulk: more than the count cap.
    await app.runtime.db.tx(async (em) => {
      const now = sqlTime(new Date('2026-01-01T00:00:00Z'));
      for (let i = 0; i < 10_050; i += 500) {
        const chunk = Array.from({ length: Math.min(500, 10_050 - i) }, (_, k) => i + k);
        await em.query(
          `INSERT INTO customers (name, name_key, level, stage, tags, owner_id, pool_id, created_at, updated_at) VALUES ${chunk.map(() => "(?, ?, 'C', ?, '[]', ?, 1, ?, ?)").join(', ')}`,
          chunk.flatMap((n) => [`批量客户${n}`, `bulk-${n}`, n % 100 === 0 ? 'deal' : 'lead', app.users.repA, now, now]),
        );
      }
      const ids: Array<{ id: number }> = await em.query('SELECT id FROM customers');
      await reindexCustomerSearch(em, ids.map((r) => Number(r.id)));
    });
  }, 180_000);
  afterAll(async () => { await app?.close(); });

  it('should answer total 10000 with totalCapped beyond the cap, and exact totals below it', async () => {
    const boss = await app.tokenFor('boss');
    const all = await app.request('GET', '/api/customers?scope=all&pageSize=5', { token: boss });
    expect(all.body).toMatchObject({ total: 10_000, totalCapped: true, page: 1, pageSize: 5 });
    expect(all.body.items).toHaveLength(5);
    const searched = await app.request('GET', `/api/customers?scope=all&q=${encodeURIComponent('批量')}&pageSize=5`, { token: boss });
    expect(searched.body).toMatchObject({ total: 10_000, totalCapped: true });
    const mine = await app.request('GET', '/api/customers?scope=mine&pageSize=5', { token: await app.tokenFor('repA') });
    expect(mine.body).toMatchObject({ total: 10_000, totalCapped: true });
    const deals = await app.request('GET', '/api/customers?scope=all&stage=deal&pageSize=5', { token: boss });
    expect(deals.body.total).toBe(101);
    expect(deals.body.totalCapped).toBeUndefined();
    const one = await app.request('GET', `/api/customers?scope=all&q=${encodeURIComponent('批量客户10049')}`, { token: boss });
    expect(one.body.items.map((c: any) => c.name)).toEqual(['批量客户10049']);
    expect(one.body.total).toBe(1);
  });
});

describe('the migration backfills the search index of existing customers', () => {
  it('should index customers and contacts written before the migration, as reindexCustomerSearch would', async () => {
    const database = await createTestDatabase();
    const before = createDataSource(database.config);
    // The schema as it was, with data in it.
    (before.options as { migrations: unknown[] }).migrations = MIGRATIONS.filter((m) => m.name !== 'CustomerSearch1765000000200');
    await before.initialize();
    try {
      await runMigrations(before);
      await before.query("INSERT INTO departments (id, name, parent_id, path, sort_order) VALUES (1, '总部', NULL, '/1/', 0)");
      await before.query("INSERT INTO users (wecom_user_id, name, role, department_id, status, created_at) VALUES ('u1', '张三', 'rep', 1, 'active', '2026-01-01 00:00:00.000')");
      for (let i = 0; i < 30; i++) {
        await before.query(
          "INSERT INTO customers (name, name_key, level, stage, tags, owner_id, pool_id, created_at, updated_at) VALUES (?, ?, 'C', 'lead', ?, 1, NULL, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')",
          [`存量客户${i}恒通电子有限公司`, `old-${i}`, JSON.stringify(i % 3 ? [] : ['续约'])],
        );
        await before.query("INSERT INTO customer_contacts (customer_id, name, phone, phone_key, created_at) VALUES (?, ?, ?, ?, '2026-01-01 00:00:00.000')",
          [i + 1, `联系人${i}`, `1390000${String(i).padStart(4, '0')}`, `1390000${String(i).padStart(4, '0')}`]);
      }
    } finally {
      await before.destroy();
    }
    const after = createDataSource(database.config);
    await after.initialize();
    try {
      expect(await runMigrations(after)).toEqual(['CustomerSearch1765000000200']);
      const docs: Array<{ search_text: string; search_phones: string }> = await after.query('SELECT search_text, search_phones FROM customers ORDER BY id');
      expect(docs[7]).toEqual({ search_text: '存量客户7恒通电子有限公司|联系人7', search_phones: '13900000007' });
      const tags: Array<{ n: number | string }> = await after.query("SELECT COUNT(*) AS n FROM customer_tags WHERE tag = '续约'");
      expect(Number(tags[0]!.n)).toBe(10);
      const terms = async () => Number((await after.query('SELECT COUNT(*) AS n FROM customer_search_terms'))[0].n);
      const n = await terms();
      expect(n).toBeGreaterThan(30 * 15);
      // Nothing left for the index function to do: the backfill wrote exactly what it writes.
      await after.transaction((em) => reindexCustomerSearch(em, Array.from({ length: 30 }, (_, i) => i + 1)));
      expect(await terms()).toBe(n);
    } finally {
      await after.destroy();
      await database.drop();
    }
  });
});
