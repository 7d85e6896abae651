import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Item 8: the pool's rules cannot be dodged by the rep they bind. Exempt levels (重点) and deal
 * stages are set by managers (with who and why in the history); a rep asks their manager.
 */
describe('facts a rep cannot grant themself', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let mgrEast: string;
  let mgrSouth: string;
  let boss: string;
  const create = async (token: string, name: string) => {
    const res = await app.request('POST', '/api/customers', { token, body: { name } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const history = async (id: string, token = repA) => (await app.request('GET', `/api/customers/${id}/history`, { token })).body.items as any[];

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, mgrEast, mgrSouth, boss] = await Promise.all(['repA', 'repB', 'mgrEast', 'mgrSouth', 'boss'].map((u) => app.tokenFor(u as any)));
  });
  afterAll(async () => { await app?.close(); });

  it.each([
    [{ level: 'key' }, 'CUSTOMER_LEVEL_NEEDS_MANAGER'],
    [{ stage: 'deal' }, 'CUSTOMER_STAGE_NEEDS_MANAGER'],
    [{ stage: 'repeat' }, 'CUSTOMER_STAGE_NEEDS_MANAGER'],
  ])('should refuse a rep setting %j on their own customer, on create and on edit, and change nothing', async (patch, code) => {
    const id = await create(repA, `自封测试${JSON.stringify(patch)}有限公司`);
    const before = (await app.request('GET', `/api/customers/${id}`, { token: repA })).body;
    const res = await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: { ...patch, industry: '顺便改行业' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/经理/);
    const after = (await app.request('GET', `/api/customers/${id}`, { token: repA })).body;
    expect(after).toMatchObject({ level: before.level, stage: before.stage, industry: before.industry, lastDealAt: null });
    const created = await app.request('POST', '/api/customers', { token: repA, body: { name: `新建即自封${JSON.stringify(patch)}公司`, ...patch } });
    expect(created.status).toBe(403);
  });

  it('should stop the stage-and-back dodge: a rep can neither enter nor leave a deal', async () => {
    const id = await create(repA, '成交来回有限公司');
    expect((await app.request('PATCH', `/api/customers/${id}`, { token: mgrEast, body: { stage: 'deal', reason: '合同已签' } })).status).toBe(200);
    const dealAt = (await app.request('GET', `/api/customers/${id}`, { token: repA })).body.lastDealAt;
    expect(dealAt).not.toBeNull();
    const back = await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: { stage: 'opportunity' } });
    expect(back.status).toBe(403);
    expect((await app.request('GET', `/api/customers/${id}`, { token: repA })).body).toMatchObject({ stage: 'deal', lastDealAt: dealAt });
  });

  it('should let a manager set 重点 with who and why in the history, and take it away again', async () => {
    const id = await create(repA, '经理设重点有限公司');
    const set = await app.request('PATCH', `/api/customers/${id}`, { token: mgrEast, body: { level: 'key', reason: '年度战略客户' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ level: 'key', reclaimAt: null });
    const unset = await app.request('PATCH', `/api/customers/${id}`, { token: boss, body: { level: 'B' } });
    expect(unset.status).toBe(200);
    const items = await history(id);
    expect(items.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'level_changed', fromValue: 'key', toValue: 'B', byUser: { id: String(app.users.boss), name: '陈总' }, reason: '由 陈总 设置' }),
      expect.objectContaining({ type: 'level_changed', fromValue: 'C', toValue: 'key', byUser: { id: String(app.users.mgrEast), name: '王经理' }, reason: '年度战略客户' }),
    ]);
    // A rep may still move between ordinary levels.
    expect((await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: { level: 'A' } })).status).toBe(200);
  });

  it('should take a rep\'s 重点 request to their manager, who approves it once; the history says who and why', async () => {
    const id = await create(repA, '申请重点有限公司');
    const req = await app.request('POST', `/api/customers/${id}/level-requests`, { token: repA, body: { level: 'key', reason: '年采购额千万' } });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'pending', level: 'key', fromLevel: 'C', reason: '年采购额千万', requestedBy: { name: '张三' } });
    const again = await app.request('POST', `/api/customers/${id}/level-requests`, { token: repA, body: { level: 'key', reason: '再申请' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LEVEL_REQUEST_PENDING');

    // The manager is told in chat, with a link to the customer.
    const notice = await app.runtime.db.manager.query("SELECT to_user, payload FROM outbox_messages WHERE kind = 'notice' AND customer_id = ?", [id]);
    expect(notice.map((n: any) => n.to_user)).toEqual(['mgr.east']);
    expect(JSON.parse(notice[0].payload).title).toContain('申请');

    const todo = await app.request('GET', '/api/level-requests?box=todo', { token: mgrEast });
    expect(todo.body.items.map((r: any) => r.id)).toContain(req.body.id);
    expect((await app.request('GET', '/api/level-requests?box=todo', { token: mgrSouth })).body.items.map((r: any) => r.id)).not.toContain(req.body.id);
    expect((await app.request('GET', '/api/level-requests?box=todo', { token: repB })).body.items).toEqual([]);

    // Not theirs to decide: another region's manager cannot even see it; the requester may not decide.
    expect((await app.request('POST', `/api/level-requests/${req.body.id}/decide`, { token: mgrSouth, body: { decision: 'approve' } })).status).toBe(404);
    expect((await app.request('POST', `/api/level-requests/${req.body.id}/decide`, { token: mgrSouth, body: { decision: 'maybe' } })).status).toBe(404);
    expect((await app.request('POST', `/api/level-requests/${req.body.id}/decide`, { token: repA, body: { decision: 'approve' } })).status).toBe(403);
    expect((await app.request('POST', `/api/level-requests/${req.body.id}/decide`, { token: mgrEast, body: { decision: 'reject' } })).status).toBe(400);

    const decisions = await Promise.all([mgrEast, boss, mgrEast].map((token) =>
      app.request('POST', `/api/level-requests/${req.body.id}/decide`, { token, body: { decision: 'approve', comment: '同意' } })));
    expect(decisions.filter((d) => d.status === 200)).toHaveLength(1);
    expect(decisions.filter((d) => d.status === 409 && d.body.error.code === 'LEVEL_REQUEST_NOT_PENDING')).toHaveLength(2);
    expect((await app.request('GET', `/api/customers/${id}`, { token: repA })).body.level).toBe('key');
    const [latest] = await history(id);
    expect(latest).toMatchObject({ type: 'level_changed', fromValue: 'C', toValue: 'key', reason: expect.stringContaining('年采购额千万') });
    const told = await app.runtime.db.manager.query("SELECT to_user FROM outbox_messages WHERE kind = 'notice' AND dedupe_key LIKE 'level-request-decided:%' AND customer_id = ?", [id]);
    expect(told.map((t: any) => t.to_user)).toEqual(['zhangsan']);
  });

  it('should refuse requests that need no manager and requests by someone who does not own the customer', async () => {
    const id = await create(repA, '无需申请有限公司');
    expect((await app.request('POST', `/api/customers/${id}/level-requests`, { token: repA, body: { level: 'A', reason: '普通等级' } })).status).toBe(400);
    expect((await app.request('POST', `/api/customers/${id}/level-requests`, { token: mgrEast, body: { level: 'key', reason: '经理' } })).status).toBe(400);
    await app.request('POST', `/api/customers/${id}/followers`, { token: repA, body: { userId: String(app.users.repB) } });
    expect((await app.request('POST', `/api/customers/${id}/level-requests`, { token: repB, body: { level: 'key', reason: '协作人' } })).status).toBe(403);
  });

  it('should count the holding cap the same way in the refusal and in the rep\'s own summary, saying what is left out', async () => {
    const pools = await app.request('GET', '/api/pools', { token: boss });
    await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 2 } });
    try {
      const [a] = await Promise.all([create(repB, '上限甲有限公司'), create(repB, '上限乙有限公司')]);
      const key = await create(boss, '上限重点有限公司');
      await app.request('PATCH', `/api/customers/${key}`, { token: boss, body: { level: 'key' } });
      await app.request('POST', `/api/customers/${key}/assign`, { token: boss, body: { userId: String(app.users.repB), overrideCap: true } });
      await app.request('POST', `/api/customers/${a}/followers`, { token: repB, body: { userId: String(app.users.repA) } });
      const holding = await app.request('GET', '/api/me/holding', { token: repB });
      // repB co-follows one customer (an earlier test) and owns one 重点 customer besides the two counted.
      expect(holding.body).toMatchObject({ counted: 2, cap: 2, excluded: { exempt: 1, coFollowed: 1 } });
      const list = await app.request('GET', '/api/customers?scope=mine&pageSize=100', { token: repB });
      // The list shows all of them; the cap counts two and says what it leaves out: the numbers add up.
      expect(list.body.total).toBe(holding.body.counted + holding.body.excluded.exempt + holding.body.excluded.coFollowed);
      const refused = await app.request('POST', '/api/customers', { token: repB, body: { name: '上限丙有限公司' } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe('已达持有上限：计入上限的客户 2 个，上限 2 个（不含重点等免回收客户 1 个、协作客户 1 个），请先释放客户');
      // An override is in the history in words, with who.
      const c = await create(mgrEast, '超额指派有限公司');
      const over = await app.request('POST', `/api/customers/${c}/assign`, { token: mgrEast, body: { userId: String(app.users.repB), overrideCap: true, reason: '老客户介绍' } });
      expect(over.status).toBe(200);
      const [event] = await history(c, mgrEast);
      expect(event).toMatchObject({ type: 'transferred', byUser: { id: String(app.users.mgrEast), name: '王经理' }, reason: '超出持有上限（已持有 2/2），由 王经理 指派；老客户介绍' });
      const plain = await app.request('POST', `/api/customers/${await create(mgrEast, '不超额有限公司')}/assign`, { token: mgrEast, body: { userId: String(app.users.repB) } });
      expect(plain.status).toBe(409);
      expect(plain.body.error.message).toContain('李四 已达持有上限');
    } finally {
      await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: pools.body.items[0].rules });
    }
  });
});
