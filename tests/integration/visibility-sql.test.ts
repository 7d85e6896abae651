import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Department } from '../../entities/department.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { User, type UserRole } from '../../entities/user.entity.ts';
import { Rng } from '../../server/demo/prng.ts';
import { sqlTime } from '../../server/infra/db.ts';
import { loadAccessFacts, visibleCustomerCondition } from '../../server/customers/customer-access.ts';
import { canViewCustomer, isInSubtree, mayUseScope, type Viewer } from '../../server/customers/rules/visibility.ts';
import { listCustomersSchema } from '../../server/customers/customers.schemas.ts';
import { parseInput } from '../../server/http/validate.ts';
import { poolsWithPaths, ruleColumns } from '../../server/ownership/pools.repository.ts';
import { DEFAULT_POOL_RULES } from '../../server/ownership/rules/pool-rules.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The SQL form of the visibility rule against its pure form, over a generated company:
 * a department tree with pools at several levels, reps/managers/admins, and customers owned,
 * co-followed or sitting in pools (including one whose pool is gone). For every viewer, the
 * ids the SQL selects are exactly those canViewCustomer accepts — on SQLite and on MariaDB.
 */
describe('visibleCustomerCondition and the list scopes ≡ canViewCustomer', () => {
  let app: TestApp;
  const viewers: Viewer[] = [];
  let customerIds: number[] = [];

  beforeAll(async () => {
    app = await startTestApp({ fixtures: false });
    const rng = new Rng(20261201);
    await app.runtime.db.tx(async (em) => {
      // /1/ → /1/2/, /1/3/ → each has two teams → /1/2/10/ … ; plus a "/1/22/" trap for prefix bugs.
      const departments = [
        { id: 1, parentId: null, path: '/1/' }, { id: 2, parentId: 1, path: '/1/2/' }, { id: 3, parentId: 1, path: '/1/3/' },
        { id: 22, parentId: 1, path: '/1/22/' }, { id: 10, parentId: 2, path: '/1/2/10/' }, { id: 11, parentId: 2, path: '/1/2/11/' },
        { id: 12, parentId: 3, path: '/1/3/12/' }, { id: 13, parentId: 22, path: '/1/22/13/' },
      ];
      await em.insert(Department, departments.map((d) => ({ ...d, name: `部门${d.id}`, sortOrder: 0 })));
      const now = app.clock.now();
      for (const departmentId of [1, 2, 12, 22]) {
        await em.insert(Pool, { name: `公海${departmentId}`, departmentId, ...ruleColumns(DEFAULT_POOL_RULES), createdAt: now, updatedAt: now });
      }
      const roles: UserRole[] = ['rep', 'rep', 'rep', 'manager', 'admin'];
      for (let i = 0; i < 30; i++) {
        const d = rng.pick(departments);
        const role = i === 0 ? 'admin' : roles[i % 4]!;
        const r = await em.insert(User, { wecomUserId: `u${i}`, name: `用户${i}`, role, departmentId: d.id, status: 'active', position: null, createdAt: now });
        viewers.push({ id: Number(r.identifiers[0]!.id), role, departmentPath: d.path });
      }
      const pools = await em.find(Pool);
      for (let i = 0; i < 300; i++) {
        const inPool = rng.chance(0.35);
        const owner = inPool ? null : rng.pick(viewers).id;
        // A pool customer whose pool id points nowhere: only admins see it.
        const poolId = inPool && i % 50 === 0 ? 9999 : rng.pick(pools).id;
        await em.query(
          `INSERT INTO customers (name, name_key, level, stage, tags, owner_id, pool_id, claimed_at, created_at, updated_at) VALUES (?, ?, 'C', 'lead', '[]', ?, ?, ?, ?, ?)`,
          [`可见性${i}`, `kjx${i}`, owner, poolId, owner ? sqlTime(now) : null, sqlTime(now), sqlTime(now)],
        );
      }
      customerIds = (await em.query("SELECT id FROM customers WHERE name LIKE '可见性%' ORDER BY id")).map((r: any) => Number(r.id));
      for (const id of customerIds) {
        const n = rng.int(0, 3);
        const followers = new Set(Array.from({ length: n }, () => rng.pick(viewers).id));
        for (const userId of followers) await em.query('INSERT INTO customer_followers (customer_id, user_id, created_at) VALUES (?, ?, ?)', [id, userId, sqlTime(now)]);
      }
    });
  });
  afterAll(async () => { await app?.close(); });

  it('should select for every viewer exactly the customers the pure rule lets them see', async () => {
    const em = app.runtime.db.manager;
    const facts = new Map<number, Awaited<ReturnType<typeof loadAccessFacts>>>();
    for (const id of customerIds) facts.set(id, await loadAccessFacts(em, id));
    const pools = (await poolsWithPaths(em)).map((p) => ({ id: p.pool.id, path: p.path }));
    let compared = 0;
    for (const viewer of viewers) {
      const cond = visibleCustomerCondition(viewer, pools);
      const rows: Array<{ id: number | string }> = await em.query(`SELECT c.id FROM customers c WHERE c.name LIKE '可见性%' AND ${cond.sql} ORDER BY c.id`, cond.params);
      const bySql = rows.map((r) => Number(r.id));
      const byRule = customerIds.filter((id) => canViewCustomer(viewer, facts.get(id)!.facts));
      expect({ viewer, ids: bySql }).toEqual({ viewer, ids: byRule });
      compared += customerIds.length;
    }
    expect(compared).toBe(30 * 300);
    // The list scopes are subsets of what the rule lets a viewer see, with exactly their own meaning.
    for (const viewer of viewers) {
      const actor = { ...viewer, wecomUserId: `v${viewer.id}`, name: '查看者', departmentId: 0 };
      const scopeIds = async (scope: 'mine' | 'team' | 'all') => {
        const ids: number[] = [];
        for (let page = 1; ; page++) {
          const res = await app.runtime.services.customers.list(actor, parseInput(listCustomersSchema, { scope, page: String(page), pageSize: '100', sort: 'createdAt' }));
          ids.push(...res.items.map((c) => Number(c.id)));
          if (res.items.length < 100) break;
        }
        return ids.filter((id) => facts.has(id)).sort((a, b) => a - b);
      };
      const f = (id: number) => facts.get(id)!.facts;
      const mine = customerIds.filter((id) => f(id).ownerId === viewer.id || f(id).followerIds.includes(viewer.id));
      expect({ viewer, scope: 'mine', ids: await scopeIds('mine') }).toEqual({ viewer, scope: 'mine', ids: mine });
      if (mayUseScope(viewer.role, 'team')) {
        const team = customerIds.filter((id) => f(id).ownerId !== null && isInSubtree(f(id).ownerDepartmentPath, viewer.departmentPath));
        expect({ viewer, scope: 'team', ids: await scopeIds('team') }).toEqual({ viewer, scope: 'team', ids: team });
      }
      if (mayUseScope(viewer.role, 'all')) expect(await scopeIds('all')).toEqual(customerIds);
      for (const scope of ['mine', 'team', 'all'] as const) {
        if (!mayUseScope(viewer.role, scope)) continue;
        for (const id of await scopeIds(scope)) expect({ viewer, id, visible: canViewCustomer(viewer, f(id)) }).toEqual({ viewer, id, visible: true });
      }
    }
    // The generated company exercises every branch: someone sees a pool customer, someone does not.
    const seen = viewers.map((v) => customerIds.filter((id) => canViewCustomer(v, facts.get(id)!.facts)).length);
    expect(Math.min(...seen)).toBeLessThan(Math.max(...seen));
  });
});
