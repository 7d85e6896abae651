import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../../server/infra/memory-kv.ts';
import { WecomApiError } from '../../wecom/wecom-api-error.ts';
import { WecomClient } from '../../wecom/wecom-client.ts';
import { startCallbackReceiver, type CallbackReceiver } from '../testing/callback-receiver.ts';
import { accessToken, cgiGet, cgiPost, control } from '../testing/sim-http.ts';
import { startSimulatorServer, TEST_CALLBACK, TEST_CORP, type RunningSimulator } from '../testing/start-simulator-server.ts';

const START = new Date('2025-03-03T01:00:00.000Z');
const HOUR = 3600_000;

let sim: RunningSimulator;
let receiver: CallbackReceiver;
let wecom: WecomClient;
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
  sim.state.setDirectory((await import('../testing/sample-directory.ts')).sampleDirectory());
  sim.clock.set(START);
  await sim.clock.settled();
  receiver.received.length = 0;
  wecom = new WecomClient({
    baseUrl: () => sim.baseUrl, corpId: TEST_CORP.corpId, secret: TEST_CORP.secret, agentId: TEST_CORP.agentId,
    store: new MemoryKeyValueStore(), clock: sim.clock, timeoutMs: 2_000,
  });
  token = await accessToken(sim);
});

const add = async (userId: string, name: string, extra: Record<string, unknown> = {}) => {
  const res = await control(sim, 'POST', 'external-contacts', { userId, name, ...extra });
  expect(res.status).toBe(200);
  return res.body.externalUserId as string;
};
const post = (path: string, body: unknown) => cgiPost(sim, path, body, { access_token: token });
const errcodeOf = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WecomApiError);
  return (err as WecomApiError).errcode;
};

describe('control API for customers', () => {
  it('should send a signed add_external_contact callback when a customer adds a member', async () => {
    const id = await add('zhangsan', '王总', { corpName: '某某公司', mobile: '13800138000' });
    expect(id).toMatch(/^wm[A-Za-z0-9]{30}$/);
    const cb = receiver.received.at(-1)!;
    expect(cb.signatureValid).toBe(true);
    expect(cb.receiveId).toBe(TEST_CORP.corpId);
    expect(cb.event).toMatchObject({ Event: 'change_external_contact', ChangeType: 'add_external_contact', UserID: 'zhangsan', ExternalUserID: id });
    expect((await control(sim, 'GET', 'external-contacts?userId=zhangsan')).body.items).toEqual([
      { externalUserId: id, name: '王总', corpName: '某某公司', followUsers: ['zhangsan'] },
    ]);
  });

  it('should answer 404 when the member is unknown', async () => {
    expect((await control(sim, 'POST', 'external-contacts', { userId: 'nobody', name: 'x' })).status).toBe(404);
    expect((await control(sim, 'POST', 'external-contacts', { userId: 'zhangsan' })).status).toBe(400);
  });

  it('should set status 5 and call back delete_user when a member leaves', async () => {
    const res = await control(sim, 'POST', 'members/lisi/leave');
    expect(res.body).toMatchObject({ ok: true, status: 5 });
    expect(sim.state.directory.user('lisi')!.status).toBe(5);
    expect(receiver.received.at(-1)!.event).toMatchObject({ Event: 'change_contact', ChangeType: 'delete_user', UserID: 'lisi' });
    expect((await control(sim, 'POST', 'members/lisi/leave')).status).toBe(400);
  });

  it('should create a customer group and call back change_external_chat', async () => {
    const a = await add('zhangsan', '王总');
    const res = await control(sim, 'POST', 'external-groups', { owner: 'zhangsan', name: '王总项目群', userIds: ['lisi'], externalUserIds: [a] });
    expect(receiver.received.at(-1)!.event).toMatchObject({ Event: 'change_external_chat', ChangeType: 'create', ChatId: res.body.chatId });
    const members = await control(sim, 'POST', `external-groups/${res.body.chatId}/members`, { add: ['wangwu'], remove: ['lisi'] });
    expect(members.body.members.map((m: { id: string }) => m.id)).toEqual(['zhangsan', a, 'wangwu']);
    const group = await wecom.getGroupChat(res.body.chatId);
    expect(group).toMatchObject({ owner: 'zhangsan', name: '王总项目群' });
  });
});

describe('externalcontact list/get/batch', () => {
  it('should list, get and page through batch/get_by_user with a cursor when there are more than limit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await add(i % 2 ? 'zhangsan' : 'lisi', `客户${i}`, { corpName: `公司${i}`, mobile: `1380013800${i}` }));
    expect(await wecom.listExternalContactIds('zhangsan')).toHaveLength(3);
    const got = await wecom.getExternalContact(ids[0]!);
    expect(got.contact).toMatchObject({ external_userid: ids[0], name: '客户0', type: 2, corp_name: '公司0' });
    expect(got.followUsers).toEqual([expect.objectContaining({ userid: 'lisi', remark_mobiles: ['13800138000'] })]);

    const first = await wecom.batchGetExternalContactsByUser(['zhangsan', 'lisi'], { limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).not.toBe('');
    const second = await wecom.batchGetExternalContactsByUser(['zhangsan', 'lisi'], { limit: 5, cursor: first.nextCursor });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBe('');
    expect(new Set([...first.items, ...second.items].map((r) => r.contact.external_userid))).toEqual(new Set(ids));
    expect((await wecom.allExternalContactsOf(['zhangsan', 'lisi', 'wangwu'])).length).toBe(7);
  });

  it('should ask 100 members a call and follow every cursor when the client reads a large corp', async () => {
    const users = Array.from({ length: 150 }, (_, i) => ({ userid: `rep${i}`, name: `销售${i}`, department: [1], main_department: 1, status: 1 as const }));
    sim.state.setDirectory({ departments: [{ id: 1, name: '示例', parentid: 0, order: 1 }], users });
    for (let i = 0; i < 3; i++) await add('rep0', `甲${i}`);
    await add('rep149', '乙');
    const pairs = await wecom.allExternalContactsOf(users.map((u) => u.userid));
    expect(pairs.map((p) => p.follow.userid).sort()).toEqual(['rep0', 'rep0', 'rep0', 'rep149']);
    expect(sim.state.callCount('externalcontact/batch/get_by_user')).toBe(2);
    // Without owner_filter a corp over 1000 people is refused.
    sim.state.setDirectory({ departments: [{ id: 1, name: '示例', parentid: 0, order: 1 }], users: Array.from({ length: 1001 }, (_, i) => ({ userid: `u${i}`, name: `u${i}`, department: [1], main_department: 1, status: 1 as const })) });
    expect((await post('externalcontact/groupchat/list', { limit: 10 })).body.errcode).toBe(81017);
  });

  it('should refuse more than 100 userids, a limit over 100 and a forged cursor with WeCom errcodes', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await post('externalcontact/batch/get_by_user', { userid_list: many })).body.errcode).toBe(40032);
    expect((await post('externalcontact/batch/get_by_user', { userid_list: ['zhangsan'], limit: 101 })).body.errcode).toBe(40058);
    expect((await post('externalcontact/batch/get_by_user', { userid_list: ['zhangsan'], cursor: 'bogus' })).body.errcode).toBe(40058);
    expect((await post('externalcontact/batch/get_by_user', { userid_list: ['ghost'] })).body.errcode).toBe(40003);
    expect((await post('externalcontact/batch/get_by_user', {})).body.errcode).toBe(40031);
  });

  it('should answer 84061 for a member without customers, 40096 for an unknown customer and 41035 without one', async () => {
    expect(await errcodeOf(wecom.listExternalContactIds('wangwu'))).toBe(84061);
    expect(await errcodeOf(wecom.getExternalContact('wmnope'))).toBe(40096);
    expect((await cgiGet(sim, 'externalcontact/get', { access_token: token })).body.errcode).toBe(41035);
    expect((await cgiGet(sim, 'externalcontact/list', { access_token: token })).body.errcode).toBe(41009);
    expect((await cgiGet(sim, 'externalcontact/list', { userid: 'zhangsan' })).body.errcode).toBe(41001);
  });
});

describe('on-job and resigned transfers', () => {
  it('should hand the customer over 24 h later by the simulator clock when the transfer is started', async () => {
    const id = await add('zhangsan', '王总');
    const out = await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [id], transferSuccessMsg: '您好，之后由李四为您服务' });
    expect(out).toEqual([{ external_userid: id, errcode: 0 }]);
    expect(await wecom.transferResults('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi' })).toEqual([{ external_userid: id, status: 2, takeover_time: 0 }]);
    // A second start while waiting: in progress.
    expect((await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'wangwu', externalUserids: [id] }))[0]!.errcode).toBe(40129);

    sim.clock.set(new Date(START.getTime() + 23 * HOUR));
    await sim.clock.settled();
    expect((await control(sim, 'GET', 'external-contacts?userId=lisi')).body.items).toEqual([]);

    receiver.received.length = 0;
    sim.clock.set(new Date(START.getTime() + 24 * HOUR));
    await sim.clock.settled();
    expect((await control(sim, 'GET', `external-contacts?userId=lisi`)).body.items.map((i: { followUsers: string[] }) => i.followUsers)).toEqual([['lisi']]);
    const [row] = await wecom.transferResults('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi' });
    expect(row).toEqual({ external_userid: id, status: 1, takeover_time: Math.floor((START.getTime() + 24 * HOUR) / 1000) });
    expect(receiver.received.map((r) => [r.event.ChangeType, r.event.UserID, r.event.Source ?? null])).toEqual([
      ['add_external_contact', 'lisi', null],
      ['del_external_contact', 'zhangsan', 'DELETE_BY_TRANSFER'],
    ]);
    const follow = (await wecom.getExternalContact(id)).followUsers;
    expect(follow).toEqual([expect.objectContaining({ userid: 'lisi', add_way: 202 })]);
  });

  it('should refuse a third transfer of one customer within 90 days with 40128 and allow it after', async () => {
    const id = await add('zhangsan', '王总');
    const hop = async (from: string, to: string) => {
      const [r] = await wecom.transferCustomers('onjob', { handoverUserid: from, takeoverUserid: to, externalUserids: [id] });
      if (r!.errcode === 0) {
        sim.clock.advance(25 * HOUR);
        await sim.clock.settled();
      }
      return r!.errcode;
    };
    expect(await hop('zhangsan', 'lisi')).toBe(0);
    expect(await hop('lisi', 'wangwu')).toBe(0);
    expect(await hop('wangwu', 'zhangsan')).toBe(40128);
    sim.clock.advance(89 * 24 * HOUR);
    await sim.clock.settled();
    expect(await hop('wangwu', 'zhangsan')).toBe(0);
  });

  it('should end in status 3 with transfer_fail customer_refused when the customer refuses', async () => {
    const id = await add('zhangsan', '王总', { refusesTransfer: true });
    await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [id] });
    receiver.received.length = 0;
    await control(sim, 'POST', 'clock', { advanceDays: 2 });
    expect((await wecom.transferResults('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi' }))[0]!.status).toBe(3);
    expect(receiver.received.map((r) => r.event)).toEqual([expect.objectContaining({ ChangeType: 'transfer_fail', UserID: 'lisi', ExternalUserID: id, FailReason: 'customer_refused' })]);
    expect((await wecom.getExternalContact(id)).followUsers.map((f) => f.userid)).toEqual(['zhangsan']);
  });

  it('should end in status 4 with customer_limit_exceed when the takeover member is full by then', async () => {
    const id = await add('zhangsan', '王总');
    await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [id] });
    sim.state.externalContacts.contactLimit = 1;
    await add('lisi', '别的客户');
    receiver.received.length = 0;
    await control(sim, 'POST', 'clock', { advanceDays: 2 });
    expect((await wecom.transferResults('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi' }))[0]!.status).toBe(4);
    expect(receiver.received.at(-1)!.event).toMatchObject({ ChangeType: 'transfer_fail', FailReason: 'customer_limit_exceed' });
    // Already at the limit when asked: 40099 at once.
    const other = await add('zhangsan', '第三位');
    expect((await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [other] }))[0]!.errcode).toBe(40099);
  });

  it('should answer per-customer and call-level errcodes when the request breaks WeCom rules', async () => {
    const id = await add('zhangsan', '王总');
    const r = await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [id, 'wmunknown', ] });
    expect(r[1]).toEqual({ external_userid: 'wmunknown', errcode: 40096 });
    const other = await add('wangwu', '别人的客户');
    expect((await wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [other] }))[0]!.errcode).toBe(40131);
    expect(await errcodeOf(wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'zhangsan', externalUserids: [id] }))).toBe(40130);
    expect(await errcodeOf(wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [] }))).toBe(41035);
    const tooMany = Array.from({ length: 101 }, (_, i) => `wm${i}`);
    expect(await errcodeOf(wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: tooMany }))).toBe(40058);
    expect(await errcodeOf(wecom.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [id], transferSuccessMsg: '长'.repeat(201) }))).toBe(40058);
    // resigned/* only for members who left; the takeover must be active.
    expect(await errcodeOf(wecom.transferCustomers('resigned', { handoverUserid: 'wangwu', takeoverUserid: 'lisi', externalUserids: [other] }))).toBe(40097);
    expect(await errcodeOf(wecom.transferCustomers('onjob', { handoverUserid: 'wangwu', takeoverUserid: 'zhaoliu', externalUserids: [other] }))).toBe(40098);
  });

  it('should list a departed member\'s customers as unassigned and take them over with resigned/transfer_customer', async () => {
    const a = await add('lisi', '客户甲');
    const b = await add('lisi', '客户乙');
    await control(sim, 'POST', 'members/lisi/leave');
    const unassigned = await wecom.unassignedExternalContacts();
    expect(unassigned.map((u) => [u.handover_userid, u.external_userid])).toEqual([['lisi', a], ['lisi', b]]);
    expect((await post('externalcontact/get_unassigned_list', { page_size: 1001 })).body.errcode).toBe(40058);
    const out = await wecom.transferCustomers('resigned', { handoverUserid: 'lisi', takeoverUserid: 'zhangsan', externalUserids: [a, b] });
    expect(out.map((o) => o.errcode)).toEqual([0, 0]);
    expect(await wecom.unassignedExternalContacts()).toEqual([]);
    await control(sim, 'POST', 'clock', { advanceDays: 1 });
    expect((await wecom.transferResults('resigned', { handoverUserid: 'lisi', takeoverUserid: 'zhangsan' })).map((r) => r.status)).toEqual([1, 1]);
    expect((await control(sim, 'GET', 'external-contacts?userId=zhangsan')).body.items).toHaveLength(2);
  });
});

describe('customer groups', () => {
  it('should transfer groups on-job at once, twice in 90 days at most, and only resigned owners\' groups with groupchat/transfer', async () => {
    const c = await add('zhangsan', '王总');
    const chatId = (await control(sim, 'POST', 'external-groups', { owner: 'zhangsan', name: '项目群', externalUserIds: [c] })).body.chatId;
    expect(await wecom.listGroupChats(['zhangsan'])).toEqual([{ chat_id: chatId, status: 0 }]);
    expect(await wecom.transferGroupChats('resigned', [chatId], 'lisi')).toEqual([expect.objectContaining({ chat_id: chatId, errcode: 90500 })]);
    expect(await wecom.transferGroupChats('onjob', [chatId], 'lisi')).toEqual([]);
    expect((await wecom.getGroupChat(chatId)).owner).toBe('lisi');
    expect(await wecom.transferGroupChats('onjob', [chatId], 'wangwu')).toEqual([]);
    expect((await wecom.transferGroupChats('onjob', [chatId], 'zhangsan'))[0]!.errcode).toBe(40128);
    expect((await wecom.transferGroupChats('onjob', ['wrnope'], 'zhangsan'))[0]!.errcode).toBe(90501);
    expect(await errcodeOf(wecom.transferGroupChats('onjob', [], 'zhangsan'))).toBe(40058);

    const d = await add('boss', '李总');
    const second = (await control(sim, 'POST', 'external-groups', { owner: 'boss', name: '二群', externalUserIds: [d] })).body.chatId;
    await control(sim, 'POST', 'members/boss/leave');
    expect(await wecom.listGroupChats(['boss'], 1)).toEqual([{ chat_id: second, status: 1 }]);
    expect(await wecom.transferGroupChats('resigned', [second], 'lisi')).toEqual([]);
    expect(await wecom.listGroupChats(['lisi'], 3)).toEqual([{ chat_id: second, status: 3 }]);
  });

  it('should require a limit of 1-1000 and at most 100 owners in groupchat/list', async () => {
    expect((await post('externalcontact/groupchat/list', { status_filter: 0 })).body.errcode).toBe(40058);
    const owners = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await post('externalcontact/groupchat/list', { owner_filter: { userid_list: owners }, limit: 10 })).body.errcode).toBe(40032);
    expect((await post('externalcontact/groupchat/get', { chat_id: 'wrnope' })).body.errcode).toBe(40050);
  });
});
