import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttonCard, textNoticeCard, withField } from '../testing/sample-cards.ts';
import { accessToken, cgiPost, control } from '../testing/sim-http.ts';
import { startSimulatorServer, TEST_CORP, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.reset();
  sim.clock.set(new Date('2025-03-03T01:00:00.000Z'));
  token = await accessToken(sim);
});

const send = (body: unknown) => cgiPost(sim, 'message/send', body, { access_token: token });
const update = (body: unknown) => cgiPost(sim, 'message/update_template_card', body, { access_token: token });
const text = (touser: string, content = '你好') => ({ touser, msgtype: 'text', agentid: TEST_CORP.agentId, text: { content } });
const card = (touser: string, templateCard: unknown) => ({ touser, msgtype: 'template_card', agentid: TEST_CORP.agentId, template_card: templateCard });
const messagesOf = async (touser: string) => (await control(sim, 'GET', `messages?touser=${touser}`)).body.items;

describe('POST /sim/cgi-bin/message/send', () => {
  it('should answer errcode 0 with msgid and an empty invaliduser when every recipient is valid', async () => {
    const { status, body } = await send(text('zhangsan|lisi'));
    expect(status).toBe(200);
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: expect.any(String) });
  });

  it('should list unknown and departed users lower-cased and deliver to the rest', async () => {
    const { body } = await send(text('ZhangSan|NoBody|zhaoliu'));
    expect(body.errcode).toBe(0);
    expect(body.invaliduser).toBe('nobody|zhaoliu');
    expect(await messagesOf('zhangsan')).toHaveLength(1);
  });

  it('should answer 81013 and record nothing when every recipient is invalid', async () => {
    expect((await send(text('nobody|zhaoliu'))).body.errcode).toBe(81013);
    expect((await control(sim, 'GET', 'messages')).body.items).toEqual([]);
  });

  it('should deliver to the members of a department and its sub-departments when toparty is given', async () => {
    const { body } = await send({ ...text(''), toparty: '2|99' });
    expect(body).toMatchObject({ errcode: 0, invalidparty: '99' });
    const stats = (await control(sim, 'GET', 'messages/stats')).body;
    expect(Object.keys(stats.members).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
  });

  it('should deliver to every active member when touser is @all', async () => {
    await send(text('@all'));
    expect((await control(sim, 'GET', 'messages/stats')).body.totals.delivered).toBe(4);
  });

  it.each([
    ['agentid is missing', { touser: 'zhangsan', msgtype: 'text', text: { content: 'x' } }, 41011],
    ['agentid is another app', { ...text('zhangsan'), agentid: 1000003 }, 40056],
    ['agentid is a string', { ...text('zhangsan'), agentid: String(TEST_CORP.agentId) }, 40056],
    ['msgtype is missing', { touser: 'zhangsan', agentid: TEST_CORP.agentId, text: { content: 'x' } }, 40008],
    ['msgtype is not simulated', { ...text('zhangsan'), msgtype: 'voice' }, 40008],
    ['touser, toparty and totag are all empty', text(''), 40058],
    ['touser names 1001 users', text(Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|')), 40032],
    ['toparty names 101 departments', { ...text(''), toparty: Array.from({ length: 101 }, (_, i) => i + 1).join('|') }, 82002],
    ['totag names 101 tags', { ...text(''), totag: Array.from({ length: 101 }, (_, i) => i + 1).join('|') }, 82003],
    ['the text content is empty', text('zhangsan', ''), 44004],
    ['the text content is blank', text('zhangsan', '  \n '), 44004],
    ['the text object is missing', { touser: 'zhangsan', msgtype: 'text', agentid: TEST_CORP.agentId }, 44004],
    ['safe is 2', { ...text('zhangsan'), safe: 2 }, 40058],
    ['duplicate_check_interval is over 4 hours', { ...text('zhangsan'), enable_duplicate_check: 1, duplicate_check_interval: 14401 }, 40058],
    ['template_card is missing', { touser: 'zhangsan', msgtype: 'template_card', agentid: TEST_CORP.agentId }, 40058],
    ['a card title is too long', card('zhangsan', withField(buttonCard('t1'), 'main_title.title', 'x'.repeat(37))), 40058],
    ['the task_id is empty', card('zhangsan', withField(buttonCard('t1'), 'task_id', '')), 42014],
    ['the task_id is 129 bytes', card('zhangsan', buttonCard('x'.repeat(129))), 42014],
    ['the body is a JSON array', [1, 2], 47001],
    ['the body is malformed JSON', '{"touser":', 47001],
  ])('should answer the WeCom errcode when %s', async (_label, body, errcode) => {
    expect((await send(body)).body.errcode).toBe(errcode);
  });

  it('should truncate text content to 2048 bytes on a character boundary, as WeCom does', async () => {
    const { body } = await send(text('zhangsan', '字'.repeat(700)));
    expect(body.errcode).toBe(0);
    const [message] = await messagesOf('zhangsan');
    expect(Buffer.byteLength(message.text.content)).toBe(2046);
    expect(message.truncated).toBe(true);
  });

  it('should answer 42014 when a task_id was used before, even by a card to someone else', async () => {
    expect((await send(card('zhangsan', buttonCard('crm_warn_1')))).body.errcode).toBe(0);
    expect((await send(card('lisi', buttonCard('crm_warn_1')))).body.errcode).toBe(42014);
    expect((await send(card('lisi', textNoticeCard('crm_warn_1')))).body.errcode).toBe(42014);
    expect(await messagesOf('lisi')).toEqual([]);
  });

  it('should not reserve the task_id when the send is refused', async () => {
    expect((await send(card('nobody', buttonCard('crm_warn_2')))).body.errcode).toBe(81013);
    expect((await send(card('zhangsan', buttonCard('crm_warn_2')))).body.errcode).toBe(0);
  });

  it('should return a response_code only when the card is interactive', async () => {
    expect((await send(card('zhangsan', buttonCard('t_btn')))).body.response_code).toEqual(expect.any(String));
    expect((await send(card('zhangsan', textNoticeCard()))).body).not.toHaveProperty('response_code');
    expect((await send(text('zhangsan'))).body).not.toHaveProperty('response_code');
  });

  it('should answer the injected errcode and deliver nothing when faults are on', async () => {
    sim.state.setFaults({ failRate: 1, errcode: -1, paths: ['message/send'] });
    expect((await send(text('zhangsan'))).body.errcode).toBe(-1);
    expect(await messagesOf('zhangsan')).toEqual([]);
  });

  it('should refuse a call without a valid access token', async () => {
    expect((await cgiPost(sim, 'message/send', text('zhangsan'), { access_token: 'forged' })).body.errcode).toBe(40014);
  });

  it('should deliver an identical request only once when enable_duplicate_check is on', async () => {
    const body = { ...text('zhangsan'), enable_duplicate_check: 1, duplicate_check_interval: 60 };
    const first = await send(body);
    const second = await send(body);
    expect(second.body).toMatchObject({ errcode: 0, msgid: first.body.msgid });
    expect(await messagesOf('zhangsan')).toHaveLength(1);
    sim.clock.advance(60_000);
    expect((await send(body)).body.msgid).not.toBe(first.body.msgid);
    expect(await messagesOf('zhangsan')).toHaveLength(2);
  });
});

describe('per-member rate limit', () => {
  it('should answer errcode 0 but drop and count the 31st message within a minute', async () => {
    for (let i = 0; i < 30; i++) expect((await send(text('zhangsan', `第 ${i + 1} 条`))).body.errcode).toBe(0);
    const thirtyFirst = await send(text('zhangsan|lisi', '第 31 条'));
    expect(thirtyFirst.body).toMatchObject({ errcode: 0, invaliduser: '' });

    expect(await messagesOf('zhangsan')).toHaveLength(30);
    expect(await messagesOf('lisi')).toHaveLength(1);
    const stats = (await control(sim, 'GET', 'messages/stats')).body;
    expect(stats.members.zhangsan).toEqual({ delivered: 30, dropped: 1 });
    expect(stats.members.lisi).toEqual({ delivered: 1, dropped: 0 });
    expect(stats.totals).toMatchObject({ delivered: 31, dropped: 1, sends: 31 });
    expect(stats.limits).toEqual({ perMinute: 30, perHour: 1000 });
  });

  it('should deliver again once a minute has passed by the simulator clock', async () => {
    for (let i = 0; i < 31; i++) await send(text('zhangsan'));
    sim.clock.advance(60_000);
    await send(text('zhangsan'));
    expect((await control(sim, 'GET', 'messages/stats')).body.members.zhangsan).toEqual({ delivered: 31, dropped: 1 });
  });
});

describe('GET /sim/api/messages', () => {
  it('should list a member\'s messages newest first with the fields of API.md', async () => {
    await send(text('zhangsan', '第一条'));
    sim.clock.advance(1000);
    const sent = await send(card('zhangsan', buttonCard('crm_order_1')));
    const items = await messagesOf('zhangsan');
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      msgid: sent.body.msgid,
      touser: 'zhangsan',
      msgtype: 'template_card',
      template_card: buttonCard('crm_order_1'),
      sentAt: '2025-03-03T01:00:01.000Z',
      taskId: 'crm_order_1',
    });
    expect(items[1]).toMatchObject({ msgtype: 'text', text: { content: '第一条' }, sentAt: '2025-03-03T01:00:00.000Z' });
    expect(items[1]).not.toHaveProperty('taskId');
  });

  it('should find a member case-insensitively and answer an empty list for a stranger', async () => {
    await send(text('zhangsan'));
    expect(await messagesOf('ZHANGSAN')).toHaveLength(1);
    expect(await messagesOf('nobody')).toEqual([]);
  });

  it('should filter by taskId and cap the list when asked', async () => {
    for (let i = 0; i < 3; i++) await send(card('zhangsan', buttonCard(`t_${i}`)));
    expect((await control(sim, 'GET', 'messages?touser=zhangsan&taskId=t_1')).body.items.map((m: { taskId: string }) => m.taskId)).toEqual(['t_1']);
    expect((await control(sim, 'GET', 'messages?touser=zhangsan&limit=2')).body.items.map((m: { taskId: string }) => m.taskId)).toEqual(['t_2', 't_1']);
  });

  it('should answer 400 VALIDATION_FAILED when the limit is not a positive number', async () => {
    const { status, body } = await control(sim, 'GET', 'messages?limit=zero');
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
  });

  it('should forget messages, counts and task_ids when DELETE is called', async () => {
    await send(card('zhangsan', buttonCard('t_again')));
    expect((await control(sim, 'DELETE', 'messages')).body).toEqual({ ok: true });
    expect(await messagesOf('zhangsan')).toEqual([]);
    expect((await control(sim, 'GET', 'messages/stats')).body.totals).toMatchObject({ delivered: 0, dropped: 0 });
    expect((await send(card('zhangsan', buttonCard('t_again')))).body.errcode).toBe(0);
  });
});

describe('POST /sim/cgi-bin/message/update_template_card', () => {
  async function sendCard(touser = 'zhangsan|lisi', taskId = 'crm_warn_9') {
    const { body } = await send(card(touser, buttonCard(taskId)));
    expect(body.errcode).toBe(0);
    return body as { msgid: string; response_code: string };
  }

  it('should grey out the buttons of the named members with replace_name when mode A is used', async () => {
    const sent = await sendCard();
    sim.clock.advance(5000);
    const { body } = await update({ userids: ['zhangsan'], agentid: TEST_CORP.agentId, response_code: sent.response_code, button: { replace_name: '已放弃' } });
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: [] });
    const [mine] = await messagesOf('zhangsan');
    expect(mine).toMatchObject({ replaceName: '已放弃', updatedAt: '2025-03-03T01:00:05.000Z', template_card: buttonCard('crm_warn_9') });
    const [theirs] = await messagesOf('lisi');
    expect(theirs).not.toHaveProperty('replaceName');
  });

  it('should replace the card and keep its task_id when mode B is used', async () => {
    const sent = await sendCard();
    const replacement = withField(withField(buttonCard('ignored'), 'main_title.title', '华为技术 已退回公海'), 'replace_text', '已放弃');
    const { body } = await update({ atall: 1, agentid: TEST_CORP.agentId, response_code: sent.response_code, template_card: replacement });
    expect(body.errcode).toBe(0);
    for (const member of ['zhangsan', 'lisi']) {
      const [message] = await messagesOf(member);
      expect(message.template_card.main_title.title).toBe('华为技术 已退回公海');
      expect(message.template_card.task_id).toBe('crm_warn_9');
      expect(message.template_card).not.toHaveProperty('replace_text');
      expect(message.replaceName).toBe('已放弃');
    }
  });

  it('should refuse a response_code the second time it is used', async () => {
    const sent = await sendCard();
    const request = { userids: ['zhangsan'], agentid: TEST_CORP.agentId, response_code: sent.response_code, button: { replace_name: '已处理' } };
    expect((await update(request)).body.errcode).toBe(0);
    expect((await update(request)).body.errcode).toBe(40058);
  });

  it('should refuse a response_code 72 hours after it was issued', async () => {
    const sent = await sendCard();
    const request = { userids: ['zhangsan'], agentid: TEST_CORP.agentId, response_code: sent.response_code, button: { replace_name: '已处理' } };
    sim.clock.advance(72 * 3600_000);
    token = await accessToken(sim);
    expect((await update(request)).body.errcode).toBe(40058);
  });

  it('should accept a response_code just before 72 hours', async () => {
    const sent = await sendCard();
    sim.clock.advance(72 * 3600_000 - 1000);
    token = await accessToken(sim);
    expect((await update({ atall: 1, agentid: TEST_CORP.agentId, response_code: sent.response_code, button: { replace_name: '已处理' } })).body.errcode).toBe(0);
  });

  it('should not spend the response_code when the update is refused', async () => {
    const sent = await sendCard();
    const bad = { atall: 1, agentid: TEST_CORP.agentId, response_code: sent.response_code, template_card: withField(buttonCard('x'), 'main_title.title', 'x'.repeat(40)) };
    expect((await update(bad)).body.errcode).toBe(40058);
    expect((await update({ atall: 1, agentid: TEST_CORP.agentId, response_code: sent.response_code, button: { replace_name: '已处理' } })).body.errcode).toBe(0);
  });

  it('should list members who did not receive the card in invaliduser, as an array', async () => {
    const sent = await sendCard('zhangsan');
    const { body } = await update({ userids: ['zhangsan', 'WangWu'], agentid: TEST_CORP.agentId, response_code: sent.response_code, button: { replace_name: '已处理' } });
    expect(body).toMatchObject({ errcode: 0, invaliduser: ['wangwu'] });
  });

  it.each([
    ['the response_code is unknown', { userids: ['zhangsan'], response_code: 'made-up', button: { replace_name: 'x' } }, 40058],
    ['the response_code is missing', { userids: ['zhangsan'], response_code: undefined, button: { replace_name: 'x' } }, 40058],
    ['agentid is missing', { userids: ['zhangsan'], agentid: undefined, button: { replace_name: 'x' } }, 41011],
    ['agentid is another app', { userids: ['zhangsan'], agentid: 7, button: { replace_name: 'x' } }, 40056],
    ['neither button nor template_card is given', { userids: ['zhangsan'] }, 40058],
    ['both button and template_card are given', { userids: ['zhangsan'], button: { replace_name: 'x' }, template_card: buttonCard('y') }, 40058],
    ['replace_name is empty', { userids: ['zhangsan'], button: { replace_name: '' } }, 40058],
    ['no target is given', { button: { replace_name: 'x' } }, 40058],
    ['userids is a string', { userids: 'zhangsan', button: { replace_name: 'x' } }, 40058],
    ['userids has 1001 entries', { userids: Array.from({ length: 1001 }, (_, i) => `u${i}`), button: { replace_name: 'x' } }, 40032],
    ['no named member received the card', { userids: ['wangwu'], button: { replace_name: 'x' } }, 81013],
  ])('should answer the WeCom errcode when %s', async (_label, request, errcode) => {
    const sent = await sendCard('zhangsan');
    const body = { agentid: TEST_CORP.agentId, response_code: sent.response_code, ...request };
    expect((await update(body)).body.errcode).toBe(errcode);
  });

  it('should refuse mode A when the card is a text_notice', async () => {
    const noticeWithMenu = { ...textNoticeCard('t_menu'), action_menu: { action_list: [{ text: '不再提醒', key: 'mute' }] } };
    const { body: sent } = await send(card('zhangsan', noticeWithMenu));
    expect(sent.errcode).toBe(0);
    // Text notices get no response_code from send; a menu click would issue one.
    const click = sim.state.messages.click('t_menu', 'zhangsan', 'mute');
    const { body } = await update({ userids: ['zhangsan'], agentid: TEST_CORP.agentId, response_code: click.responseCode, button: { replace_name: '已静音' } });
    expect(body.errcode).toBe(40058);
  });
});
