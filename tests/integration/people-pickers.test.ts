import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DEPARTMENTS, FIXTURE_USERS, type FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { isAssignable, isFollowerCandidate, type PickerCandidate } from '../../server/users/rules/pickable.ts';

/**
 * People pickers search and page on the server and offer only what the action behind them
 * accepts: GET /api/users?purpose=assign|follower&customerId=… against the pure rules, and
 * every offered person is then accepted by the action.
 */
describe('people pickers (GET /api/users)', () => {
  let app: TestApp;
  const tokens = {} as Record<FixtureUserKey, string>;
  let customerId: string;
  let candidates: PickerCandidate[];
  const pathOf = (departmentId: number) => FIXTURE_DEPARTMENTS.find((d) => d.id === departmentId)!.path;
  const idsOf = (items: Array<{ id: string }>) => items.map((u) => Number(u.id)).sort((a, b) => a - b);

  beforeAll(async () => {
    app = await startTestApp();
    for (const u of ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'] as const) tokens[u] = await app.tokenFor(u);
    const created = await app.request('POST', '/api/customers', { token: tokens.repA, body: { name: '选人测试有限公司' } });
    customerId = created.body.id;
    expect((await app.request('POST', `/api/customers/${customerId}/followers`, { token: tokens.repA, body: { userId: String(app.users.repC) } })).status).toBe(200);
    candidates = (Object.keys(FIXTURE_USERS) as FixtureUserKey[]).map((k) => {
      const u = FIXTURE_USERS[k];
      return { id: app.users[k], status: 'status' in u ? u.status : 'active', departmentPath: pathOf(u.departmentId) };
    });
  });
  afterAll(async () => { await app?.close(); });

  const customer = () => ({ ownerId: app.users.repA, followerIds: [app.users.repC] });
  const actorOf = (k: FixtureUserKey) => ({ id: app.users[k], role: FIXTURE_USERS[k].role, departmentPath: pathOf(FIXTURE_USERS[k].departmentId) });

  it.each(['boss', 'mgrEast'] as const)('should offer %s exactly the people the assign rule accepts (not the owner, not the departed)', async (who) => {
    const res = await app.request('GET', `/api/users?purpose=assign&customerId=${customerId}`, { token: tokens[who] });
    expect(res.status).toBe(200);
    const want = candidates.filter((c) => isAssignable(c, { actor: actorOf(who), customer: customer() })).map((c) => c.id).sort((a, b) => a - b);
    expect(idsOf(res.body.items)).toEqual(want);
    expect(res.body).toMatchObject({ total: want.length, page: 1, pageSize: 50 });
    expect(want).not.toContain(app.users.repA);
    expect(want).not.toContain(app.users.gone);
  });

  it('should have every offered assignee accepted by assign, and one not offered refused', async () => {
    const offered = await app.request('GET', `/api/users?purpose=assign&customerId=${customerId}`, { token: tokens.mgrEast });
    expect(idsOf(offered.body.items)).toEqual([app.users.mgrEast, app.users.repB].sort((a, b) => a - b));
    const refused = await app.request('POST', `/api/customers/${customerId}/assign`, { token: tokens.mgrEast, body: { userId: String(app.users.repC) } });
    expect(refused.status).toBe(400);
    const accepted = await app.request('POST', `/api/customers/${customerId}/assign`, { token: tokens.mgrEast, body: { userId: String(app.users.repB) } });
    expect(accepted.status).toBe(200);
    const back = await app.request('POST', `/api/customers/${customerId}/assign`, { token: tokens.mgrEast, body: { userId: String(app.users.repA) } });
    expect(back.status).toBe(200);
  });

  it('should offer as co-followers everyone active but the owner and the current co-followers', async () => {
    const res = await app.request('GET', `/api/users?purpose=follower&customerId=${customerId}`, { token: tokens.repA });
    expect(res.status).toBe(200);
    const want = candidates.filter((c) => isFollowerCandidate(c, { actor: actorOf('repA'), customer: customer() })).map((c) => c.id).sort((a, b) => a - b);
    expect(idsOf(res.body.items)).toEqual(want);
    for (const id of want) {
      const added = await app.request('POST', `/api/customers/${customerId}/followers`, { token: tokens.repA, body: { userId: String(id) } });
      expect(added.status).toBe(200);
      expect((await app.request('DELETE', `/api/customers/${customerId}/followers/${id}`, { token: tokens.repA })).status).toBe(204);
    }
  });

  it('should search by name on the server and page through a stable total', async () => {
    const res = await app.request('GET', `/api/users?q=${encodeURIComponent('王')}&purpose=follower&customerId=${customerId}`, { token: tokens.repA });
    expect(res.body.items.map((u: any) => u.name)).toEqual(['王经理']); // 王五 already co-follows
    const all = await app.request('GET', '/api/users', { token: tokens.repB });
    expect(all.body.total).toBe(6);
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const p = await app.request('GET', `/api/users?pageSize=2&page=${page}`, { token: tokens.repB });
      expect(p.body).toMatchObject({ total: 6, page, pageSize: 2 });
      pages.push(...p.body.items.map((u: any) => u.id));
    }
    expect(pages).toEqual(all.body.items.map((u: any) => u.id));
    const beyond = await app.request('GET', '/api/users?pageSize=2&page=9', { token: tokens.repB });
    expect(beyond.body).toMatchObject({ items: [], total: 6 });
    expect(all.body.items[0]).toEqual({ id: expect.any(String), wecomUserId: expect.any(String), name: expect.any(String), role: expect.any(String), departmentId: expect.any(String), departmentName: expect.any(String) });
  });

  it('should refuse what the action would refuse: a rep assigning (403), a co-follower adding followers (403), an invisible customer (404)', async () => {
    const rep = await app.request('GET', `/api/users?purpose=assign&customerId=${customerId}`, { token: tokens.repA });
    expect(rep.status).toBe(403);
    expect(rep.body.error.message).toBe('只有经理或管理员可以分配客户');
    expect((await app.request('GET', `/api/users?purpose=follower&customerId=${customerId}`, { token: tokens.repC })).status).toBe(403);
    expect((await app.request('GET', `/api/users?purpose=assign&customerId=${customerId}`, { token: tokens.mgrSouth })).status).toBe(404);
    expect((await app.request('GET', '/api/users?purpose=assign&customerId=999999', { token: tokens.boss })).status).toBe(404);
  });

  it.each([['pageSize=201'], ['pageSize=0'], ['page=0'], ['purpose=assign'], ['purpose=boss&customerId=1'], ['customerId=abc'], ['bogus=1']])(
    'should answer 400 with a Chinese message for %s', async (query) => {
      const res = await app.request('GET', `/api/users?${query}`, { token: tokens.boss });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.values(res.body.error.details.fields).join('')).toMatch(/[\u4e00-\u9fff]/);
    },
  );
});
