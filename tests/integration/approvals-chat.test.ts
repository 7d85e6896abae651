import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalCardAction } from '../../server/approvals/approvals.card-actions.ts';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const POLICY = {
  levels: [{ approvers: { type: 'leader' }, overAmountFen: 0 }, { approvers: { type: 'role', role: 'admin' }, overAmountFen: 200000 }],
};

/**
 * Approvals in chat, end to end through the simulator: the server queues a card for each
 * approver of the level, the dispatcher sends it through the strict fake WeCom, a member taps
 * 同意 / 驳回 on /sim, the signed callback decides through the same service as the app, every
 * approver's card of the level shows the outcome and the requester is told.
 */
describe('approvals in chat', () => {
  let app: TestApp;
  const t = {} as Record<FixtureUserKey, string>;
  let customer: string;

  beforeAll(async () => {
    app = await startTestApp();
    for (const u of ['boss', 'mgrEast', 'mgrSouth', 'repA'] as const) t[u] = await app.tokenFor(u);
    customer = (await app.request('POST', '/api/customers', { token: t.repA, body: { name: '聊天审批有限公司' } })).body.id;
  });
  afterAll(async () => { await app?.close(); });
  beforeEach(async () => {
    app.clock.set(TEST_NOW);
    await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: POLICY });
    await app.request('DELETE', '/sim/api/messages');
    await app.runtime.db.manager.query("UPDATE outbox_messages SET status = 'sent' WHERE status IN ('pending', 'sending')");
  });

  const deliver = () => app.runtime.dispatcher.drain();
  const chat = async (userId: string) => (await app.request('GET', `/sim/api/messages?touser=${userId}`)).body.items as any[];
  const approvalCard = async (userId: string, id: string, round = 1, level = 1) =>
    (await chat(userId)).find((m) => m.template_card?.button_list?.some((b: any) => b.key === `approval:approve:${id}:${round}:${level}`));
  const click = async (card: any, userId: string, word: '同意' | '驳回', selectedOptionId?: string) => {
    const key = card.template_card.button_list.find((b: any) => b.text === word).key;
    const res = await app.request('POST', `/sim/api/cards/${card.taskId}/click`, { body: { userId, key, ...(selectedOptionId ? { selectedOptionId } : {}) } });
    await app.runtime.inbox.settle();
    await deliver();
    return res;
  };
  const refreshed = async (userId: string, taskId: string) => (await chat(userId)).find((m) => m.taskId === taskId);
  const file = async (amountFen: number, reason = '客户招待晚餐') => {
    const res = await app.request('POST', '/api/approvals', { token: t.repA, body: { type: 'entertainment', amountFen, customerId: customer, reason } });
    expect(res.status).toBe(201);
    await deliver();
    return res.body;
  };
  const get = async (id: string) => (await app.request('GET', `/api/approvals/${id}`, { token: t.repA })).body;

  it('should take a 5,000 元 request from the manager\'s card to the boss\'s card, update each card and tell the rep', async () => {
    const a = await file(500_000);
    const mgrCard = await approvalCard('mgr.east', a.id);
    expect(mgrCard.msgtype).toBe('template_card');
    const tc = mgrCard.template_card;
    expect(tc.card_type).toBe('button_interaction');
    expect(tc.button_list.map((b: any) => b.text)).toEqual(['同意', '驳回']);
    expect(Object.fromEntries(tc.horizontal_content_list.map((r: any) => [r.keyname, r.value]))).toEqual({
      类型: '招待', 金额: '¥5,000.00', 客户: '聊天审批有限公司', 申请人: '张三', 事由: '客户招待晚餐', 轮次: '第 1 轮',
    });
    expect(tc.card_action.url).toContain(`/pages/approval-detail/index?id=${a.id}`);
    expect(tc.button_selection.option_list.map((o: any) => o.text)).toEqual(['驳回请先选原因', '金额过高', '理由不充分', '缺少凭证', '其他']);
    // Not yet the boss's turn.
    expect(await approvalCard('boss', a.id, 1, 2)).toBeUndefined();

    const res = await click(mgrCard, 'mgr.east', '同意');
    expect(res.body).toMatchObject({ delivered: true, status: 200 });
    expect(await get(a.id)).toMatchObject({ status: 'pending', currentLevel: 2 });
    const mgrAfter = await refreshed('mgr.east', mgrCard.taskId);
    expect(mgrAfter.replaceName).toBe('已同意 · 王经理');
    expect(mgrAfter.updatedAt).toBeTruthy();
    const levelPassed = (await chat('zhangsan')).find((m) => m.template_card?.main_title?.title?.includes('已通过第 1 级'));
    expect(levelPassed).toBeDefined();

    const bossCard = await approvalCard('boss', a.id, 1, 2);
    expect(bossCard.template_card.main_title.desc).toContain('第 2/2 级');
    await click(bossCard, 'boss', '同意');
    expect(await get(a.id)).toMatchObject({ status: 'approved' });
    expect((await refreshed('boss', bossCard.taskId)).replaceName).toBe('已同意 · 陈总');
    const outcome = (await chat('zhangsan')).find((m) => m.template_card?.main_title?.title === '你的招待申请已通过');
    expect(outcome.template_card.card_type).toBe('text_notice');
    expect(outcome.template_card.card_action.url).toContain(`id=${a.id}`);
  });

  it('should update every approver\'s card of a level (或签) when one of them decides, and keep the others from deciding again', async () => {
    await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: { levels: [{ approvers: { type: 'users', userIds: [String(app.users.mgrEast), String(app.users.mgrSouth)] }, overAmountFen: 0 }] } });
    const a = await file(30_000);
    const east = await approvalCard('mgr.east', a.id);
    const south = await approvalCard('mgr.south', a.id);
    expect(east && south).toBeTruthy();
    await click(south, 'mgr.south', '驳回', 'no_receipt');
    expect(await get(a.id)).toMatchObject({ status: 'rejected' });
    expect((await get(a.id)).steps[0]).toMatchObject({ decision: 'rejected', comment: '缺少凭证', decidedBy: { name: '李经理' } });
    for (const [user, card] of [['mgr.south', south], ['mgr.east', east]] as const) {
      const now = await refreshed(user, card.taskId);
      expect({ user, name: now.replaceName, updated: !!now.updatedAt }).toEqual({ user, name: '已驳回 · 缺少凭证', updated: true });
    }
    // Greyed: WeCom offers nothing to press any more.
    const late = await app.request('POST', `/sim/api/cards/${east.taskId}/click`, { body: { userId: 'mgr.east', key: east.template_card.button_list[0].key } });
    expect(late.status).toBe(409);
    const told = (await chat('zhangsan')).find((m) => m.template_card?.main_title?.title === '你的招待申请被驳回');
    expect(told.template_card.main_title.desc).toContain('缺少凭证');
  });

  it('should ask for a reason and decide nothing when 驳回 is tapped with the placeholder', async () => {
    const a = await file(20_000);
    const card = await approvalCard('mgr.east', a.id);
    await click(card, 'mgr.east', '驳回');
    expect(await get(a.id)).toMatchObject({ status: 'pending', currentLevel: 1 });
    const asked = await refreshed('mgr.east', card.taskId);
    expect(asked.replaceName).toBeUndefined();
    expect(asked.template_card.sub_title_text).toContain('请先在卡片上选择驳回原因');
    await click(card, 'mgr.east', '驳回', 'too_much');
    expect(await get(a.id)).toMatchObject({ status: 'rejected' });
    expect((await refreshed('mgr.east', card.taskId)).replaceName).toBe('已驳回 · 金额过高');
  });

  it('should update the cards when the decision is made in the app, and show the state on a stale card\'s click', async () => {
    const a = await file(20_000);
    const card = await approvalCard('mgr.east', a.id);
    expect((await app.request('POST', `/api/approvals/${a.id}/decide`, { token: t.mgrEast, body: { decision: 'approve' } })).status).toBe(200);
    // The click comes before the dispatcher updated the card: nothing more is decided, the card says what happened.
    const res = await app.request('POST', `/sim/api/cards/${card.taskId}/click`, { body: { userId: 'mgr.east', key: card.template_card.button_list[1].key, selectedOptionId: 'other' } });
    expect(res.body).toMatchObject({ delivered: true, status: 200 });
    await app.runtime.inbox.settle();
    expect((await refreshed('mgr.east', card.taskId)).replaceName).toBe('已同意 · 王经理');
    await deliver();
    expect(await get(a.id)).toMatchObject({ status: 'approved' });
    const decisions = await app.runtime.db.manager.query('SELECT decision FROM approval_steps WHERE approval_id = ?', [a.id]);
    expect(decisions.map((d: any) => d.decision)).toEqual(['approved']);
  });

  it('should decide once when the same approver presses the card and the app at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await file(20_000, `并发第 ${round} 次`);
      const card = await approvalCard('mgr.east', a.id);
      const key = card.template_card.button_list.find((b: any) => b.text === '同意').key;
      const [clicked, decided] = await Promise.all([
        app.request('POST', `/sim/api/cards/${card.taskId}/click`, { body: { userId: 'mgr.east', key } }),
        app.request('POST', `/api/approvals/${a.id}/decide`, { token: t.mgrEast, body: { decision: 'approve' } }),
      ]);
      await app.runtime.inbox.settle();
      await deliver();
      expect(clicked.body).toMatchObject({ delivered: true, status: 200 });
      expect([200, 409]).toContain(decided.status);
      if (decided.status === 409) expect(decided.body.error.code).toBe('APPROVAL_NOT_PENDING');
      const audits = await app.runtime.db.manager.query("SELECT id FROM audit_log WHERE entity_id = ? AND action = 'approval.approve'", [a.id]);
      expect(audits).toHaveLength(1);
      expect(await get(a.id)).toMatchObject({ status: 'approved' });
      expect((await refreshed('mgr.east', card.taskId)).replaceName).toBe('已同意 · 王经理');
    }
  });

  it('should decide once and answer the same when a click is processed twice (a rerun after a crash)', async () => {
    const a = await file(20_000);
    const action = approvalCardAction(app.runtime.db, app.clock, app.runtime.services.approvals);
    const [row] = await app.runtime.db.manager.query('SELECT id, name, role, department_id FROM users WHERE wecom_user_id = ?', ['mgr.east']);
    const actor = { id: Number(row.id), name: row.name, role: row.role, departmentId: Number(row.department_id), departmentPath: '/1/2/', wecomUserId: 'mgr.east' };
    const click = {
      actor, wecomUserId: 'mgr.east', key: `approval:reject:${a.id}:1:1`, arg: `reject:${a.id}:1:1`,
      selections: { reject_reason: ['too_much'] }, requestId: 'callback:rerun-1', card: null,
    };
    const first = await action.handle(click);
    const second = await action.handle(click);
    expect(first).toEqual({ outcome: 'rejected', update: { mode: 'replace-name', text: '已驳回 · 金额过高' }, scope: 'event' });
    expect(second).toEqual(first);
    const audits = await app.runtime.db.manager.query("SELECT id FROM audit_log WHERE entity_id = ? AND action = 'approval.reject'", [a.id]);
    expect(audits).toHaveLength(1);
    // Another member's click on the same key is not theirs to make.
    expect((await action.handle({ ...click, actor: { ...actor, id: app.users.repB, role: 'rep', departmentPath: '/1/2/4/', wecomUserId: 'lisi' }, requestId: 'callback:other' })).outcome).toBe('not-allowed');
  });

  it('should update a card decided in the app through the send\'s response code', async () => {
    const a = await file(20_000);
    const card = await approvalCard('mgr.east', a.id);
    await app.request('POST', `/api/approvals/${a.id}/decide`, { token: t.mgrEast, body: { decision: 'reject', comment: '理由不充分' } });
    await deliver();
    const now = await refreshed('mgr.east', card.taskId);
    expect(now.replaceName).toBe('已驳回 · 理由不充分');
    expect(now.updatedAt).toBeTruthy();
  });

  it('should say 已撤回 on the approvers\' cards when the rep withdraws', async () => {
    const a = await file(20_000);
    const card = await approvalCard('mgr.east', a.id);
    expect((await app.request('POST', `/api/approvals/${a.id}/withdraw`, { token: t.repA })).status).toBe(200);
    await deliver();
    expect((await refreshed('mgr.east', card.taskId)).replaceName).toBe('已撤回');
  });

  it('should refuse a click on a card older than 72 hours politely, deciding nothing', async () => {
    const a = await file(20_000);
    const card = await approvalCard('mgr.east', a.id);
    app.clock.set(new Date(TEST_NOW.getTime() + 73 * 3600_000));
    await click(card, 'mgr.east', '同意');
    expect(await get(a.id)).toMatchObject({ status: 'pending', currentLevel: 1 });
    expect((await refreshed('mgr.east', card.taskId)).replaceName).toBe('卡片已过期，请在应用中处理');
    // The app still decides.
    expect((await app.request('POST', `/api/approvals/${a.id}/decide`, { token: t.mgrEast, body: { decision: 'approve' } })).status).toBe(200);
  });

  it('should send a new card for the new round after a resubmission, leaving the old round\'s card as decided', async () => {
    const a = await file(20_000);
    const first = await approvalCard('mgr.east', a.id);
    await click(first, 'mgr.east', '驳回', 'weak_reason');
    await app.request('POST', `/api/approvals/${a.id}/resubmit`, { token: t.repA, body: { reason: '补充说明：签约前最后一次沟通' } });
    await deliver();
    const second = await approvalCard('mgr.east', a.id, 2, 1);
    expect(second.template_card.horizontal_content_list.find((r: any) => r.keyname === '轮次').value).toBe('第 2 轮');
    await click(second, 'mgr.east', '同意');
    expect(await get(a.id)).toMatchObject({ status: 'approved', round: 2 });
  });

  it('should remind approvers once a business day after 24 business hours and tell the requester\'s leader after 72', async () => {
    const a = await file(20_000);
    const run = async (at: Date) => {
      app.clock.set(at);
      const res = await app.request('POST', '/sim/api/jobs/approval-reminders/run');
      expect(res.status).toBe(200);
      await deliver();
      return res.body;
    };
    const reminders = async () => (await chat('mgr.east')).filter((m) => m.template_card?.main_title?.title?.includes('等你审批'));
    expect((await run(new Date(TEST_NOW.getTime() + 23 * 3600_000))).reminded).toBe(0);
    expect((await run(new Date(TEST_NOW.getTime() + 25 * 3600_000))).reminded).toBe(1);
    expect((await run(new Date(TEST_NOW.getTime() + 26 * 3600_000))).reminded).toBe(0);
    expect(await reminders()).toHaveLength(1);
    const late = await run(new Date(TEST_NOW.getTime() + 73 * 3600_000));
    expect(late).toMatchObject({ reminded: 1, escalated: 1 });
    // repA's leader is mgrEast (the approver here) — told that it waits.
    expect((await chat('mgr.east')).some((m) => m.template_card?.main_title?.title?.includes('已等待'))).toBe(true);
    expect((await run(new Date(TEST_NOW.getTime() + 74 * 3600_000))).escalated).toBe(0);
    await app.request('POST', `/api/approvals/${a.id}/withdraw`, { token: t.repA });
  });
});
