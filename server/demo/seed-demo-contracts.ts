import type { Actor } from '../auth/actor.ts';
import { ApprovalsService } from '../approvals/approvals.service.ts';
import { ContractsService } from '../contracts/contracts.service.ts';
import type { Clock } from '../infra/clock.ts';
import { readQuery, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';
import { addCalendarDays } from '../ownership/rules/business-calendar.ts';
import { TargetsService } from '../targets/targets.service.ts';

/**
 * A few contracts of the demo company, made through the services as the people themselves (a
 * customer's contract belongs to its won opportunity when it has one):
 * 张三 has a signed contract with one instalment paid, one due in two days (its card arrives with
 * the morning's reminders) and one overdue; a contract over the limit waits on 王经理's approval;
 * another ends in three weeks. 李四 and 赵磊 have signed ones with payments. The managers set
 * this month's targets, so the home page shows progress. Key accounts are used (exempt from
 * reclaim), so the pool's demo stories stay as they are.
 */
export async function seedDemoContracts(db: Database, clock: Clock, tz = 'Asia/Shanghai'): Promise<number> {
  const approvals = new ApprovalsService(db, clock, tz, () => '');
  const contracts = new ContractsService(db, clock, tz, approvals);
  const targets = new TargetsService(db, clock, tz);
  const people = new Map((await readQuery<Record<string, unknown>>(db.manager,
    'SELECT u.id, u.wecom_user_id, u.name, u.role, u.department_id, d.path FROM users u JOIN departments d ON d.id = u.department_id')).map((r) => [String(r.wecom_user_id), {
    id: Number(r.id), wecomUserId: String(r.wecom_user_id), name: String(r.name), role: r.role as Actor['role'],
    departmentId: Number(r.department_id), departmentPath: String(r.path), requestId: 'demo-seed',
  } satisfies Actor]));
  const who = (id: string): Actor | null => people.get(id) ?? null;
  const customersOf = async (actor: Actor) => (await readQuery<{ id: number | string }>(db.manager,
    `SELECT id FROM customers WHERE owner_id = ? ORDER BY CASE WHEN level = 'key' THEN 0 WHEN stage IN ('deal', 'repeat') THEN 1 ELSE 2 END, id LIMIT 3`,
    [actor.id])).map((r) => Number(r.id));
  // A customer's won opportunity (when the pipeline is installed): its contract is that deal, not a second one.
  const runner = db.ds.createQueryRunner();
  const pipeline = await runner.hasTable('opportunities').finally(() => runner.release());
  const wonOpportunityOf = async (customerId: number): Promise<number | null> => {
    if (!pipeline) return null;
    const [row] = await readQuery<{ id: number | string }>(db.manager,
      "SELECT id FROM opportunities WHERE customer_id = ? AND status = 'won' ORDER BY won_at DESC, id DESC LIMIT 1", [customerId]);
    return row ? Number(row.id) : null;
  };
  const today = businessDate(clock.now(), tz);
  const day = (n: number) => addCalendarDays(today, n);
  const year = today.slice(0, 4);
  let made = 0;
  let n = 0;
  const contract = async (actor: Actor, customerId: number, amountFen: number, extra: { discountPct?: number; startOn?: string; endOn?: string } = {}) => {
    made++;
    return contracts.create(actor, {
      customerId, opportunityId: await wonOpportunityOf(customerId), number: `XH-${year}-${String(++n).padStart(3, '0')}`, amountFen, discountPct: (extra.discountPct ?? 0) * 100,
      signedOn: null, startOn: extra.startOn ?? day(-10), endOn: extra.endOn ?? day(355),
    });
  };
  const plan = (actor: Actor, contractId: string, dueOn: string, amountFen: number) => contracts.addPlan(actor, Number(contractId), { dueOn, amountFen });
  const pay = (actor: Actor, planId: string, amountFen: number, receivedOn: string) => contracts.addPayment(actor, Number(planId), { amountFen, receivedOn });

  const zhangsan = who('zhangsan');
  if (zhangsan) {
    const [c1, c2, c3] = await customersOf(zhangsan);
    if (c1) {
      const c = await contract(zhangsan, c1, 36_000_000, { discountPct: 5 });
      const first = await plan(zhangsan, c.id, day(-12), 12_000_000);
      await pay(zhangsan, first.id, 12_000_000, day(-11));
      await plan(zhangsan, c.id, day(2), 12_000_000);
      const third = await plan(zhangsan, c.id, day(-9), 12_000_000);
      await pay(zhangsan, third.id, 4_000_000, today);
    }
    if (c2) await contract(zhangsan, c2, 150_000_000); // over 1,000,000 元: waits on 王经理, then 陈总
    if (c3) await contract(zhangsan, c3, 8_800_000, { startOn: day(-345), endOn: day(20) });
  }
  const lisi = who('lisi');
  if (lisi) {
    const [c1] = await customersOf(lisi);
    if (c1) {
      const c = await contract(lisi, c1, 22_000_000);
      const p = await plan(lisi, c.id, day(-1), 22_000_000);
      await pay(lisi, p.id, 22_000_000, today);
    }
  }
  const zhaolei = who('zhaolei');
  if (zhaolei) {
    const [c1] = await customersOf(zhaolei);
    if (c1) {
      const c = await contract(zhaolei, c1, 15_000_000, { discountPct: 10 });
      await plan(zhaolei, c.id, day(5), 15_000_000);
    }
  }
  const period = today.slice(0, 7);
  const east = who('manager.east');
  const south = who('manager.south');
  const target = (u: Actor | null, won: number, paid: number) => (u ? [{ userId: u.id, wonAmountFen: won, paymentsFen: paid }] : []);
  if (east) {
    const items = [...target(zhangsan, 80_000_000, 30_000_000), ...target(lisi, 60_000_000, 25_000_000), ...target(who('wangfang'), 50_000_000, 20_000_000)];
    if (items.length) await targets.put(east, { period, items });
  }
  if (south) {
    const items = target(zhaolei, 50_000_000, 20_000_000);
    if (items.length) await targets.put(south, { period, items });
  }
  return made;
}
