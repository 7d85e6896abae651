import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

describe('follow-ups API', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let repC: string;
  let customerId: string;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, repC] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB'), app.tokenFor('repC')]);
    const res = await app.request('POST', '/api/customers', { token: repA, body: { name: '跟进测试有限公司' } });
    customerId = res.body.id;
  });
  afterAll(async () => { await app?.close(); });

  const post = (token: string, body: Record<string, unknown>, id = customerId) =>
    app.request('POST', `/api/customers/${id}/follow-ups`, { token, body });

  it('should record a follow-up now, move lastFollowUpAt and take a lead to contacted', async () => {
    const res = await post(repA, { type: 'call', content: '电话沟通了报价，客户希望下周看演示', nextFollowUpAt: '2026-03-09' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      customerId, type: 'call', content: '电话沟通了报价，客户希望下周看演示', checkIn: null,
      author: { id: String(app.users.repA), name: '张三' },
      // a plain date means 09:00 business time (Asia/Shanghai)
      nextFollowUpAt: '2026-03-09T01:00:00.000Z',
    });
    expect(Math.abs(new Date(res.body.at).getTime() - TEST_NOW.getTime())).toBeLessThan(60_000);
    const customer = await app.request('GET', `/api/customers/${customerId}`, { token: repA });
    expect(customer.body.lastFollowUpAt).toBe(res.body.at);
    expect(customer.body.stage).toBe('contacted');
  });

  it('should keep lastFollowUpAt when a back-dated follow-up is added', async () => {
    const before = await app.request('GET', `/api/customers/${customerId}`, { token: repA });
    const res = await post(repA, { type: 'visit', content: '补录上周拜访', at: '2026-02-20T03:00:00Z', checkIn: { lat: 31.23, lng: 121.47, address: '上海市黄浦区' } });
    expect(res.status).toBe(201);
    expect(res.body.checkIn).toEqual({ lat: 31.23, lng: 121.47, address: '上海市黄浦区' });
    const after = await app.request('GET', `/api/customers/${customerId}`, { token: repA });
    expect(after.body.lastFollowUpAt).toBe(before.body.lastFollowUpAt);
  });

  it.each([
    [{ type: 'fax', content: 'x' }, 'type'],
    [{ type: 'call', content: '' }, 'content'],
    [{ type: 'call', content: 'x'.repeat(2001) }, 'content'],
    [{ type: 'call', content: 'x', at: 'yesterday' }, 'at'],
    [{ type: 'call', content: 'x', at: '2026-03-05T00:00:00Z' }, 'at'],
    [{ type: 'call', content: 'x', at: '2026-03-01T00:00:00Z', nextFollowUpAt: '2026-02-28T00:00:00Z' }, 'nextFollowUpAt'],
    [{ type: 'call', content: 'x', checkIn: { lat: 91, lng: 0, address: 'x' } }, 'checkIn.lat'],
    [{ type: 'call', content: 'x', mood: 'good' }, '_'],
    // Values MariaDB refuses (year 10000 in UTC, impossible days) and text it cannot store.
    [{ type: 'call', content: 'x', nextFollowUpAt: '9999-12-31T23:00:00-05:00' }, 'nextFollowUpAt'],
    [{ type: 'call', content: 'x', nextFollowUpAt: '2026-02-30' }, 'nextFollowUpAt'],
    [{ type: 'call', content: 'x', at: '2026-02-30T09:00:00+08:00' }, 'at'],
    [{ type: 'call', content: 'a\u0000b' }, 'content'],
    [{ type: 'call', content: 'a\ud800b' }, 'content'],
    [{ type: 'call', content: 'x', checkIn: { lat: 0, lng: 0, address: '😀'.repeat(256) } }, 'checkIn.address'],
  ])('should answer 400 for %j', async (body, field) => {
    const res = await post(repA, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.message).not.toMatch(/expected|invalid|too (small|big)/i);
  });

  it('should let a co-follower log a follow-up and show the whole history newest first', async () => {
    await app.request('POST', `/api/customers/${customerId}/followers`, { token: repA, body: { userId: String(app.users.repB) } });
    const res = await post(repB, { type: 'wechat', content: '售后回访，客户满意' });
    expect(res.status).toBe(201);
    const list = await app.request('GET', `/api/customers/${customerId}/follow-ups`, { token: repA });
    expect(list.status).toBe(200);
    const ats = list.body.items.map((f: any) => f.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(list.body.items.map((f: any) => f.author.name)).toEqual(expect.arrayContaining(['张三', '李四']));
    expect(list.body.items).toHaveLength(3);
  });

  it('should answer 404 to someone who cannot see the customer, for reading and writing', async () => {
    expect((await post(repC, { type: 'call', content: '越权' })).status).toBe(404);
    expect((await app.request('GET', `/api/customers/${customerId}/follow-ups`, { token: repC })).status).toBe(404);
    expect((await post(repA, { type: 'call', content: 'x' }, '999999')).status).toBe(404);
  });

  it('should refuse a follow-up on a pool customer until it is claimed', async () => {
    const created = await app.request('POST', '/api/customers', { token: repA, body: { name: '公海客户有限公司' } });
    await app.runtime.db.manager.query('UPDATE customers SET owner_id = NULL, pool_id = 1 WHERE id = ?', [created.body.id]);
    const res = await post(repC, { type: 'call', content: '想跟进' }, created.body.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CUSTOMER_IN_POOL');
    const history = await app.request('GET', `/api/customers/${created.body.id}/follow-ups`, { token: repC });
    expect(history.status).toBe(200);
  });
});
