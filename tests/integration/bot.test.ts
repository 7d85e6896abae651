import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signature } from '../../bot/wecom/callback-crypto.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * The bot end to end through the simulator: jobs queue, the dispatcher sends through the
 * strict fake WeCom, a member clicks in the simulated chat, the signed callback comes back.
 */
describe('bot: cards, clicks and callbacks', () => {
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
    await app.runtime.db.manager.query("UPDATE outbox_messages SET status = 'sent' WHERE status IN ('pending', 'sending')");
  });

  const at = (when: Date) => app.clock.set(when);
  const runJob = async (name: string) => (await app.request('POST', `/sim/api/jobs/${name}/run`)).body;
  const deliver = () => app.runtime.dispatcher.drain();
  const chat = async (userId: string) => (await app.request('GET', `/sim/api/messages?touser=${userId}`)).body.items as any[];
  // A rep cannot make a customer 重点 themself: the boss sets the level, as in the product.
  const create = async (token: string, name: string, { level, ...extra }: Record<string, unknown> = {}) => {
    const created = (await app.request('POST', '/api/customers', { token, body: { name, ...extra } })).body;
    if (level) expect((await app.request('PATCH', `/api/customers/${created.id}`, { token: boss, body: { level } })).status).toBe(200);
    return created;
  };

  /** A customer of `token`'s rep created now and its reclaim warning delivered on 03-15. */
  const warned = async (token: string, userId: string, name: string) => {
    at(TEST_NOW);
    const customer = await create(token, name);
    at(sh('2026-03-15T09:10:00'));
    await runJob('reclaim-warnings');
    await deliver();
    const card = (await chat(userId)).find((m) => m.template_card?.card_type === 'button_interaction' && JSON.stringify(m.template_card).includes(name));
    expect(card, `a reclaim warning for ${name}`).toBeDefined();
    const release = card.template_card.button_list.find((b: any) => b.text === '放弃客户');
    return { customer, card, release };
  };
  const click = async (taskId: string, userId: string, key: string, selectedOptionId?: string) => {
    const res = await app.request('POST', `/sim/api/cards/${taskId}/click`, { body: { userId, key, ...(selectedOptionId ? { selectedOptionId } : {}) } });
    await app.runtime.inbox.settle();
    return res;
  };
  const cardOf = async (userId: string, taskId: string) => (await chat(userId)).find((m) => m.taskId === taskId);
  const releasedEvents = async (customerId: string) =>
    (await app.runtime.db.manager.query("SELECT reason, by_user_id FROM ownership_events WHERE customer_id = ? AND type = 'released'", [Number(customerId)])) as any[];

  it('should deliver a reclaim warning whose "放弃客户" button releases the customer with the chosen reason and updates the card', async () => {
    const { customer: c, card, release } = await warned(repA, 'zhangsan', '聊天放弃有限公司');
    expect(card.template_card.main_title.title).toBe('客户即将回收');
    const write = card.template_card.button_list.find((b: any) => b.text === '写跟进');
    expect(write.url).toContain(`id=${c.id}`);
    const selection = card.template_card.button_selection;
    expect(selection.selected_id).toBe('none');
    expect(selection.option_list.map((o: any) => o.text)).toEqual(['请选择放弃原因', '客户无意向', '联系不上', '预算不足', '已选竞品', '其他原因']);

    const res = await click(card.taskId, 'zhangsan', release.key, 'unreachable');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delivered: true, status: 200 });

    const after = await app.request('GET', `/api/customers/${c.id}`, { token: repB });
    expect(after.body).toMatchObject({ inPool: true, ownerId: null });
    const history = await app.request('GET', `/api/customers/${c.id}/history`, { token: repB });
    expect(history.body.items[0]).toMatchObject({ type: 'released', reason: '联系不上', byUserId: String(app.users.repA) });
    expect((await cardOf('zhangsan', card.taskId)).replaceName).toBe('已放弃：联系不上');
    const outbox = await app.runtime.db.manager.query('SELECT outcome FROM outbox_messages WHERE task_id = ?', [card.taskId]);
    expect(outbox[0].outcome).toBe('released');

    // A second click has no buttons left to press.
    const again = await app.request('POST', `/sim/api/cards/${card.taskId}/click`, { body: { userId: 'zhangsan', key: release.key, selectedOptionId: 'other' } });
    expect(again.status).toBe(409);
    expect(await releasedEvents(c.id)).toHaveLength(1);
  });

  it('should update the warning card in chat when the rep writes a follow-up in the app that moves the reclaim', async () => {
    const { customer: c, card } = await warned(repA, 'zhangsan', '应用跟进顺延有限公司');
    const wrote = await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '电话沟通，下周再约' } });
    expect(wrote.status).toBe(201);
    await deliver();
    const updated = await cardOf('zhangsan', card.taskId);
    expect(updated.replaceName).toBe('已写跟进，回收时间已顺延');
    const [row] = await app.runtime.db.manager.query('SELECT outcome, response_code FROM outbox_messages WHERE task_id = ?', [card.taskId]);
    expect(row).toMatchObject({ outcome: 'followed-up', response_code: null });
    // Its buttons are gone: 放弃客户 can no longer be pressed on a warning that no longer applies.
    const release = card.template_card.button_list.find((b: any) => b.text === '放弃客户');
    expect((await app.request('POST', `/sim/api/cards/${card.taskId}/click`, { body: { userId: 'zhangsan', key: release.key, selectedOptionId: 'other' } })).status).toBe(409);
  });

  it('should cancel a warning held by the quiet hours once a follow-up makes it untrue, so it is never delivered', async () => {
    at(TEST_NOW);
    const c = await create(repB, '夜间跟进取消有限公司');
    // 22:00 on the first day of the warning window: the warning is queued but quiet hours hold it.
    at(sh('2026-03-15T22:00:00'));
    await runJob('reclaim-warnings');
    await deliver();
    const held = await app.runtime.db.manager.query("SELECT status FROM outbox_messages WHERE kind = 'reclaim-warning' AND customer_id = ?", [c.id]);
    expect(held.map((r: any) => r.status)).toEqual(['pending']);
    expect((await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repB, body: { type: 'visit', content: '晚上拜访' } })).status).toBe(201);
    await deliver();
    at(sh('2026-03-16T08:30:00'));
    await deliver();
    const rows = await app.runtime.db.manager.query("SELECT status, outcome FROM outbox_messages WHERE kind = 'reclaim-warning' AND customer_id = ?", [c.id]);
    expect(rows).toEqual([{ status: 'cancelled', outcome: 'followed-up' }]);
    expect((await chat('lisi')).some((m) => JSON.stringify(m.template_card ?? {}).includes('夜间跟进取消有限公司'))).toBe(false);
  });

  it('should leave a no-deal warning open when a follow-up does not move the reclaim', async () => {
    at(TEST_NOW);
    const c = await create(repA, '未成交预警有限公司');
    // Follow-ups every week: only the no-deal rule (30 days after the claim) can fire.
    for (const day of ['2026-03-09', '2026-03-16', '2026-03-23']) {
      at(sh(`${day}T10:00:00`));
      await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: `例行沟通 ${day}` } });
    }
    at(sh('2026-03-30T09:10:00'));
    await runJob('reclaim-warnings');
    await deliver();
    const card = (await chat('zhangsan')).find((m) => JSON.stringify(m.template_card ?? {}).includes('未成交预警有限公司'));
    expect(card.template_card.horizontal_content_list.find((r: any) => r.keyname === '回收原因').value).toContain('未成交');
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '还在谈' } });
    await deliver();
    expect((await cardOf('zhangsan', card.taskId)).replaceName).toBeUndefined();
  });

  it('should release nothing and ask for a reason on the card when 放弃客户 is clicked with the placeholder selected', async () => {
    const { customer: c, card, release } = await warned(repA, 'zhangsan', '未选原因有限公司');
    const res = await click(card.taskId, 'zhangsan', release.key); // the card's default: the placeholder
    expect(res.body).toMatchObject({ delivered: true, status: 200 });

    expect((await app.request('GET', `/api/customers/${c.id}`, { token: repA })).body).toMatchObject({ ownerId: String(app.users.repA) });
    expect(await releasedEvents(c.id)).toEqual([]);
    const asked = await cardOf('zhangsan', card.taskId);
    expect(asked.replaceName).toBeUndefined();
    expect(asked.template_card.sub_title_text).toContain('请先选择放弃原因');
    expect(asked.template_card.button_list.map((b: any) => b.text)).toEqual(['写跟进', '放弃客户']);
    const [row] = await app.runtime.db.manager.query('SELECT outcome FROM outbox_messages WHERE task_id = ?', [card.taskId]);
    // Not an outcome yet: the card is still open, so a later change (a follow-up in the app) can still update it.
    expect(row.outcome).toBeNull();

    // The card stays usable: pick a reason and press again.
    const second = await click(card.taskId, 'zhangsan', release.key, 'no_budget');
    expect(second.body).toMatchObject({ delivered: true, status: 200 });
    expect(await releasedEvents(c.id)).toMatchObject([{ reason: '预算不足' }]);
    expect((await cardOf('zhangsan', card.taskId)).replaceName).toBe('已放弃：预算不足');
  });

  it('should say 已被回收至公海 when the customer was reclaimed before the click', async () => {
    const { customer: c, card, release } = await warned(repA, 'zhangsan', '已被收回有限公司');
    const reclaimed = await app.request('POST', `/api/customers/${c.id}/reclaim`, { token: mgrEast, body: { reason: '经理收回' } });
    expect(reclaimed.status).toBe(200);
    await click(card.taskId, 'zhangsan', release.key, 'no_interest');
    expect((await cardOf('zhangsan', card.taskId)).replaceName).toBe('已被回收至公海');
    expect(await releasedEvents(c.id)).toEqual([]);
    const [row] = await app.runtime.db.manager.query('SELECT outcome FROM outbox_messages WHERE task_id = ?', [card.taskId]);
    expect(row.outcome).toBe('reclaimed');
  });

  it('should say 已被回收至公海 without asking for a reason when a reclaimed customer is clicked with the placeholder', async () => {
    const { customer: c, card, release } = await warned(repA, 'zhangsan', '占位已收回有限公司');
    expect((await app.request('POST', `/api/customers/${c.id}/reclaim`, { token: mgrEast, body: { reason: '经理收回' } })).status).toBe(200);
    await click(card.taskId, 'zhangsan', release.key);
    expect((await cardOf('zhangsan', card.taskId)).replaceName).toBe('已被回收至公海');
  });

  it('should say 客户已转给他人 and leave the new owner alone when the customer was transferred before the click', async () => {
    const { customer: c, card, release } = await warned(repA, 'zhangsan', '已转他人有限公司');
    const moved = await app.request('POST', `/api/customers/${c.id}/assign`, { token: mgrEast, body: { userId: String(app.users.repB), reason: '调整负责人' } });
    expect(moved.status).toBe(200);
    await click(card.taskId, 'zhangsan', release.key, 'other');
    expect((await cardOf('zhangsan', card.taskId)).replaceName).toBe('客户已转给他人');
    expect((await app.request('GET', `/api/customers/${c.id}`, { token: repB })).body).toMatchObject({ ownerId: String(app.users.repB) });
    expect(await releasedEvents(c.id)).toEqual([]);
  });

  it('should say 无权操作该客户 when the member who clicks may no longer act in wecrm', async () => {
    const { customer: c, card, release } = await warned(repB, 'lisi', '无权操作有限公司');
    await app.runtime.db.manager.query("UPDATE users SET status = 'left' WHERE wecom_user_id = 'lisi'");
    try {
      await click(card.taskId, 'lisi', release.key, 'no_interest');
    } finally {
      await app.runtime.db.manager.query("UPDATE users SET status = 'active' WHERE wecom_user_id = 'lisi'");
    }
    expect((await cardOf('lisi', card.taskId)).replaceName).toBe('无权操作该客户');
    expect((await app.request('GET', `/api/customers/${c.id}`, { token: repB })).body).toMatchObject({ ownerId: String(app.users.repB) });
  });

  it('should send one warning per cycle however often the job runs', async () => {
    at(TEST_NOW);
    const c = await create(repB, '一周期一卡有限公司');
    at(sh('2026-03-15T09:10:00'));
    await runJob('reclaim-warnings');
    await runJob('reclaim-warnings');
    await deliver();
    at(sh('2026-03-16T09:10:00'));
    await runJob('reclaim-warnings');
    await deliver();
    const mine = (await chat('lisi')).filter((m) => JSON.stringify(m.template_card ?? {}).includes('一周期一卡有限公司'));
    expect(mine).toHaveLength(1);
    expect(c.id).toBeDefined();
  });

  it('should push a forgotten-customer card and drop the customer from the home cards once a follow-up is logged', async () => {
    at(sh('2025-10-01T10:00:00'));
    const c = await create(repB, '被遗忘的重点客户有限公司', { level: 'key' });
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repB, body: { type: 'visit', content: '年初拜访过一次' } });
    at(sh('2026-03-02T09:20:00'));
    const summary = await runJob('forgotten-customers');
    expect(summary.affected).toBeGreaterThanOrEqual(1);
    await deliver();
    const card = (await chat('lisi')).find((m) => JSON.stringify(m.template_card ?? {}).includes('被遗忘的重点客户有限公司'));
    expect(card.template_card.card_type).toBe('text_notice');
    expect(card.template_card.main_title.title).toContain('152 天未联系');

    const home = await app.request('GET', '/api/home/cards', { token: repB });
    expect(home.body.forgotten.map((f: any) => f.customerId)).toContain(c.id);
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repB, body: { type: 'call', content: '重新联系上了' } });
    const after = await app.request('GET', '/api/home/cards', { token: repB });
    expect(after.body.forgotten.map((f: any) => f.customerId)).not.toContain(c.id);

    // At most one card per customer per 30 days.
    await runJob('forgotten-customers');
    expect((await runJob('forgotten-customers')).affected).toBe(0);
  });

  it('should hold non-urgent cards during quiet hours and send them when the window ends', async () => {
    at(TEST_NOW);
    const c = await create(repA, '夜间提醒有限公司');
    await app.request('POST', `/api/customers/${c.id}/followers`, { token: repA, body: { userId: String(app.users.repB) } });
    at(sh('2026-03-02T22:30:00'));
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '晚上打了个电话' } });
    await deliver();
    expect((await chat('lisi')).filter((m) => JSON.stringify(m.template_card ?? {}).includes('夜间提醒有限公司'))).toHaveLength(0);
    at(sh('2026-03-03T08:00:01'));
    await deliver();
    const cards = (await chat('lisi')).filter((m) => JSON.stringify(m.template_card ?? {}).includes('夜间提醒有限公司'));
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0].template_card)).toContain('张三');
  });

  it('should merge more than three reminders for one member into one digest card', async () => {
    at(sh('2025-09-01T10:00:00'));
    for (let i = 0; i < 5; i++) await create(repA, `摘要遗忘${i}有限公司`, { level: 'key' });
    at(sh('2026-03-04T09:20:00'));
    await runJob('forgotten-customers');
    await deliver();
    const cards = (await chat('zhangsan')).filter((m) => JSON.stringify(m.template_card ?? {}).includes('摘要遗忘'));
    expect(cards).toHaveLength(1);
    expect(cards[0].taskId).toMatch(/^wecrm_digest_/);
    const rows = await app.runtime.db.manager.query("SELECT status, digest_task_id FROM outbox_messages WHERE kind = 'forgotten-customer' AND to_user = 'zhangsan' AND digest_task_id IS NOT NULL");
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r: any) => r.status === 'sent')).toBe(true);
  });

  it('should tell the previous owner when the sweep reclaims a customer', async () => {
    at(TEST_NOW);
    const c = await create(repB, '回收通知有限公司');
    at(sh('2026-03-18T09:00:00'));
    await runJob('reclaim');
    await deliver();
    const card = (await chat('lisi')).find((m) => JSON.stringify(m.template_card ?? {}).includes('回收通知有限公司'));
    expect(card.template_card.main_title.title).toContain('回收');
    expect(c.id).toBeDefined();
  });

  it('should retry through WeCom failures and mark permanent failures with their reason', async () => {
    at(TEST_NOW);
    const c = await create(repA, '重试测试有限公司');
    await app.request('POST', `/api/customers/${c.id}/followers`, { token: repA, body: { userId: String(app.users.repB) } });
    await app.request('POST', '/sim/api/faults', { body: { failRate: 1, errcode: -1 } });
    try {
      await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '故障期间的跟进' } });
      await app.runtime.dispatcher.runOnce();
      const [row] = await app.runtime.db.manager.query("SELECT status, attempts, last_error FROM outbox_messages WHERE kind = 'co-follower' AND customer_id = ?", [c.id]);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toContain('-1');
    } finally {
      await app.request('POST', '/sim/api/faults', { body: { failRate: 0 } });
    }
    at(sh('2026-03-02T11:00:00')); // past the backoff
    await deliver();
    const [row] = await app.runtime.db.manager.query("SELECT status FROM outbox_messages WHERE kind = 'co-follower' AND customer_id = ?", [c.id]);
    expect(row.status).toBe('sent');

    // A recipient WeCom does not know fails for good, with the reason.
    await app.runtime.db.manager.query(
      "INSERT INTO outbox_messages (dedupe_key, kind, to_user, customer_id, payload, status, attempts, due_at, created_at, urgent) VALUES ('t:ghost', 'reclaimed', 'ghost.user', NULL, ?, 'pending', 0, '2026-03-02 00:00:00.000', '2026-03-02 00:00:00.000', 0)",
      [JSON.stringify({ customerId: '1', customerName: '某公司', reason: '测试', at: TEST_NOW.toISOString() })],
    );
    await deliver();
    const [ghost] = await app.runtime.db.manager.query("SELECT status, last_error FROM outbox_messages WHERE dedupe_key = 't:ghost'");
    expect(ghost.status).toBe('failed');
    expect(ghost.last_error).toMatch(/81013|invaliduser/);
  });
});

describe('bot: the callback endpoint', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  const config = () => app.runtime.config.wecom;
  const ts = () => String(Math.floor(app.clock.now().getTime() / 1000));

  it('should pass the URL verification WeCom does when the callback is saved', async () => {
    const res = await app.request('POST', '/sim/api/callback/verify');
    expect(res.body).toMatchObject({ verified: true, status: 200 });
  });

  it('should answer 401 to a bad signature, a stale timestamp or a wrong corp, and process nothing', async () => {
    const { encryptMessage } = await import('../../bot/wecom/callback-crypto.ts');
    const xml = `<xml><ToUserName><![CDATA[${config().corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${ts()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[release:1]]></EventKey><TaskId><![CDATA[t1]]></TaskId></xml>`;
    const post = (encrypt: string, timestamp: string, sig: string) =>
      app.request('POST', `/wecom/callback?msg_signature=${sig}&timestamp=${timestamp}&nonce=n1`, {
        rawBody: `<xml><ToUserName><![CDATA[${config().corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
        headers: { 'content-type': 'text/xml' },
      });
    const good = encryptMessage(config().callbackAesKey, config().corpId, xml);
    expect((await post(good, ts(), 'f'.repeat(40))).status).toBe(401);
    const stale = String(Number(ts()) - 301);
    expect((await post(good, stale, signature(config().callbackToken, stale, 'n1', good))).status).toBe(401);
    const otherCorp = encryptMessage(config().callbackAesKey, 'wwsomeoneelse', xml);
    expect((await post(otherCorp, ts(), signature(config().callbackToken, ts(), 'n1', otherCorp))).status).toBe(401);
    const ok = await post(good, ts(), signature(config().callbackToken, ts(), 'n1', good));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    // A replay of the same valid event is acknowledged and not processed again.
    expect((await post(good, ts(), signature(config().callbackToken, ts(), 'n1', good))).status).toBe(200);
    await app.runtime.inbox.settle();
    const rows = await app.runtime.db.manager.query('SELECT status FROM callback_events');
    expect(rows).toHaveLength(1);
  });

  it('should survive 1,000 malformed requests with zero processed and zero 5xx', async () => {
    const before = Number((await app.runtime.db.manager.query('SELECT COUNT(*) AS n FROM callback_events'))[0].n);
    const { encryptMessage } = await import('../../bot/wecom/callback-crypto.ts');
    const valid = encryptMessage(config().callbackAesKey, config().corpId, '<xml><MsgType>event</MsgType></xml>');
    const bodies = [
      '', 'not xml', '<xml>', '<xml><Encrypt></Encrypt></xml>', '<xml><Encrypt><![CDATA[%%%]]></Encrypt></xml>',
      `<xml><Encrypt><![CDATA[${valid.slice(0, -7)}]]></Encrypt></xml>`, `<xml><Encrypt><![CDATA[${valid}AAAA]]></Encrypt></xml>`,
      '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>', `<xml><Encrypt>${'A'.repeat(70_000)}</Encrypt></xml>`,
      `<xml><Encrypt><![CDATA[${Buffer.from('x'.repeat(64)).toString('base64')}]]></Encrypt></xml>`,
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const body = bodies[i % bodies.length]!;
      const encrypt = /CDATA\[(.*?)\]\]/.exec(body)?.[1] ?? '';
      const t = i % 7 === 0 ? 'abc' : ts();
      const sig = i % 3 === 0 ? 'bad' : signature(config().callbackToken, t, 'n', encrypt);
      const query = i % 11 === 0 ? '' : `?msg_signature=${sig}&timestamp=${t}&nonce=n`;
      const res = await fetch(`${app.url}/wecom/callback${query}`, { method: i % 13 === 0 ? 'GET' : 'POST', body: i % 13 === 0 ? undefined : body });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    const after = Number((await app.runtime.db.manager.query('SELECT COUNT(*) AS n FROM callback_events'))[0].n);
    expect(after).toBe(before);
  });
});
