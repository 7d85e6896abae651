import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/**
 * Customer groups (issue 11): mirrored from the simulator's strict groupchat API through the
 * change_external_chat callbacks and the sync job, bound to at most one customer, visible only
 * to the group's members and to whoever sees the bound customer; joins and leaves of a bound
 * group on the customer's history.
 */
describe('customer groups', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let repC: string;
  let mgrEast: string;
  let customerA: string;
  let customerB: string;
  let extWang: string;
  let extLi: string;
  let chatId: string;

  const settle = () => app.runtime.inbox.settle();
  const history = async (id: string, token: string) => (await app.request('GET', `/api/customers/${id}/history`, { token })).body.items as Array<{ type: string; reason: string }>;

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW);
    [repA, repB, repC, mgrEast] = await Promise.all(['repA', 'repB', 'repC', 'mgrEast'].map((u) => app.tokenFor(u as never)));
    extWang = (await app.request('POST', '/sim/api/external-contacts', { body: { userId: 'zhangsan', name: '王五', corpName: '星河科技' } })).body.externalUserId;
    extLi = (await app.request('POST', '/sim/api/external-contacts', { body: { userId: 'zhangsan', name: '李雷', corpName: '月光贸易' } })).body.externalUserId;
    await settle();
    customerA = (await app.request('POST', '/api/customers', { token: repA, body: { name: '星河科技有限公司' } })).body.id;
    customerB = (await app.request('POST', '/api/customers', { token: repB, body: { name: '李四的客户有限公司' } })).body.id;
    const linked = await app.request('POST', `/api/wecom-contacts/${extWang}/link`, { token: repA, body: { customerId: customerA } });
    expect(linked.status).toBe(200);
    const created = await app.request('POST', '/sim/api/external-groups', { body: { owner: 'zhangsan', name: '星河项目群', userIds: ['lisi'], externalUserIds: [extWang] } });
    expect(created.body.callback).toEqual({ status: 200 });
    chatId = created.body.chatId;
    await settle();
  });
  afterAll(async () => { await app?.close(); });

  it('should mirror a group with its members when WeCom calls back create', async () => {
    const res = await app.request('GET', `/api/groups/${chatId}`, { token: repA });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ chatId, name: '星河项目群', owner: { wecomUserId: 'zhangsan', name: '张三' }, customer: null, dismissed: false });
    expect(res.body.members).toEqual(expect.arrayContaining([
      { id: 'zhangsan', type: 'internal', name: '张三', customerId: null },
      { id: 'lisi', type: 'internal', name: '李四', customerId: null },
      { id: extWang, type: 'external', name: '王五', customerId: customerA },
    ]));
    // The customer whose linked contact is in the group is suggested.
    expect(res.body.suggestions.map((c: { id: string }) => c.id)).toEqual([customerA]);
  });

  it('should hide a member\'s linked customer and the suggestions from a member who cannot see that customer', async () => {
    const res = await app.request('GET', `/api/groups/${chatId}`, { token: repB });
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toEqual([]);
    expect(res.body.members.find((m: { id: string }) => m.id === extWang).customerId).toBeNull();
  });

  it('should answer 404 when the caller is not in the group and sees no bound customer', async () => {
    expect((await app.request('GET', `/api/groups/${chatId}`, { token: repC })).status).toBe(404);
    expect((await app.request('GET', '/api/groups/wrNOPE', { token: repA })).status).toBe(404);
    expect((await app.request('GET', '/api/groups/bad%20id', { token: repA })).status).toBe(400);
    // Hidden before the body is even read.
    expect((await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repC, rawBody: '{bad', headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });

  it('should refuse to bind a customer the binder may not follow up and a customer they cannot see', async () => {
    // repB is in the group but customerA is repA's.
    expect((await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repB, body: { customerId: customerA } })).status).toBe(404);
    const bad = await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repA, body: { customerId: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('should list the unbound groups the caller is in when asked for bound=false', async () => {
    const mine = await app.request('GET', '/api/groups?bound=false', { token: repA });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((g: { chatId: string }) => g.chatId)).toContain(chatId);
    expect((await app.request('GET', '/api/groups?bound=false', { token: repC })).body.items).toEqual([]);
    expect((await app.request('GET', '/api/groups', { token: repA })).status).toBe(400);
  });

  it('should bind the group to the customer once and put it on the customer\'s history and group list', async () => {
    const res = await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repA, body: { customerId: customerA } });
    expect(res.status).toBe(200);
    expect(res.body.customer.id).toBe(customerA);
    expect(res.body.suggestions).toEqual([]);
    const again = await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repA, body: { customerId: customerA } });
    expect(again.status).toBe(200);
    const list = await app.request('GET', `/api/customers/${customerA}/groups`, { token: repA });
    expect(list.body.items).toEqual([{ chatId, name: '星河项目群', owner: { wecomUserId: 'zhangsan', name: '张三' }, memberCount: 3, kind: 'external', dismissed: false }]);
    const bound = (await history(customerA, repA)).filter((e) => e.type === 'group_bound');
    expect(bound).toHaveLength(1);
    expect(bound[0]!.reason).toContain('星河项目群');
  });

  it('should refuse to bind a bound group to another customer', async () => {
    const res = await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repB, body: { customerId: customerB } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('GROUP_ALREADY_BOUND');
  });

  it('should let whoever sees the bound customer see the group and hide it from others', async () => {
    expect((await app.request('GET', `/api/groups/${chatId}`, { token: mgrEast })).status).toBe(200);
    expect((await app.request('GET', `/api/groups/${chatId}`, { token: repC })).status).toBe(404);
    expect((await app.request('GET', `/api/customers/${customerA}/groups`, { token: repC })).status).toBe(404);
  });

  it('should put joins and leaves of a bound group on the customer\'s history when WeCom calls back', async () => {
    const changed = await app.request('POST', `/sim/api/external-groups/${chatId}/members`, { body: { add: [extLi], remove: ['lisi'] } });
    expect(changed.status).toBe(200);
    await settle();
    const events = await history(customerA, repA);
    expect(events.filter((e) => e.type === 'group_joined').map((e) => e.reason)).toEqual(['客户方 李雷 加入了群「星河项目群」']);
    expect(events.filter((e) => e.type === 'group_left').map((e) => e.reason)).toEqual(['同事 李四 退出了群「星河项目群」']);
    const group = (await app.request('GET', `/api/groups/${chatId}`, { token: repA })).body;
    expect(group.members.map((m: { id: string }) => m.id).sort()).toEqual([extLi, extWang, 'zhangsan'].sort());
    // lisi left: no longer a member, and cannot see customerA.
    expect((await app.request('GET', `/api/groups/${chatId}`, { token: repB })).status).toBe(404);
  });

  it('should write nothing new when the nightly sync finds the groups as they are', async () => {
    const before = (await history(customerA, repA)).length;
    const run = await app.request('POST', '/sim/api/jobs/wecom-groups-sync/run', { body: {} });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ job: 'wecom-groups-sync', groups: 1, affected: 0, failed: 0 });
    expect((await history(customerA, repA)).length).toBe(before);
  });

  it('should unbind and then keep a dismissed group in the history when WeCom calls back dismiss', async () => {
    const unbound = await app.request('DELETE', `/api/groups/${chatId}/customer`, { token: repA });
    expect(unbound.status).toBe(200);
    expect(unbound.body.customer).toBeNull();
    expect((await app.request('GET', `/api/customers/${customerA}/groups`, { token: repA })).body.items).toEqual([]);
    await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repA, body: { customerId: customerA } });
    const dismissed = await app.request('POST', `/sim/api/external-groups/${chatId}/dismiss`, { body: {} });
    expect(dismissed.body.callback).toEqual({ status: 200 });
    await settle();
    const list = (await app.request('GET', `/api/customers/${customerA}/groups`, { token: repA })).body.items;
    expect(list).toEqual([expect.objectContaining({ chatId, dismissed: true })]);
    expect((await history(customerA, repA)).some((e) => e.type === 'group_dismissed')).toBe(true);
    // Unbound again, a dismissed group cannot be bound any more.
    await app.request('DELETE', `/api/groups/${chatId}/customer`, { token: repA });
    const rebind = await app.request('PUT', `/api/groups/${chatId}/customer`, { token: repA, body: { customerId: customerA } });
    expect(rebind.status).toBe(409);
    expect(rebind.body.error.code).toBe('GROUP_DISMISSED');
  });

  it('should bind a new group to the customer when its customers joined through the customer\'s join way', async () => {
    const customer = (await app.request('POST', '/api/customers', { token: repA, body: { name: '扫码入群有限公司' } })).body.id as string;
    const created = await app.request('POST', '/sim/api/external-groups', {
      body: { owner: 'zhangsan', name: '扫码客户群', externalUserIds: [extLi], state: `wecrm-c${customer}` },
    });
    await settle();
    const group = (await app.request('GET', `/api/groups/${created.body.chatId}`, { token: repA })).body;
    expect(group.customer?.id).toBe(customer);
    const bound = (await history(customer, repA)).filter((e) => e.type === 'group_bound');
    expect(bound.map((e) => e.reason)).toEqual(['客户通过入群二维码加入，自动绑定客户群「扫码客户群」']);
  });

  it('should not bind a group by a join state naming a customer that does not exist', async () => {
    const created = await app.request('POST', '/sim/api/external-groups', {
      body: { owner: 'zhangsan', name: '陌生群', externalUserIds: [extLi], state: 'wecrm-c999999' },
    });
    await settle();
    expect((await app.request('GET', `/api/groups/${created.body.chatId}`, { token: repA })).body.customer).toBeNull();
  });

  it('should mark a group dismissed when the nightly sync finds WeCom no longer has it', async () => {
    const created = await app.request('POST', '/sim/api/external-groups', { body: { owner: 'zhangsan', name: '悄悄解散群', externalUserIds: [extWang] } });
    await settle();
    // WeCom forgets the group but the callback never arrives.
    app.runtime.simulator!.state.externalContacts.dismissGroup(created.body.chatId);
    const run = await app.request('POST', '/sim/api/jobs/wecom-groups-sync/run', { body: {} });
    expect(run.body.failed).toBe(0);
    expect((await app.request('GET', `/api/groups/${created.body.chatId}`, { token: repA })).body.dismissed).toBe(true);
  });

  it('should tell a join once when a callback and the sync read the group at the same time', async () => {
    const c = (await app.request('POST', '/api/customers', { token: repA, body: { name: '并发同步有限公司' } })).body.id as string;
    const created = await app.request('POST', '/sim/api/external-groups', { body: { owner: 'zhangsan', name: '并发群', externalUserIds: [extWang] } });
    await settle();
    const group = created.body.chatId as string;
    expect((await app.request('PUT', `/api/groups/${group}/customer`, { token: repA, body: { customerId: c } })).status).toBe(200);
    // WeCom changed the group; the callback is not delivered, two readers race instead.
    app.runtime.simulator!.state.externalContacts.changeGroupMembers(group, { add: [extLi], remove: [extWang] });
    const sync = app.runtime.services.groupsSync;
    await Promise.all([sync.refreshChat(group), sync.refreshChat(group), sync.refreshChat(group)]);
    const events = await history(c, repA);
    expect(events.filter((e) => e.type === 'group_joined')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'group_left')).toHaveLength(1);
  });

  it('should follow a rename and a new owner when WeCom calls back change_name and change_owner', async () => {
    const created = await app.request('POST', '/sim/api/external-groups', { body: { owner: 'zhangsan', name: '旧群名', userIds: ['lisi'], externalUserIds: [extWang] } });
    await settle();
    const group = created.body.chatId as string;
    const changed = await app.request('PATCH', `/sim/api/external-groups/${group}`, { body: { name: '新群名', owner: 'lisi' } });
    expect(changed.body.callbacks).toEqual([{ status: 200 }, { status: 200 }]);
    await settle();
    const res = await app.request('GET', `/api/groups/${group}`, { token: repB });
    expect(res.body).toMatchObject({ name: '新群名', owner: { wecomUserId: 'lisi', name: '李四' } });
  });
});
