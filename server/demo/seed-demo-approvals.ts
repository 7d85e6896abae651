import type { Actor } from '../auth/actor.ts';
import { ApprovalsService } from '../approvals/approvals.service.ts';
import type { CreateApprovalInput } from '../approvals/approvals.schemas.ts';
import type { Clock } from '../infra/clock.ts';
import { readQuery, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';

/**
 * A few approvals of the demo company in the states the app shows, filed and decided through
 * the ApprovalsService as the people themselves (so the cards are in the outbox like real ones):
 * 张三's 500 元 dinner waits on 王经理 (approve it from the card on /sim), his 5,000 元 gift goes
 * 王经理 → 陈总, 李四's trip is approved, 张三's discount was rejected (resubmit it), 赵磊's dinner
 * passed 李经理 and waits on 陈总, 王芳 withdrew hers.
 */
export async function seedDemoApprovals(db: Database, clock: Clock, tz = 'Asia/Shanghai'): Promise<number> {
  const service = new ApprovalsService(db, clock, tz, () => '');
  const people = new Map((await readQuery<Record<string, unknown>>(db.manager,
    'SELECT u.id, u.wecom_user_id, u.name, u.role, u.department_id, d.path FROM users u JOIN departments d ON d.id = u.department_id')).map((r) => [String(r.wecom_user_id), {
    id: Number(r.id), wecomUserId: String(r.wecom_user_id), name: String(r.name), role: r.role as Actor['role'],
    departmentId: Number(r.department_id), departmentPath: String(r.path), requestId: 'demo-seed',
  } satisfies Actor]));
  const who = (wecomUserId: string): Actor | null => people.get(wecomUserId) ?? null;
  const customersOf = async (actor: Actor) => (await readQuery<{ id: number | string }>(db.manager,
    'SELECT id FROM customers WHERE owner_id = ? ORDER BY id LIMIT 3', [actor.id])).map((r) => Number(r.id));
  const today = businessDate(clock.now(), tz);
  const file = async (actor: Actor | null, input: Omit<CreateApprovalInput, 'occurredOn' | 'attachmentIds' | 'opportunityId'>) =>
    (actor ? (await service.create(actor, { ...input, opportunityId: null, occurredOn: today, attachmentIds: [] })).id : null);
  const decide = async (actor: Actor | null, id: string | null, decision: 'approve' | 'reject', comment?: string) => {
    if (actor && id) await service.decide(actor, Number(id), { decision, comment });
  };

  const [zhangsan, lisi, wangfang, zhaolei] = ['zhangsan', 'lisi', 'wangfang', 'zhaolei'].map(who);
  const east = who('manager.east');
  const south = who('manager.south');
  let filed = 0;
  if (zhangsan) {
    const [c1, c2, c3] = await customersOf(zhangsan);
    if (c1) { await file(zhangsan, { type: 'entertainment', amountFen: 50_000, customerId: c1, reason: '与客户采购负责人晚餐，推进续约' }); filed++; }
    if (c2) { await file(zhangsan, { type: 'gift', amountFen: 500_000, customerId: c2, reason: '年度合作伙伴答谢礼品' }); filed++; }
    if (c3) {
      const id = await file(zhangsan, { type: 'discount', amountFen: 300_000, customerId: c3, reason: '首单 9 折，抵消竞品报价' });
      await decide(east, id, 'reject', '折扣理由不充分，请补充竞品报价');
      filed++;
    }
  }
  if (lisi) {
    const id = await file(lisi, { type: 'travel', amountFen: 120_000, customerId: null, reason: '赴苏州拜访三家客户' });
    await decide(east, id, 'approve', '同意');
    filed++;
  }
  if (zhaolei) {
    const [c1] = await customersOf(zhaolei);
    if (c1) {
      const id = await file(zhaolei, { type: 'entertainment', amountFen: 680_000, customerId: c1, reason: '客户高层来访接待' });
      await decide(south, id, 'approve');
      filed++;
    }
  }
  if (wangfang) {
    const id = await file(wangfang, { type: 'other', amountFen: 30_000, customerId: null, reason: '展会物料' });
    if (id) await service.withdraw(wangfang, Number(id));
    filed++;
  }
  return filed;
}
