import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The day counts the app shows come from the server's one business calendar: days until the
 * reclaim and whether it is urgent (the customer's pool's warning window), days since the last
 * follow-up, days in the pool, follow-ups' "today / yesterday", planned follow-ups "in n days".
 * The client counts no days, so these are checked where they are served.
 */
const sh = (local: string) => new Date(`${local}+08:00`);

async function setup(app: TestApp, warnDaysBefore: number) {
  const [repA, repB, boss] = await Promise.all((['repA', 'repB', 'boss'] as const).map((u) => app.tokenFor(u)));
  const pools = await app.request('GET', '/api/pools', { token: repA });
  const pool = pools.body.items[0];
  const rules = await app.request('PUT', `/api/pools/${pool.id}/rules`, { token: boss, body: { ...pool.rules, warnDaysBefore } });
  expect(rules.status).toBe(200);
  return { repA, repB, poolId: pool.id as string };
}

async function createCustomer(app: TestApp, token: string, name: string): Promise<string> {
  const res = await app.request('POST', '/api/customers', { token, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('business calendar fields in Asia/Shanghai', () => {
  let app: TestApp;
  let repA: string, repB: string, poolId: string;
  let urgentId: string, pooledId: string;

  beforeAll(async () => {
    app = await startTestApp(); // clock at 2026-03-02 10:00 Shanghai
    ({ repA, repB, poolId } = await setup(app, 5));
    // Created (and so claimed) on 2 March, never followed up: back in the pool at 00:00 on 18 March.
    urgentId = await createCustomer(app, repA, '五天预警有限公司');
    pooledId = await createCustomer(app, repB, '入池计数有限公司');
    expect((await app.request('POST', `/api/customers/${pooledId}/release`, { token: repB, body: { reason: '客户暂无预算' } })).status).toBe(200);
  });
  afterAll(async () => { await app?.close(); });

  const detail = async (id: string) => (await app.request('GET', `/api/customers/${id}`, { token: repA })).body;
  const listed = async (query: string) => (await app.request('GET', `/api/customers?scope=mine${query}`, { token: repA })).body.items as any[];

  it('should send /api/config with the business time zone when asked', async () => {
    const res = await app.request('GET', '/api/config');
    expect(res.body.tzBusiness).toBe('Asia/Shanghai');
  });

  it('should send /api/config with the server\'s now, which the simulator clock moves', async () => {
    const before = app.clock.now().getTime();
    const sent = Date.parse((await app.request('GET', '/api/config')).body.now);
    expect(sent).toBeGreaterThanOrEqual(before);
    expect(sent).toBeLessThan(before + 5_000);
    app.clock.advance(3 * 86_400_000);
    try {
      expect(Date.parse((await app.request('GET', '/api/config')).body.now)).toBeGreaterThanOrEqual(before + 3 * 86_400_000);
    } finally {
      app.clock.advance(-3 * 86_400_000);
    }
  });

  it('should count days since creation and days until the reclaim when nobody followed up yet', async () => {
    const c = await detail(urgentId);
    expect(c).toMatchObject({ reclaimAt: sh('2026-03-18T00:00:00').toISOString(), reclaimDaysLeft: 16, reclaimUrgent: false, daysSinceFollowUp: 0, daysInPool: null });
  });

  it('should not be urgent 6 days ahead when the pool warns 5 days before', async () => {
    app.clock.set(sh('2026-03-12T23:59:59'));
    expect(await detail(urgentId)).toMatchObject({ reclaimDaysLeft: 6, reclaimUrgent: false, daysSinceFollowUp: 10 });
    expect((await listed('')).find((c) => c.id === urgentId)).toMatchObject({ reclaimDaysLeft: 6, reclaimUrgent: false });
    expect((await listed('&soon=true')).map((c) => c.id)).not.toContain(urgentId);
  });

  it('should make a customer urgent 5 days ahead when the pool warns 5 days before, on every endpoint', async () => {
    app.clock.set(sh('2026-03-13T00:00:00'));
    const expected = { reclaimDaysLeft: 5, reclaimUrgent: true, daysSinceFollowUp: 11 };
    expect(await detail(urgentId)).toMatchObject(expected);
    expect((await listed('')).find((c) => c.id === urgentId)).toMatchObject(expected);
    // "即将回收" lists exactly the urgent ones: the same window.
    expect((await listed('&soon=true')).find((c) => c.id === urgentId)).toMatchObject(expected);
    const home = await app.request('GET', '/api/home/cards', { token: repA });
    expect(home.body.soonReclaimed.find((c: any) => c.customerId === urgentId)).toMatchObject(expected);
  });

  it('should say 0 days left on the due day', async () => {
    app.clock.set(sh('2026-03-18T00:00:00'));
    expect(await detail(urgentId)).toMatchObject({ reclaimDaysLeft: 0, reclaimUrgent: true, daysSinceFollowUp: 16 });
  });

  it('should count days in the pool on the pool listing and the customer alike', async () => {
    const listing = await app.request('GET', `/api/pools/${poolId}/customers`, { token: repA });
    const row = listing.body.items.find((c: any) => c.id === pooledId);
    expect(row).toMatchObject({ daysInPool: 16, pool: { daysInPool: 16 }, reclaimDaysLeft: null, reclaimUrgent: false, daysSinceFollowUp: 16 });
    expect(await detail(pooledId)).toMatchObject({ daysInPool: 16 });
  });

  it('should count a follow-up as today until business midnight and as yesterday after it', async () => {
    app.clock.set(sh('2026-03-20T23:30:00'));
    const id = await createCustomer(app, repA, '跟进计日有限公司');
    const created = await app.request('POST', `/api/customers/${id}/follow-ups`, { token: repA, body: { type: 'call', content: '约了下周拜访', nextFollowUpInDays: 1 } });
    expect(created.status).toBe(201);
    // "明天" late in the evening is the next business day at 09:00, not 24 hours later.
    expect(created.body).toMatchObject({ daysAgo: 0, thisYear: true, nextFollowUpAt: sh('2026-03-21T09:00:00').toISOString() });
    expect(await detail(id)).toMatchObject({ daysSinceFollowUp: 0 });

    app.clock.set(sh('2026-03-21T00:00:00'));
    const timeline = await app.request('GET', `/api/customers/${id}/follow-ups`, { token: repA });
    expect(timeline.body.items[0]).toMatchObject({ daysAgo: 1, thisYear: true });
    expect(await detail(id)).toMatchObject({ daysSinceFollowUp: 1 });
  });

  it('should refuse a planned follow-up given both as a date and as days with 400', async () => {
    const id = await createCustomer(app, repA, '计划冲突有限公司');
    const res = await app.request('POST', `/api/customers/${id}/follow-ups`, {
      token: repA, body: { type: 'call', content: '再联系', nextFollowUpInDays: 3, nextFollowUpAt: '2026-04-01' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '下次跟进天数：不能与下次跟进时间同时填写' });
    for (const days of [0, 367, 1.5, '3']) {
      const bad = await app.request('POST', `/api/customers/${id}/follow-ups`, { token: repA, body: { type: 'call', content: '再联系', nextFollowUpInDays: days } });
      expect(bad.status).toBe(400);
    }
    const timeline = await app.request('GET', `/api/customers/${id}/follow-ups`, { token: repA });
    expect(timeline.body.items).toEqual([]);
  });

  it('should leave the year out only for follow-ups of the current business year', async () => {
    app.clock.set(sh('2027-01-01T00:30:00'));
    const id = await createCustomer(app, repA, '跨年计日有限公司');
    // Back-dated to the last evening of 2026: yesterday, and last year.
    const res = await app.request('POST', `/api/customers/${id}/follow-ups`, { token: repA, body: { type: 'visit', content: '年末拜访', at: '2026-12-31T20:00:00+08:00' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ daysAgo: 1, thisYear: false });
  });
});

describe('business calendar fields in America/Los_Angeles', () => {
  let app: TestApp;
  let repA: string;
  let id: string;
  const la = (local: string, offset: '-08:00' | '-07:00') => new Date(`${local}${offset}`);

  beforeAll(async () => {
    app = await startTestApp({ env: { TZ_BUSINESS: 'America/Los_Angeles' } }); // 2026-03-01 18:00 in Los Angeles
    ({ repA } = await setup(app, 5));
    id = await createCustomer(app, repA, '洛杉矶时区有限公司');
  });
  afterAll(async () => { await app?.close(); });

  const detail = async () => (await app.request('GET', `/api/customers/${id}`, { token: repA })).body;

  it('should send /api/config with the configured time zone when it is not Shanghai', async () => {
    expect((await app.request('GET', '/api/config')).body.tzBusiness).toBe('America/Los_Angeles');
  });

  it('should count Los Angeles days across the change to daylight saving time', async () => {
    // Claimed on 1 March (Los Angeles): back at 00:00 on 17 March, which is already daylight saving time.
    expect(await detail()).toMatchObject({ reclaimAt: la('2026-03-17T00:00:00', '-07:00').toISOString(), reclaimDaysLeft: 16, daysSinceFollowUp: 0 });
    // 15:00 on 12 March in Shanghai, still the evening of the 11th in Los Angeles.
    app.clock.set(la('2026-03-11T23:59:59', '-07:00'));
    expect(await detail()).toMatchObject({ reclaimDaysLeft: 6, reclaimUrgent: false, daysSinceFollowUp: 10 });
    app.clock.set(la('2026-03-12T00:00:00', '-07:00'));
    expect(await detail()).toMatchObject({ reclaimDaysLeft: 5, reclaimUrgent: true, daysSinceFollowUp: 11 });
    const soon = await app.request('GET', '/api/customers?scope=mine&soon=true', { token: repA });
    expect(soon.body.items.map((c: any) => c.id)).toContain(id);
  });

  it('should plan "tomorrow" at 09:00 Los Angeles time when the follow-up is written late in the evening', async () => {
    app.clock.set(la('2026-03-12T23:30:00', '-07:00'));
    const res = await app.request('POST', `/api/customers/${id}/follow-ups`, { token: repA, body: { type: 'call', content: '晚间回电', nextFollowUpInDays: 1 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ daysAgo: 0, nextFollowUpAt: la('2026-03-13T09:00:00', '-07:00').toISOString() });
  });
});
