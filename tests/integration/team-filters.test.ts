import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const sh = (local: string) => new Date(`${local}+08:00`);

/** The manager's team list: by owner (also one who left, badged), level, follow-up age. */
describe('team list filters', () => {
  let app: TestApp;
  let repA: string, boss: string, mgrEast: string;
  let fresh: any, stale: any, stranded: any;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, boss, mgrEast] = await Promise.all([app.tokenFor('repA'), app.tokenFor('boss'), app.tokenFor('mgrEast')]);
    const create = async (name: string) => (await app.request('POST', '/api/customers', { token: repA, body: { name } })).body;
    app.clock.set(TEST_NOW);
    stale = await create('久未跟进有限公司');
    stranded = await create('离职遗留有限公司');
    app.clock.set(sh('2026-03-10T10:00:00'));
    fresh = await create('刚刚跟进有限公司');
    await app.request('POST', `/api/customers/${fresh.id}/follow-ups`, { token: repA, body: { type: 'call', content: '联系' } });
    expect((await app.request('PATCH', `/api/customers/${stale.id}`, { token: boss, body: { level: 'A' } })).status).toBe(200);
    // 赵六 left while still holding a customer (as before a handover).
    await app.runtime.db.manager.query('UPDATE customers SET owner_id = ? WHERE id = ?', [app.users.gone, Number(stranded.id)]);
  });
  afterAll(async () => { await app?.close(); });

  const ids = (res: any) => res.body.items.map((c: any) => c.id).sort();

  it('should keep only customers not followed up for N days when followUpOlderThanDays is given', async () => {
    app.clock.set(sh('2026-03-12T10:00:00'));
    const res = await app.request('GET', '/api/customers?scope=team&followUpOlderThanDays=5', { token: mgrEast });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([stale.id, stranded.id].sort());
    expect(ids(await app.request('GET', '/api/customers?scope=team&followUpOlderThanDays=5&level=A', { token: mgrEast }))).toEqual([stale.id]);
  });

  it('should answer 400 in Chinese when followUpOlderThanDays is not a positive whole number', async () => {
    const res = await app.request('GET', '/api/customers?scope=team&followUpOlderThanDays=abc', { token: mgrEast });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/跟进天数/);
  });

  it('should list a departed owner\'s customers by ownerId and mark them ownerLeft when the owner left', async () => {
    const res = await app.request('GET', `/api/customers?scope=team&ownerId=${app.users.gone}`, { token: mgrEast });
    expect(ids(res)).toEqual([stranded.id]);
    expect(res.body.items[0]).toMatchObject({ owner: { name: '赵六' }, ownerLeft: true });
    const one = await app.request('GET', `/api/customers/${fresh.id}`, { token: mgrEast });
    expect(one.body.ownerLeft).toBe(false);
    // The picker for the team list offers the people who left too.
    const people = await app.request('GET', '/api/users?purpose=handover-from', { token: mgrEast });
    expect(people.status).toBe(200);
    expect(JSON.stringify(people.body)).toContain('赵六');
  });

  it('should show the manager\'s team home with forgotten customers by rep, loads and who left holding what', async () => {
    app.clock.set(sh('2026-06-10T10:00:00')); // past FORGOTTEN_DAYS (90) since 03-02
    const res = await app.request('GET', '/api/home/team', { token: mgrEast });
    expect(res.status).toBe(200);
    expect(res.body.forgotten.items.map((c: any) => c.customerId)).toEqual(expect.arrayContaining([stale.id, stranded.id]));
    expect(res.body.forgotten.items.find((c: any) => c.customerId === stranded.id)).toMatchObject({ ownerName: '赵六', ownerLeft: true });
    expect(res.body.departed).toEqual([{ userId: String(app.users.gone), name: '赵六', holding: 1 }]);
    const zhang = res.body.members.find((m: any) => m.name === '张三');
    expect(zhang).toMatchObject({ held: 2, followUpsThisWeek: 0 });
    expect(zhang.cap).toBeGreaterThan(0);
    // 华南's manager sees none of 华东's people; a rep has no team home.
    const south = await app.request('GET', '/api/home/team', { token: await app.tokenFor('mgrSouth') });
    expect(south.body.members.map((m: any) => m.name)).not.toContain('张三');
    expect(south.body.departed).toEqual([]);
    expect((await app.request('GET', '/api/home/team', { token: repA })).status).toBe(403);
  });

  it('should combine owner, level, stage and soon-reclaimed within the manager\'s subtree, and mark people who left in the picker', async () => {
    app.clock.set(sh('2026-03-12T10:00:00'));
    const mine = (q: string) => app.request('GET', `/api/customers?scope=team&${q}`, { token: mgrEast });
    expect(ids(await mine(`ownerId=${app.users.repA}&level=A`))).toEqual([stale.id]);
    expect(ids(await mine(`ownerId=${app.users.repA}&stage=contacted`))).toEqual([fresh.id]);
    expect(ids(await mine(`ownerId=${app.users.repA}&stage=lead`))).toEqual([stale.id]);
    expect(ids(await mine(`ownerId=${app.users.gone}&level=A`))).toEqual([]);
    // Another team's rep as owner: nothing of his shows, whatever the filter.
    const south = await app.request('GET', `/api/customers?scope=team&ownerId=${app.users.repA}`, { token: await app.tokenFor('mgrSouth') });
    expect(south.status).toBe(200);
    expect(ids(south)).toEqual([]);
    // Soon-reclaimed: the customer enters the list inside its pool's warning window, not before.
    const reclaimAt = new Date((await app.request('GET', `/api/customers/${stale.id}`, { token: mgrEast })).body.reclaimAt);
    app.clock.set(new Date(reclaimAt.getTime() - 12 * 3_600_000));
    expect(ids(await mine(`ownerId=${app.users.repA}&soon=true`))).toEqual([stale.id]);
    expect(ids(await mine(`ownerId=${app.users.repA}&soon=true&level=B`))).toEqual([]);
    app.clock.set(TEST_NOW);
    expect(ids(await mine(`ownerId=${app.users.repA}&soon=true`))).toEqual([]);
    // The owner picker: people who left carry their status (已离职 in the app), by name search too.
    const people = await app.request('GET', '/api/users?purpose=handover-from&q=赵', { token: mgrEast });
    expect(people.body.items).toEqual([expect.objectContaining({ name: '赵六', status: 'left' })]);
  });
});
