import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlTime } from '../../server/infra/db.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

interface AppChatView { chatId: string; owner: string; members: string[]; items: Array<{ msgtype: string; text?: { content: string } }> }

/**
 * The customer's team group (客户作战群, issue 11): created once through the simulator's strict
 * appchat API, its summary first, then each new follow-up and history event posted with its own
 * text by the team-chat job — exactly once, also when WeCom fails for a while — and its members
 * following the team.
 */
describe('customer team group', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let mgrEast: string;
  let customer: string;
  let chatId: string;

  const appChat = async (): Promise<AppChatView> => (await app.request('GET', `/sim/api/appchats/${chatId}/messages`)).body;
  const runJob = async () => (await app.request('POST', '/sim/api/jobs/team-chat-posts/run', { body: {} })).body;
  const texts = async () => (await appChat()).items.map((m) => m.text?.content ?? '');

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW);
    [repA, repB, mgrEast] = await Promise.all(['repA', 'repB', 'mgrEast'].map((u) => app.tokenFor(u as never)));
    customer = (await app.request('POST', '/api/customers', { token: repA, body: { name: '作战群测试有限公司' } })).body.id;
  });
  afterAll(async () => { await app?.close(); });

  it('should refuse the team group to someone who may not edit the customer', async () => {
    expect((await app.request('POST', `/api/customers/${customer}/team-chat`, { token: repB })).status).toBe(404);
  });

  it('should create the group with the owner and the owner\'s manager and post the summary first', async () => {
    const res = await app.request('POST', `/api/customers/${customer}/team-chat`, { token: repA });
    expect(res.status).toBe(200);
    chatId = res.body.chatId;
    expect(chatId).toMatch(/^[0-9a-zA-Z]{1,32}$/);
    const chat = await appChat();
    expect(chat.owner).toBe('zhangsan');
    expect(chat.members.sort()).toEqual(['mgr.east', 'zhangsan']);
    expect(chat.items).toHaveLength(1);
    expect(chat.items[0]!.text!.content).toContain('【客户作战群】作战群测试有限公司');
    expect(chat.items[0]!.text!.content).toContain('负责人：张三');
  });

  it('should answer the same group when asked again', async () => {
    const again = await app.request('POST', `/api/customers/${customer}/team-chat`, { token: mgrEast });
    expect(again.body).toEqual({ chatId });
    const groups = await app.request('GET', `/api/customers/${customer}/groups`, { token: repA });
    expect(groups.body.items).toEqual([expect.objectContaining({ chatId, kind: 'team', memberCount: 2 })]);
  });

  it('should post a new follow-up with its own content when the job runs', async () => {
    const fu = await app.request('POST', `/api/customers/${customer}/follow-ups`, { token: repA, body: { type: 'visit', content: '拜访采购部，确认下月下单' } });
    expect(fu.status).toBe(201);
    const summary = await runJob();
    expect(summary).toMatchObject({ job: 'team-chat-posts', sent: 1, failed: 0 });
    expect((await texts())[0]).toBe('【新跟进】作战群测试有限公司\n张三（拜访）：拜访采购部，确认下月下单');
    // Nothing new: nothing posted.
    expect(await runJob()).toMatchObject({ sent: 0, queued: 0 });
  });

  it('should add a new co-follower to the group when the team changes', async () => {
    const users = (await app.request('GET', '/api/users?pageSize=50', { token: mgrEast })).body.items as Array<{ id: string; wecomUserId: string }>;
    const lisi = users.find((u) => u.wecomUserId === 'lisi')!;
    expect((await app.request('POST', `/api/customers/${customer}/followers`, { token: repA, body: { userId: lisi.id } })).status).toBeLessThan(300);
    const run = await runJob();
    expect(run.membershipUpdates).toBe(1);
    expect((await appChat()).members.sort()).toEqual(['lisi', 'mgr.east', 'zhangsan']);
  });

  it('should post each follow-up exactly once when WeCom fails for a while', async () => {
    await app.request('POST', '/sim/api/faults', { body: { failRate: 1, errcode: -1 } });
    try {
      await app.request('POST', `/api/customers/${customer}/follow-ups`, { token: repA, body: { type: 'call', content: '电话确认合同条款' } });
      const failed = await runJob();
      expect(failed.sent).toBe(0);
      expect(failed.failed).toBeGreaterThan(0);
      await runJob();
    } finally {
      await app.request('POST', '/sim/api/faults', { body: { failRate: 0 } });
    }
    expect(await runJob()).toMatchObject({ sent: 1 });
    await runJob();
    const all = await texts();
    expect(all.filter((t) => t.includes('电话确认合同条款'))).toHaveLength(1);
    expect(all.filter((t) => t.includes('拜访采购部'))).toHaveLength(1);
  });

  it('should send a post again when the run that claimed it died, and not before its lease ends', async () => {
    await app.request('POST', '/sim/api/faults', { body: { failRate: 1, errcode: -1 } });
    try {
      await app.request('POST', `/api/customers/${customer}/follow-ups`, { token: repA, body: { type: 'wechat', content: '微信发了报价单' } });
      await runJob();
    } finally {
      await app.request('POST', '/sim/api/faults', { body: { failRate: 0 } });
    }
    // A run claimed it and died before sending.
    const db = app.runtime.db.manager;
    await db.query("UPDATE team_chat_posts SET status = 'sending', sent_at = ? WHERE content LIKE ?", [sqlTime(app.clock.now()), '%微信发了报价单%']);
    expect(await runJob()).toMatchObject({ sent: 0 });
    app.clock.set(new Date(app.clock.now().getTime() + 6 * 60_000));
    expect(await runJob()).toMatchObject({ sent: 1 });
    expect((await texts()).filter((t) => t.includes('微信发了报价单'))).toHaveLength(1);
  });

  it('should follow an owner change by assignment: new owner in the group, the post names the move', async () => {
    const users = (await app.request('GET', '/api/users?pageSize=50', { token: mgrEast })).body.items as Array<{ id: string; wecomUserId: string }>;
    const lisi = users.find((u) => u.wecomUserId === 'lisi')!;
    const zhangsan = users.find((u) => u.wecomUserId === 'zhangsan')!;
    // lisi co-follows already; zhangsan leaves the team when lisi owns it (no longer a co-follower).
    await app.request('DELETE', `/api/customers/${customer}/followers/${lisi.id}`, { token: repA });
    const assigned = await app.request('POST', `/api/customers/${customer}/assign`, { token: mgrEast, body: { userId: lisi.id, reason: '调整分工' } });
    expect(assigned.status).toBe(200);
    const run = await runJob();
    expect(run.membershipUpdates).toBe(1);
    const chat = await appChat();
    expect(chat.owner).toBe('lisi');
    expect(chat.members.sort()).toEqual(['lisi', 'mgr.east']);
    expect(chat.members).not.toContain(zhangsan.wecomUserId);
    expect((await texts())[0]).toBe('【客户动态】作战群测试有限公司\n王经理 将客户从 张三 转给 李四（调整分工）');
  });

  it('should post an approval of the customer with its decision when it is decided', async () => {
    const filed = await app.request('POST', '/api/approvals', { token: repB, body: { type: 'entertainment', amountFen: 30000, customerId: customer, reason: '客户招待晚餐' } });
    expect(filed.status).toBe(201);
    expect((await app.request('POST', `/api/approvals/${filed.body.id}/decide`, { token: mgrEast, body: { decision: 'approve' } })).status).toBe(200);
    await runJob();
    expect((await texts())[0]).toBe('【审批结果】作战群测试有限公司\n李四 的招待申请 ¥300.00 已通过（事由：客户招待晚餐）');
    expect(await runJob()).toMatchObject({ queued: 0, sent: 0 });
  });

  it('should post a signed contract and a payment received with their amounts', async () => {
    const contract = await app.request('POST', '/api/contracts', {
      token: repB, body: { customerId: customer, number: 'HT-TC-001', amountFen: 500000, startOn: '2026-03-01', endOn: '2027-02-28' },
    });
    expect(contract.status).toBe(201);
    expect(contract.body.status).toBe('signed');
    const plan = await app.request('POST', `/api/contracts/${contract.body.id}/payment-plans`, { token: repB, body: { dueOn: '2026-04-01', amountFen: 200000 } });
    expect(plan.status).toBe(201);
    const pay = await app.request('POST', `/api/payment-plans/${plan.body.id}/payments`, { token: repB, body: { amountFen: 150000, receivedOn: '2026-03-02' } });
    expect(pay.status).toBe(201);
    await runJob();
    const [latest, previous] = await texts();
    expect(previous).toBe('【合同签订】作战群测试有限公司\n合同 HT-TC-001 ¥5000.00 已签订');
    expect(latest).toBe('【回款】作战群测试有限公司\n合同 HT-TC-001 回款 ¥1500.00（到账 2026-03-02） · 李四');
  });

  it('should refuse clearly when the team is the owner alone and nobody leads them', async () => {
    const boss = await app.tokenFor('boss');
    const own = (await app.request('POST', '/api/customers', { token: boss, body: { name: '老板自己的客户有限公司' } })).body.id;
    const res = await app.request('POST', `/api/customers/${own}/team-chat`, { token: boss });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('TEAM_CHAT_TOO_SMALL');
  });

  it('should post the pool\'s reclaim warning of the customer once, however often the warnings run', async () => {
    app.clock.set(TEST_NOW);
    const c = (await app.request('POST', '/api/customers', { token: repA, body: { name: '预警作战群有限公司' } })).body.id as string;
    const created = await app.request('POST', `/api/customers/${c}/team-chat`, { token: repA });
    expect(created.status).toBe(200);
    const warnChat = created.body.chatId as string;
    app.clock.set(new Date('2026-03-15T09:10:00+08:00')); // due 18 March: inside the warning window
    expect((await app.request('POST', '/sim/api/jobs/reclaim-warnings/run', { body: {} })).body.affected).toBeGreaterThanOrEqual(1);
    await runJob();
    await app.request('POST', '/sim/api/jobs/reclaim-warnings/run', { body: {} });
    await runJob();
    const posts = ((await app.request('GET', `/sim/api/appchats/${warnChat}/messages`)).body.items as Array<{ text?: { content: string } }>)
      .map((m) => m.text?.content ?? '').filter((t) => t.startsWith('【回收预警】'));
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/^【回收预警】预警作战群有限公司\n.+，3 天后将收回公海$/);
  });
});
