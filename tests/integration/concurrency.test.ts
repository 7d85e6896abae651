import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../entities/user.entity.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Writers racing on one customer or one key (MariaDB: deadlocks and lost uniqueness showed up
 * as 500s and duplicate records). Every answer must be a deliberate 2xx/4xx.
 */
describe('concurrent writes', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let mgrEast: string;
  let boss: string;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, mgrEast, boss] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB'), app.tokenFor('mgrEast'), app.tokenFor('boss')]);
    const pools = await app.request('GET', '/api/pools', { token: boss });
    await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 1000, dailyClaimLimit: 1000 } });
  });
  afterAll(async () => { await app?.close(); });

  const makeReps = (n: number, prefix: string) => app.runtime.db.tx(async (em) => {
    const made: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await em.insert(User, { wecomUserId: `${prefix}${i}`, name: `${prefix}${i}`, role: 'rep', departmentId: 4, status: 'active', position: null, createdAt: app.clock.now() });
      made.push(Number(r.identifiers[0]!.id));
    }
    return made;
  });
  const login = async (userId: number) => (await app.request('POST', '/api/auth/dev', { body: { userId: String(userId) } })).body.token as string;

  it('should take 60 follow-ups written at once on one customer without a single 5xx', async () => {
    const c = (await app.request('POST', '/api/customers', { token: repA, body: { name: '六十并发跟进有限公司' } })).body;
    await app.request('POST', `/api/customers/${c.id}/followers`, { token: repA, body: { userId: String(app.users.repB) } });
    const writers = [repA, repB, mgrEast, boss];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => app.request('POST', `/api/customers/${c.id}/follow-ups`, {
      token: writers[i % writers.length], body: { type: 'call', content: `第${i}次电话` },
    })));
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.map((r) => r.status)).toEqual(Array(60).fill(201));
    const rows = await app.runtime.db.manager.query('SELECT COUNT(*) AS n FROM follow_ups WHERE customer_id = ?', [c.id]);
    expect(Number(rows[0].n)).toBe(60);
    // Co-follower notices went out in the same transactions: one per follow-up per other team member.
    const notices = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'co-follower' AND customer_id = ?", [c.id]);
    expect(Number(notices[0].n)).toBeGreaterThanOrEqual(30);
  });

  it('should survive follow-ups, edits, co-follower changes and a release racing on one customer', async () => {
    const c = (await app.request('POST', '/api/customers', { token: repA, body: { name: '混合并发有限公司' } })).body;
    const ops = Array.from({ length: 40 }, (_, i) => {
      if (i % 4 === 0) return app.request('PATCH', `/api/customers/${c.id}`, { token: repA, body: { industry: `行业${i}` } });
      if (i % 4 === 1) return app.request('POST', `/api/customers/${c.id}/followers`, { token: mgrEast, body: { userId: String(app.users.repB) } });
      if (i === 38) return app.request('POST', `/api/customers/${c.id}/release`, { token: repA, body: { reason: '并发测试释放' } });
      return app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'visit', content: `拜访${i}` } });
    });
    const results = await Promise.all(ops);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    for (const r of results) expect([200, 201, 403, 404, 409]).toContain(r.status);
  });

  it('should let exactly one of 50 reps create a customer with the same contact phone at once', async () => {
    const reps = await Promise.all((await makeReps(50, 'phone-racer')).map(login));
    const results = await Promise.all(reps.map((token, i) => app.request('POST', '/api/customers', {
      token, body: { name: `抢号公司${i}号`, contacts: [{ name: '同一个人', phone: i % 2 ? '+86 139-0000-7777' : '0086 13900007777' }] },
    })));
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'CUSTOMER_DUPLICATE')).toHaveLength(49);
    const made = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM customers WHERE name LIKE '抢号公司%'");
    expect(Number(made[0].n)).toBe(1);
  });

  it('should let exactly one of 50 reps create the same company under different spellings at once', async () => {
    const reps = await Promise.all((await makeReps(50, 'name-racer')).map(login));
    const spellings = ['恒通电力工程（佛山）有限公司', '佛山恒通电力工程有限公司', '恒通电力工程有限公司', '恒通\u200B电力工程有限公司'];
    const results = await Promise.all(reps.map((token, i) => app.request('POST', '/api/customers', { token, body: { name: spellings[i % spellings.length] } })));
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
  });
});
