import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const sh = (local: string) => new Date(`${local}+08:00`);

interface Run { job: string; label: string; at: string; text: string; summary?: { affected: number }; error?: string }
interface Report {
  from: string; to: string; runs: Run[]; sent: number; elapsedMs: number;
  deliveries: Array<{ userid: string; name: string; count: number; cards: Array<{ at: string; title: string }> }>;
}
interface SimMessage { msgid: string; sentAt: string; template_card?: { main_title?: { title?: string } }; text?: { content: string } }

/**
 * `/sim` time travel: a week walked as production lives it. A rep's A-level customer enters its
 * warning window; the travel stops at every job's fire time and dispatches the outbox there, so
 * the warning reaches the rep at 09:10, the rep's manager gets the escalation digest at 09:15 the
 * next morning (the warning was ignored), and only then does the 00:05 sweep take the customer —
 * whose card waits for the end of the quiet hours.
 */
// A week is ~550 job runs and their deliveries: seconds on a quiet machine, more on a loaded CI one.
const TRAVEL_TIMEOUT = 120_000;

describe('simulator time travel', () => {
  let app: TestApp;
  let repA: string, boss: string;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, boss] = await Promise.all([app.tokenFor('repA'), app.tokenFor('boss')]);
  });
  afterAll(async () => { await app?.close(); });

  const chat = async (userId: string) => ((await app.request('GET', `/sim/api/messages?touser=${userId}`)).body.items as SimMessage[]).slice().reverse();
  const mentions = (m: SimMessage, text: string) => JSON.stringify(m).includes(text);
  const at = (iso: string) => Date.parse(iso);

  it('should warn the rep, escalate to the manager the next morning, and only then reclaim, in that order, when travelling a week', async () => {
    app.clock.set(TEST_NOW); // Monday 03-02 10:00: the customer is created (its anchor)
    const created = (await app.request('POST', '/api/customers', { token: repA, body: { name: '时间旅行有限公司' } })).body;
    expect((await app.request('PATCH', `/api/customers/${created.id}`, { token: boss, body: { level: 'A' } })).status).toBe(200);
    // Due 03-18 00:00 (15 days without a follow-up); warned from 03-15 (3 days before).
    app.clock.set(sh('2026-03-14T10:00:00'));

    const res = await app.request<Report>('POST', '/sim/api/clock/travel', { body: { days: 7 } });
    expect(res.status).toBe(200);
    const report = res.body;
    // The clock keeps running between requests: the travel starts where it stands and ends 7 days on.
    expect(at(report.from) - sh('2026-03-14T10:00:00').getTime()).toBeLessThan(1_000);
    expect(at(report.to) - at(report.from)).toBe(7 * 86_400_000);
    expect(Date.parse((await app.request('GET', '/sim/api/clock')).body.now)).toBeGreaterThanOrEqual(at(report.to));

    // Every run in time order, each daily job once a day, none failed.
    expect(report.runs.every((r, i) => i === 0 || at(r.at) >= at(report.runs[i - 1]!.at))).toBe(true);
    expect(report.runs.filter((r) => r.error)).toEqual([]);
    expect(report.runs.filter((r) => r.job === 'reclaim-warnings').map((r) => r.at)).toHaveLength(7);
    expect(report.runs.filter((r) => r.job === 'reclaim')).toHaveLength(7 * 24);
    const firstWith = (job: string) => report.runs.find((r) => r.job === job && (r.summary?.affected ?? 0) > 0)!;
    const warned = firstWith('reclaim-warnings');
    const escalated = firstWith('escalation');
    const reclaimed = firstWith('reclaim');
    expect(warned.at).toBe(sh('2026-03-15T09:10:00').toISOString());
    expect(warned.text).toBe('回收预警：1 条');
    expect(escalated.at).toBe(sh('2026-03-16T09:15:00').toISOString());
    expect(reclaimed.at).toBe(sh('2026-03-18T00:05:00').toISOString());

    // The rep's chat: the warning at 09:10 on 03-15, the reclaim card after the quiet hours on 03-18.
    const repChat = (await chat('zhangsan')).filter((m) => mentions(m, '时间旅行有限公司'));
    expect(repChat.length).toBeGreaterThanOrEqual(2);
    const [warning, ...later] = repChat;
    expect(at(warning!.sentAt)).toBeGreaterThanOrEqual(at(warned.at));
    expect(at(warning!.sentAt)).toBeLessThan(at(warned.at) + 60_000);
    const reclaimCard = later.find((m) => at(m.sentAt) >= at(reclaimed.at))!;
    expect(reclaimCard).toBeDefined();
    expect(at(reclaimCard.sentAt)).toBeGreaterThanOrEqual(sh('2026-03-18T08:00:00').getTime());
    expect(at(reclaimCard.sentAt)).toBeLessThan(sh('2026-03-18T08:01:00').getTime());

    // The manager's chat: the escalation digest the morning after the ignored warning, before the reclaim.
    const digests = (await chat('mgr.east')).filter((m) => m.template_card?.main_title?.title?.includes('重点客户即将回收'));
    expect(digests.length).toBeGreaterThanOrEqual(1);
    expect(digests[0]!.template_card!.main_title!.title).toBe('你的团队有 1 个重点客户即将回收');
    expect(mentions(digests[0]!, '时间旅行有限公司')).toBe(true);
    expect(at(digests[0]!.sentAt)).toBeGreaterThanOrEqual(at(escalated.at));
    expect(at(digests[0]!.sentAt)).toBeLessThan(at(escalated.at) + 60_000);
    expect(at(warning!.sentAt)).toBeLessThan(at(digests[0]!.sentAt));
    expect(at(digests.at(-1)!.sentAt)).toBeLessThan(at(reclaimed.at));

    // The customer is in the pool now, and the report lists what each member got.
    const [row] = await app.runtime.db.manager.query('SELECT owner_id FROM customers WHERE id = ?', [Number(created.id)]);
    expect(row.owner_id).toBeNull();
    const manager = report.deliveries.find((d) => d.userid === 'mgr.east')!;
    expect(manager.name).toBe('王经理');
    expect(manager.cards.map((c) => c.title)).toContain('你的团队有 1 个重点客户即将回收');
    expect(report.deliveries.find((d) => d.userid === 'zhangsan')!.count).toBe(repChat.length);
  }, TRAVEL_TIMEOUT);

  it('should refuse a second travel and any clock change while one runs, and never send the clock back', async () => {
    const before = Date.parse((await app.request('GET', '/sim/api/clock')).body.now);
    const first = app.request<Report>('POST', '/sim/api/clock/travel', { body: { days: 3 } });
    let progress: any;
    for (let i = 0; i < 200; i++) {
      progress = (await app.request('GET', '/sim/api/clock/travel')).body;
      if (progress.running) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(progress).toMatchObject({ running: true });
    expect(progress.steps).toBeGreaterThan(0);

    const second = await app.request('POST', '/sim/api/clock/travel', { body: { days: 1 } });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'TRAVEL_IN_PROGRESS', message: '正在进行时间旅行，请等它结束后再操作时钟' });
    const back = await app.request('POST', '/sim/api/clock', { body: { now: TEST_NOW.toISOString() } });
    expect(back.status).toBe(409);

    const done = await first;
    expect(done.status).toBe(200);
    expect(Date.parse(done.body.to) - Date.parse(done.body.from)).toBe(3 * 86_400_000);
    expect(Date.parse(done.body.from)).toBeGreaterThanOrEqual(before);
    expect(Date.parse((await app.request('GET', '/sim/api/clock')).body.now)).toBeGreaterThanOrEqual(Date.parse(done.body.to));
    expect((await app.request('GET', '/sim/api/clock/travel')).body).toEqual({ running: false });
    // The plain jump still works once the travel is over.
    expect((await app.request('POST', '/sim/api/clock', { body: { advanceDays: 1 } })).status).toBe(200);
  }, TRAVEL_TIMEOUT);

  it('should answer a clear 400 for a travel too long, backwards or malformed, and move nothing', async () => {
    const before = Date.parse((await app.request('GET', '/sim/api/clock')).body.now);
    const tooFar = await app.request('POST', '/sim/api/clock/travel', { body: { days: 32 } });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '一次时间旅行最多 31 天，请分几次前进' });
    const backwards = await app.request('POST', '/sim/api/clock/travel', { body: { to: new Date(before - 3_600_000).toISOString() } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toBe('时间旅行只能向前：目标时间必须晚于当前模拟时间');
    for (const body of [{}, { days: 1, to: new Date(before + 86_400_000).toISOString() }, { days: 0 }, { days: 'seven' }, { to: 'tomorrow' }]) {
      const bad = await app.request('POST', '/sim/api/clock/travel', { body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
    const now = Date.parse((await app.request('GET', '/sim/api/clock')).body.now);
    expect(now - before).toBeLessThan(5_000);
  });
});
