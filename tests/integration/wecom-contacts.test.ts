import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../bot/runtime.ts';
import { loadConfig } from '../../config/config.ts';
import { wecomContactsOfMember } from '../../server/customers/wecom-contact-links.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * WeCom customer contacts ↔ customer records (issue 10 part 1): the sync from the simulator's
 * externalcontact API, the change_external_contact callbacks, the 待建档 list, linking and
 * create-and-link with the duplicate rules, and the "新客户 … 已添加" card.
 */
describe('WeCom customer contacts', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let repC: string;
  let mgrEast: string;
  let mgrSouth: string;

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW);
    [repA, repB, repC, mgrEast, mgrSouth] = await Promise.all(['repA', 'repB', 'repC', 'mgrEast', 'mgrSouth'].map((u) => app.tokenFor(u as never)));
  });
  afterAll(async () => { await app?.close(); });

  const sim = () => app.runtime.simulator!.state;
  const settle = async () => {
    await app.runtime.inbox.settle();
  };
  /** A customer adds the member in WeCom (the callback reaches the server). */
  const addInWecom = async (userId: string, name: string, extra: Record<string, unknown> = {}) => {
    const res = await app.request('POST', '/sim/api/external-contacts', { body: { userId, name, ...extra } });
    expect(res.status).toBe(200);
    expect(res.body.callback).toEqual({ status: 200 });
    await settle();
    return res.body.externalUserId as string;
  };
  const runSync = async () => (await app.request('POST', '/sim/api/jobs/wecom-contacts-sync/run')).body;
  const rows = async () => ({
    contacts: await app.runtime.db.manager.query('SELECT external_user_id, name, corp_name, corp_key, type, tags, added_at FROM wecom_contacts ORDER BY external_user_id'),
    follows: await app.runtime.db.manager.query('SELECT external_user_id, wecom_user_id, remark, remark_mobiles, add_way, added_at FROM wecom_contact_follows ORDER BY external_user_id, wecom_user_id'),
  });
  const pending = async (token: string) => (await app.request('GET', '/api/wecom-contacts?linked=false', { token })).body;
  const createCustomer = async (token: string, body: Record<string, unknown>) => app.request('POST', '/api/customers', { token, body });

  it('should mirror every member\'s WeCom customers and write nothing on a second run when the full sync runs twice', async () => {
    // Added without callbacks (the server missed them): only the sync can find them.
    const ec = sim().externalContacts;
    ec.addContact({ userid: 'zhangsan', name: '钱总', corpName: '远景制造有限公司', mobile: '13900001111' });
    const shared = ec.addContact({ userid: 'lisi', name: '孙经理', corpName: '' }).externalUserid;
    ec.addContact({ userid: 'zhangsan', name: '孙经理', externalUserid: shared, remark: '孙经理-远景' });
    const first = await runSync();
    expect(first).toMatchObject({ job: 'wecom-contacts-sync', contacts: 2, follows: 3, added: 5, updated: 0, removed: 0 });
    const before = await rows();
    expect(before.contacts).toHaveLength(2);
    expect(before.follows).toHaveLength(3);
    const second = await runSync();
    expect(second).toMatchObject({ added: 0, updated: 0, removed: 0, affected: 0 });
    expect(await rows()).toEqual(before);

    // Drift: a follow removed behind our back, a row edited wrongly → the resync repairs both.
    await app.runtime.db.manager.query("DELETE FROM wecom_contact_follows WHERE wecom_user_id = 'lisi'");
    await app.runtime.db.manager.query("UPDATE wecom_contacts SET name = '错的名字'");
    const repair = await runSync();
    expect(repair).toMatchObject({ added: 1, updated: 2 });
    expect(await rows()).toEqual(before);
  });

  it('should list a rep\'s unlinked WeCom customers with their followers when asked for 待建档', async () => {
    const list = await pending(repA);
    expect(list.total).toBe(2);
    const sun = list.items.find((i: any) => i.name === '孙经理');
    expect(sun.followedBy.map((f: any) => [f.wecomUserId, f.remark]).sort()).toEqual([['lisi', '孙经理'], ['zhangsan', '孙经理-远景']]);
    expect(sun.followedBy.every((f: any) => typeof f.userId === 'string')).toBe(true);
    expect(list.items.every((i: any) => i.customerId === null)).toBe(true);
    expect((await pending(repC)).total).toBe(0);
  });

  it('should let managers read their subtree\'s lists only and answer 404 otherwise', async () => {
    expect((await app.request('GET', `/api/wecom-contacts?userId=${app.users.repA}`, { token: mgrEast })).body.total).toBe(2);
    expect((await app.request('GET', `/api/wecom-contacts?userId=${app.users.repA}`, { token: mgrSouth })).status).toBe(404);
    expect((await app.request('GET', `/api/wecom-contacts?userId=${app.users.repA}`, { token: repB })).status).toBe(404);
    expect((await app.request('GET', '/api/wecom-contacts?linked=maybe', { token: repA })).status).toBe(400);
    expect((await app.request('GET', '/api/wecom-contacts?pageSize=1000', { token: repA })).status).toBe(400);
  });

  it('should apply add, edit and delete callbacks incrementally and send the rep a card when a customer adds them', async () => {
    const id = await addInWecom('zhangsan', '王总', { corpName: '某某公司', mobile: '13812345678' });
    expect((await rows()).contacts.find((c: any) => c.external_user_id === id)).toMatchObject({ name: '王总', corp_name: '某某公司' });
    await app.runtime.dispatcher.drain();
    const chat = (await app.request('GET', '/sim/api/messages?touser=zhangsan')).body.items;
    const card = chat.find((m: any) => m.template_card?.main_title?.title === '新客户 王总 (某某公司) 已添加');
    expect(card).toBeTruthy();
    expect(card.template_card.button_list.map((b: any) => b.text)).toEqual(['建档', '关联已有']);
    expect(card.template_card.card_action.url).toContain(`/pages/wecom-contact/index?externalUserId=${id}`);

    // The same callback delivered again: nothing new (one card, same rows).
    const snapshot = await rows();
    await sim().emit([{ event: 'change_external_contact', changeType: 'add_external_contact', userid: 'zhangsan', externalUserid: id }]);
    await settle();
    await app.runtime.dispatcher.drain();
    expect(await rows()).toEqual(snapshot);
    const cards = (await app.request('GET', '/sim/api/messages?touser=zhangsan')).body.items.filter((m: any) => m.template_card?.main_title?.title?.startsWith('新客户 王总'));
    expect(cards).toHaveLength(1);

    await app.request('POST', `/sim/api/external-contacts/${id}/remark`, { body: { userId: 'zhangsan', remark: '王总-某某' } });
    await settle();
    expect((await rows()).follows.find((f: any) => f.external_user_id === id).remark).toBe('王总-某某');

    const other = await addInWecom('lisi', '临时客户');
    await app.request('POST', `/sim/api/external-contacts/${other}/remove`, { body: { userId: 'lisi', by: 'customer' } });
    await settle();
    expect((await rows()).contacts.some((c: any) => c.external_user_id === other)).toBe(false);
  });

  it('should create the customer and link the WeCom customer in one step when a contact carries externalUserId', async () => {
    const id = (await pending(repA)).items.find((i: any) => i.name === '钱总').externalUserId;
    const res = await createCustomer(repA, { name: '远景制造有限公司', contacts: [{ name: '钱总', phone: '13900001111', externalUserId: id }] });
    expect(res.status).toBe(201);
    expect(res.body.contacts[0]).toMatchObject({ name: '钱总', externalUserId: id });
    expect(res.body.contacts[0].wecomFollowers.map((f: any) => f.wecomUserId)).toEqual(['zhangsan']);
    const detail = await app.request('GET', `/api/customers/${res.body.id}`, { token: repA });
    expect(detail.body.contacts[0].wecomFollowers).toEqual([expect.objectContaining({ userId: String(app.users.repA), name: '张三' })]);
    expect((await pending(repA)).items.some((i: any) => i.externalUserId === id)).toBe(false);
    // Once linked, another record cannot take it (409), and someone else's WeCom customer is not the caller's (404).
    const again = await createCustomer(repA, { name: '另一家公司', contacts: [{ name: '钱总', externalUserId: id }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WECOM_CONTACT_LINKED');
    const notMine = await createCustomer(repC, { name: '第三家公司', contacts: [{ name: '钱总', externalUserId: id }] });
    expect(notMine.status).toBe(404);
    expect((await app.request('GET', '/api/customers?q=第三家', { token: repC })).body.total).toBe(0);
  });

  it('should keep the duplicate rules when the company already exists, naming its owner', async () => {
    const owned = await createCustomer(repB, { name: '星河贸易有限公司', contacts: [{ name: '周总', phone: '13700002222' }] });
    expect(owned.status).toBe(201);
    const id = await addInWecom('zhangsan', '周总', { corpName: '星河贸易', mobile: '13700002222' });
    const dup = await createCustomer(repA, { name: '星河贸易', contacts: [{ name: '周总', externalUserId: id }] });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CUSTOMER_DUPLICATE', details: { ownerName: '李四' } });
    // Suggested (corp name key and remark mobile) but not visible to zhangsan: no suggestion leaks it.
    expect((await app.request('GET', `/api/wecom-contacts/${id}`, { token: repA })).body.suggestions).toEqual([]);
    expect((await app.request('GET', `/api/wecom-contacts/${id}`, { token: repB })).status).toBe(404);
    // Linking to a record the caller cannot see is 404, before anything else.
    const link = await app.request('POST', `/api/wecom-contacts/${id}/link`, { token: repA, body: { customerId: owned.body.id } });
    expect(link.status).toBe(404);
  });

  it('should link to the rep\'s own record only, idempotently, and refuse a second record with 409', async () => {
    const mine = await createCustomer(repA, { name: '蓝海科技', contacts: [{ name: '吴工', phone: '13600003333' }] });
    const id = await addInWecom('zhangsan', '吴工', { corpName: '蓝海科技', mobile: '136 0000 3333' });
    const view = await app.request('GET', `/api/wecom-contacts/${id}`, { token: repA });
    expect(view.body.suggestions.map((s: any) => s.id)).toEqual([mine.body.id]);
    const link = await app.request('POST', `/api/wecom-contacts/${id}/link`, { token: repA, body: { customerId: mine.body.id } });
    expect(link.status).toBe(200);
    // The existing contact with the same phone took the link: no second 吴工.
    const detail = await app.request('GET', `/api/customers/${mine.body.id}`, { token: repA });
    expect(detail.body.contacts).toEqual([expect.objectContaining({ name: '吴工', externalUserId: id })]);
    expect((await app.request('POST', `/api/wecom-contacts/${id}/link`, { token: repA, body: { customerId: mine.body.id } })).status).toBe(200);
    const other = await createCustomer(repA, { name: '蓝海二号' });
    const second = await app.request('POST', `/api/wecom-contacts/${id}/link`, { token: repA, body: { customerId: other.body.id } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('WECOM_CONTACT_LINKED');
    expect((await app.request('POST', `/api/wecom-contacts/${id}/link`, { token: repA, body: { customerId: 'x' } })).status).toBe(400);
    expect((await app.request('POST', '/api/wecom-contacts/bad!id/link', { token: repA, body: { customerId: mine.body.id } })).status).toBe(400);
  });

  it('should create the record from the card\'s 建档 button and grey the card', async () => {
    const id = await addInWecom('lisi', '郑总', { corpName: '北辰物流', mobile: '13500004444' });
    await app.runtime.dispatcher.drain();
    const card = (await app.request('GET', '/sim/api/messages?touser=lisi')).body.items.find((m: any) => m.template_card?.main_title?.title === '新客户 郑总 (北辰物流) 已添加');
    const click = await app.request('POST', `/sim/api/cards/${card.template_card.task_id}/click`, { body: { userId: 'lisi', key: `wcc:create:${id}` } });
    expect(click.body).toMatchObject({ delivered: true, status: 200 });
    await settle();
    await app.runtime.dispatcher.drain();
    const list = await app.request('GET', '/api/customers?q=北辰物流', { token: repB });
    expect(list.body.items.map((c: any) => [c.name, c.contacts[0]?.externalUserId])).toEqual([['北辰物流', id]]);
    const after = (await app.request('GET', `/sim/api/messages?touser=lisi&taskId=${card.template_card.task_id}`)).body.items[0];
    expect(after.replaceName).toBe('已建档');
  });

  it('should link to the rep\'s only matching record from the card\'s 关联已有 button and suggest it on the card', async () => {
    const mine = await createCustomer(repB, { name: '青松家具有限公司' });
    expect(mine.status).toBe(201);
    const id = await addInWecom('lisi', '冯总', { corpName: '青松家具' });
    await app.runtime.dispatcher.drain();
    const card = (await app.request('GET', '/sim/api/messages?touser=lisi')).body.items.find((m: any) => m.template_card?.main_title?.title === '新客户 冯总 (青松家具) 已添加');
    expect(card.template_card.horizontal_content_list).toEqual([expect.objectContaining({ keyname: '可能是', value: '青松家具有限公司 · 李四' })]);
    await app.request('POST', `/sim/api/cards/${card.template_card.task_id}/click`, { body: { userId: 'lisi', key: `wcc:link:${id}` } });
    await settle();
    await app.runtime.dispatcher.drain();
    const detail = await app.request('GET', `/api/customers/${mine.body.id}`, { token: repB });
    expect(detail.body.contacts).toEqual([expect.objectContaining({ name: '冯总', externalUserId: id })]);
    expect((await app.request('GET', `/sim/api/messages?touser=lisi&taskId=${card.template_card.task_id}`)).body.items[0].replaceName).toBe('已关联到 青松家具有限公司');
    const audit = await app.runtime.db.manager.query("SELECT action FROM audit_log WHERE entity_id = ? AND action = 'customer.contact.link'", [String(mine.body.id)]);
    expect(audit).toHaveLength(1);
  });
});

describe('WeCom customer contacts in the demo company', () => {
  let runtime: Runtime;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
    runtime = await Runtime.create(config, {
      clock: new AdjustableClock(), logger: createLogger('silent'), seedDemo: true, h5Root: null,
      kvPrefix: `wecrm:test-wcc-demo:${process.pid}:`,
    });
    await runtime.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await runtime?.close();
    await database?.drop();
  });

  it('should give the reps WeCom customers, most linked to their records and some waiting (待建档), when the demo starts', async () => {
    const job = runtime.findJob('wecom-contacts-sync')!;
    expect(job.runAtStart).toBe(true);
    const summary = await job.run(runtime.jobContext(), { now: runtime.clock.now(), dryRun: false }) as any;
    expect(summary.contacts).toBeGreaterThan(20);
    const perRep: Array<{ wecom_user_id: string; linked: number | string; unlinked: number | string }> = await runtime.db.manager.query(
      `SELECT f.wecom_user_id, SUM(CASE WHEN cc.id IS NULL THEN 0 ELSE 1 END) AS linked, SUM(CASE WHEN cc.id IS NULL THEN 1 ELSE 0 END) AS unlinked
         FROM wecom_contact_follows f JOIN users u ON u.wecom_user_id = f.wecom_user_id
         LEFT JOIN customer_contacts cc ON cc.external_user_id = f.external_user_id
        WHERE u.role = 'rep' GROUP BY f.wecom_user_id`);
    expect(perRep.length).toBeGreaterThan(3);
    for (const r of perRep) expect(Number(r.unlinked)).toBe(3);
    // Reps who hold customers see most of them linked (a rep new to the company has only 待建档).
    const holding = perRep.filter((r) => Number(r.linked) > 0);
    expect(holding.length).toBeGreaterThan(3);
    for (const r of holding) expect(Number(r.linked)).toBeGreaterThan(Number(r.unlinked));
    // The simulator says the same: every linked record's owner follows the customer in WeCom.
    const rep = holding[0]!.wecom_user_id;
    const inSim = runtime.simulator!.state.externalContacts.followersView(rep);
    expect(inSim).toHaveLength(Number(holding[0]!.linked) + Number(holding[0]!.unlinked));
    // Idempotent on the demo too.
    expect(await job.run(runtime.jobContext(), { now: runtime.clock.now(), dryRun: false })).toMatchObject({ affected: 0 });
  });
});

describe('WeCom customer transfers seen by the contacts mirror', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW);
  });
  afterAll(async () => { await app?.close(); });

  it('should move the follow to the takeover member after 24 h when a handover transfers through AppDeps.externalContacts', async () => {
    const directory = app.runtime.deps.externalContacts!;
    const failures: unknown[] = [];
    app.runtime.services.contactsSync.onTransferFail(async (f) => { failures.push(f); });
    const add = async (name: string) => (await app.request('POST', '/sim/api/external-contacts', { body: { userId: 'zhangsan', name } })).body.externalUserId as string;
    const a = await add('甲客户');
    const b = await add('乙客户');
    await app.request('POST', `/sim/api/external-contacts/${b}/refuse-transfers`, { body: { refuse: true } });
    await app.runtime.inbox.settle();
    await app.runtime.dispatcher.drain();

    const started = await directory.transferCustomers('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi', externalUserids: [a, b], transferSuccessMsg: '之后由李四为您服务' });
    expect(started.map((s) => s.errcode)).toEqual([0, 0]);
    expect((await directory.transferResults('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi' })).map((r) => r.status)).toEqual([2, 2]);

    expect((await app.request('POST', '/sim/api/clock', { body: { advanceDays: 1 } })).status).toBe(200);
    await app.runtime.inbox.settle();
    const follows = await app.runtime.db.manager.query('SELECT external_user_id, wecom_user_id, add_way FROM wecom_contact_follows ORDER BY external_user_id, wecom_user_id');
    expect(follows.filter((f: any) => f.external_user_id === a).map((f: any) => [f.wecom_user_id, Number(f.add_way)])).toEqual([['lisi', 202]]);
    expect(follows.filter((f: any) => f.external_user_id === b).map((f: any) => f.wecom_user_id)).toEqual(['zhangsan']);
    expect((await directory.transferResults('onjob', { handoverUserid: 'zhangsan', takeoverUserid: 'lisi' })).map((r) => r.status).sort()).toEqual([1, 3]);
    // The transferred customer brings no "新客户" card to the successor.
    await app.runtime.dispatcher.drain();
    const cards = (await app.request('GET', '/sim/api/messages?touser=lisi')).body.items.filter((m: any) => m.template_card?.main_title?.title?.startsWith('新客户'));
    expect(cards).toEqual([]);
    expect(failures).toEqual([{ takeoverUserid: 'lisi', externalUserId: b, reason: 'customer_refused' }]);
    expect(await wecomContactsOfMember(app.runtime.db.manager, 'lisi')).toEqual([{ externalUserId: a, customerId: null }]);
    expect((await wecomContactsOfMember(app.runtime.db.manager, 'zhangsan')).map((c) => c.externalUserId)).toEqual([b]);
    const inbox = await app.runtime.db.manager.query("SELECT status FROM callback_events WHERE event = 'change_external_contact'");
    expect(inbox.every((r: any) => r.status === 'processed')).toBe(true);
  });

  it('should tell the server a member left (change_contact delete_user) when the simulator makes them leave', async () => {
    const token = await app.tokenFor('repC');
    expect((await app.request('GET', '/api/wecom-contacts', { token })).status).toBe(200);
    const res = await app.request('POST', '/sim/api/members/wangwu/leave');
    expect(res.body).toMatchObject({ ok: true, status: 5, callback: { status: 200 } });
    await app.runtime.inbox.settle();
    const [user] = await app.runtime.db.manager.query("SELECT status FROM users WHERE wecom_user_id = 'wangwu'");
    expect(user.status).toBe('left');
    expect((await app.request('GET', '/api/wecom-contacts', { token })).status).toBe(401);
  });
});
