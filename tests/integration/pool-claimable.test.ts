import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/** The pool list says, per customer, whether the caller's 领取 would succeed, and if not why and until when. */
describe('pool claimable', () => {
  let app: TestApp;
  let repA: string, repB: string, boss: string;
  let poolId: string;
  let released: any;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, boss] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB'), app.tokenFor('boss')]);
    const pools = await app.request('GET', '/api/pools', { token: boss });
    poolId = pools.body.items[0].id;
    await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 2, claimCooldownDays: 7 } });
    app.clock.set(TEST_NOW);
    released = (await app.request('POST', '/api/customers', { token: repA, body: { name: '冷却测试有限公司' } })).body;
    expect((await app.request('POST', `/api/customers/${released.id}/release`, { token: repA, body: { reason: '客户无意向' } })).status).toBe(200);
  });
  afterAll(async () => { await app?.close(); });

  const rowOf = async (token: string) => {
    const res = await app.request('GET', `/api/pools/${poolId}/customers`, { token });
    expect(res.status).toBe(200);
    return res.body.items.find((c: any) => c.id === released.id);
  };

  it('should say 冷却至 and until when the caller released the customer within the cooldown', async () => {
    const row = await rowOf(repA);
    // Released on Monday 03-02: claimable again from 03-09 00:00 in Shanghai.
    expect(row.claimable).toEqual({ ok: false, code: 'POOL_CLAIM_COOLDOWN', reason: '冷却至 03-09', until: new Date('2026-03-09T00:00:00+08:00').toISOString() });
    expect((await app.request('POST', `/api/customers/${released.id}/claim`, { token: repA })).status).toBe(409);
  });

  it('should be claimable for a colleague until they reach the holding cap', async () => {
    expect((await rowOf(repB)).claimable).toEqual({ ok: true, code: null, reason: null, until: null });
    for (const name of ['持有一有限公司', '持有二有限公司']) await app.request('POST', '/api/customers', { token: repB, body: { name } });
    expect((await rowOf(repB)).claimable).toMatchObject({ ok: false, code: 'POOL_HOLDING_CAP', reason: '已达持有上限' });
    expect((await app.request('POST', `/api/customers/${released.id}/claim`, { token: repB })).status).toBe(409);
  });
});
