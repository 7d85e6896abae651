import type { Clock } from '../infra/clock.ts';
import { fromSqlTime, readQuery, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';
import { Opportunity } from '../../entities/opportunity.entity.ts';
import { OpportunityStageMove } from '../../entities/opportunity-stage-move.entity.ts';
import { loadStages } from '../opportunities/stages.repository.ts';
import { DEFAULT_LOST_REASONS, entryFields, type StageDef } from '../opportunities/rules/stage-gate.ts';
import { Rng } from './prng.ts';

const DAY = 86_400_000;
const PRODUCTS = ['年度采购', '产线升级', '软件订阅', '运维服务', '二期扩容', '试点项目', '备件框架协议', '培训服务'];
const SOURCES = ['老客户', '转介绍', '展会', '官网', '电话营销'];

/**
 * The demo company's pipeline, written as its stage moves would have left it: open
 * opportunities across the stages on customers being worked (some closing this month), a won
 * one for each customer that already has a deal (won when its deal was, so the customer facts
 * stay as seeded) and a few lost ones with their reasons. Every move carries the feedback its
 * stage gate asks for. Deterministic (seeded), and only into an empty pipeline.
 */
export async function seedDemoOpportunities(db: Database, clock: Clock, tz = 'Asia/Shanghai'): Promise<number> {
  const now = clock.now();
  const rng = new Rng(20261212);
  return db.tx(async (em) => {
    const [existing] = await em.query('SELECT COUNT(*) AS n FROM opportunities') as Array<{ n: number | string }>;
    if (Number(existing?.n ?? 0) > 0) return 0;
    const stages = await loadStages(em);
    const open = stages.filter((s) => s.kind === 'open');
    const won = stages.find((s) => s.kind === 'won');
    const lost = stages.find((s) => s.kind === 'lost');
    if (!open.length || !won || !lost) return 0;
    const customers = await readQuery<{ id: number | string; owner_id: number | string; stage: string; last_deal_at: string | Date | null; created_at: string | Date }>(em,
      'SELECT id, owner_id, stage, last_deal_at, created_at FROM customers WHERE owner_id IS NOT NULL ORDER BY id');
    const feedbackFor = (passed: StageDef[], amountFen: number): Record<string, string | number> => {
      const out: Record<string, string | number> = {};
      for (const s of passed) {
        for (const f of entryFields(s)) {
          if (f.type === 'amount') out[f.key] = amountFen;
          else if (f.type === 'choice') out[f.key] = rng.pick(f.options?.length ? f.options : DEFAULT_LOST_REASONS);
          else if (f.type === 'number') out[f.key] = rng.int(1, 10);
          else if (f.type === 'date') out[f.key] = businessDate(now, tz);
          else out[f.key] = '客户采购负责人';
        }
      }
      return out;
    };
    let made = 0;
    for (const c of customers) {
      const customerId = Number(c.id);
      const ownerId = Number(c.owner_id);
      const dealAt = c.last_deal_at === null ? null : fromSqlTime(c.last_deal_at);
      const createdFloor = fromSqlTime(c.created_at).getTime();
      const plans: Array<'open' | 'won' | 'lost'> = [];
      if (dealAt && (c.stage === 'deal' || c.stage === 'repeat')) plans.push('won');
      if (['contacted', 'opportunity', 'deal', 'repeat'].includes(c.stage) && rng.chance(c.stage === 'opportunity' ? 0.9 : 0.35)) plans.push('open');
      if (rng.chance(0.06)) plans.push('lost');
      for (const plan of plans) {
        const amountFen = rng.int(50, 5000) * 100_00;
        const closedAt = plan === 'won' ? dealAt! : new Date(now.getTime() - rng.int(3, 60) * DAY);
        const createdAt = new Date(Math.max(createdFloor, (plan === 'open' ? now.getTime() : closedAt.getTime()) - rng.int(10, 90) * DAY));
        if (createdAt > (plan === 'open' ? now : closedAt)) continue;
        const target = plan === 'won' ? won : plan === 'lost' ? lost : rng.weighted(open.map((s, i) => [s, open.length - i] as const));
        const passed = plan === 'lost' ? [lost] : stages.filter((s) => s.kind === 'open' && open.indexOf(s) > 0 && (target.kind === 'won' || open.indexOf(s) <= open.indexOf(target)))
          .concat(target.kind === 'won' ? [won] : []);
        const feedback = feedbackFor(passed, amountFen);
        const enteredAt = plan === 'open' ? new Date(createdAt.getTime() + Math.floor((now.getTime() - createdAt.getTime()) / 2)) : closedAt;
        const closeOffset = plan === 'open' ? rng.int(-5, 80) : 0;
        const expectedCloseOn = businessDate(new Date((plan === 'open' ? now.getTime() : closedAt.getTime()) + closeOffset * DAY), tz);
        const result = await em.insert(Opportunity, {
          customerId, ownerId, name: rng.pick(PRODUCTS), amountFen, expectedCloseOn, stageId: target.id, status: target.kind,
          probability: plan === 'open' && rng.chance(0.15) ? rng.int(20, 90) : null, notes: null, source: rng.pick(SOURCES),
          wonAt: plan === 'won' ? closedAt : null, lostAt: plan === 'lost' ? closedAt : null,
          lostReason: plan === 'lost' ? String(feedback.lostReason ?? '其他') : null,
          stageEnteredAt: enteredAt, createdBy: ownerId, createdAt, updatedAt: enteredAt,
        });
        const opportunityId = Number(result.identifiers[0]!.id);
        await em.insert(OpportunityStageMove, { opportunityId, fromStageId: null, toStageId: open[0]!.id, byUserId: ownerId, feedback: null, at: createdAt });
        if (target.id !== open[0]!.id) {
          await em.insert(OpportunityStageMove, {
            opportunityId, fromStageId: open[0]!.id, toStageId: target.id, byUserId: ownerId,
            feedback: Object.keys(feedback).length ? JSON.stringify(feedback) : null, at: enteredAt,
          });
        }
        made++;
      }
    }
    return made;
  });
}
