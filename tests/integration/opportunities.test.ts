import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../server/demo/prng.ts';
import { changeOwner } from '../../server/ownership/change-owner.ts';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/**
 * The pipeline: gated stage moves (422 naming what is missing), wins as the customer's deal
 * (the pool's no-deal rule sees them), reopening takes the deal back, open opportunities follow
 * their customer's owner, visibility is the customer's, and no input makes a 5xx.
 */
describe('opportunities', () => {
  let app: TestApp;
  const tokens = {} as Record<FixtureUserKey, string>;
  let stages: Array<{ id: string; name: string; kind: string; winRate: number; requiredFields: any[] }>;
  const stage = (name: string) => stages.find((s) => s.name === name)!.id;

  const createCustomer = async (user: FixtureUserKey, name: string) => {
    const res = await app.request('POST', '/api/customers', { token: tokens[user], body: { name } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const createOpp = async (user: FixtureUserKey, customerId: string, extra: Record<string, unknown> = {}) => {
    const res = await app.request('POST', '/api/opportunities', { token: tokens[user], body: { customerId, name: '年度采购', amountFen: 0, ...extra } });
    expect(res.status).toBe(201);
    return res.body;
  };
  const move = (user: FixtureUserKey, id: string, stageName: string, feedback?: Record<string, unknown>) =>
    app.request('POST', `/api/opportunities/${id}/stage`, { token: tokens[user], body: { stageId: stage(stageName), ...(feedback ? { feedback } : {}) } });
  const customer = async (id: string, user: FixtureUserKey = 'boss') => (await app.request('GET', `/api/customers/${id}`, { token: tokens[user] })).body;
  const opp = async (id: string, user: FixtureUserKey = 'boss') => (await app.request('GET', `/api/opportunities/${id}`, { token: tokens[user] })).body;

  beforeAll(async () => {
    app = await startTestApp();
    for (const u of ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'] as FixtureUserKey[]) tokens[u] = await app.tokenFor(u);
    const pools = await app.request('GET', '/api/pools', { token: tokens.boss });
    await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: tokens.boss, body: { ...pools.body.items[0].rules, holdingCap: 500, claimCooldownDays: 0 } });
    stages = (await app.request('GET', '/api/stages', { token: tokens.repA })).body.items;
  });
  afterAll(async () => { await app?.close(); });

  it('should list the default stages in order with their win rates and gates', () => {
    expect(stages.map((s) => [s.name, s.winRate, s.kind])).toEqual([
      ['初步接触', 10, 'open'], ['需求确认', 30, 'open'], ['方案报价', 50, 'open'], ['商务谈判', 70, 'open'], ['赢单', 100, 'won'], ['输单', 0, 'lost'],
    ]);
    expect(stages[2]!.requiredFields).toEqual([{ key: 'quoteFen', label: '报价金额', type: 'amount' }]);
    expect(stages[5]!.requiredFields[0]).toMatchObject({ key: 'lostReason', type: 'choice', options: ['价格', '竞品', '预算取消', '需求变化', '其他'] });
  });

  it('should refuse a move without the feedback with 422 naming the fields, and accept it with the feedback', async () => {
    const cid = await createCustomer('repA', '阶段门测试有限公司');
    const o = await createOpp('repA', cid, { amountFen: 500_000_00, expectedCloseOn: '2026-03-20' });
    expect(o).toMatchObject({ stage: { name: '初步接触' }, probability: 10, weightedFen: 50_000_00, ownerId: String(app.users.repA), status: 'open' });
    expect((await customer(cid)).stage).toBe('opportunity');

    // Jumping to 方案报价 passes 需求确认 and enters 方案报价: 报价金额 is asked for.
    const refused = await move('repA', o.id, '方案报价');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'STAGE_FEEDBACK_REQUIRED', details: { missing: ['quoteFen'] } });
    expect(refused.body.error.message).toContain('报价金额');
    expect((await opp(o.id)).stage.name).toBe('初步接触');

    const bad = await move('repA', o.id, '方案报价', { quoteFen: 12.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await move('repA', o.id, '方案报价', { quoteFen: 100, colour: 'red' });
    expect(unknown.status).toBe(400);

    const ok = await move('repA', o.id, '方案报价', { quoteFen: 480_000_00 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ stage: { name: '方案报价' }, probability: 50, weightedFen: 250_000_00 });
    expect(ok.body.timeline[0]).toMatchObject({
      fromStage: { name: '初步接触' }, toStage: { name: '方案报价' }, by: { name: '张三' },
      feedback: [{ key: 'quoteFen', label: '报价金额', type: 'amount', value: 480_000_00 }],
    });
    expect(ok.body.next).toMatchObject({ stage: { name: '商务谈判' }, requiredFields: [] });
    expect((await move('repA', o.id, '方案报价', { quoteFen: 1 })).status).toBe(409);

    // Going back needs nothing and is recorded.
    const back = await move('repA', o.id, '需求确认');
    expect(back.status).toBe(200);
    expect(back.body.timeline.map((m: any) => m.toStage.name)).toEqual(['需求确认', '方案报价', '初步接触']);

    // Lost always needs a reason, from the list.
    expect((await move('repA', o.id, '输单')).body.error.details.missing).toEqual(['lostReason']);
    expect((await move('repA', o.id, '输单', { lostReason: '太贵了' })).status).toBe(400);
    const lost = await move('repA', o.id, '输单', { lostReason: '竞品' });
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: '竞品', weightedFen: 0, probability: 0 });

    // Every move is on the customer's timeline.
    const history = (await app.request('GET', `/api/customers/${cid}/history`, { token: tokens.repA })).body.items;
    expect(history.slice(0, 4).map((e: any) => [e.type, e.fromValue, e.toValue])).toEqual([
      ['opp_lost', '需求确认', '输单'], ['opp_moved', '方案报价', '需求确认'], ['opp_moved', '初步接触', '方案报价'], ['opp_created', null, '初步接触'],
    ]);
  });

  it('should make a win the customer deal the pool rules read, and take it back on reopening', async () => {
    const cid = await createCustomer('repA', '赢单回收规则有限公司');
    const before = await customer(cid);
    expect(before.lastDealAt).toBeNull();
    const noDealReclaim = before.reclaimAt;
    await app.request('POST', `/api/customers/${cid}/follow-ups`, { token: tokens.repA, body: { type: 'call', content: '电话沟通需求' } });

    const o = await createOpp('repA', cid, { stageId: stage('商务谈判'), feedback: { quoteFen: 100 } });
    // A win needs an amount > 0: asked for as amountFen.
    const noAmount = await move('repA', o.id, '赢单');
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.error.details.missing).toEqual(['amountFen']);
    expect((await move('repA', o.id, '赢单', { amountFen: 0 })).status).toBe(400);
    const won = await move('repA', o.id, '赢单', { amountFen: 88_000_00 });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: 'won', amountFen: 88_000_00 });
    const after = await customer(cid);
    expect(after).toMatchObject({ stage: 'deal', lastDealAt: won.body.wonAt });
    const [row] = await app.runtime.db.manager.query('SELECT last_deal_at FROM customers WHERE id = ?', [cid]);
    expect(row.last_deal_at).not.toBeNull();
    // A rep cannot zero the amount of a win.
    expect((await app.request('PATCH', `/api/opportunities/${o.id}`, { token: tokens.repA, body: { amountFen: 0 } })).status).toBe(422);

    // Reopening takes the deal back.
    const reopened = await move('repA', o.id, '商务谈判');
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', wonAt: null });
    expect(await customer(cid)).toMatchObject({ stage: 'opportunity', lastDealAt: null, reclaimAt: noDealReclaim });
    const history = (await app.request('GET', `/api/customers/${cid}/history`, { token: tokens.repA })).body.items;
    expect(history.slice(0, 2).map((e: any) => e.type)).toEqual(['opp_reopened', 'opp_won']);

    // Two wins: the second is a repeat; reopening one keeps the other's deal.
    const o2 = await createOpp('repA', cid, { name: '二期', amountFen: 10_000_00 });
    const firstWin = (await move('repA', o.id, '赢单')).body.wonAt;
    app.clock.set(new Date(TEST_NOW.getTime() + 2 * 86_400_000));
    expect((await move('repA', o2.id, '赢单', { quoteFen: 10_000_00 })).status).toBe(200);
    expect((await customer(cid)).stage).toBe('repeat');
    await move('repA', o2.id, '方案报价', {});
    expect(await customer(cid)).toMatchObject({ stage: 'deal', lastDealAt: firstWin });
    app.clock.set(TEST_NOW);
  });

  it('should let the reclaim sweep spare a customer with a win and take one without', async () => {
    const withWin = await createCustomer('repB', '有成交不回收有限公司');
    const without = await createCustomer('repB', '无成交要回收有限公司');
    const o = await createOpp('repB', withWin, { amountFen: 1_000_00 });
    const o2 = await createOpp('repB', without, { amountFen: 1_000_00 });
    expect((await move('repB', o.id, '赢单', { quoteFen: 1_000_00 })).status).toBe(200);
    // Keep both followed up, so only the no-deal rule can fire.
    for (const day of [10, 20, 30]) {
      app.clock.set(new Date(TEST_NOW.getTime() + day * 86_400_000));
      for (const id of [withWin, without]) {
        expect((await app.request('POST', `/api/customers/${id}/follow-ups`, { token: tokens.repB, body: { type: 'call', content: '例行回访' } })).status).toBe(201);
      }
    }
    app.clock.set(new Date(TEST_NOW.getTime() + 33 * 86_400_000));
    expect((await app.request('POST', '/sim/api/jobs/reclaim/run')).status).toBe(200);
    expect((await customer(withWin)).ownerId).toBe(String(app.users.repB));
    const gone = await customer(without);
    expect(gone.ownerId).toBeNull();
    // Its open opportunity went to the pool with it: no owner, history kept.
    const inPool = await opp(o2.id);
    expect(inPool.ownerId).toBeNull();
    expect(inPool.timeline.length).toBe(1);
    expect((await opp(o.id)).ownerId).toBe(String(app.users.repB));
    app.clock.set(TEST_NOW);
  });

  it('should move open opportunities with their customer on release, claim, assign transfer and leave closed ones', async () => {
    const cid = await createCustomer('repA', '商机跟随有限公司');
    const open = await createOpp('repA', cid, { name: '进行中' });
    const lost = await createOpp('repA', cid, { name: '已输', stageId: stage('输单'), feedback: { lostReason: '价格' } });
    const ownerOf = async (id: string) => (await opp(id)).ownerId;

    expect((await app.request('POST', `/api/customers/${cid}/release`, { token: tokens.repA, body: { reason: '无需求' } })).status).toBe(200);
    expect(await ownerOf(open.id)).toBeNull();
    expect(await ownerOf(lost.id)).toBe(String(app.users.repA));
    // In the pool: read-only.
    expect((await move('boss', open.id, '需求确认')).status).toBe(403);

    expect((await app.request('POST', `/api/customers/${cid}/claim`, { token: tokens.repB })).status).toBe(200);
    expect(await ownerOf(open.id)).toBe(String(app.users.repB));

    expect((await app.request('POST', `/api/customers/${cid}/assign`, { token: tokens.mgrEast, body: { userId: String(app.users.repA) } })).status).toBe(200);
    expect(await ownerOf(open.id)).toBe(String(app.users.repA));

    // A transfer (what a handover does) through the one ownership operation.
    const [row] = await app.runtime.db.manager.query('SELECT pool_id FROM customers WHERE id = ?', [Number(cid)]);
    await app.runtime.db.tx((em) => changeOwner(em, [{ customerId: Number(cid), from: app.users.repA, to: app.users.repB, poolId: Number(row.pool_id), reason: '调岗' }], {
      type: 'transferred', by: { id: app.users.mgrEast }, at: app.clock.now(),
    }));
    expect(await ownerOf(open.id)).toBe(String(app.users.repB));
    expect(await ownerOf(lost.id)).toBe(String(app.users.repA));
    expect((await opp(open.id)).timeline.length).toBe(1);
  });

  it('should give opportunities the visibility of their customer (404 before anything else) and the list scopes', async () => {
    const cA = await createCustomer('repA', '商机可见性甲公司');
    const cC = await createCustomer('repC', '商机可见性丙公司');
    const oA = await createOpp('repA', cA, { name: '甲商机', amountFen: 100_00, expectedCloseOn: '2026-03-30' });
    const oC = await createOpp('repC', cC, { name: '丙商机', amountFen: 300_00, expectedCloseOn: '2026-03-31' });
    const expected: Record<string, [number, number]> = {
      boss: [200, 200], mgrEast: [200, 404], mgrSouth: [404, 200], repA: [200, 404], repB: [404, 404], repC: [404, 200],
    };
    for (const [user, [a, c]] of Object.entries(expected) as Array<[FixtureUserKey, [number, number]]>) {
      expect([user, (await app.request('GET', `/api/opportunities/${oA.id}`, { token: tokens[user] })).status]).toEqual([user, a]);
      expect([user, (await app.request('GET', `/api/opportunities/${oC.id}`, { token: tokens[user] })).status]).toEqual([user, c]);
      // Hidden is 404 even with a bad body.
      const patch = await app.request('PATCH', `/api/opportunities/${oA.id}`, { token: tokens[user], body: { amountFen: 'lots' } });
      expect([user, patch.status]).toEqual([user, a === 404 ? 404 : 400]);
    }
    expect((await app.request('POST', '/api/opportunities', { token: tokens.repB, body: { customerId: cA, name: 'x' } })).status).toBe(404);
    expect((await app.request('GET', `/api/opportunities?customerId=${cA}`, { token: tokens.repB })).status).toBe(404);
    // A co-follower sees and works on the customer's opportunities.
    expect((await app.request('POST', `/api/customers/${cA}/followers`, { token: tokens.repA, body: { userId: String(app.users.repC) } })).status).toBe(200);
    expect((await app.request('GET', `/api/opportunities/${oA.id}`, { token: tokens.repC })).status).toBe(200);
    expect((await app.request('PATCH', `/api/opportunities/${oA.id}`, { token: tokens.repA, body: { customerId: cA, name: '甲商机' } })).status).toBe(200);
    expect((await app.request('PATCH', `/api/opportunities/${oA.id}`, { token: tokens.boss, body: { customerId: cC } })).status).toBe(400);
    // Its owner may be anyone of the customer's sales team, nobody else.
    expect((await app.request('PATCH', `/api/opportunities/${oA.id}`, { token: tokens.repA, body: { ownerId: String(app.users.repB) } })).status).toBe(400);
    const handed = await app.request('PATCH', `/api/opportunities/${oA.id}`, { token: tokens.repA, body: { ownerId: String(app.users.repC) } });
    expect(handed.body).toMatchObject({ ownerId: String(app.users.repC), owner: { name: '王五' } });

    const names = async (user: FixtureUserKey, scope: string) => {
      const res = await app.request('GET', `/api/opportunities?scope=${scope}&pageSize=100`, { token: tokens[user] });
      return res.status === 200 ? res.body.items.map((o: any) => o.name) : res.status;
    };
    expect(await names('repA', 'mine')).toContain('甲商机');
    expect(await names('repA', 'mine')).not.toContain('丙商机');
    expect(await names('repA', 'team')).toBe(403);
    expect(await names('mgrEast', 'team')).toContain('甲商机');
    expect(await names('mgrEast', 'team')).not.toContain('丙商机');
    expect(await names('mgrSouth', 'team')).toContain('丙商机');
    expect(await names('mgrEast', 'all')).toBe(403);
    expect(await names('boss', 'all')).toEqual(expect.arrayContaining(['甲商机', '丙商机']));

    const closing = await app.request('GET', '/api/opportunities?scope=mine&closingThisMonth=true', { token: tokens.repC });
    expect(closing.body.items.map((o: any) => o.name)).toEqual(expect.arrayContaining(['甲商机', '丙商机']));
    const byStage = await app.request('GET', `/api/opportunities?scope=all&stageId=${stage('输单')}`, { token: tokens.boss });
    expect(byStage.body.items.every((o: any) => o.stage.name === '输单')).toBe(true);
  });

  it('should forecast amount × probability per owner and department, and show the funnel, within the caller scope', async () => {
    const cid = await createCustomer('repB', '预测测试有限公司');
    await createOpp('repB', cid, { name: '预测一', amountFen: 1_000_00, expectedCloseOn: '2026-04-10' });
    await createOpp('repB', cid, { name: '预测二', amountFen: 333, expectedCloseOn: '2026-04-20', probability: 33 });
    const mine = await app.request('GET', '/api/opportunities/forecast?month=2026-04&scope=mine', { token: tokens.repB });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toMatchObject({ count: 2, amountFen: 1_000_00 + 333, weightedFen: Math.floor((1_000_00 * 10 + 333 * 33) / 100) });
    expect(mine.body.byOwner).toEqual([expect.objectContaining({ owner: { id: String(app.users.repB), name: '李四' }, count: 2 })]);
    const team = await app.request('GET', '/api/opportunities/forecast?month=2026-04&scope=team', { token: tokens.mgrEast });
    expect(team.body.byDepartment).toEqual([expect.objectContaining({ department: { id: '4', name: '华东一组' } })]);
    const south = await app.request('GET', '/api/opportunities/forecast?month=2026-04&scope=team', { token: tokens.mgrSouth });
    expect(south.body.total.count).toBe(0);
    expect((await app.request('GET', '/api/opportunities/forecast?scope=team', { token: tokens.repB })).status).toBe(403);
    expect((await app.request('GET', '/api/opportunities/forecast?month=2026-13', { token: tokens.repB })).status).toBe(400);

    const funnel = await app.request('GET', '/api/opportunities/funnel?scope=all', { token: tokens.boss });
    expect(funnel.status).toBe(200);
    expect(funnel.body.items.map((i: any) => i.stage.name)).toEqual(stages.map((s) => s.name));
    const [sum] = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM opportunities WHERE status = 'open'");
    expect(funnel.body.open.count).toBe(Number(sum.n));
    const repFunnel = await app.request('GET', '/api/opportunities/funnel?scope=mine', { token: tokens.repC });
    expect(repFunnel.body.open.count).toBeLessThan(funnel.body.open.count);
  });

  it('should let only admins edit the stages, validate them, and gate with the new fields', async () => {
    const items = stages.map((s) => ({ ...s }));
    items[1] = { ...items[1]!, requiredFields: [{ key: 'decisionMaker', label: '决策人', type: 'text' }] };
    expect((await app.request('PUT', '/api/stages', { token: tokens.mgrEast, body: { items } })).status).toBe(403);
    const twoWon = [...items.slice(0, 5), { name: '又赢', kind: 'won', winRate: 100, requiredFields: [] }, items[5]];
    expect((await app.request('PUT', '/api/stages', { token: tokens.boss, body: { items: twoWon } })).status).toBe(400);
    expect((await app.request('PUT', '/api/stages', { token: tokens.boss, body: { items: items.filter((s) => s.name !== '初步接触') } })).status).toBe(409);
    const put = await app.request('PUT', '/api/stages', { token: tokens.boss, body: { items } });
    expect(put.status).toBe(200);
    expect(put.body.items[1].requiredFields).toEqual([{ key: 'decisionMaker', label: '决策人', type: 'text' }]);
    stages = put.body.items;

    const cid = await createCustomer('repA', '新阶段门有限公司');
    const o = await createOpp('repA', cid);
    const r = await move('repA', o.id, '商务谈判');
    expect(r.status).toBe(422);
    expect(r.body.error.details.missing).toEqual(['decisionMaker', 'quoteFen']);
    expect(r.body.error.message).toBe('进入该阶段前请填写：决策人、报价金额');
    expect((await opp(o.id, 'repA')).next.requiredFields.map((f: any) => f.key)).toEqual(['decisionMaker']);
  });

  it('should let exactly one of concurrent wins through, and keep the deal facts consistent under concurrent reopen and win', async () => {
    const cid = await createCustomer('repA', '并发赢单有限公司');
    // (The stage editor test above made 需求确认 ask for 决策人.)
    const o = await createOpp('repA', cid, { amountFen: 5_000_00, stageId: stage('商务谈判'), feedback: { quoteFen: 5_000_00, decisionMaker: '赵总' } });
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => move(i % 2 ? 'repA' : 'mgrEast', o.id, '赢单')));
    expect(wins.filter((r) => r.status === 200)).toHaveLength(1);
    expect(wins.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.body.error.code === 'OPPORTUNITY_STAGE_UNCHANGED')).toBe(true);
    expect((await opp(o.id)).timeline.filter((m: any) => m.toStage.name === '赢单')).toHaveLength(1);

    const o2 = await createOpp('repA', cid, { name: '并发二', amountFen: 1_000_00 });
    await Promise.all([move('repA', o.id, '商务谈判'), move('mgrEast', o2.id, '赢单', { quoteFen: 100, decisionMaker: '赵总' })]);
    const c = await customer(cid);
    const [o2now] = [await opp(o2.id)];
    expect(o2now.status).toBe('won');
    expect(c).toMatchObject({ stage: 'deal', lastDealAt: o2now.wonAt });
  });

  it('should answer bad input with 4xx and never a 5xx', async () => {
    const cid = await createCustomer('repA', '模糊测试商机有限公司');
    const o = await createOpp('repA', cid);
    const rng = new Rng(12);
    const nasty = [null, true, '', '\u0000', '\uD800', 'x'.repeat(3000), -1, 1.5, 2 ** 31, 1e308, '2026-02-30', [], {}, { a: 1 }, '9'.repeat(30)];
    const pick = () => nasty[rng.int(0, nasty.length - 1)];
    const enc = (v: unknown) => { try { return encodeURIComponent(String(v)); } catch { return '%ED%A0%80'; } };
    let fives = 0;
    for (let i = 0; i < 120; i++) {
      const body: Record<string, unknown> = {};
      for (const k of ['customerId', 'name', 'amountFen', 'expectedCloseOn', 'stageId', 'probability', 'notes', 'source']) if (rng.chance(0.5)) body[k] = pick();
      if (rng.chance(0.5)) body.feedback = { quoteFen: pick(), lostReason: pick(), amountFen: pick() };
      const calls = [
        app.request('POST', '/api/opportunities', { token: tokens.repA, body: { customerId: cid, name: '模糊', ...body } }),
        app.request('PATCH', `/api/opportunities/${o.id}`, { token: tokens.repA, body }),
        app.request('POST', `/api/opportunities/${o.id}/stage`, { token: tokens.repA, body: { stageId: rng.chance(0.5) ? stage('方案报价') : pick(), feedback: body.feedback ?? pick() } }),
        app.request('GET', `/api/opportunities?scope=mine&stageId=${enc(pick())}&closingThisMonth=${enc(pick())}`, { token: tokens.repA }),
        app.request('GET', `/api/opportunities/forecast?month=${enc(pick())}`, { token: tokens.repA }),
        app.request('PUT', '/api/stages', { token: tokens.boss, body: { items: [{ name: pick(), winRate: pick(), kind: 'open', requiredFields: [{ key: pick(), label: pick(), type: 'choice', options: [pick()] }] }] } }),
      ];
      for (const res of await Promise.all(calls)) {
        if (res.status >= 500) fives++;
        if (res.status >= 400) expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
    expect((await app.request('GET', '/api/opportunities/abc', { token: tokens.repA })).status).toBe(400);
    expect((await app.request('GET', '/api/opportunities/999999', { token: tokens.repA })).status).toBe(404);
    expect((await app.request('POST', '/api/opportunities', { token: tokens.repA, rawBody: '{"name":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect(fives).toBe(0);
  });
});
