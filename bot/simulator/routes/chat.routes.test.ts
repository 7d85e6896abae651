import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock, FixedClock } from '../../../server/infra/clock.ts';
import { createSimulator } from '../simulator.ts';
import { startCallbackReceiver, type CallbackReceiver } from '../testing/callback-receiver.ts';
import { buttonCard, textNoticeCard } from '../testing/sample-cards.ts';
import { accessToken, cgiPost, control } from '../testing/sim-http.ts';
import { startSimulatorServer, TEST_CALLBACK, TEST_CORP, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
let receiver: CallbackReceiver;
let token: string;

beforeAll(async () => {
  receiver = await startCallbackReceiver(TEST_CALLBACK);
  sim = await startSimulatorServer({ callbackUrl: () => receiver.url });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(async () => {
  sim.state.reset();
  sim.clock.set(new Date('2025-03-03T01:00:00.000Z'));
  receiver.received.length = 0;
  receiver.respondWith(200);
  receiver.onEvent(null);
  token = await accessToken(sim);
});

async function sendCard(touser: string, templateCard: unknown) {
  const { body } = await cgiPost(sim, 'message/send', { touser, msgtype: 'template_card', agentid: TEST_CORP.agentId, template_card: templateCard }, { access_token: token });
  expect(body.errcode).toBe(0);
  return body as { msgid: string; response_code?: string };
}
const click = (taskId: string, body: unknown) => control(sim, 'POST', `cards/${encodeURIComponent(taskId)}/click`, body);

describe('POST /sim/api/cards/:taskId/click', () => {
  it('should post a signed, encrypted template_card_event to the callback URL and answer its status', async () => {
    await sendCard('zhangsan', buttonCard('crm_warn_1'));
    sim.clock.advance(90_000);
    const { status, body } = await click('crm_warn_1', { userId: 'zhangsan', key: 'release:1' });

    expect(status).toBe(200);
    expect(body).toEqual({ delivered: true, status: 200, attempts: 1, event: 'template_card_event', responseCode: expect.any(String) });
    expect(receiver.received).toHaveLength(1);
    const [cb] = receiver.received;
    expect(cb!.method).toBe('POST');
    expect(cb!.signatureValid).toBe(true);
    expect(cb!.receiveId).toBe(TEST_CORP.corpId);
    expect(cb!.query.timestamp).toBe(String(Date.parse('2025-03-03T01:01:30Z') / 1000));
    expect(cb!.query.nonce).toMatch(/^\d{10}$/);
    expect(cb!.contentType).toMatch(/xml/);
    expect(cb!.envelope).toEqual({ ToUserName: TEST_CORP.corpId, AgentID: String(TEST_CORP.agentId), Encrypt: expect.any(String) });
    expect(cb!.event).toEqual({
      ToUserName: TEST_CORP.corpId,
      FromUserName: 'zhangsan',
      CreateTime: String(Date.parse('2025-03-03T01:01:30Z') / 1000),
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'release:1',
      TaskId: 'crm_warn_1',
      CardType: 'button_interaction',
      ResponseCode: body.responseCode,
      AgentID: String(TEST_CORP.agentId),
    });
  });

  it('should let the app update the card with the click\'s response_code, once, as the server would', async () => {
    await sendCard('zhangsan|lisi', buttonCard('crm_warn_2'));
    const updates: number[] = [];
    receiver.onEvent(async (cb) => {
      const request = { userids: [String(cb.event.FromUserName)], agentid: TEST_CORP.agentId, response_code: String(cb.event.ResponseCode), button: { replace_name: '已放弃' } };
      updates.push((await cgiPost(sim, 'message/update_template_card', request, { access_token: token })).body.errcode);
      updates.push((await cgiPost(sim, 'message/update_template_card', request, { access_token: token })).body.errcode);
    });
    expect((await click('crm_warn_2', { userId: 'zhangsan', key: 'release:1' })).body.status).toBe(200);
    expect(updates).toEqual([0, 40058]);

    const [mine] = (await control(sim, 'GET', 'messages?touser=zhangsan')).body.items;
    expect(mine.replaceName).toBe('已放弃');
    const [theirs] = (await control(sim, 'GET', 'messages?touser=lisi')).body.items;
    expect(theirs).not.toHaveProperty('replaceName');

    const again = await click('crm_warn_2', { userId: 'zhangsan', key: 'release:1' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CARD_INACTIVE');
    expect((await click('crm_warn_2', { userId: 'lisi', key: 'release:1' })).status).toBe(200);
  });

  it('should issue a new response_code for every click', async () => {
    await sendCard('zhangsan', buttonCard('crm_warn_3'));
    const first = await click('crm_warn_3', { userId: 'zhangsan', key: 'follow_up:1' });
    const second = await click('crm_warn_3', { userId: 'zhangsan', key: 'follow_up:1' });
    expect(first.body.responseCode).not.toBe(second.body.responseCode);
  });

  it('should report the callback status when the server refuses the callback', async () => {
    await sendCard('zhangsan', buttonCard('crm_warn_4'));
    receiver.respondWith(401);
    expect((await click('crm_warn_4', { userId: 'zhangsan', key: 'release:1' })).body).toMatchObject({ delivered: true, status: 401, attempts: 1 });
  });

  it('should send a template_card_menu_event when an action_menu entry is clicked', async () => {
    await sendCard('zhangsan', { ...textNoticeCard('crm_forgot_1'), action_menu: { desc: '更多', action_list: [{ text: '30 天内不再提醒', key: 'mute:1' }] } });
    const { body } = await click('crm_forgot_1', { userId: 'zhangsan', key: 'mute:1' });
    expect(body.event).toBe('template_card_menu_event');
    expect(receiver.received[0]!.event).toMatchObject({ Event: 'template_card_menu_event', EventKey: 'mute:1', CardType: 'text_notice' });
  });

  it('should carry the selection when the card has a button_selection', async () => {
    const withSelection = {
      ...buttonCard('crm_release_1'),
      button_selection: { question_key: 'reason', title: '原因', option_list: [{ id: 'r1', text: '无意向' }, { id: 'r2', text: '已流失' }], selected_id: 'r1' },
    };
    await sendCard('zhangsan', withSelection);
    await click('crm_release_1', { userId: 'zhangsan', key: 'release:1', selectedOptionId: 'r2' });
    expect(receiver.received[0]!.xml).toContain(
      '<SelectedItems><SelectedItem><QuestionKey><![CDATA[reason]]></QuestionKey><OptionIds><OptionId><![CDATA[r2]]></OptionId></OptionIds></SelectedItem></SelectedItems>',
    );
  });

  it.each([
    ['the member did not receive the card', 'crm_warn_5', { userId: 'lisi', key: 'release:1' }, 404, 'NOT_FOUND'],
    ['the task is unknown', 'nope', { userId: 'zhangsan', key: 'release:1' }, 404, 'NOT_FOUND'],
    ['the key is not a button of the card', 'crm_warn_5', { userId: 'zhangsan', key: 'delete:1' }, 400, 'VALIDATION_FAILED'],
    ['userId is missing', 'crm_warn_5', { key: 'release:1' }, 400, 'VALIDATION_FAILED'],
  ])('should answer %s with the error shape and send no callback', async (_label, taskId, request, status, code) => {
    await sendCard('zhangsan', buttonCard('crm_warn_5'));
    const res = await click(taskId, request);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
    expect(receiver.received).toEqual([]);
  });

  it('should answer 502 CALLBACK_UNREACHABLE after 3 attempts when nothing listens', async () => {
    const lonely = await startSimulatorServer();
    try {
      const t = await accessToken(lonely);
      await cgiPost(lonely, 'message/send', { touser: 'zhangsan', msgtype: 'template_card', agentid: TEST_CORP.agentId, template_card: buttonCard('t1') }, { access_token: t });
      const res = await control(lonely, 'POST', 'cards/t1/click', { userId: 'zhangsan', key: 'release:1' });
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'CALLBACK_UNREACHABLE', details: { attempts: 3 } });
    } finally {
      await lonely.close();
    }
  });

  it('should refuse clicks with CALLBACK_NOT_CONFIGURED when the simulator has no callback settings', async () => {
    const bare = createSimulator({ wecom: TEST_CORP, clock: new AdjustableClock(new FixedClock(new Date('2025-03-03T01:00:00Z'))) });
    await expect(bare.state.clickCardButton('t', 'zhangsan', 'k')).rejects.toMatchObject({ code: 'CALLBACK_NOT_CONFIGURED', status: 409 });
  });
});

describe('POST /sim/api/callback/verify', () => {
  it('should pass when the callback URL echoes the decrypted echostr', async () => {
    const { body } = await control(sim, 'POST', 'callback/verify');
    expect(body).toEqual({ verified: true, status: 200, attempts: 1 });
    expect(receiver.received[0]).toMatchObject({ method: 'GET', signatureValid: true, receiveId: TEST_CORP.corpId });
  });
});

describe('GET /sim/api/members and GET /sim', () => {
  it('should list the directory members with their status', async () => {
    const { body } = await control(sim, 'GET', 'members');
    expect(body.items.map((m: { userid: string }) => m.userid)).toEqual(['boss', 'zhangsan', 'lisi', 'wangwu', 'zhaoliu']);
    expect(body.items[1]).toEqual({ userid: 'zhangsan', name: '张三', department: [3], position: '销售', status: 1 });
  });

  it.each(['', '/'])('should serve the chat page with its own stylesheet and modules at /sim%s', async (suffix) => {
    const res = await fetch(`${sim.baseUrl}${suffix}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const testid of ['sim-clock', 'sim-advance-1', 'sim-advance-7']) expect(html).toContain(`data-testid="${testid}"`);
    // Self-contained: no external scripts, styles or fonts; the page's own code is one hop away.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
    const assets = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, res.url).href);
    expect(assets.length).toBeGreaterThan(0);
    const entry = (await Promise.all(assets.map(async (url) => (await fetch(url)).text()))).join('\n');
    const modules = [...entry.matchAll(/from '(\.\/[^']+)'/g)].map((m) => new URL(m[1]!, assets.find((a) => a.endsWith('.js'))!).href);
    const code = entry + (await Promise.all(modules.map(async (url) => (await fetch(url)).text()))).join('\n');
    for (const dynamic of ["'sim-member-'", "'sim-card-'", "'sim-card-button-'", "'sim-job-'"]) expect(code).toContain(dynamic);
  });
});
