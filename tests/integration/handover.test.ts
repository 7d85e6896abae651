import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlTime } from '../../server/infra/db.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/**
 * Handover (离职交接 / 转派) through the real app: a leaver's 500 customers, co-follower seats,
 * planned follow-ups and approvals move in one action; the invariant (every customer has an owner
 * or a pool, nobody who left owns any) holds after every step; a crash and a resume end in the
 * state of one run; a departure from WeCom disables the member at once and opens a draft.
 */
describe('handover', () => {
  let app: TestApp;
  let repA: string, repB: string, mgrEast: string, mgrSouth: string, boss: string;
  let poolId: number;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, mgrEast, mgrSouth, boss] = await Promise.all(
      (['repA', 'repB', 'mgrEast', 'mgrSouth', 'boss'] as const).map((u) => app.tokenFor(u)));
    const pools = await app.request('GET', '/api/pools', { token: boss });
    poolId = Number(pools.body.items[0].id);
    // Caps out of the way except where a test sets them.
    await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 5000, dailyClaimLimit: 1000 } });
  });
  afterAll(async () => { await app?.close(); });

  const q = (sql: string, params: unknown[] = []) => app.runtime.db.manager.query(sql, params);
  const at = sqlTime(TEST_NOW);
  let seq = 0;

  /** `n` customers owned by `ownerId`, inserted in bulk (a handover's scale, not the create path's). */
  const seedCustomers = async (ownerId: number, n: number, level = 'C'): Promise<number[]> => {
    const ids: number[] = [];
    for (let i = 0; i < n; i += 200) {
      const rows = Array.from({ length: Math.min(200, n - i) }, () => {
        seq++;
        return [`交接客户${seq}号有限公司`, `handover-key-${seq}`, level, ownerId, poolId, at, at, at];
      });
      await q(`INSERT INTO customers (name, name_key, level, stage, tags, owner_id, pool_id, claimed_at, created_at, updated_at)
               VALUES ${rows.map(() => "(?, ?, ?, 'contacted', '[]', ?, ?, ?, ?, ?)").join(', ')}`, rows.flat());
    }
    const got = await q('SELECT id FROM customers WHERE owner_id = ? ORDER BY id DESC LIMIT ?', [ownerId, n]);
    ids.push(...got.map((r: { id: number }) => Number(r.id)));
    return ids.sort((a, b) => a - b);
  };
  const invariant = async () => {
    const [orphans] = await q('SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL AND pool_id IS NULL');
    const [departed] = await q("SELECT COUNT(*) AS n FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.status <> 'active'");
    return { orphans: Number(orphans.n), ownedByDeparted: Number(departed.n) };
  };
  const owned = async (userId: number) => Number((await q('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [userId]))[0].n);

  it('should preview what a member holds, for their managers and admins only (404 for anyone else)', async () => {
    const ids = await seedCustomers(app.users.repB, 3);
    await q('INSERT INTO customer_followers (customer_id, user_id, created_at) VALUES (?, ?, ?)', [ids[0], app.users.repA, at]);
    const asManager = await app.request('GET', `/api/handovers/preview?fromUserId=${app.users.repB}`, { token: mgrEast });
    expect(asManager.status).toBe(200);
    expect(asManager.body).toMatchObject({ fromUser: { id: String(app.users.repB), name: '李四', status: 'active' } });
    expect(asManager.body.counts).toMatchObject({ customers: 3, coFollowed: 0, approvalsToDecide: 0, approvalsFiled: 0 });
    expect((await app.request('GET', `/api/handovers/preview?fromUserId=${app.users.repA}`, { token: boss })).body.counts.coFollowed).toBe(1);
    for (const [token, who] of [[repA, 'a rep'], [mgrSouth, 'a manager of another department'], [repB, 'the member themself']] as const) {
      const res = await app.request('GET', `/api/handovers/preview?fromUserId=${app.users.repB}`, { token });
      expect(res.status, who).toBe(404);
      const post = await app.request('POST', '/api/handovers', { token, body: { fromUserId: app.users.repB, to: { pool: true }, reason: '测试' } });
      expect(post.status, who).toBe(404);
    }
    expect((await app.request('GET', '/api/handovers/preview?fromUserId=abc', { token: boss })).status).toBe(400);
    // Clean up: back to the pool.
    expect((await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repB, to: { pool: true }, reason: '清理' } })).status).toBe(201);
  });

  it('should move 500 customers, 30 seats, planned follow-ups and approvals to one successor, with history and a card', async () => {
    const ids = await seedCustomers(app.users.repA, 500);
    // 30 co-follower seats of the leaver on colleagues' customers, 40 follow-up plans on theirs.
    const others = await seedCustomers(app.users.repC, 30);
    await q(`INSERT INTO customer_followers (customer_id, user_id, created_at) VALUES ${others.map(() => '(?, ?, ?)').join(', ')}`, others.flatMap((c) => [c, app.users.repA, at]));
    const next = sqlTime(new Date(TEST_NOW.getTime() + 3 * 86_400_000));
    await q(`INSERT INTO follow_ups (customer_id, author_id, type, content, at, next_follow_up_at, created_at) VALUES ${ids.slice(0, 40).map(() => "(?, ?, 'call', '约了下周见面', ?, ?, ?)").join(', ')}`,
      ids.slice(0, 40).flatMap((c) => [c, app.users.repA, at, next, at]));
    // 2 requests the leaver filed, and 1 waiting on... the leaver is a rep: they approve nothing; their manager does.
    for (const amountFen of [50_000, 80_000]) {
      const res = await app.request('POST', '/api/approvals', { token: repA, body: { type: 'travel', amountFen, reason: '出差拜访客户' } });
      expect(res.status).toBe(201);
    }
    const preview = await app.request('GET', `/api/handovers/preview?fromUserId=${app.users.repA}`, { token: mgrEast });
    expect(preview.body.counts).toMatchObject({ customers: 500, coFollowed: 30, plannedFollowUps: 40, approvalsFiled: 2 });

    const started = performance.now();
    const res = await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repA, to: { userId: app.users.repB }, reason: '张三调岗' } });
    const ms = performance.now() - started;
    console.info(`handover of 500 customers: ${ms.toFixed(0)} ms (${app.runtime.config.database.kind})`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'done', fromUserId: String(app.users.repA), counts: { moved: 500, skipped: 0 }, to: { userIds: [String(app.users.repB)] } });
    expect(await owned(app.users.repA)).toBe(0);
    expect(await owned(app.users.repB)).toBe(500);
    expect(await invariant()).toEqual({ orphans: 0, ownedByDeparted: 0 });
    // History: one `transferred` event per customer, by the manager, with the reason.
    const [events] = await q(`SELECT COUNT(*) AS n FROM ownership_events WHERE type = 'transferred' AND from_user_id = ? AND to_user_id = ? AND by_user_id = ? AND reason = '张三调岗'`,
      [app.users.repA, app.users.repB, app.users.mgrEast]);
    expect(Number(events.n)).toBe(500);
    const history = await app.request('GET', `/api/customers/${ids[7]}/history`, { token: repB });
    expect(history.body.items[0]).toMatchObject({ type: 'transferred', fromUserId: String(app.users.repA), toUserId: String(app.users.repB) });
    // Seats went to the successor; the leaver's requests were withdrawn.
    const [seats] = await q('SELECT (SELECT COUNT(*) FROM customer_followers WHERE user_id = ?) AS leaver, (SELECT COUNT(*) FROM customer_followers WHERE user_id = ?) AS successor', [app.users.repA, app.users.repB]);
    expect({ leaver: Number(seats.leaver), successor: Number(seats.successor) }).toEqual({ leaver: 0, successor: 30 });
    const [filed] = await q("SELECT COUNT(*) AS n FROM approval_requests WHERE requester_id = ? AND status = 'pending'", [app.users.repA]);
    expect(Number(filed.n)).toBe(0);
    // The planned follow-ups now remind the new owner (reminders go to the customer's owner).
    const [plans] = await q('SELECT COUNT(*) AS n FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE c.owner_id = ? AND f.next_follow_up_at IS NOT NULL', [app.users.repB]);
    expect(Number(plans.n)).toBe(40);
    // One card for the successor.
    const cards = await q("SELECT payload FROM outbox_messages WHERE kind = 'page-notice' AND to_user = 'lisi'");
    expect(cards).toHaveLength(1);
    expect(JSON.parse(cards[0].payload).title).toBe('王经理 将 张三 的 500 位客户交给了你');
    // The record shows every item.
    const detail = await app.request('GET', `/api/handovers/${res.body.id}`, { token: mgrEast });
    expect(detail.body.items.filter((i: { kind: string }) => i.kind === 'customer')).toHaveLength(500);
    expect(detail.body.items.filter((i: { kind: string }) => i.kind === 'seat')).toHaveLength(30);
    expect((await app.request('GET', `/api/handovers/${res.body.id}`, { token: mgrSouth })).status).toBe(404);
    expect((await app.request('GET', '/api/handovers', { token: mgrEast })).body.items.map((h: { id: string }) => h.id)).toContain(res.body.id);

    // A second handover of the same leaver moves nothing twice.
    const again = await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repA, to: { userId: app.users.repB }, reason: '再交一次' } });
    expect(again.status).toBe(201);
    expect(again.body.counts).toEqual({ moved: 0, skipped: 0 });
    expect(await owned(app.users.repB)).toBe(500);
    // Back to the pool for the next tests.
    for (const u of [app.users.repB, app.users.repC]) await app.request('POST', '/api/handovers', { token: boss, body: { fromUserId: u, to: { pool: true }, reason: '清理' } });
  });

  it('should refuse a successor over the cap and name them, spread by load across several, and let only an admin override', async () => {
    const pools = await app.request('GET', '/api/pools', { token: boss });
    await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 30 } });
    try {
      await seedCustomers(app.users.repA, 40);
      await seedCustomers(app.users.repB, 10);
      const one = await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repA, to: { userId: app.users.repB }, reason: '调岗' } });
      expect(one.status).toBe(409);
      expect(one.body.error.code).toBe('POOL_HOLDING_CAP');
      expect(one.body.error.message).toContain('李四（已持有 10/30，交接后 50）');
      expect(await owned(app.users.repA)).toBe(40); // nothing moved
      const override = await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repA, to: { userId: app.users.repB }, reason: '调岗', overrideCap: true } });
      expect(override.status).toBe(400);
      // Spread over two: 李四 (10) and 王五 (0) → 25 / 25 … within 30 each.
      const spread = await app.request('POST', '/api/handovers', { token: boss, body: { fromUserId: app.users.repA, to: { userIds: [app.users.repB, app.users.repC] }, reason: '分给两人' } });
      expect(spread.status).toBe(201);
      expect(spread.body.counts.moved).toBe(40);
      expect({ b: await owned(app.users.repB), c: await owned(app.users.repC) }).toEqual({ b: 25, c: 25 });
      expect(await invariant()).toEqual({ orphans: 0, ownedByDeparted: 0 });
    } finally {
      await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 5000 } });
      for (const u of [app.users.repB, app.users.repC]) await app.request('POST', '/api/handovers', { token: boss, body: { fromUserId: u, to: { pool: true }, reason: '清理' } });
    }
  });

  it('should end a handover a crash interrupted, once resumed, in the state of one uninterrupted run', async () => {
    await seedCustomers(app.users.repA, 1200);
    const service = app.runtime.services.handover;
    service.hooks.afterBatch = (n) => { if (n === 1) throw new Error('killed'); };
    try {
      const res = await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repA, to: { userId: app.users.repB }, reason: '断点' } });
      expect(res.status).toBe(500);
    } finally {
      service.hooks.afterBatch = undefined;
    }
    expect(await owned(app.users.repA)).toBe(700); // one batch of 500 committed
    const [h] = await q("SELECT id, status, moved FROM handovers WHERE from_user_id = ? AND reason = '断点'", [app.users.repA]);
    expect(h).toMatchObject({ status: 'running', moved: 500 });
    expect(await invariant()).toEqual({ orphans: 0, ownedByDeparted: 0 });
    // The daily job finishes handovers left running (10 minutes on).
    app.clock.set(new Date(TEST_NOW.getTime() + 3_600_000));
    const job = await app.request('POST', '/sim/api/jobs/handover-fallback/run');
    expect(job.status).toBe(200);
    const [after] = await q('SELECT status, moved FROM handovers WHERE id = ?', [h.id]);
    expect(after).toMatchObject({ status: 'done', moved: 1200 });
    expect(await owned(app.users.repA)).toBe(0);
    const [events] = await q("SELECT COUNT(*) AS n, COUNT(DISTINCT customer_id) AS d FROM ownership_events WHERE type = 'transferred' AND reason = '断点'");
    expect({ n: Number(events.n), d: Number(events.d) }).toEqual({ n: 1200, d: 1200 });
    await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repB, to: { pool: true }, reason: '清理' } });
    app.clock.set(TEST_NOW);
  });

  it("should hand the leaver's WeCom customers of the moved customers to the new owner through WeCom, and track them to taken over or refused", async () => {
    const add = async (name: string, extra: Record<string, unknown> = {}) => {
      const res = await app.request('POST', '/sim/api/external-contacts', { body: { userId: 'zhangsan', name, ...extra } });
      expect(res.status).toBe(200);
      await app.runtime.inbox.settle();
      return res.body.externalUserId as string;
    };
    const linked = [await add('钱总'), await add('孙总'), await add('周总', { refusesTransfer: true })];
    const unlinked = await add('吴工');
    const names = ['钱塘贸易有限公司', '孙氏机械有限公司', '周记食品有限公司'];
    for (const [i, externalUserId] of linked.entries()) {
      const res = await app.request('POST', '/api/customers', { token: repA, body: { name: names[i], contacts: [{ name: '联系人', externalUserId }] } });
      expect(res.status).toBe(201);
    }
    const group = await app.request('POST', '/sim/api/external-groups', { body: { owner: 'zhangsan', name: '钱塘贸易项目群', externalUserIds: [linked[0]] } });
    expect(group.status).toBe(200);
    await app.runtime.inbox.settle();
    const preview = await app.request('GET', `/api/handovers/preview?fromUserId=${app.users.repA}`, { token: mgrEast });
    expect(preview.body.counts.wecomContacts).toBeGreaterThanOrEqual(4);
    expect(preview.body.counts.wecomGroups).toBe(1);

    const res = await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repA, to: { userId: app.users.repB }, reason: '张三调岗' } });
    expect(res.status).toBe(201);
    // Only the contacts of moved customers, on-job (the leaver is still active), all waiting for the customers' 24 h;
    // the group moved at once.
    const first = await app.request('GET', `/api/handovers/${res.body.id}`, { token: mgrEast });
    expect(first.body.wecom).toEqual({ requested: 4, takenOver: 1, waiting: 3, failed: 0 });
    expect(first.body.wecomItems.find((i: { externalUserId: string }) => i.externalUserId === group.body.chatId)).toMatchObject({ status: 'taken_over', toUser: { name: '李四' } });
    const transfers = (await app.request('GET', '/sim/api/external-contacts/transfers')).body.items;
    expect(transfers.filter((t: { handoverUserId: string }) => t.handoverUserId === 'zhangsan').map((t: { externalUserId: string; kind: string; takeoverUserId: string }) => [t.externalUserId, t.kind, t.takeoverUserId]).sort())
      .toEqual(linked.map((id) => [id, 'onjob', 'lisi']).sort());
    expect(transfers.some((t: { externalUserId: string }) => t.externalUserId === unlinked)).toBe(false);

    // Two days later WeCom has settled them: two taken over, one refused by the customer.
    expect((await app.request('POST', '/sim/api/clock', { body: { advanceDays: 2 } })).status).toBe(200);
    await app.runtime.inbox.settle();
    const job = await app.request('POST', '/sim/api/jobs/handover-wecom/run');
    expect(job.status).toBe(200);
    await app.runtime.inbox.settle();
    const detail = await app.request('GET', `/api/handovers/${res.body.id}`, { token: mgrEast });
    expect(detail.body.wecom).toEqual({ requested: 4, takenOver: 3, waiting: 0, failed: 1 });
    expect(detail.body.wecomItems.find((i: { externalUserId: string }) => i.externalUserId === linked[2])).toMatchObject({ status: 'refused', note: '客户拒绝转接' });
    const lisi = (await app.request('GET', '/sim/api/external-contacts?userId=lisi')).body.items.map((i: { externalUserId: string }) => i.externalUserId);
    expect(lisi).toEqual(expect.arrayContaining([linked[0], linked[1]]));
    // A retry of the refused one is asked of WeCom again (the customer may refuse again: it is tracked the same way).
    const retry = await app.request('POST', `/api/handovers/${res.body.id}/wecom/retry`, { token: mgrEast, body: {} });
    expect(retry.status).toBe(200);
    expect(retry.body.wecom.requested).toBe(4);
    expect((await app.request('POST', `/api/handovers/${res.body.id}/wecom/retry`, { token: mgrSouth, body: {} })).status).toBe(404);
    app.clock.set(TEST_NOW);
    await app.request('POST', '/api/handovers', { token: mgrEast, body: { fromUserId: app.users.repB, to: { pool: true }, reason: '清理' } });
  });

  it('should disable a member WeCom deletes at once, open a draft for their managers, and return everything to the pool after the fallback days', async () => {
    // A member of their own, so the other tests keep theirs.
    const [user] = await q("SELECT id FROM users WHERE wecom_user_id = 'zhangsan'");
    const ids = await seedCustomers(Number(user.id), 12);
    const token = await app.tokenFor('repA');
    expect((await app.request('GET', '/api/me', { token })).status).toBe(200);
    // The manager of the leaver has a request waiting on them? No: the leaver's own request moves (withdrawn).
    expect((await app.request('POST', '/api/approvals', { token, body: { type: 'travel', amountFen: 30_000, reason: '拜访' } })).status).toBe(201);

    const leave = await app.request('POST', '/sim/api/members/zhangsan/leave');
    expect(leave.status).toBe(200);
    await app.runtime.inbox.settle();
    expect((await app.request('GET', '/api/me', { token })).status).toBe(401);
    const [status] = await q('SELECT status FROM users WHERE id = ?', [user.id]);
    expect(status.status).toBe('left');
    const [draft] = await q("SELECT id, status, cause AS `trigger` FROM handovers WHERE from_user_id = ? AND status = 'draft'", [user.id]);
    expect(draft).toMatchObject({ status: 'draft', trigger: 'departure' });
    const cards = await q("SELECT to_user, payload FROM outbox_messages WHERE kind = 'decision' AND dedupe_key LIKE ?", [`handover:${draft.id}:departed%`]);
    expect(cards.map((c: { to_user: string }) => c.to_user)).toEqual(['mgr.east']);
    expect(JSON.parse(cards[0].payload)).toMatchObject({ title: '张三 已离职：12 位客户待交接', page: `/pages/handover/index?id=${draft.id}` });
    const [filed] = await q("SELECT COUNT(*) AS n FROM approval_requests WHERE requester_id = ? AND status = 'pending'", [user.id]);
    expect(Number(filed.n)).toBe(0);
    // Owned by someone who left until a manager acts: the fallback after 3 days sends them to the pool.
    app.clock.set(new Date(TEST_NOW.getTime() + 2 * 86_400_000));
    await app.request('POST', '/sim/api/jobs/handover-fallback/run');
    expect(await owned(Number(user.id))).toBe(12);
    app.clock.set(new Date(TEST_NOW.getTime() + 3 * 86_400_000 + 60_000));
    const job = await app.request('POST', '/sim/api/jobs/handover-fallback/run');
    expect(job.body).toMatchObject({ job: 'handover-fallback', affected: 12 });
    expect(await owned(Number(user.id))).toBe(0);
    expect(await invariant()).toEqual({ orphans: 0, ownedByDeparted: 0 });
    const [inPool] = await q(`SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL AND id IN (${ids.map(() => '?').join(',')})`, ids);
    expect(Number(inPool.n)).toBe(12);
    app.clock.set(TEST_NOW);
  });

  it('should find a member WeCom shows as left in the hourly directory check, and let them log in again once they are back', async () => {
    const member = app.runtime.simulator!.state.directory.user('wangwu')!;
    await seedCustomers(app.users.repC, 2);
    member.status = 5;
    const job = await app.request('POST', '/sim/api/jobs/directory-sync/run');
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ job: 'directory-sync', affected: 1 });
    const [user] = await q('SELECT status FROM users WHERE id = ?', [app.users.repC]);
    expect(user.status).toBe('left');
    const [draft] = await q("SELECT COUNT(*) AS n FROM handovers WHERE from_user_id = ? AND status = 'draft'", [app.users.repC]);
    expect(Number(draft.n)).toBe(1);
    // Back in the company: WeCom login works again; the customers stay where the handover puts them.
    member.status = 1;
    const code = (await app.request('POST', '/sim/api/login-codes', { body: { userId: 'wangwu', kind: 'oauth' } })).body.code;
    const login = await app.request('POST', '/api/auth/wecom/oauth', { body: { code } });
    expect(login.status).toBe(200);
    const [back] = await q('SELECT status FROM users WHERE id = ?', [app.users.repC]);
    expect(back.status).toBe('active');
    await app.request('POST', '/api/handovers', { token: boss, body: { fromUserId: app.users.repC, to: { pool: true }, reason: '清理' } });
  });

  it('should offer in the pickers only the members the handover accepts: who may be handed over, who may take over', async () => {
    const ids = async (token: string, purpose: string) => {
      const res = await app.request('GET', `/api/users?purpose=${purpose}&pageSize=200`, { token });
      expect(res.status).toBe(200);
      return res.body.items.map((u: { id: string }) => Number(u.id)).sort((a: number, b: number) => a - b);
    };
    // 王经理 manages 华东 (/1/2/): 张三 (who left in the test above), 李四 and 赵六 (who left) are his; 王五 (华南) and the boss are not.
    expect(await ids(mgrEast, 'handover-from')).toEqual([app.users.repA, app.users.repB, app.users.gone].sort((a, b) => a - b));
    // Only active members take over.
    expect(await ids(mgrEast, 'handover-to')).toEqual([app.users.mgrEast, app.users.repB].sort((a, b) => a - b));
    expect((await ids(boss, 'handover-from')).includes(app.users.boss)).toBe(false);
    expect((await app.request('GET', '/api/users?purpose=handover-from', { token: repB })).status).toBe(403);
  });

  it('should answer 400 in words for bad bodies and never a 500', async () => {
    for (const body of [{}, { fromUserId: app.users.repB }, { fromUserId: app.users.repB, to: {}, reason: 'x' }, { fromUserId: app.users.repB, to: { userId: 'abc' }, reason: 'x' },
      { fromUserId: app.users.repB, to: { pool: true } }, { fromUserId: app.users.repB, to: { pool: true }, reason: '' }, { fromUserId: app.users.repB, to: { userIds: [] }, reason: 'x' },
      { fromUserId: app.users.repB, to: { userId: app.users.repB }, reason: '自己' }, { fromUserId: app.users.repB, to: { userId: app.users.gone }, reason: '已离职' },
      { fromUserId: app.users.repB, to: { pool: true }, reason: 'x', customerIds: [] }, { fromUserId: app.users.repB, to: { pool: true }, reason: 'x', extra: 1 }]) {
      const res = await app.request('POST', '/api/handovers', { token: boss, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('handover: the contacts-sync assistant callback', () => {
  let app: TestApp;
  const token = 'contactsSyncToken0123456789';
  const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  beforeAll(async () => {
    app = await startTestApp({ env: { WECOM_CONTACTS_CALLBACK_TOKEN: token, WECOM_CONTACTS_CALLBACK_AES_KEY: aesKey } });
  });
  afterAll(async () => { await app?.close(); });

  it('should take a departure from the second callback with its own keys, and refuse the app keys there', async () => {
    const { encryptMessage, signature } = await import('../../bot/wecom/callback-crypto.ts');
    const corpId = app.runtime.config.wecom.corpId;
    const ts = String(Math.floor(app.clock.now().getTime() / 1000));
    const xml = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${ts}</CreateTime>`
      + '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[delete_user]]></ChangeType><UserID><![CDATA[lisi]]></UserID></xml>';
    const post = (key: string, tok: string) => {
      const encrypt = encryptMessage(key, corpId, xml);
      return app.request('POST', `/wecom/contacts-callback?msg_signature=${signature(tok, ts, 'n1', encrypt)}&timestamp=${ts}&nonce=n1`, {
        rawBody: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, headers: { 'content-type': 'text/xml' },
      });
    };
    expect((await post(app.runtime.config.wecom.callbackAesKey, app.runtime.config.wecom.callbackToken)).status).toBe(401);
    const lisi = await app.tokenFor('repB');
    expect((await post(aesKey, token)).status).toBe(200);
    await app.runtime.inbox.settle();
    expect((await app.request('GET', '/api/me', { token: lisi })).status).toBe(401);
    const [user] = await app.runtime.db.manager.query('SELECT status FROM users WHERE id = ?', [app.users.repB]);
    expect(user.status).toBe('left');
  });
});
