import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * The morning escalation, driven as in the demo: a reclaim warning goes out and is delivered,
 * the rep does nothing (or follows up), the next morning's `escalation` job runs and the
 * manager's /sim chat has (or has not) the team digest.
 */
describe('escalation', () => {
  let app: TestApp;
  let repA: string, repB: string, boss: string, mgrEast: string;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, boss, mgrEast] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB'), app.tokenFor('boss'), app.tokenFor('mgrEast')]);
    const pools = await app.request('GET', '/api/pools', { token: boss });
    await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 500, dailyClaimLimit: 500 } });
  });
  afterAll(async () => { await app?.close(); });
  beforeEach(async () => {
    await app.request('DELETE', '/sim/api/messages');
    await app.runtime.db.manager.query("UPDATE outbox_messages SET status = 'cancelled' WHERE status IN ('pending', 'sending')");
    await app.runtime.db.manager.query("DELETE FROM outbox_messages WHERE kind IN ('reclaim-warning', 'escalation-digest')");
    // Earlier tests' customers are warned again on the same days: a level that never escalates keeps them out.
    await app.runtime.db.manager.query("UPDATE customers SET level = 'C'");
    expect((await app.request('PUT', '/api/escalation-settings', { token: boss, body: { enabled: true, levels: ['key', 'A'] } })).status).toBe(200);
  });

  const at = (when: Date) => app.clock.set(when);
  const runJob = async (name: string) => (await app.request('POST', `/sim/api/jobs/${name}/run`)).body;
  const deliver = () => app.runtime.dispatcher.drain();
  const chat = async (userId: string) => (await app.request('GET', `/sim/api/messages?touser=${userId}`)).body.items as any[];
  const digests = async (userId: string) => (await chat(userId)).filter((m) => m.template_card?.main_title?.title?.includes('重点客户即将回收'));
  const create = async (token: string, name: string, level?: string) => {
    const created = (await app.request('POST', '/api/customers', { token, body: { name } })).body;
    if (level) expect((await app.request('PATCH', `/api/customers/${created.id}`, { token: boss, body: { level } })).status).toBe(200);
    return created;
  };
  /** Customers created on 03-02; their warnings are delivered on 03-15 at 09:10. */
  const warnedOn0315 = async (list: Array<[string, string, string?]>) => {
    at(TEST_NOW);
    const made = [];
    for (const [token, name, level] of list) made.push(await create(token, name, level));
    at(sh('2026-03-15T09:10:00'));
    await runJob('reclaim-warnings');
    await deliver();
    return made;
  };

  it('should put the digest in the manager\'s chat the morning after an A customer\'s warning is ignored', async () => {
    const [ignored, minor] = await warnedOn0315([[repA, '无人跟进有限公司', 'A'], [repB, '普通等级有限公司']]);
    expect((await chat('zhangsan')).some((m) => JSON.stringify(m).includes('无人跟进有限公司'))).toBe(true);
    at(sh('2026-03-16T09:15:00'));
    const summary = await runJob('escalation');
    expect(summary).toMatchObject({ job: 'escalation', affected: 1, customers: 1 });
    const rows = await app.runtime.db.manager.query("SELECT to_user, payload FROM outbox_messages WHERE kind = 'escalation-digest'");
    expect(rows.map((r: any) => r.to_user)).toEqual(['mgr.east']);
    const payload = JSON.parse(rows[0].payload);
    expect(payload.rows.map((r: any) => r.customerId)).toEqual([String(ignored.id)]);
    expect(payload.rows.map((r: any) => r.customerId)).not.toContain(String(minor.id));
    await deliver();
    const [card] = await digests('mgr.east');
    expect(card.template_card.main_title.title).toBe('你的团队有 1 个重点客户即将回收');
    expect(JSON.stringify(card.template_card)).toContain('无人跟进有限公司');
    expect(card.template_card.jump_list[0].url).toContain('soon=true');
    // The rep's own manager only; one card per manager per day however often the job runs.
    expect(await digests('mgr.south')).toEqual([]);
    expect((await runJob('escalation')).affected).toBe(0);
    // The manager sees the customer in the team list filtered to soon-reclaimed.
    const team = await app.request('GET', '/api/customers?scope=team&soon=true', { token: mgrEast });
    expect(team.status).toBe(200);
    expect(team.body.items.map((c: any) => c.id)).toContain(ignored.id);
  });

  it('should not escalate when the rep followed the customer up after the warning', async () => {
    const [c] = await warnedOn0315([[repA, '已经跟进有限公司', 'A']]);
    at(sh('2026-03-15T15:00:00'));
    expect((await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '收到预警后联系了客户' } })).status).toBe(201);
    at(sh('2026-03-16T09:15:00'));
    expect(await runJob('escalation')).toMatchObject({ customers: 0, affected: 0 });
    await deliver();
    expect(await digests('mgr.east')).toEqual([]);
  });

  it('should send nothing when an admin turns escalation off, and only admins may change it', async () => {
    await warnedOn0315([[repA, '关闭升级有限公司', 'A']]);
    expect((await app.request('PUT', '/api/escalation-settings', { token: mgrEast, body: { enabled: false, levels: [] } })).status).toBe(403);
    expect((await app.request('GET', '/api/escalation-settings', { token: repA })).status).toBe(403);
    const bad = await app.request('PUT', '/api/escalation-settings', { token: boss, body: { enabled: 'no', levels: ['X'] } });
    expect(bad.status).toBe(400);
    const off = { enabled: false, levels: ['A'], graceDays: 1, dueWithinDays: null };
    expect((await app.request('PUT', '/api/escalation-settings', { token: boss, body: off })).body).toEqual(off);
    expect((await app.request('GET', '/api/escalation-settings', { token: boss })).body).toEqual(off);
    at(sh('2026-03-16T09:15:00'));
    expect(await runJob('escalation')).toMatchObject({ enabled: false, affected: 0 });
  });

  const settings = async (body: object) =>
    expect((await app.request('PUT', '/api/escalation-settings', { token: boss, body: { enabled: true, levels: ['key', 'A'], ...body } })).status).toBe(200);

  it('should escalate the levels the admin chose, B included when chosen', async () => {
    const [b] = await warnedOn0315([[repA, '乙级升级有限公司', 'B']]);
    at(sh('2026-03-16T09:15:00'));
    expect(await runJob('escalation')).toMatchObject({ customers: 0, affected: 0 });
    await app.runtime.db.manager.query("DELETE FROM outbox_messages WHERE kind = 'escalation-digest'");
    await settings({ levels: ['B'] });
    expect(await runJob('escalation')).toMatchObject({ customers: 1, affected: 1 });
    const [row] = await app.runtime.db.manager.query("SELECT payload FROM outbox_messages WHERE kind = 'escalation-digest'");
    expect(JSON.parse(row.payload).rows.map((r: any) => r.customerId)).toEqual([String(b.id)]);
  });

  it('should give the rep graceDays business days before the manager hears', async () => {
    await settings({ graceDays: 2 });
    const [c] = await warnedOn0315([[repA, '宽限两天有限公司', 'A']]);
    const [warning] = await app.runtime.db.manager.query("SELECT payload FROM outbox_messages WHERE kind = 'reclaim-warning' AND customer_id = ?", [c.id]);
    const dueAt = new Date(JSON.parse(warning.payload).dueAt);
    // The fixture pool warns early enough that the customer is still not due two mornings later.
    expect(dueAt.getTime()).toBeGreaterThan(sh('2026-03-17T09:15:00').getTime());
    at(sh('2026-03-16T09:15:00'));
    expect(await runJob('escalation')).toMatchObject({ customers: 0, affected: 0 });
    at(sh('2026-03-17T09:15:00'));
    expect(await runJob('escalation')).toMatchObject({ customers: 1, affected: 1 });
    await deliver();
    expect((await digests('mgr.east')).map((m) => JSON.stringify(m.template_card).includes('宽限两天有限公司'))).toEqual([true]);
  });

  it('should escalate only customers due within dueWithinDays when the admin sets it', async () => {
    const [c] = await warnedOn0315([[repA, '临近回收有限公司', 'A']]);
    const [warning] = await app.runtime.db.manager.query("SELECT payload FROM outbox_messages WHERE kind = 'reclaim-warning' AND customer_id = ?", [c.id]);
    const morning = sh('2026-03-16T09:15:00');
    const daysLeft = Math.ceil((new Date(JSON.parse(warning.payload).dueAt).getTime() - morning.getTime()) / 86_400_000);
    expect(daysLeft).toBeGreaterThanOrEqual(2);
    at(morning);
    await settings({ dueWithinDays: daysLeft - 1 });
    expect(await runJob('escalation')).toMatchObject({ customers: 0, affected: 0 });
    await settings({ dueWithinDays: daysLeft });
    expect(await runJob('escalation')).toMatchObject({ customers: 1, affected: 1 });
  });
});
