import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../entities/user.entity.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('public pool API', () => {
  let app: TestApp;
  let repA: string, repB: string, repC: string, mgrEast: string, mgrSouth: string, boss: string;
  let poolId: string;
  let defaults: Record<string, unknown>;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, repC, mgrEast, mgrSouth, boss] = await Promise.all(
      (['repA', 'repB', 'repC', 'mgrEast', 'mgrSouth', 'boss'] as const).map((u) => app.tokenFor(u)));
    const pools = await app.request('GET', '/api/pools', { token: repA });
    poolId = pools.body.items[0].id;
    defaults = pools.body.items[0].rules;
  });
  afterAll(async () => { await app?.close(); });

  const create = async (token: string, name: string, extra: Record<string, unknown> = {}) => {
    const res = await app.request('POST', '/api/customers', { token, body: { name, ...extra } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const setRules = async (rules: Record<string, unknown>) => {
    const res = await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...defaults, ...rules } });
    expect(res.status).toBe(200);
  };
  const release = (token: string, id: string, reason = '客户暂无预算') => app.request('POST', `/api/customers/${id}/release`, { token, body: { reason } });
  const claim = (token: string, id: string) => app.request('POST', `/api/customers/${id}/claim`, { token });

  describe('rules', () => {
    it('should start with the default rules 15 / 30 / off / 3 / 20 / 7 / 10', () => {
      expect(defaults).toEqual({
        noFollowUpDays: 15, noDealDays: 30, noRepeatDealDays: null, warnDaysBefore: 3, holdingCap: 20,
        claimCooldownDays: 7, dailyClaimLimit: 10, exemptLevels: ['key'],
      });
    });

    it('should let only an admin change the rules, and audit it', async () => {
      const asManager = await app.request('PUT', `/api/pools/${poolId}/rules`, { token: mgrEast, body: defaults });
      expect(asManager.status).toBe(403);
      const res = await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...defaults, holdingCap: 25 } });
      expect(res.status).toBe(200);
      expect(res.body.rules.holdingCap).toBe(25);
      await setRules({});
      const audit = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pool.rules.update'");
      expect(Number(audit[0].n)).toBe(2);
    });

    it.each([
      [{ noFollowUpDays: 0 }], [{ holdingCap: -1 }], [{ exemptLevels: ['S'] }], [{ warnDaysBefore: 15 }], [{ noRepeatDealDays: 'off' }], [{ extra: 1 }],
    ])('should refuse %j with 400', async (patch) => {
      const res = await app.request('PUT', `/api/pools/${poolId}/rules`, { token: boss, body: { ...defaults, ...patch } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('should answer 404 for an unknown pool', async () => {
      expect((await app.request('PUT', '/api/pools/9999/rules', { token: boss, body: defaults })).status).toBe(404);
      expect((await app.request('GET', '/api/pools/9999/customers', { token: repA })).status).toBe(404);
    });
  });

  describe('release, listing and claim', () => {
    it('should release with a reason, list it in the pool with why, and let another rep claim it', async () => {
      const id = await create(repA, '流转测试有限公司', { industry: '制造业', region: '苏州' });
      const noReason = await app.request('POST', `/api/customers/${id}/release`, { token: repA, body: {} });
      expect(noReason.status).toBe(400);
      const released = await release(repA, id, '联系人离职，联系不上');
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ ownerId: null, inPool: true, poolId, reclaimAt: null });

      const listing = await app.request('GET', `/api/pools/${poolId}/customers?industry=${encodeURIComponent('制造业')}`, { token: repB });
      expect(listing.status).toBe(200);
      const row = listing.body.items.find((c: any) => c.id === id);
      expect(row.pool).toMatchObject({ reason: '联系人离职，联系不上', daysInPool: 0, lastOwner: { id: String(app.users.repA), name: '张三' } });

      const byLastOwner = await app.request('GET', `/api/pools/${poolId}/customers?lastOwnerId=${app.users.repB}`, { token: repB });
      expect(byLastOwner.body.items.map((c: any) => c.id)).not.toContain(id);

      const claimed = await claim(repB, id);
      expect(claimed.status).toBe(200);
      expect(claimed.body).toMatchObject({ ownerId: String(app.users.repB), inPool: false, poolId: null, homePoolId: poolId });
      expect(claimed.body.reclaimAt).toBe(sh('2026-03-18T00:00:00').toISOString());

      const history = await app.request('GET', `/api/customers/${id}/history`, { token: repB });
      expect(history.body.items.map((e: any) => e.type)).toEqual(['claimed', 'released', 'created']);
      expect(history.body.items[1]).toMatchObject({ fromUserId: String(app.users.repA), byUserId: String(app.users.repA), reason: '联系人离职，联系不上' });

      // repA released it and repB holds it now: repA cannot see it, so it is 404 like any hidden customer.
      const again = await claim(repA, id);
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('NOT_FOUND');
      // The owner claiming their own customer sees it: 409, in words.
      const own = await claim(repB, id);
      expect(own.status).toBe(409);
      expect(own.body.error).toMatchObject({ code: 'CUSTOMER_NOT_IN_POOL', message: '该客户已在你名下，无需领取' });
    });

    it('should keep the whole follow-up history for the next owner', async () => {
      const id = await create(repA, '历史保留有限公司');
      await app.request('POST', `/api/customers/${id}/follow-ups`, { token: repA, body: { type: 'visit', content: '见了老板，预算明年' } });
      await release(repA, id);
      await claim(repB, id);
      const followUps = await app.request('GET', `/api/customers/${id}/follow-ups`, { token: repB });
      expect(followUps.body.items.map((f: any) => f.content)).toEqual(['见了老板，预算明年']);
    });

    it('should refuse re-claiming within the cooldown and allow it after 7 calendar days', async () => {
      const id = await create(repA, '冷却测试有限公司');
      await release(repA, id);
      const refused = await claim(repA, id);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'POOL_CLAIM_COOLDOWN', details: { days: 7, availableAt: sh('2026-03-09T00:00:00').toISOString() } });
      app.clock.set(sh('2026-03-09T00:00:00'));
      try {
        expect((await claim(repA, id)).status).toBe(200);
      } finally {
        app.clock.set(new Date('2026-03-02T02:00:00.000Z'));
      }
    });

    it('should refuse the claim after the daily limit, counted per business day', async () => {
      await setRules({ dailyClaimLimit: 2 });
      try {
        const ids = [await create(repB, '日限甲公司'), await create(repB, '日限乙公司'), await create(repB, '日限丙公司')];
        for (const id of ids) await release(repB, id);
        const already = await app.runtime.db.manager.query(
          "SELECT COUNT(*) AS n FROM ownership_events WHERE to_user_id = ? AND type = 'claimed'", [app.users.repC]);
        expect(Number(already[0].n)).toBe(0);
        expect((await claim(repC, ids[0]!)).status).toBe(200);
        expect((await claim(repC, ids[1]!)).status).toBe(200);
        const third = await claim(repC, ids[2]!);
        expect(third.status).toBe(409);
        expect(third.body.error).toMatchObject({ code: 'POOL_DAILY_LIMIT', details: { limit: 2, claimedToday: 2 } });
        expect(third.body.error.message).toContain('2');
      } finally {
        await setRules({});
      }
    });

    it('should refuse the claim at the holding cap with the words the rep needs', async () => {
      await setRules({ holdingCap: 3 });
      try {
        const mine = await app.request('GET', '/api/customers?pageSize=100', { token: repC });
        const held = mine.body.items.filter((c: any) => c.ownerId === String(app.users.repC)).length;
        for (let i = held; i < 3; i++) await create(repC, `持有上限${i}公司`);
        const extra = await app.request('POST', '/api/customers', { token: repC, body: { name: '超出上限公司' } });
        expect(extra.status).toBe(409);
        expect(extra.body.error.code).toBe('POOL_HOLDING_CAP');
        // A rep cannot make a customer 重点 (exempt from the cap) themself.
        const key = await app.request('POST', '/api/customers', { token: repC, body: { name: '重点客户不计上限公司', level: 'key' } });
        expect(key.status).toBe(403);
        expect(key.body.error.code).toBe('CUSTOMER_LEVEL_NEEDS_MANAGER');

        const poolCustomer = await create(repA, '上限领取测试公司');
        await release(repA, poolCustomer);
        const res = await claim(repC, poolCustomer);
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({
          code: 'POOL_HOLDING_CAP',
          message: '已达持有上限：计入上限的客户 3 个，上限 3 个（不含重点等免回收客户 0 个、协作客户 0 个），请先释放客户',
          details: { cap: 3, holding: 3, excluded: { exempt: 0, coFollowed: 0 } },
        });
        // The rep's own summary counts the same way and says what it leaves out.
        const holding = await app.request('GET', '/api/me/holding', { token: repC });
        expect(holding.body).toMatchObject({ counted: 3, cap: 3, excluded: { exempt: 0, coFollowed: 0 } });
      } finally {
        await setRules({});
      }
    });

    it('should answer 404 when claiming or releasing what the caller cannot see', async () => {
      const id = await create(repA, '不可见客户有限公司');
      expect((await release(repC, id)).status).toBe(404);
      expect((await claim(repC, '999999')).status).toBe(404);
    });
  });

  describe('assign and manager reclaim', () => {
    it('should let a manager assign a pool customer within their subtree, and refuse beyond it', async () => {
      const id = await create(repA, '分配测试有限公司');
      await release(repA, id);
      expect((await app.request('POST', `/api/customers/${id}/assign`, { token: repB, body: { userId: String(app.users.repB) } })).status).toBe(403);
      const outside = await app.request('POST', `/api/customers/${id}/assign`, { token: mgrSouth, body: { userId: String(app.users.repA) } });
      expect(outside.status).toBe(400);
      const res = await app.request('POST', `/api/customers/${id}/assign`, { token: mgrEast, body: { userId: String(app.users.repB), reason: '熟悉该行业' } });
      expect(res.status).toBe(200);
      expect(res.body.ownerId).toBe(String(app.users.repB));
      const history = await app.request('GET', `/api/customers/${id}/history`, { token: mgrEast });
      expect(history.body.items[0]).toMatchObject({ type: 'assigned', toUserId: String(app.users.repB), byUserId: String(app.users.mgrEast), reason: '熟悉该行业' });
    });

    it('should transfer between reps and exceed the cap only with an audited override', async () => {
      await setRules({ holdingCap: 1 });
      try {
        const id = await create(mgrEast, '转派测试有限公司', { level: 'key' });
        await app.request('PATCH', `/api/customers/${id}`, { token: mgrEast, body: { level: 'B' } });
        const refused = await app.request('POST', `/api/customers/${id}/assign`, { token: mgrEast, body: { userId: String(app.users.repA) } });
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('POOL_HOLDING_CAP');
        const forced = await app.request('POST', `/api/customers/${id}/assign`, { token: mgrEast, body: { userId: String(app.users.repA), overrideCap: true } });
        expect(forced.status).toBe(200);
        const audit = await app.runtime.db.manager.query("SELECT after_json FROM audit_log WHERE action = 'customer.transfer' AND entity_id = ?", [id]);
        expect(JSON.parse(audit[0].after_json)).toMatchObject({ ownerId: app.users.repA, holdingCapOverridden: true });
        const history = await app.request('GET', `/api/customers/${id}/history`, { token: repA });
        expect(history.body.items[0]).toMatchObject({ type: 'transferred', fromUserId: String(app.users.mgrEast), toUserId: String(app.users.repA) });
      } finally {
        await setRules({});
      }
    });

    it('should let a manager take a customer back to the pool, not a rep', async () => {
      const id = await create(repB, '收回测试有限公司');
      expect((await app.request('POST', `/api/customers/${id}/reclaim`, { token: repB, body: { reason: 'x' } })).status).toBe(403);
      const res = await app.request('POST', `/api/customers/${id}/reclaim`, { token: mgrEast, body: { reason: '长期未推进' } });
      expect(res.status).toBe(200);
      expect(res.body.inPool).toBe(true);
      const history = await app.request('GET', `/api/customers/${id}/history`, { token: mgrEast });
      expect(history.body.items[0]).toMatchObject({ type: 'reclaimed', fromUserId: String(app.users.repB), byUserId: String(app.users.mgrEast), reason: '长期未推进' });
    });
  });

  describe('races', () => {
    it('should give one pool customer to exactly one of 100 reps claiming at once', async () => {
      const ids = await app.runtime.db.tx(async (em) => {
        const made: number[] = [];
        for (let i = 0; i < 100; i++) {
          const r = await em.insert(User, { wecomUserId: `racer${i}`, name: `抢单${i}`, role: 'rep', departmentId: 4, status: 'active', position: null, createdAt: app.clock.now() });
          made.push(Number(r.identifiers[0]!.id));
        }
        return made;
      });
      const tokens = await Promise.all(ids.map(async (userId) => (await app.request('POST', '/api/auth/dev', { body: { userId: String(userId) } })).body.token as string));
      const id = await create(repA, '百人争抢有限公司');
      await release(repA, id);
      const results = await Promise.all(tokens.map((t) => claim(t, id)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      // The losers cannot see a customer someone else owns now: 404, as for any hidden customer.
      expect(results.filter((r) => r.status === 404 && r.body.error.code === 'NOT_FOUND')).toHaveLength(99);
      expect(results.some((r) => r.status >= 500)).toBe(false);
      const events = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM ownership_events WHERE customer_id = ? AND type = 'claimed'", [id]);
      expect(Number(events[0].n)).toBe(1);
    });

    it('should let a rep at cap minus one win exactly one of 50 concurrent claims', async () => {
      const racer = (await app.request('POST', '/api/auth/dev', { body: { userId: String(app.users.repB) } })).body.token as string;
      await setRules({ holdingCap: 1000, dailyClaimLimit: 1000 });
      const pool: string[] = [];
      for (let i = 0; i < 50; i++) {
        const id = await create(repA === racer ? repB : repA, `上限竞争${i}有限公司`);
        pool.push(id);
      }
      for (const id of pool) expect((await release(repA, id)).status).toBe(200);
      const held = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM customers WHERE owner_id = ? AND level <> 'key'", [app.users.repB]);
      await setRules({ holdingCap: Number(held[0].n) + 1, dailyClaimLimit: 1000 });
      try {
        const results = await Promise.all(pool.map((id) => claim(racer, id)));
        expect(results.filter((r) => r.status === 200)).toHaveLength(1);
        expect(results.filter((r) => r.status === 409 && r.body.error.code === 'POOL_HOLDING_CAP')).toHaveLength(49);
      } finally {
        await setRules({});
      }
    });
  });
});
