import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('follow-up reminders job', () => {
  let app: TestApp;
  let repA: string;
  let boss: string;
  beforeAll(async () => {
    app = await startTestApp();
    [repA, boss] = await Promise.all([app.tokenFor('repA'), app.tokenFor('boss')]);
  });
  afterAll(async () => { await app?.close(); });

  const queued = (customerId: string) => app.runtime.db.manager.query(
    "SELECT dedupe_key, payload FROM outbox_messages WHERE kind = 'follow-up-due' AND customer_id = ? ORDER BY id", [customerId]);

  it('should remind key customers the day before and on the day, others only on the day, from the latest plan', async () => {
    app.clock.set(TEST_NOW);
    const key = (await app.request('POST', '/api/customers', { token: repA, body: { name: '重点提醒有限公司' } })).body;
    expect((await app.request('PATCH', `/api/customers/${key.id}`, { token: boss, body: { level: 'key', reason: '年度大客户' } })).status).toBe(200);
    const normal = (await app.request('POST', '/api/customers', { token: repA, body: { name: '普通提醒有限公司', level: 'B' } })).body;
    const superseded = (await app.request('POST', '/api/customers', { token: repA, body: { name: '计划已变有限公司' } })).body;
    for (const c of [key, normal, superseded]) {
      await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '约了下周四再聊', nextFollowUpAt: '2026-03-05' } });
    }
    // A newer follow-up without a plan replaces the old plan.
    await app.request('POST', `/api/customers/${superseded.id}/follow-ups`, { token: repA, body: { type: 'wechat', content: '客户说先不用约了' } });

    app.clock.set(sh('2026-03-04T08:20:00'));
    await app.request('POST', '/sim/api/jobs/follow-up-reminders/run');
    expect((await queued(key.id)).map((r: any) => JSON.parse(r.payload).tier)).toEqual(['day-before']);
    expect(await queued(normal.id)).toHaveLength(0);

    app.clock.set(sh('2026-03-05T08:20:00'));
    const summary = (await app.request('POST', '/sim/api/jobs/follow-up-reminders/run')).body;
    expect(summary.job).toBe('follow-up-reminders');
    expect((await queued(key.id)).map((r: any) => JSON.parse(r.payload).tier)).toEqual(['day-before', 'on-the-day']);
    expect((await queued(normal.id)).map((r: any) => JSON.parse(r.payload).tier)).toEqual(['on-the-day']);
    expect(await queued(superseded.id)).toHaveLength(0);

    // Rerunning the same morning queues nothing new.
    expect((await app.request('POST', '/sim/api/jobs/follow-up-reminders/run')).body.affected).toBe(0);

    const home = await app.request('GET', '/api/home/cards', { token: repA });
    expect(home.body.dueToday.map((d: any) => d.customerId).sort()).toEqual([key.id, normal.id].sort());
  });
});
