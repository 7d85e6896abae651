import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../entities/user.entity.ts';
import { countStatements } from '../helpers/statement-counter.ts';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/**
 * The managers' home (GET /api/home/team): this month's target, what is won, the forecast (won +
 * weighted open opportunities closing this month) and the gap, for the team and per member —
 * each figure computed here from the rows the test creates.
 */
describe('team home forecast', () => {
  let app: TestApp;
  const tokens = {} as Record<FixtureUserKey, string>;
  let stages: Array<{ id: string; name: string; winRate: number }>;
  /** What the test created: owner → open opportunities closing in March (amount, probability used) and won amounts. */
  const open: Record<string, Array<{ amountFen: number; pct: number }>> = {};
  const won: Record<string, number> = {};

  const createCustomer = async (user: FixtureUserKey, name: string) => {
    const res = await app.request('POST', '/api/customers', { token: tokens[user], body: { name } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const createOpp = async (user: FixtureUserKey, customerId: string, body: { amountFen: number; expectedCloseOn: string; probability?: number }) => {
    const res = await app.request('POST', '/api/opportunities', { token: tokens[user], body: { customerId, name: '年度采购', ...body } });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Open, closing in March: counted in the forecast at amount × probability (the first stage's win rate without one). */
  const openInMarch = async (user: FixtureUserKey, customerId: string, amountFen: number, probability?: number) => {
    await createOpp(user, customerId, { amountFen, expectedCloseOn: '2026-03-20', ...(probability === undefined ? {} : { probability }) });
    (open[app.users[user]] ??= []).push({ amountFen, pct: probability ?? stages[0]!.winRate });
  };
  const weightedOf = (userId: number) => Math.floor((open[userId] ?? []).reduce((a, o) => a + o.amountFen * o.pct, 0) / 100);
  const team = async (user: FixtureUserKey) => {
    const res = await app.request('GET', '/api/home/team', { token: tokens[user] });
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW); // 2026-03-02
    for (const u of ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'] as FixtureUserKey[]) tokens[u] = await app.tokenFor(u);
    stages = (await app.request('GET', '/api/stages', { token: tokens.repA })).body.items;
    const a = await createCustomer('repA', '预测甲有限公司');
    const b = await createCustomer('repB', '预测乙有限公司');
    const c = await createCustomer('repC', '预测丙有限公司');
    await openInMarch('repA', a, 100_000_00, 33);
    await openInMarch('repA', a, 333, 33); // rounding: the owner's sum is rounded down once
    await openInMarch('repB', b, 50_000_00);
    await openInMarch('repC', c, 70_000_00, 50);
    // Not this month: neither counted.
    await createOpp('repB', b, { amountFen: 9_000_00, expectedCloseOn: '2026-04-02', probability: 90 });
    // Won this month: counted as won, not as open.
    const w = await createOpp('repB', b, { amountFen: 20_000_00, expectedCloseOn: '2026-03-31', probability: 60 });
    const moved = await app.request('POST', `/api/opportunities/${w.id}/stage`, { token: tokens.repB, body: { stageId: stages.find((s) => s.name === '赢单')!.id, feedback: { amountFen: 20_000_00, quoteFen: 20_000_00 } } });
    expect([moved.status, moved.body.error?.details]).toEqual([200, undefined]);
    won[app.users.repB] = 20_000_00;
    // 华东 has its own target for March; 华南 and 总部 only the sum of their people's (王五's).
    const put = await app.request('PUT', '/api/targets', { token: tokens.boss, body: { period: '2026-03', items: [
      { departmentId: '2', wonAmountFen: 200_000_00, paymentsFen: 100_000_00 },
      { userId: String(app.users.repC), wonAmountFen: 50_000_00, paymentsFen: 10_000_00 },
    ] } });
    expect(put.status).toBe(200);
  });
  afterAll(async () => { await app?.close(); });

  it('should show the manager his subtree\'s target, won, forecast and gap, and each member\'s', async () => {
    const body = await team('mgrEast');
    const { repA, repB } = app.users;
    const weighted = weightedOf(repA) + weightedOf(repB);
    const wonFen = won[repB]!;
    expect(weighted).toBe(Math.floor((100_000_00 * 33 + 333 * 33) / 100) + Math.floor(50_000_00 * stages[0]!.winRate / 100));
    expect(body.forecast).toMatchObject({
      period: '2026-03', department: { id: '2', name: '华东' }, targetFen: 200_000_00, derived: false,
      wonFen, weightedOpenFen: weighted, openCount: 3, forecastFen: wonFen + weighted, gapFen: 200_000_00 - wonFen - weighted,
      wonPct: Math.floor(wonFen * 100 / 200_000_00), forecastPct: Math.floor((wonFen + weighted) * 100 / 200_000_00),
    });
    expect(body.forecast.byUser).toBeUndefined();
    const member = (id: number) => body.members.find((m: any) => m.userId === String(id));
    expect(member(repA)).toMatchObject({ wonFen: 0, forecastFen: weightedOf(repA) });
    expect(member(repB)).toMatchObject({ wonFen, forecastFen: wonFen + weightedOf(repB) });
    // 华南's rep is not his.
    expect(body.members.map((m: any) => m.userId)).not.toContain(String(app.users.repC));
  });

  it('should show the other manager only his own team, and the admin the whole company', async () => {
    const south = await team('mgrSouth');
    const southWeighted = weightedOf(app.users.repC);
    expect(south.forecast).toMatchObject({
      department: { id: '3' }, targetFen: 50_000_00, derived: true, wonFen: 0, weightedOpenFen: southWeighted, forecastFen: southWeighted,
      gapFen: 50_000_00 - southWeighted, forecastPct: Math.floor(southWeighted * 100 / 50_000_00),
    });
    const all = await team('boss');
    const everyone = [app.users.repA, app.users.repB, app.users.repC];
    const weighted = everyone.reduce((a, id) => a + weightedOf(id), 0);
    expect(all.forecast).toMatchObject({ department: { id: '1' }, wonFen: won[app.users.repB], weightedOpenFen: weighted, forecastFen: won[app.users.repB]! + weighted, openCount: 4 });
    // 总部 has no target of its own: the sum of its people's (a department's own target is not a person's).
    expect(all.forecast).toMatchObject({ targetFen: 50_000_00, derived: true, gapFen: 50_000_00 - won[app.users.repB]! - weighted });
    expect((await app.request('GET', '/api/home/team', { token: tokens.repA })).status).toBe(403);
  });

  it('should read the forecast in the same number of statements however many members hold opportunities', async () => {
    const counter = countStatements(app.runtime.db.ds);
    counter.start();
    await team('mgrEast');
    const before = counter.stop().length;
    // Three more reps in 华东一组, each holding a customer with an open opportunity closing in March.
    for (const name of ['新人一', '新人二', '新人三']) {
      const inserted = await app.runtime.db.manager.insert(User, { wecomUserId: `new.${name}`, name, role: 'rep', departmentId: 4, status: 'active', position: null, createdAt: TEST_NOW });
      const id = Number(inserted.identifiers[0]!.id);
      const cid = await createCustomer('repA', `${name}的客户有限公司`);
      await createOpp('repA', cid, { amountFen: 1_000_00, expectedCloseOn: '2026-03-25', probability: 40 });
      await app.runtime.db.manager.query('UPDATE customers SET owner_id = ? WHERE id = ?', [id, Number(cid)]);
      await app.runtime.db.manager.query('UPDATE opportunities SET owner_id = ? WHERE customer_id = ?', [id, Number(cid)]);
      open[id] = [{ amountFen: 1_000_00, pct: 40 }];
    }
    counter.start();
    const body = await team('mgrEast');
    const after = counter.stop().length;
    expect(after).toBe(before);
    expect(body.members.filter((m: any) => m.name.startsWith('新人')).map((m: any) => m.forecastFen)).toEqual([400_00, 400_00, 400_00]);
    expect(body.forecast.weightedOpenFen).toBe(Object.keys(open).map(Number).filter((id) => id !== app.users.repC).reduce((a, id) => a + weightedOf(id), 0));
  });

  it('should mark an opportunity whose owner left (已离职 in the app) in the list and the detail', async () => {
    const cid = await createCustomer('repA', '离职负责人商机有限公司');
    const o = await createOpp('repA', cid, { amountFen: 5_000_00, expectedCloseOn: '2026-04-10' });
    expect((await app.request('GET', `/api/opportunities/${o.id}`, { token: tokens.mgrEast })).body.ownerLeft).toBe(false);
    // 赵六 left while holding it (as before a handover).
    await app.runtime.db.manager.query('UPDATE customers SET owner_id = ? WHERE id = ?', [app.users.gone, Number(cid)]);
    await app.runtime.db.manager.query('UPDATE opportunities SET owner_id = ? WHERE customer_id = ?', [app.users.gone, Number(cid)]);
    const one = await app.request('GET', `/api/opportunities/${o.id}`, { token: tokens.mgrEast });
    expect(one.body).toMatchObject({ owner: { name: '赵六' }, ownerLeft: true });
    const list = await app.request('GET', `/api/opportunities?scope=team&customerId=${cid}`, { token: tokens.mgrEast });
    expect(list.body.items.map((i: any) => [i.id, i.ownerLeft])).toEqual([[o.id, true]]);
  });
});
