import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../server/demo/prng.ts';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { findUnstorableValues } from '../helpers/storable.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really pixels')]);
const DEFAULT_POLICY = {
  levels: [{ approvers: { type: 'leader' }, overAmountFen: 0 }, { approvers: { type: 'role', role: 'admin' }, overAmountFen: 200000 }],
};

const safeEncode = (v: string): string => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

/**
 * Approvals over HTTP. Fixture company: boss (admin, /1/), mgrEast (/1/2/), mgrSouth (/1/3/),
 * repA and repB (/1/2/4/, led by mgrEast), repC (/1/3/, led by mgrSouth).
 */
describe('approvals API', () => {
  let app: TestApp;
  let dataDir: string;
  const t = {} as Record<FixtureUserKey, string>;
  let customerA: string;
  let customerC: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wecrm-approvals-'));
    app = await startTestApp({ config: { dataDir } });
    for (const u of ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'] as const) t[u] = await app.tokenFor(u);
    customerA = (await app.request('POST', '/api/customers', { token: t.repA, body: { name: '审批测试甲有限公司' } })).body.id;
    customerC = (await app.request('POST', '/api/customers', { token: t.repC, body: { name: '审批测试丙有限公司' } })).body.id;
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const file = (token: string, body: Record<string, unknown>) => app.request('POST', '/api/approvals', { token, body });
  const decide = (token: string, id: string, body: Record<string, unknown>) => app.request('POST', `/api/approvals/${id}/decide`, { token, body });
  const expense = (amountFen: number, extra: Record<string, unknown> = {}) => ({ type: 'entertainment', amountFen, customerId: customerA, reason: '客户招待晚餐', ...extra });
  const outbox = (where: string, params: unknown[] = []) => app.runtime.db.manager.query(`SELECT kind, to_user, event_key, payload, urgent FROM outbox_messages WHERE ${where} ORDER BY id`, params) as Promise<any[]>;

  describe('policy', () => {
    it('should serve the default policy of API.md when none was set', async () => {
      const res = await app.request('GET', '/api/approvals/policy', { token: t.repA });
      expect(res.status).toBe(200);
      expect(res.body.levels).toEqual(DEFAULT_POLICY.levels);
    });

    it.each([
      ['no levels', { levels: [] }],
      ['five levels', { levels: [0, 1, 2, 3, 4].map((n) => ({ approvers: { type: 'leader' }, overAmountFen: n })) }],
      ['thresholds not increasing', { levels: [{ approvers: { type: 'leader' }, overAmountFen: 100 }, { approvers: { type: 'leader' }, overAmountFen: 100 }] }],
      ['an unknown role', { levels: [{ approvers: { type: 'role', role: 'boss' }, overAmountFen: 0 }] }],
      ['an unknown user', { levels: [{ approvers: { type: 'users', userIds: ['99999'] }, overAmountFen: 0 }] }],
      ['a negative threshold', { levels: [{ approvers: { type: 'leader' }, overAmountFen: -1 }] }],
      ['an unknown approver type', { levels: [{ approvers: { type: 'everyone' }, overAmountFen: 0 }] }],
    ])('should refuse a policy with %s (400)', async (_case, body) => {
      const res = await app.request('PUT', '/api/approvals/policy', { token: t.boss, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    it('should let only admins change the policy (403 for a manager)', async () => {
      expect((await app.request('PUT', '/api/approvals/policy', { token: t.mgrEast, body: DEFAULT_POLICY })).status).toBe(403);
      const put = await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: DEFAULT_POLICY });
      expect(put.status).toBe(200);
      expect(put.body.levels).toEqual(DEFAULT_POLICY.levels);
    });
  });

  describe('lifecycle', () => {
    it('should route a 500 元 request to the rep\'s manager alone and approve it in one decision', async () => {
      const created = await file(t.repA, expense(50_000));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        type: 'entertainment', amountFen: 50_000, customer: { id: customerA, name: '审批测试甲有限公司' }, status: 'pending', round: 1, currentLevel: 1,
        requester: { id: String(app.users.repA), name: '张三' },
      });
      expect(created.body.steps).toEqual([expect.objectContaining({ round: 1, level: 1, approvers: [{ id: String(app.users.mgrEast), name: '王经理' }], decision: null })]);
      const todo = await app.request('GET', '/api/approvals?box=todo', { token: t.mgrEast });
      expect(todo.body.items.map((a: any) => a.id)).toContain(created.body.id);
      expect(todo.body.items.find((a: any) => a.id === created.body.id).canDecide).toBe(true);
      const cards = await outbox("kind = 'decision' AND event_key = ?", [`approval:${created.body.id}:1:1`]);
      expect(cards.map((c) => [c.to_user, Number(c.urgent)])).toEqual([['mgr.east', 1]]);

      const approved = await decide(t.mgrEast, created.body.id, { decision: 'approve' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', currentLevel: null });
      expect(approved.body.steps[0]).toMatchObject({ decision: 'approved', decidedBy: { id: String(app.users.mgrEast), name: '王经理' } });
      expect((await app.request('GET', '/api/approvals?box=done', { token: t.mgrEast })).body.items.map((a: any) => a.id)).toContain(created.body.id);
      expect((await app.request('GET', '/api/approvals?box=todo', { token: t.mgrEast })).body.items.map((a: any) => a.id)).not.toContain(created.body.id);
      const told = await outbox("kind = 'approval-notice' AND to_user = 'zhangsan' AND event_key = ?", [`approval-outcome:${created.body.id}:1`]);
      expect(told).toHaveLength(1);
      const audit = await app.runtime.db.manager.query("SELECT action FROM audit_log WHERE entity_type = 'approval' AND entity_id = ? ORDER BY id", [created.body.id]);
      expect(audit.map((a: any) => a.action)).toEqual(['approval.create', 'approval.approve', 'approval.approved']);
    });

    it('should send a 5,000 元 request from the manager on to the boss and tell the rep of the level passed', async () => {
      const created = (await file(t.repA, expense(500_000))).body;
      expect(created.steps.map((s: any) => [s.level, s.approvers.map((a: any) => a.id)])).toEqual([[1, [String(app.users.mgrEast)]], [2, [String(app.users.boss)]]]);
      // The boss is named at level 2 but is not the one deciding now.
      expect((await decide(t.boss, created.id, { decision: 'approve' })).status).toBe(403);
      const first = await decide(t.mgrEast, created.id, { decision: 'approve', comment: '同意，注意控制' });
      expect(first.body).toMatchObject({ status: 'pending', currentLevel: 2 });
      expect(await outbox("kind = 'decision' AND event_key = ?", [`approval:${created.id}:1:2`])).toHaveLength(1);
      expect(await outbox("kind = 'approval-notice' AND event_key = ?", [`approval-level:${created.id}:1:2`])).toHaveLength(1);
      // The manager had their say: a second press is "already decided", not "forbidden".
      expect((await decide(t.mgrEast, created.id, { decision: 'approve' })).body.error.code).toBe('APPROVAL_NOT_PENDING');
      const done = await decide(t.boss, created.id, { decision: 'approve' });
      expect(done.body).toMatchObject({ status: 'approved' });
    });

    it('should require a reason to reject, keep the rejected round and let the rep resubmit as round 2', async () => {
      const created = (await file(t.repA, expense(80_000))).body;
      const bare = await decide(t.mgrEast, created.id, { decision: 'reject' });
      expect(bare.status).toBe(400);
      expect(bare.body.error.message).toContain('原因');
      const rejected = await decide(t.mgrEast, created.id, { decision: 'reject', comment: '金额过高' });
      expect(rejected.body).toMatchObject({ status: 'rejected', currentLevel: null, canResubmit: false });
      expect((await app.request('GET', `/api/approvals/${created.id}`, { token: t.repA })).body.canResubmit).toBe(true);
      expect((await app.request('POST', `/api/approvals/${created.id}/withdraw`, { token: t.repA })).body.error.code).toBe('APPROVAL_NOT_PENDING');
      expect((await app.request('POST', `/api/approvals/${created.id}/resubmit`, { token: t.mgrEast, body: { amountFen: 60_000 } })).status).toBe(403);

      const again = await app.request('POST', `/api/approvals/${created.id}/resubmit`, { token: t.repA, body: { amountFen: 60_000, reason: '减少人数后重新申请' } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'pending', round: 2, currentLevel: 1, amountFen: 60_000, reason: '减少人数后重新申请' });
      expect(again.body.steps.map((s: any) => [s.round, s.level, s.decision, s.comment])).toEqual([[1, 1, 'rejected', '金额过高'], [2, 1, null, null]]);
      expect((await app.request('POST', `/api/approvals/${created.id}/resubmit`, { token: t.repA, body: {} })).status).toBe(409);
      expect((await decide(t.mgrEast, created.id, { decision: 'approve' })).body.status).toBe('approved');
    });

    it('should let the requester withdraw while pending, and nobody else', async () => {
      const created = (await file(t.repA, expense(30_000))).body;
      expect((await app.request('POST', `/api/approvals/${created.id}/withdraw`, { token: t.mgrEast })).status).toBe(403);
      const withdrawn = await app.request('POST', `/api/approvals/${created.id}/withdraw`, { token: t.repA });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      expect((await app.request('POST', `/api/approvals/${created.id}/withdraw`, { token: t.repA })).status).toBe(409);
      expect((await decide(t.mgrEast, created.id, { decision: 'approve' })).body.error.code).toBe('APPROVAL_NOT_PENDING');
      expect((await app.request('GET', '/api/approvals?box=mine&status=withdrawn', { token: t.repA })).body.items.map((a: any) => a.id)).toContain(created.id);
    });

    it('should send a manager\'s own request to the level above (the boss), and pass the boss\'s second level with a note', async () => {
      const created = (await file(t.mgrEast, { type: 'travel', amountFen: 500_000, reason: '出差' })).body;
      expect(created.steps.map((s: any) => s.approvers.map((a: any) => a.id))).toEqual([[String(app.users.boss)], [String(app.users.boss)]]);
      const res = await decide(t.boss, created.id, { decision: 'approve' });
      expect(res.body.status).toBe('approved');
      expect(res.body.steps[1]).toMatchObject({ decision: 'approved', decidedBy: null, note: expect.stringContaining('已在本申请中审批过') });
    });

    it('should approve the only admin\'s own request with an audit note', async () => {
      const created = await file(t.boss, { type: 'other', amountFen: 900_000, reason: '年会' });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('approved');
      expect(created.body.steps.every((s: any) => s.note && s.decision === 'approved')).toBe(true);
      const notes = await app.runtime.db.manager.query("SELECT action FROM audit_log WHERE entity_id = ? AND action = 'approval.level.auto_pass'", [created.body.id]);
      expect(notes).toHaveLength(2);
    });

    it('should give a disabled named approver\'s seat to their leader', async () => {
      await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: { levels: [{ approvers: { type: 'users', userIds: [String(app.users.mgrSouth), String(app.users.gone)] }, overAmountFen: 0 }] } });
      try {
        const created = (await file(t.repA, expense(10_000))).body;
        // 赵六 left: his leader is mgrEast (华东一组 → 华东).
        expect(created.steps[0].approvers.map((a: any) => a.id).sort()).toEqual([String(app.users.mgrEast), String(app.users.mgrSouth)].sort());
        await app.runtime.db.manager.query("UPDATE users SET status = 'left' WHERE id = ?", [app.users.mgrSouth]);
        // Now 李经理 left too: his leader is the boss (华南 has no other manager, 总部 none).
        const other = (await file(t.repA, expense(10_000))).body;
        expect(other.steps[0].approvers.map((a: any) => a.id).sort()).toEqual([String(app.users.boss), String(app.users.mgrEast)].sort());
      } finally {
        await app.runtime.db.manager.query("UPDATE users SET status = 'active' WHERE id = ?", [app.users.mgrSouth]);
        await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: DEFAULT_POLICY });
      }
    });
  });

  describe('a level opening later', () => {
    it('should give the seat of an approver who left after the request was filed to their leader when the level opens', async () => {
      await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: { levels: [
        { approvers: { type: 'leader' }, overAmountFen: 0 }, { approvers: { type: 'users', userIds: [String(app.users.mgrSouth)] }, overAmountFen: 100_000 },
      ] } });
      try {
        const created = (await file(t.repA, expense(300_000))).body;
        expect(created.steps[1].approvers.map((a: any) => a.id)).toEqual([String(app.users.mgrSouth)]);
        await app.runtime.db.manager.query("UPDATE users SET status = 'left' WHERE id = ?", [app.users.mgrSouth]);
        const next = await decide(t.mgrEast, created.id, { decision: 'approve' });
        expect(next.body).toMatchObject({ status: 'pending', currentLevel: 2 });
        expect(next.body.steps[1].approvers.map((a: any) => a.id)).toEqual([String(app.users.boss)]);
        expect((await decide(t.boss, created.id, { decision: 'approve' })).body.status).toBe('approved');
      } finally {
        await app.runtime.db.manager.query("UPDATE users SET status = 'active' WHERE id = ?", [app.users.mgrSouth]);
        await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: DEFAULT_POLICY });
      }
    });
  });

  describe('every 4xx', () => {
    it.each([
      ['amount 0', { amountFen: 0 }],
      ['a negative amount', { amountFen: -100 }],
      ['a fractional amount', { amountFen: 10.5 }],
      ['an amount over 100,000,000 元', { amountFen: 10_000_000_001 }],
      ['an amount as text', { amountFen: '100' }],
      ['no reason', { reason: '' }],
      ['a reason over 500 characters', { reason: '长'.repeat(501) }],
      ['an unknown type', { type: 'contract' }],
      ['an impossible date', { occurredOn: '2026-02-30' }],
      ['an entertainment without customer', { customerId: null }],
      ['a stray field', { ownerId: '1' }],
      ['ten attachments', { attachmentIds: Array.from({ length: 10 }, (_, i) => String(i + 1)) }],
      ['an attachment that is not theirs', { attachmentIds: ['999999'] }],
    ])('should refuse a request with %s (400)', async (_case, patch) => {
      const res = await file(t.repA, expense(10_000, patch));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    it('should answer 404 for a customer the requester cannot see', async () => {
      expect((await file(t.repA, expense(10_000, { customerId: customerC }))).status).toBe(404);
      expect((await file(t.repA, expense(10_000, { customerId: '99999999' }))).status).toBe(404);
    });

    it('should answer 401 without a session, 400 for a malformed id and 404 for a missing one', async () => {
      expect((await app.request('GET', '/api/approvals')).status).toBe(401);
      expect((await app.request('GET', '/api/approvals/abc', { token: t.repA })).status).toBe(400);
      expect((await app.request('GET', '/api/approvals/99999999', { token: t.repA })).status).toBe(404);
      expect((await app.request('GET', '/api/approvals?box=everything', { token: t.repA })).status).toBe(400);
      expect((await app.request('GET', '/api/approvals?pageSize=1000', { token: t.repA })).status).toBe(400);
      expect((await app.request('POST', '/api/approvals', { token: t.repA, rawBody: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    });

    it('should check visibility before the body (404, not 400, for a hidden request with a bad body)', async () => {
      const created = (await file(t.repA, expense(10_000))).body;
      expect((await decide(t.repB, created.id, { decision: 'maybe' })).status).toBe(404);
      expect((await decide(t.mgrEast, created.id, { decision: 'maybe' })).status).toBe(400);
      expect((await decide(t.repA, created.id, { decision: 'approve' })).status).toBe(403);
    });
  });

  describe('visibility (role × endpoint)', () => {
    // a5000: repA's 5,000 元 (approvers mgrEast, boss); c500: repC's 500 元 (approver mgrSouth).
    const MATRIX: Record<'a5000' | 'c500', Record<string, { read: number; decide: number; withdraw: number }>> = {
      a5000: {
        boss: { read: 200, decide: 403, withdraw: 403 }, mgrEast: { read: 200, decide: 200, withdraw: 403 }, mgrSouth: { read: 404, decide: 404, withdraw: 404 },
        repA: { read: 200, decide: 403, withdraw: 200 }, repB: { read: 404, decide: 404, withdraw: 404 }, repC: { read: 404, decide: 404, withdraw: 404 },
      },
      c500: {
        boss: { read: 200, decide: 403, withdraw: 403 }, mgrEast: { read: 404, decide: 404, withdraw: 404 }, mgrSouth: { read: 200, decide: 200, withdraw: 403 },
        repA: { read: 404, decide: 404, withdraw: 404 }, repB: { read: 404, decide: 404, withdraw: 404 }, repC: { read: 200, decide: 403, withdraw: 200 },
      },
    };
    const cases = Object.entries(MATRIX).flatMap(([key, row]) => Object.entries(row).map(([user, cell]) => [key, user, cell] as const));

    it.each(cases)('should give %s to %s the statuses %j', async (key, user, cell) => {
      const body = key === 'a5000' ? expense(500_000) : { type: 'gift', amountFen: 50_000, customerId: customerC, reason: '节日礼品' };
      const owner = key === 'a5000' ? t.repA : t.repC;
      const id = (await file(owner, body)).body.id;
      const token = t[user as FixtureUserKey];
      expect((await app.request('GET', `/api/approvals/${id}`, { token })).status).toBe(cell.read);
      expect((await app.request('POST', `/api/approvals/${id}/resubmit`, { token, body: {} })).status).toBe(cell.read === 404 ? 404 : user === (key === 'a5000' ? 'repA' : 'repC') ? 409 : 403);
      expect((await decide(token, id, { decision: 'approve' })).status).toBe(cell.decide);
      // The decision (when it happened) moved the request on; withdraw on a fresh one.
      const fresh = (await file(owner, body)).body.id;
      expect((await app.request('POST', `/api/approvals/${fresh}/withdraw`, { token })).status).toBe(cell.withdraw);
      const lists = await Promise.all((['mine', 'todo', 'done'] as const).map((box) => app.request('GET', `/api/approvals?box=${box}&pageSize=100`, { token })));
      for (const list of lists) {
        expect(list.status).toBe(200);
        if (cell.read === 404) expect(list.body.items.map((a: any) => a.id)).not.toContain(id);
      }
    });
  });

  describe('attachments', () => {
    const upload = async (token: string, files: Array<{ name: string; type: string; data: Buffer }>) => {
      const form = new FormData();
      for (const f of files) form.append('file', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
      const res = await fetch(`${app.url}/api/approvals/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      return { status: res.status, body: await res.json() as any };
    };

    it('should store receipt photos checked by content and serve them only through signed links that expire', async () => {
      const up = await upload(t.repA, [{ name: '发票.png', type: 'image/png', data: PNG }]);
      expect(up.status).toBe(201);
      const [att] = up.body.items;
      expect(att).toMatchObject({ contentType: 'image/png', filename: '发票.png', sizeBytes: PNG.length });
      const created = (await file(t.repA, expense(20_000, { attachmentIds: [att.id] }))).body;
      expect(created.attachments.map((a: any) => a.id)).toEqual([att.id]);
      const url = (await app.request('GET', `/api/approvals/${created.id}`, { token: t.mgrEast })).body.attachments[0].url;
      const served = await fetch(app.url + url);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
      expect((await fetch(app.url + url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(404);
      // The same photo cannot go on a second request.
      expect((await file(t.repA, expense(20_000, { attachmentIds: [att.id] }))).status).toBe(400);
      // A link outlives nobody's permission: an hour later it is refused.
      const now = app.clock.now();
      app.clock.set(new Date(now.getTime() + 2 * 3600_000));
      try {
        expect((await fetch(app.url + url)).status).toBe(404);
      } finally {
        app.clock.set(now);
      }
    });

    it('should refuse a file that is not JPEG/PNG/WebP whatever its name says, and ten files at once', async () => {
      const fake = await upload(t.repA, [{ name: 'x.png', type: 'image/png', data: Buffer.from('GIF89a fake') }]);
      expect(fake.status).toBe(400);
      expect(fake.body.error.message).toContain('不是 JPEG');
      const ten = await upload(t.repA, Array.from({ length: 10 }, (_, i) => ({ name: `${i}.png`, type: 'image/png', data: PNG })));
      expect(ten.status).toBe(413);
      const json = await app.request('POST', '/api/approvals/attachments', { token: t.repA, body: {} });
      expect(json.status).toBe(415);
    });
  });

  describe('expenses', () => {
    it('should sum a visible customer\'s approved expenses and report the month per rep and per customer within the caller\'s reach', async () => {
      const customer = (await app.request('POST', '/api/customers', { token: t.repB, body: { name: '费用统计有限公司' } })).body.id;
      const a = (await file(t.repB, { type: 'gift', amountFen: 12_345, customerId: customer, reason: '礼品', occurredOn: '2026-03-05' })).body;
      const b = (await file(t.repB, { type: 'entertainment', amountFen: 20_000, customerId: customer, reason: '晚餐', occurredOn: '2026-03-06' })).body;
      await file(t.repB, { type: 'entertainment', amountFen: 99_999, customerId: customer, reason: '未批', occurredOn: '2026-03-06' });
      await decide(t.mgrEast, a.id, { decision: 'approve' });
      await decide(t.mgrEast, b.id, { decision: 'approve' });
      const res = await app.request('GET', `/api/customers/${customer}/expenses`, { token: t.repB });
      expect(res.status).toBe(200);
      expect(res.body.totalFen).toBe(32_345);
      expect(res.body.items.map((i: any) => i.approvalId).sort()).toEqual([a.id, b.id].sort());
      expect((await app.request('GET', `/api/customers/${customer}/expenses`, { token: t.repC })).status).toBe(404);

      const mine = (await app.request('GET', '/api/reports/expenses?month=2026-03', { token: t.repB })).body;
      expect(mine).toMatchObject({ scope: 'mine', totalFen: 32_345, count: 2 });
      const team = (await app.request('GET', '/api/reports/expenses?month=2026-03', { token: t.mgrEast })).body;
      expect(team.scope).toBe('team');
      expect(team.byRep.find((r: any) => r.user.id === String(app.users.repB))).toMatchObject({ totalFen: 32_345, count: 2 });
      expect(team.byCustomer.find((r: any) => r.customer?.id === customer)).toMatchObject({ totalFen: 32_345, count: 2 });
      const south = (await app.request('GET', '/api/reports/expenses?month=2026-03', { token: t.mgrSouth })).body;
      expect(south.byRep.some((r: any) => r.user.id === String(app.users.repB))).toBe(false);
      const all = (await app.request('GET', '/api/reports/expenses?month=2026-03', { token: t.boss })).body;
      expect(all.totalFen).toBeGreaterThanOrEqual(team.totalFen);
      expect((await app.request('GET', '/api/reports/expenses?month=2026-13', { token: t.boss })).status).toBe(400);
      expect((await app.request('GET', '/api/reports/expenses', { token: t.boss })).status).toBe(400);
    });
  });

  describe('concurrency', () => {
    it('should let exactly one of 50 concurrent deciders decide; the other 49 get 409 APPROVAL_NOT_PENDING', async () => {
      await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: { levels: [{ approvers: { type: 'users', userIds: [String(app.users.mgrEast), String(app.users.mgrSouth), String(app.users.boss)] }, overAmountFen: 0 }] } });
      try {
        const created = (await file(t.repA, expense(40_000))).body;
        const deciders = [t.mgrEast, t.mgrSouth, t.boss];
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => decide(deciders[i % 3]!, created.id, i % 2 ? { decision: 'approve' } : { decision: 'reject', comment: `第${i}个` })));
        const statuses = results.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(49);
        expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'APPROVAL_NOT_PENDING')).toBe(true);
        const steps = await app.runtime.db.manager.query('SELECT decision FROM approval_steps WHERE approval_id = ? AND decision IS NOT NULL', [created.id]);
        expect(steps).toHaveLength(1);
        const audits = await app.runtime.db.manager.query("SELECT id FROM audit_log WHERE entity_id = ? AND action IN ('approval.approve', 'approval.reject')", [created.id]);
        expect(audits).toHaveLength(1);
      } finally {
        await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: DEFAULT_POLICY });
      }
    }, 60_000);
  });

  describe('fuzzed bodies', () => {
    it('should answer fuzzed approval writes and queries without a 5xx, storing nothing MariaDB would refuse', async () => {
      const rng = new Rng(9);
      const nasty = ['', ' ', '\u0000', '\uD800', '😀'.repeat(300), '长'.repeat(501), '2026-02-30', '9999-12-31', '-1', '1e400', 'NaN', '2147483648',
        '<script>', "'; DROP TABLE approval_requests; --", 0, -1, 1.5, 2147483648, 10_000_000_001, 9007199254740993, 1e308, null, true, [], {}, ['1'], { type: 'users' }];
      const pick = () => nasty[rng.int(0, nasty.length - 1)];
      const target = (await file(t.repA, expense(10_000))).body.id;
      const endpoints: Array<[string, string, Record<string, () => unknown>, string]> = [
        ['POST', '/api/approvals', { type: () => 'travel', amountFen: () => 100, customerId: () => customerA, reason: () => '理由', occurredOn: () => '2026-03-01', attachmentIds: () => [] }, 'repA'],
        ['POST', `/api/approvals/${target}/decide`, { decision: () => 'reject', comment: () => '不行' }, 'mgrEast'],
        ['POST', `/api/approvals/${target}/resubmit`, { amountFen: () => 100, reason: () => '再次', type: () => 'other' }, 'repA'],
        ['PUT', '/api/approvals/policy', { levels: () => DEFAULT_POLICY.levels, reminders: () => ({ remindAfterHours: 24, escalateAfterHours: 72 }) }, 'boss'],
      ];
      const failures: unknown[] = [];
      for (let i = 0; i < 400; i++) {
        const [method, path, fields, who] = endpoints[i % endpoints.length]!;
        const body: Record<string, unknown> = {};
        for (const [k, valid] of Object.entries(fields)) {
          const roll = rng.next();
          if (roll < 0.5) body[k] = valid();
          else if (roll < 0.9) body[k] = pick();
        }
        const res = await app.request(method, path, { token: t[who as FixtureUserKey], body });
        if (res.status >= 500 || (res.status >= 400 && !/[\u4e00-\u9fa5]/.test(String(res.body?.error?.message)))) failures.push({ method, path, body, status: res.status, res: res.body });
      }
      for (let i = 0; i < 100; i++) {
        const qs = ['box', 'status', 'page', 'pageSize'].filter(() => rng.chance(0.5)).map((p) => `${p}=${safeEncode(String(pick()))}`).join('&');
        const res = await app.request('GET', `/api/approvals?${qs}`, { token: t.boss });
        if (res.status >= 500) failures.push({ qs, status: res.status });
      }
      await app.request('PUT', '/api/approvals/policy', { token: t.boss, body: DEFAULT_POLICY });
      expect(failures.slice(0, 5)).toEqual([]);
      expect(await findUnstorableValues(app.runtime.dataSource)).toEqual([]);
    }, 120_000);
  });
});
