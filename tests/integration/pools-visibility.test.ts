import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Department pools. Departments: boss /1/, mgrEast /1/2/, mgrSouth /1/3/, repA and repB
 * /1/2/4/, repC /1/3/. Besides the company pool at /1/,华东一组 (/1/2/4/) and 华南 (/1/3/) get
 * pools of their own: a customer released by repA sits in the 华东一组 pool, one released by
 * repC in the 华南 pool. Pool customers are visible to the pool's members, the managers above
 * them and admins — nobody else — and what a caller cannot see is 404 before any other check.
 */
const USERS: FixtureUserKey[] = ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'];
const SEES: Record<'east' | 'south' | 'company', Record<string, boolean>> = {
  east: { boss: true, mgrEast: true, mgrSouth: false, repA: true, repB: true, repC: false },
  south: { boss: true, mgrEast: false, mgrSouth: true, repA: false, repB: false, repC: true },
  company: { boss: true, mgrEast: true, mgrSouth: true, repA: true, repB: true, repC: true },
};

describe('department pools: visibility and the existence oracle', () => {
  let app: TestApp;
  const tokens = {} as Record<FixtureUserKey, string>;
  const pools = {} as Record<'east' | 'south' | 'company', string>;
  const customers = {} as Record<'east' | 'south' | 'company' | 'ownedA' | 'ownedC', string>;

  const create = async (who: FixtureUserKey, name: string) => {
    const res = await app.request('POST', '/api/customers', { token: tokens[who], body: { name, contacts: [{ name: '联系人', phone: `1390000${String(Object.keys(customers).length).padStart(4, '0')}` }] } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    app = await startTestApp();
    for (const u of USERS) tokens[u] = await app.tokenFor(u);
    pools.company = (await app.request('GET', '/api/pools', { token: tokens.boss })).body.items[0].id;
    const rules = (await app.request('GET', '/api/pools', { token: tokens.boss })).body.items[0].rules;
    // repA owns a customer before 华东一组 gets its pool: it moves to the new pool with its owner.
    customers.ownedA = await create('repA', '华东老客户有限公司');
    const east = await app.request('POST', '/api/pools', { token: tokens.boss, body: { name: '华东一组公海', departmentId: '4', rules } });
    expect(east.status).toBe(201);
    pools.east = east.body.id;
    const south = await app.request('POST', '/api/pools', { token: tokens.boss, body: { name: '华南公海', departmentId: 3, rules } });
    expect(south.status).toBe(201);
    pools.south = south.body.id;
    customers.ownedC = await create('repC', '华南在管客户有限公司');
    customers.east = await create('repA', '华东公海客户有限公司');
    customers.south = await create('repC', '华南公海客户有限公司');
    customers.company = await create('mgrEast', '公司公海客户有限公司');
    await app.request('POST', `/api/customers/${customers.east}/release`, { token: tokens.repA, body: { reason: '暂无需求' } });
    await app.request('POST', `/api/customers/${customers.south}/release`, { token: tokens.repC, body: { reason: '暂无需求' } });
    // mgrEast sits at /1/2/, whose nearest pool is the company pool.
    await app.request('POST', `/api/customers/${customers.company}/release`, { token: tokens.mgrEast, body: { reason: '暂无需求' } });
  });
  afterAll(async () => { await app?.close(); });

  it('should put released customers in the pool of the owner\'s nearest department and move owned ones to a new pool', async () => {
    const homes = await app.runtime.db.manager.query('SELECT id, pool_id, owner_id FROM customers WHERE id IN (?, ?, ?, ?)', [customers.east, customers.south, customers.company, customers.ownedA]);
    const poolOf = (id: string) => String(homes.find((h: any) => String(h.id) === id).pool_id);
    expect([poolOf(customers.east), poolOf(customers.south), poolOf(customers.company), poolOf(customers.ownedA)])
      .toEqual([pools.east, pools.south, pools.company, pools.east]);
  });

  it('should refuse a second pool for one department and pools from non-admins', async () => {
    const again = await app.request('POST', '/api/pools', { token: tokens.boss, body: { name: '重复', departmentId: 3, rules: (await app.request('GET', '/api/pools', { token: tokens.boss })).body.items[0].rules } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'POOL_EXISTS', message: '「华南」已有公海，每个部门只能有一个公海' });
    expect((await app.request('POST', '/api/pools', { token: tokens.mgrSouth, body: { name: 'x', departmentId: 3, rules: {} } })).status).toBe(403);
    const missing = await app.request('POST', '/api/pools', { token: tokens.boss, body: { name: '无部门', departmentId: 999, rules: (await app.request('GET', '/api/pools', { token: tokens.boss })).body.items[0].rules } });
    expect(missing.status).toBe(400);
  });

  it.each(USERS)('should list for %s exactly the pools they see, and say where they may claim', async (user) => {
    const res = await app.request('GET', '/api/pools', { token: tokens[user] });
    const seen = res.body.items.map((p: any) => p.id).sort();
    const want = (['company', 'east', 'south'] as const).filter((k) => SEES[k][user]).map((k) => pools[k]).sort();
    expect(seen).toEqual(want);
    const east = res.body.items.find((p: any) => p.id === pools.east);
    if (east) expect(east.member).toBe(user === 'repA' || user === 'repB');
  });

  const reads = (id: string) => [`/api/customers/${id}`, `/api/customers/${id}/follow-ups`, `/api/customers/${id}/history`, `/api/customers/${id}/level-requests`];

  it.each(USERS.flatMap((u) => (['east', 'south', 'company'] as const).map((k) => [u, k] as const)))(
    'should give %s the %s pool customer only when they see the pool', async (user, key) => {
      const token = tokens[user];
      const sees = SEES[key][user];
      for (const path of reads(customers[key])) expect((await app.request('GET', path, { token })).status, path).toBe(sees ? 200 : 404);
      const listing = await app.request('GET', `/api/pools/${pools[key]}/customers?pageSize=100`, { token });
      expect(listing.status).toBe(sees ? 200 : 404);
      if (sees) expect(listing.body.items.map((c: any) => c.id)).toContain(customers[key]);
    });

  /** Every id-taking endpoint with a body, valid and invalid: a hidden customer is 404 whatever else is wrong. */
  const writes = (id: string, other: string): Array<[string, string, unknown]> => [
    ['PATCH', `/api/customers/${id}`, { source: 'x' }],
    ['PATCH', `/api/customers/${id}`, { level: 'nonsense', bogus: true }],
    ['POST', `/api/customers/${id}/follow-ups`, { type: 'call', content: '试探' }],
    ['POST', `/api/customers/${id}/follow-ups`, { type: 'telepathy', at: '2026-02-30' }],
    ['POST', `/api/customers/${id}/followers`, { userId: other }],
    ['POST', `/api/customers/${id}/followers`, {}],
    ['DELETE', `/api/customers/${id}/followers/${other}`, undefined],
    ['POST', `/api/customers/${id}/claim`, undefined],
    ['POST', `/api/customers/${id}/release`, { reason: '试探' }],
    ['POST', `/api/customers/${id}/release`, {}],
    ['POST', `/api/customers/${id}/assign`, { userId: other }],
    ['POST', `/api/customers/${id}/assign`, { userId: 'abc' }],
    ['POST', `/api/customers/${id}/reclaim`, { reason: '试探' }],
    ['POST', `/api/customers/${id}/reclaim`, {}],
    ['POST', `/api/customers/${id}/level-requests`, { level: 'key', reason: '试探' }],
    ['POST', `/api/customers/${id}/level-requests`, { level: 'S' }],
  ];

  it.each([
    ['repB', 'south'], ['repC', 'east'], ['mgrSouth', 'east'], ['mgrEast', 'south'], ['repB', 'ownedA'], ['repA', 'ownedC'], ['mgrEast', 'ownedC'],
  ] as const)('should answer %s 404 on every endpoint for the hidden customer %s, before any other check', async (user, key) => {
    for (const [method, path, body] of writes(customers[key], String(app.users.repB))) {
      const res = await app.request(method, path, { token: tokens[user], ...(body === undefined ? {} : { body }) });
      expect({ path, method, body, status: res.status, code: res.body?.error?.code }).toEqual({ path, method, body, status: 404, code: 'NOT_FOUND' });
    }
    // A customer that does not exist at all answers exactly the same.
    const missing = await app.request('POST', '/api/customers/987654/claim', { token: tokens[user] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe((await app.request('POST', `/api/customers/${customers[key]}/claim`, { token: tokens[user] })).body.error.message);
  });

  it('should keep another department\'s pool hidden on its own endpoints', async () => {
    const rules = (await app.request('GET', '/api/pools', { token: tokens.boss })).body.items[0].rules;
    for (const [user, key] of [['repA', 'south'], ['mgrSouth', 'east']] as const) {
      expect((await app.request('GET', `/api/pools/${pools[key]}/customers`, { token: tokens[user] })).status).toBe(404);
      expect((await app.request('PUT', `/api/pools/${pools[key]}/rules`, { token: tokens[user], body: rules })).status).toBe(404);
      expect((await app.request('PUT', `/api/pools/${pools[key]}/rules`, { token: tokens[user], body: { nonsense: 1 } })).status).toBe(404);
    }
    // A pool the caller sees but may not configure: 403.
    expect((await app.request('PUT', `/api/pools/${pools.east}/rules`, { token: tokens.repA, body: rules })).status).toBe(403);
  });

  it('should let only members claim: a manager above the pool sees it but assigns instead', async () => {
    const byManager = await app.request('POST', `/api/customers/${customers.east}/claim`, { token: tokens.mgrEast });
    expect(byManager.status).toBe(403);
    expect(byManager.body.error.code).toBe('POOL_NOT_MEMBER');
    const assigned = await app.request('POST', `/api/customers/${customers.east}/assign`, { token: tokens.mgrEast, body: { userId: String(app.users.repB) } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.ownerId).toBe(String(app.users.repB));
  });

  it('should hide the pool customers of other departments from searches and lists', async () => {
    for (const scope of ['mine', 'team'] as const) {
      const res = await app.request('GET', `/api/customers?scope=${scope}&q=${encodeURIComponent('华南公海客户')}`, { token: tokens.mgrEast });
      expect(res.body.items ?? []).toEqual([]);
    }
  });
});

describe('departments for the pool admin', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  it('should give admins the whole tree with each department\'s pool, managers their subtree, reps nothing', async () => {
    const boss = await app.request('GET', '/api/departments', { token: await app.tokenFor('boss') });
    expect(boss.body.items.map((d: any) => [d.name, d.poolId !== null])).toEqual([['总部', true], ['华东', false], ['华东一组', false], ['华南', false]]);
    const east = await app.request('GET', '/api/departments', { token: await app.tokenFor('mgrEast') });
    expect(east.body.items.map((d: any) => d.name)).toEqual(['华东', '华东一组']);
    expect((await app.request('GET', '/api/departments', { token: await app.tokenFor('repA') })).status).toBe(403);
  });
});
