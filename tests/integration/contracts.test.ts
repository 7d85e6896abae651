import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../server/demo/prng.ts';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Contracts, payment plans, payments, targets and the home target card over HTTP. Fixture
 * company: boss (admin, /1/), mgrEast (/1/2/), mgrSouth (/1/3/), repA and repB (/1/2/4/, led by
 * mgrEast), repC (/1/3/). The clock: 2026-03-02 10:00 in Shanghai.
 */
describe('contracts API', () => {
  let app: TestApp;
  const t = {} as Record<FixtureUserKey, string>;
  let customerA: string;
  let seq = 0;

  beforeAll(async () => {
    app = await startTestApp();
    for (const u of ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'] as const) t[u] = await app.tokenFor(u);
    customerA = (await app.request('POST', '/api/customers', { token: t.repA, body: { name: '合同测试甲有限公司' } })).body.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  const contract = (extra: Record<string, unknown> = {}) => ({
    customerId: customerA, number: `HT-T-${++seq}`, amountFen: 1_000_000, startOn: '2026-03-01', endOn: '2027-02-28', ...extra,
  });
  const create = (token: string, body: Record<string, unknown>) => app.request('POST', '/api/contracts', { token, body });
  const decide = (token: string, id: string, body: Record<string, unknown>) => app.request('POST', `/api/approvals/${id}/decide`, { token, body });
  const enc = (v: unknown) => {
    try {
      return encodeURIComponent(String(v));
    } catch {
      return '%ED%A0%80';
    }
  };
  const outbox = (where: string, params: unknown[] = []) =>
    app.runtime.db.manager.query(`SELECT kind, to_user, event_key, payload, digestible, urgent FROM outbox_messages WHERE ${where} ORDER BY id`, params) as Promise<any[]>;

  describe('signing and approval', () => {
    it('should sign a contract within the limit at once and make it the customer\'s deal', async () => {
      const res = await create(t.repA, contract({ discountPct: 20 }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'signed', signedOn: '2026-03-02', amountFen: 1_000_000, discountPct: 20, approvalId: null,
        customer: { id: customerA, name: '合同测试甲有限公司' }, owner: { id: String(app.users.repA), name: '张三' }, plans: [],
      });
      const customer = (await app.request('GET', `/api/customers/${customerA}`, { token: t.repA })).body;
      expect(customer.stage).toBe('deal');
      expect(Math.abs(Date.parse(customer.lastDealAt) - app.clock.now().getTime())).toBeLessThan(5_000);
    });

    it('should refuse a number already used (409)', async () => {
      await create(t.repA, contract({ number: 'HT-DUP-1' }));
      const again = await create(t.repA, contract({ number: 'HT-DUP-1' }));
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CONTRACT_NUMBER_TAKEN');
      expect(again.body.error.message).toContain('HT-DUP-1');
    });

    it('should refuse an end before the start and a discount with three decimals (400)', async () => {
      expect((await create(t.repA, contract({ startOn: '2026-05-01', endOn: '2026-04-30' }))).status).toBe(400);
      expect((await create(t.repA, contract({ discountPct: 12.345 }))).status).toBe(400);
      expect((await create(t.repA, contract({ amountFen: 10.5 }))).status).toBe(400);
    });

    it('should send a contract over the amount limit through the existing chain and sign it on approval', async () => {
      const res = await create(t.repA, contract({ amountFen: 200_000_000 }));
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending_approval');
      const approvalId = res.body.approvalId;
      const approval = (await app.request('GET', `/api/approvals/${approvalId}`, { token: t.repA })).body;
      expect(approval).toMatchObject({ type: 'contract', amountFen: 200_000_000, status: 'pending', customer: { id: customerA } });
      expect(approval.steps.map((s: any) => s.approvers.map((a: any) => a.id))).toEqual([[String(app.users.mgrEast)], [String(app.users.boss)]]);
      expect(await outbox("kind = 'decision' AND event_key = ?", [`approval:${approvalId}:1:1`])).toHaveLength(1);
      expect((await decide(t.mgrEast, approvalId, { decision: 'approve' })).body.status).toBe('pending');
      expect((await app.request('GET', `/api/contracts/${res.body.id}`, { token: t.repA })).body.status).toBe('pending_approval');
      expect((await decide(t.boss, approvalId, { decision: 'approve' })).body.status).toBe('approved');
      const signed = (await app.request('GET', `/api/contracts/${res.body.id}`, { token: t.repA })).body;
      expect(signed).toMatchObject({ status: 'signed', signedOn: '2026-03-02' });
    });

    it('should put a rejected contract back to draft, and sign it when edited within the limit', async () => {
      const res = await create(t.repA, contract({ discountPct: 25 }));
      expect(res.body.status).toBe('pending_approval');
      const rejected = await decide(t.mgrEast, res.body.approvalId, { decision: 'reject', comment: '折扣过大' });
      expect(rejected.body.status).toBe('rejected');
      expect((await app.request('GET', `/api/contracts/${res.body.id}`, { token: t.repA })).body.status).toBe('draft');
      // Its approval is not resubmitted on its own: the contract is edited instead (409, nothing changes).
      const resubmit = await app.request('POST', `/api/approvals/${res.body.approvalId}/resubmit`, { token: t.repA, body: { amountFen: 1 } });
      expect(resubmit.status).toBe(409);
      expect(resubmit.body.error.message).toContain('合同详情');
      expect((await app.request('GET', `/api/approvals/${res.body.approvalId}`, { token: t.repA })).body).toMatchObject({ status: 'rejected', round: 1 });
      // Payments need a signed contract.
      const plan = await app.request('POST', `/api/contracts/${res.body.id}/payment-plans`, { token: t.repA, body: { dueOn: '2026-04-01', amountFen: 1000 } });
      expect(plan.status).toBe(201);
      const pay = await app.request('POST', `/api/payment-plans/${plan.body.id}/payments`, { token: t.repA, body: { amountFen: 100, receivedOn: '2026-03-02' } });
      expect(pay.status).toBe(409);
      const edited = await app.request('PATCH', `/api/contracts/${res.body.id}`, { token: t.repA, body: { discountPct: 10 } });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ status: 'signed', discountPct: 10 });
    });

    it('should go back to draft when the rep withdraws the approval, and let the contract be voided', async () => {
      const res = await create(t.repA, contract({ discountPct: 30 }));
      expect((await app.request('POST', `/api/approvals/${res.body.approvalId}/withdraw`, { token: t.repA })).status).toBe(200);
      expect((await app.request('GET', `/api/contracts/${res.body.id}`, { token: t.repA })).body.status).toBe('draft');
      const voided = await app.request('PATCH', `/api/contracts/${res.body.id}`, { token: t.repA, body: { status: 'void' } });
      expect(voided.body.status).toBe('void');
      const again = await app.request('PATCH', `/api/contracts/${res.body.id}`, { token: t.repA, body: { status: 'completed' } });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CONTRACT_STATE');
    });

    it('should take the deal back when a signed contract is voided (no token contract resets the no-deal clock)', async () => {
      const cust = (await app.request('POST', '/api/customers', { token: t.repA, body: { name: '作废合同测试公司' } })).body.id;
      const customer = async () => (await app.request('GET', `/api/customers/${cust}`, { token: t.repA })).body;
      const first = (await create(t.repA, contract({ customerId: cust, amountFen: 1 }))).body;
      const firstDeal = (await customer()).lastDealAt;
      expect((await customer()).stage).toBe('deal');
      app.clock.set(new Date(app.clock.now().getTime() + 60_000));
      const second = (await create(t.repA, contract({ customerId: cust, amountFen: 2 }))).body;
      expect(await customer()).toMatchObject({ stage: 'repeat' });
      expect((await customer()).lastDealAt > firstDeal).toBe(true);
      expect((await app.request('PATCH', `/api/contracts/${second.id}`, { token: t.repA, body: { status: 'void' } })).body.status).toBe('void');
      expect(await customer()).toMatchObject({ stage: 'deal', lastDealAt: firstDeal });
      await app.request('PATCH', `/api/contracts/${first.id}`, { token: t.repA, body: { status: 'void' } });
      expect(await customer()).toMatchObject({ stage: 'opportunity', lastDealAt: null });
    });

    it('should let only admins change the limit, and apply the new limit', async () => {
      const before = await app.request('GET', '/api/contract-settings', { token: t.repA });
      expect(before.body).toEqual({ approvalLimit: { maxDiscountPct: 20, maxAmountFen: 100_000_000 }, remindDaysBefore: 3, expiringWithinDays: 30 });
      const body = { approvalLimit: { maxDiscountPct: 15, maxAmountFen: 500_000 } };
      expect((await app.request('PUT', '/api/contract-settings', { token: t.mgrEast, body })).status).toBe(403);
      expect((await app.request('PUT', '/api/contract-settings', { token: t.boss, body: { approvalLimit: { maxDiscountPct: 101, maxAmountFen: 1 } } })).status).toBe(400);
      const put = await app.request('PUT', '/api/contract-settings', { token: t.boss, body });
      expect(put.body.approvalLimit).toEqual({ maxDiscountPct: 15, maxAmountFen: 500_000 });
      expect((await create(t.repA, contract({ amountFen: 500_001 }))).body.status).toBe('pending_approval');
      expect((await create(t.repA, contract({ amountFen: 500_000, discountPct: 15 }))).body.status).toBe('signed');
      await app.request('PUT', '/api/contract-settings', { token: t.boss, body: { approvalLimit: { maxDiscountPct: 20, maxAmountFen: 100_000_000 } } });
    });
  });

  describe('payment plans and payments', () => {
    let contractId: string;
    beforeAll(async () => {
      contractId = (await create(t.repA, contract({ amountFen: 100_000 }))).body.id;
    });
    const addPlan = (body: Record<string, unknown>, token = t.repA) => app.request('POST', `/api/contracts/${contractId}/payment-plans`, { token, body });
    const pay = (planId: string, body: Record<string, unknown>, token = t.repA) => app.request('POST', `/api/payment-plans/${planId}/payments`, { token, body });

    it('should refuse plans beyond the contract amount (409) and accept them up to it', async () => {
      const first = await addPlan({ dueOn: '2026-03-20', amountFen: 60_000 });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ amountFen: 60_000, paidFen: 0, remainingFen: 60_000, status: 'open', overdue: false });
      const over = await addPlan({ dueOn: '2026-04-20', amountFen: 40_001 });
      expect(over.status).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'PAYMENT_PLANS_EXCEED_CONTRACT', details: { remainingFen: 40_000 } });
      expect(over.body.error.message).toContain('¥400.00');
      expect((await addPlan({ dueOn: '2026-04-20', amountFen: 40_000 })).status).toBe(201);
      expect((await addPlan({ dueOn: '2026-05-20', amountFen: 1 })).status).toBe(409);
    });

    it('should take partial payments, refuse one beyond the plan (409) and settle the plan when fully paid', async () => {
      const plan = (await app.request('GET', `/api/contracts/${contractId}`, { token: t.repA })).body.plans[0];
      const over = await pay(plan.id, { amountFen: 60_001, receivedOn: '2026-03-02' });
      expect(over.status).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'PAYMENT_EXCEEDS_PLAN', details: { remainingFen: 60_000 } });
      const part = await pay(plan.id, { amountFen: 20_000, receivedOn: '2026-03-01' });
      expect(part.status).toBe(201);
      expect(part.body.plan).toMatchObject({ paidFen: 20_000, remainingFen: 40_000, status: 'open' });
      expect((await pay(plan.id, { amountFen: 40_001, receivedOn: '2026-03-02' })).status).toBe(409);
      const rest = await pay(plan.id, { amountFen: 40_000, receivedOn: '2026-03-02' });
      expect(rest.body.plan).toMatchObject({ paidFen: 60_000, remainingFen: 0, status: 'settled' });
      expect((await pay(plan.id, { amountFen: 1, receivedOn: '2026-03-02' })).status).toBe(409);
      expect((await pay(plan.id, { amountFen: 1, receivedOn: '2026-03-03' })).status).toBe(400);
      const detail = (await app.request('GET', `/api/contracts/${contractId}`, { token: t.repA })).body;
      expect(detail).toMatchObject({ plannedFen: 100_000, paidFen: 60_000 });
      expect(detail.plans[0].payments.map((p: any) => p.amountFen)).toEqual([20_000, 40_000]);
    });

    it('should refuse lowering the amount below the planned total (409)', async () => {
      const res = await app.request('PATCH', `/api/contracts/${contractId}`, { token: t.repA, body: { amountFen: 90_000 } });
      expect(res.status).toBe(409);
    });
  });

  describe('concurrent writers', () => {
    it('should let exactly one of many concurrent creates have a number', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => create(t.repA, contract({ number: 'HT-RACE-1' }))));
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);
    });

    it('should never overpay a plan or overplan a contract however many write at once', async () => {
      const c = (await create(t.repA, contract({ amountFen: 10_000 }))).body.id;
      const plans = await Promise.all(Array.from({ length: 6 }, () =>
        app.request('POST', `/api/contracts/${c}/payment-plans`, { token: t.repA, body: { dueOn: '2026-04-01', amountFen: 4_000 } })));
      expect(plans.filter((r) => r.status === 201)).toHaveLength(2);
      expect(plans.filter((r) => r.status === 409)).toHaveLength(4);
      const planId = plans.find((r) => r.status === 201)!.body.id;
      const pays = await Promise.all(Array.from({ length: 6 }, () =>
        app.request('POST', `/api/payment-plans/${planId}/payments`, { token: t.repA, body: { amountFen: 1_500, receivedOn: '2026-03-02' } })));
      expect(pays.filter((r) => r.status === 201)).toHaveLength(2);
      expect(pays.filter((r) => r.status === 409)).toHaveLength(4);
      const detail = (await app.request('GET', `/api/contracts/${c}`, { token: t.repA })).body;
      expect(detail.plans.find((p: any) => p.id === planId)).toMatchObject({ paidFen: 3_000, status: 'open' });
      expect(detail.plannedFen).toBe(8_000);
    });
  });

  describe('visibility follows the customer', () => {
    let contractId: string;
    let planId: string;
    beforeAll(async () => {
      contractId = (await create(t.repA, contract({ number: 'HT-VIS-1' }))).body.id;
      planId = (await app.request('POST', `/api/contracts/${contractId}/payment-plans`, { token: t.repA, body: { dueOn: '2026-06-01', amountFen: 1000 } })).body.id;
    });

    it.each([
      ['repA', 200], ['repB', 404], ['repC', 404], ['mgrEast', 200], ['mgrSouth', 404], ['boss', 200],
    ] as const)('should answer %s with %i on the contract, its plans and its payments', async (who, status) => {
      expect((await app.request('GET', `/api/contracts/${contractId}`, { token: t[who] })).status).toBe(status);
      if (status === 404) {
        // 404 before the body is even looked at.
        expect((await app.request('PATCH', `/api/contracts/${contractId}`, { token: t[who], body: { nonsense: true } })).status).toBe(404);
        expect((await app.request('POST', `/api/contracts/${contractId}/payment-plans`, { token: t[who], body: {} })).status).toBe(404);
        expect((await app.request('POST', `/api/payment-plans/${planId}/payments`, { token: t[who], body: {} })).status).toBe(404);
      }
      const list = (await app.request('GET', `/api/contracts?scope=${who === 'boss' ? 'all' : who.startsWith('mgr') ? 'team' : 'mine'}&pageSize=100`, { token: t[who] })).body;
      expect(list.items.some((c: any) => c.id === contractId)).toBe(status === 200);
    });

    it('should refuse a rep the team scope (403) and a contract for a customer they cannot see (404)', async () => {
      expect((await app.request('GET', '/api/contracts?scope=team', { token: t.repA })).status).toBe(403);
      expect((await create(t.repC, contract())).status).toBe(404);
      expect((await app.request('GET', `/api/contracts?customerId=${customerA}`, { token: t.repC })).status).toBe(404);
      expect((await app.request('GET', '/api/contracts/999999', { token: t.repA })).status).toBe(404);
    });

    it('should move the customer\'s contracts with it to a new owner', async () => {
      const cust = (await app.request('POST', '/api/customers', { token: t.repA, body: { name: '合同转派测试公司' } })).body.id;
      const c = (await create(t.repA, contract({ customerId: cust }))).body.id;
      const assigned = await app.request('POST', `/api/customers/${cust}/assign`, { token: t.mgrEast, body: { userId: String(app.users.repB), reason: '调整' } });
      expect(assigned.status).toBe(200);
      const seen = await app.request('GET', `/api/contracts/${c}`, { token: t.repB });
      expect(seen.status).toBe(200);
      expect(seen.body.owner.id).toBe(String(app.users.repB));
      expect((await app.request('GET', `/api/contracts/${c}`, { token: t.repA })).status).toBe(404);
    });
  });

  describe('the visibility matrix, extended to contracts, plans and payments', () => {
    const USERS = ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'] as const;
    const OWNERS = { cA: 'repA', cB: 'repB', cC: 'repC', cM: 'mgrEast', cP: 'repA' } as const;
    const ids = {} as Record<keyof typeof OWNERS, { customer: string; contract: string; plan: string }>;
    beforeAll(async () => {
      for (const [key, owner] of Object.entries(OWNERS) as Array<[keyof typeof OWNERS, FixtureUserKey]>) {
        const customer = (await app.request('POST', '/api/customers', { token: t[owner], body: { name: `合同矩阵客户${key}` } })).body.id;
        const contractId = (await create(t[owner], contract({ customerId: customer }))).body.id;
        const plan = (await app.request('POST', `/api/contracts/${contractId}/payment-plans`, { token: t[owner], body: { dueOn: '2026-05-01', amountFen: 1000 } })).body.id;
        ids[key] = { customer, contract: contractId, plan };
      }
      await app.request('POST', `/api/customers/${ids.cA.customer}/followers`, { token: t.repA, body: { userId: String(app.users.repC) } });
      await app.runtime.db.manager.query('UPDATE customers SET owner_id = NULL, pool_id = 1 WHERE id = ?', [ids.cP.customer]);
    });

    const cases = (Object.keys(OWNERS) as Array<keyof typeof OWNERS>).flatMap((c) => USERS.map((u) => [c, u] as const));
    it.each(cases)('should answer on the contracts of %s to %s exactly as on the customer', async (key, user) => {
      const { customer, contract: contractId, plan } = ids[key];
      const token = t[user];
      const read = (await app.request('GET', `/api/customers/${customer}`, { token })).status;
      const edit = (await app.request('PATCH', `/api/customers/${customer}`, { token, body: { source: '矩阵' } })).status;
      expect((await app.request('GET', `/api/contracts/${contractId}`, { token })).status).toBe(read);
      const listed = (await app.request('GET', `/api/contracts?customerId=${customer}`, { token }));
      expect(listed.status).toBe(read);
      if (read === 200) expect(listed.body.items.map((c: any) => c.id)).toEqual([contractId]);
      // Writes need the right to edit the customer: 404 when hidden, 403 (co-follower, pool) when only visible.
      const planWrite = await app.request('POST', `/api/contracts/${contractId}/payment-plans`, { token, body: { dueOn: '2026-06-01', amountFen: 1 } });
      expect(planWrite.status).toBe(edit === 200 ? 201 : edit);
      const payWrite = await app.request('POST', `/api/payment-plans/${plan}/payments`, { token, body: { amountFen: 1, receivedOn: '2026-03-02' } });
      expect(payWrite.status).toBe(edit === 200 ? 201 : edit);
      // The team and company lists show it exactly to those who see the customer (pool customers' contracts: admins).
      const scope = user === 'boss' ? 'all' : user.startsWith('mgr') ? 'team' : 'mine';
      const list = (await app.request('GET', `/api/contracts?scope=${scope}&pageSize=100`, { token })).body;
      const inList = list.items.some((c: any) => c.id === contractId);
      if (!inList) expect(key === 'cP' || read === 404 || (user === 'repC' && key === 'cA')).toBe(true);
      else expect(read).toBe(200);
    });
  });

  describe('reminders through the outbox', () => {
    it('should remind the owner of instalments due in 3 days and overdue, the manager after 7 days, and contracts ending within 30 days — once each', async () => {
      const cust = (await app.request('POST', '/api/customers', { token: t.repA, body: { name: '回款提醒测试公司' } })).body.id;
      const c = (await create(t.repA, contract({ customerId: cust, number: 'HT-REM-1', endOn: '2026-03-25' }))).body.id;
      const plan = (dueOn: string) => app.request('POST', `/api/contracts/${c}/payment-plans`, { token: t.repA, body: { dueOn, amountFen: 1000 } });
      const soon = (await plan('2026-03-05')).body.id;
      const later = (await plan('2026-03-06')).body.id;
      const overdue = (await plan('2026-02-27')).body.id;
      const long = (await plan('2026-02-20')).body.id;
      const run = await app.request('POST', '/sim/api/jobs/contract-reminders/run');
      expect(run.status).toBe(200);
      expect(run.body.affected).toBeGreaterThan(0);
      const rows = await outbox("kind IN ('payment-due', 'contract-expiring') AND customer_id = ?", [Number(cust)]);
      const keys = rows.map((r) => `${r.event_key}>${r.to_user}`).sort();
      expect(keys).toEqual([
        `contract-expiring:${c}:2026-03-25>zhangsan`,
        `payment-due:${long}:overdue-manager>mgr.east`,
        `payment-due:${long}:overdue>zhangsan`,
        `payment-due:${overdue}:overdue>zhangsan`,
        `payment-due:${soon}:due-soon>zhangsan`,
      ].sort());
      expect(keys.some((k) => k.startsWith(`payment-due:${later}:`))).toBe(false);
      expect(rows.every((r) => Number(r.digestible) === 1 && Number(r.urgent) === 0)).toBe(true);
      expect((await app.request('POST', '/sim/api/jobs/contract-reminders/run')).body.affected).toBe(0);
      // The dispatcher sends them (10:00, no quiet hours): the manager's card names the rep, the rep's reminders arrive.
      await app.runtime.dispatcher.runOnce();
      const sent = await app.runtime.db.manager.query("SELECT status FROM outbox_messages WHERE kind IN ('payment-due', 'contract-expiring') AND customer_id = ?", [Number(cust)]);
      expect(sent.map((r: any) => r.status)).toEqual(sent.map(() => 'sent'));
      const chat = async (user: string) => (await app.request('GET', `/sim/api/messages?touser=${user}`)).body.items as any[];
      const managerCard = (await chat('mgr.east')).find((m) => JSON.stringify(m).includes('回款提醒测试公司'));
      expect(managerCard.template_card.main_title.title).toBe('回款逾期10天：回款提醒测试公司');
      expect(JSON.stringify(managerCard)).toContain('张三');
      expect((await chat('zhangsan')).some((m) => JSON.stringify(m).includes('回款提醒测试公司'))).toBe(true);
      // A settled instalment is not reminded.
      const p = await app.request('POST', `/api/payment-plans/${later}/payments`, { token: t.repA, body: { amountFen: 1000, receivedOn: '2026-03-02' } });
      expect(p.body.plan.status).toBe('settled');
      app.clock.set(new Date('2026-03-03T02:00:00Z'));
      try {
        await app.request('POST', '/sim/api/jobs/contract-reminders/run');
        expect(await outbox('event_key LIKE ?', [`payment-due:${later}:%`])).toHaveLength(0);
      } finally {
        app.clock.set(new Date('2026-03-02T02:00:00Z'));
      }
    });
  });

  describe('targets and the home card', () => {
    it('should let managers set targets within their subtree and admins anywhere, reps nowhere', async () => {
      const body = (userId: number, won: number | null, pay: number | null) => ({ period: '2026-03', items: [{ userId: String(userId), wonAmountFen: won, paymentsFen: pay }] });
      expect((await app.request('PUT', '/api/targets', { token: t.repA, body: body(app.users.repA, 1, 1) })).status).toBe(403);
      expect((await app.request('PUT', '/api/targets', { token: t.mgrEast, body: body(app.users.repC, 1, 1) })).status).toBe(403);
      expect((await app.request('PUT', '/api/targets', { token: t.mgrEast, body: { period: '2026-3', items: [] } })).status).toBe(400);
      const ok = await app.request('PUT', '/api/targets', { token: t.mgrEast, body: { period: '2026-03', items: [
        { userId: String(app.users.repA), wonAmountFen: 10_000_000, paymentsFen: 100_000 },
        { userId: String(app.users.repB), wonAmountFen: 5_000_000, paymentsFen: 50_000 },
      ] } });
      expect(ok.status).toBe(200);
      const east = ok.body.items.find((i: any) => i.type === 'department' && i.id === '2');
      expect(east).toMatchObject({ name: '华东', derived: true, target: { wonAmountFen: 15_000_000, paymentsFen: 150_000 } });
      expect(ok.body.items.some((i: any) => i.type === 'department' && i.id === '3')).toBe(false);
      expect((await app.request('PUT', '/api/targets', { token: t.boss, body: { period: '2026-03', items: [{ departmentId: '3', wonAmountFen: 1, paymentsFen: 1 }] } })).status).toBe(200);
    });

    it('should show a rep only their own target, with the month\'s signed amount and payments', async () => {
      const res = await app.request('GET', '/api/targets?period=2026-03', { token: t.repA });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      const [mine] = res.body.items;
      const [won] = await app.runtime.db.manager.query(
        "SELECT SUM(amount_fen) AS s FROM contracts WHERE owner_id = ? AND status IN ('signed', 'completed') AND signed_on LIKE '2026-03-%'", [app.users.repA]);
      const [paid] = await app.runtime.db.manager.query(
        "SELECT SUM(p.amount_fen) AS s FROM payments p JOIN contracts c ON c.id = p.contract_id WHERE c.owner_id = ? AND p.received_on LIKE '2026-03-%'", [app.users.repA]);
      expect(mine).toMatchObject({ type: 'user', id: String(app.users.repA), target: { wonAmountFen: 10_000_000, paymentsFen: 100_000 } });
      expect(mine.actual).toEqual({ wonAmountFen: Number(won.s), paymentsFen: Number(paid.s) });
      expect(mine.progress.wonPct).toBe(Math.floor((Number(won.s) * 100) / 10_000_000));
      expect((await app.request('GET', '/api/targets?period=2026-13', { token: t.repA })).status).toBe(400);
    });

    it('should serve the target card on the home page with payments due, and the department ranking for managers', async () => {
      const rep = await app.request('GET', '/api/home', { token: t.repA });
      expect(rep.status).toBe(200);
      expect(rep.body).toHaveProperty('forgotten');
      expect(rep.body.target).toMatchObject({ period: '2026-03', department: null, me: { target: { wonAmountFen: 10_000_000 } } });
      expect(rep.body.target.paymentsDue.count).toBeGreaterThan(0);
      expect(rep.body.target.paymentsDue.items.every((i: any) => i.dueOn <= '2026-03-31')).toBe(true);
      const mgr = (await app.request('GET', '/api/home', { token: t.mgrEast })).body.target;
      expect(mgr.department).toMatchObject({ id: '2', name: '华东', derived: true });
      expect(mgr.department.ranking.map((r: any) => r.rank)).toEqual(mgr.department.ranking.map((_: any, i: number) => i + 1));
      const won = mgr.department.ranking.map((r: any) => r.actual.wonAmountFen);
      expect(won).toEqual([...won].sort((a: number, b: number) => b - a));
      expect(mgr.department.ranking.map((r: any) => r.userId)).toContain(String(app.users.repA));
      expect(mgr.department.ranking.map((r: any) => r.userId)).not.toContain(String(app.users.repC));
    });
  });

  describe('fuzzed input', () => {
    it('should answer every fuzzed request with a 2xx or 4xx, never a 5xx', async () => {
      const rng = new Rng(20261201);
      const NASTY: unknown[] = ['', ' ', '\u0000', '\uD800', '2026-02-30', '9999-12-31', '1e400', 'NaN', -1, 0, 1.5, 2147483648, 9007199254740993, 1e308,
        null, true, [], {}, 'x'.repeat(300), '编号'.repeat(40), '12.345', 100.001, '2026-13', '../../etc'];
      const some = () => rng.pick(NASTY);
      const validContract = await create(t.repA, contract());
      const cid = validContract.body.id;
      const plan = (await app.request('POST', `/api/contracts/${cid}/payment-plans`, { token: t.repA, body: { dueOn: '2026-03-30', amountFen: 100 } })).body.id;
      const failures: string[] = [];
      for (let i = 0; i < 300; i++) {
        const pickField = (valid: () => unknown) => (rng.chance(0.5) ? valid() : some());
        const shape = rng.int(0, 7);
        let res;
        if (shape === 0) {
          res = await create(t.repA, { customerId: pickField(() => customerA), number: pickField(() => `F-${i}`), amountFen: pickField(() => 1000),
            discountPct: pickField(() => 5), startOn: pickField(() => '2026-03-01'), endOn: pickField(() => '2026-12-31'), signedOn: pickField(() => '2026-03-01'),
            opportunityId: pickField(() => null) });
        } else if (shape === 1) {
          res = await app.request('PATCH', `/api/contracts/${enc(pickField(() => cid))}`, { token: t.repA, body: { number: pickField(() => `P-${i}`), endOn: pickField(() => '2027-01-01'), status: pickField(() => 'completed') } });
        } else if (shape === 2) {
          res = await app.request('POST', `/api/contracts/${cid}/payment-plans`, { token: t.repA, body: { dueOn: pickField(() => '2026-04-01'), amountFen: pickField(() => 1) } });
        } else if (shape === 3) {
          res = await app.request('POST', `/api/payment-plans/${enc(pickField(() => plan))}/payments`, { token: t.repA, body: { amountFen: pickField(() => 1), receivedOn: pickField(() => '2026-03-01') } });
        } else if (shape === 4) {
          res = await app.request('PUT', '/api/targets', { token: t.mgrEast, body: { period: pickField(() => '2026-04'), items: pickField(() => [{ userId: pickField(() => String(app.users.repA)), wonAmountFen: pickField(() => 1), paymentsFen: pickField(() => 1) }]) } });
        } else if (shape === 5) {
          res = await app.request('GET', `/api/contracts?scope=${enc(pickField(() => 'mine'))}&status=${enc(pickField(() => 'signed'))}&q=${enc(pickField(() => 'HT'))}&page=${enc(pickField(() => 1))}`, { token: t.repA });
        } else if (shape === 6) {
          res = await app.request('PUT', '/api/contract-settings', { token: t.boss, body: { approvalLimit: pickField(() => ({ maxDiscountPct: pickField(() => 20), maxAmountFen: pickField(() => 100_000_000) })), remindDaysBefore: pickField(() => 3) } });
        } else {
          res = await app.request('GET', `/api/targets?period=${enc(pickField(() => '2026-03'))}`, { token: t.repA });
        }
        if (res.status >= 500) failures.push(`${shape}: ${res.status} ${res.text.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
      await app.request('PUT', '/api/contract-settings', { token: t.boss, body: { approvalLimit: { maxDiscountPct: 20, maxAmountFen: 100_000_000 } } });
    });
  });
  describe('with the opportunities capability installed', () => {
    // The opportunities table of the pipeline capability (only the columns read here, when this branch runs alone).
    beforeAll(async () => {
      await app.runtime.db.manager.query(`CREATE TABLE IF NOT EXISTS opportunities (
        id INT PRIMARY KEY, customer_id INT NOT NULL, owner_id INT NULL, name VARCHAR(128) NOT NULL, amount_fen BIGINT NOT NULL,
        stage_id INT NOT NULL, status VARCHAR(8) NOT NULL, won_at DATETIME(3) NULL, stage_entered_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL, updated_at DATETIME(3) NOT NULL)`);
    });

    it('should count a won opportunity once with its contract, and check that a contract\'s opportunity is its customer\'s', async () => {
      const customer = (await app.request('POST', '/api/customers', { token: t.repB, body: { name: '商机合同测试公司' } })).body.id;
      const other = (await app.request('POST', '/api/customers', { token: t.repB, body: { name: '商机合同测试另一公司' } })).body.id;
      const before = (await app.request('GET', '/api/targets?period=2026-03', { token: t.repB })).body.items[0].actual.wonAmountFen;
      const at = '2026-03-02 01:00:00.000';
      await app.runtime.db.manager.query(
        `INSERT INTO opportunities (id, customer_id, owner_id, name, amount_fen, stage_id, status, won_at, stage_entered_at, created_at, updated_at)
         VALUES (900001, ?, ?, '年度采购', 777000, 1, 'won', ?, ?, ?, ?)`, [Number(customer), app.users.repB, at, at, at, at]);
      expect((await create(t.repB, contract({ customerId: other, opportunityId: '900001' }))).status).toBe(400);
      expect((await create(t.repB, contract({ customerId: customer, opportunityId: '900002' }))).status).toBe(400);
      // The win dated the deal already (the opportunities capability does it): the contract does not make it a 复购.
      await app.runtime.db.manager.query("UPDATE customers SET stage = 'deal', last_deal_at = ? WHERE id = ?", [at, Number(customer)]);
      const linked = await create(t.repB, contract({ customerId: customer, opportunityId: '900001', amountFen: 777000 }));
      expect(linked.status).toBe(201);
      expect(linked.body).toMatchObject({ opportunityId: '900001', status: 'signed' });
      const dealt = (await app.request('GET', `/api/customers/${customer}`, { token: t.repB })).body;
      expect(dealt.stage).toBe('deal');
      expect(dealt.lastDealAt).toBe('2026-03-02T01:00:00.000Z');
      const alone = await create(t.repB, contract({ customerId: customer, amountFen: 1000 }));
      expect(alone.body.status).toBe('signed');
      // A contract of no opportunity is a deal of its own: the second one makes the customer 复购.
      expect((await app.request('GET', `/api/customers/${customer}`, { token: t.repB })).body.stage).toBe('repeat');
      const after = (await app.request('GET', '/api/targets?period=2026-03', { token: t.repB })).body.items[0].actual.wonAmountFen;
      expect(after - before).toBe(777000 + 1000);
      expect((await app.request('GET', '/api/home', { token: t.repB })).body.target.me.actual.wonAmountFen).toBe(after);
    });
  });
});
