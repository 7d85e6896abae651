import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { contractMessages } from '../contracts/contracts.errors.ts';
import { monthBounds, isOverdue } from '../contracts/rules/contract-rules.ts';
import { progressPercent } from '../contracts/rules/money.ts';
import { ForbiddenError, ValidationError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { execute, readQuery, sqlTime, type Database } from '../infra/db.ts';
import { businessDate, zonedTimeToUtc } from '../infra/time.ts';
import type { OpportunitiesService } from '../opportunities/opportunities.service.ts';
import type { PutTargetsInput } from './targets.schemas.ts';
import { addFigures, departmentTarget, maySetTarget, ZERO, type Figures } from './rules/targets.ts';

interface Dept { id: number; name: string; parentId: number | null; path: string }
interface Person { id: number; name: string; departmentId: number; path: string; role: string; active: boolean }

export interface TargetRowDto {
  type: 'user' | 'department';
  id: string;
  name: string;
  /** user: their department; department: its parent. */
  departmentId: string | null;
  target: Figures | null;
  /** A department target summed from its people (none of its own). */
  derived: boolean;
  actual: Figures;
  progress: { wonPct: number | null; paymentsPct: number | null };
}

const progress = (actual: Figures, target: Figures | null) => ({
  wonPct: target ? progressPercent(actual.wonAmountFen, target.wonAmountFen) : null,
  paymentsPct: target ? progressPercent(actual.paymentsFen, target.paymentsFen) : null,
});

/**
 * Monthly targets (业绩目标) of people and departments and the figures against them: won =
 * opportunities won in the month (when the opportunities capability is installed) plus
 * contracts signed in the month that belong to no opportunity (a contract of an opportunity is
 * the same deal, counted once); payments = payments received in the month. Each is credited to
 * the opportunity's or the contract's owner.
 */
export class TargetsService {
  /** Set once the opportunities table is seen (tables do not disappear at run time). */
  private opportunitiesInstalled = false;

  /** `pipeline`: the weighted forecast of open opportunities (absent without the opportunities capability). */
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly pipeline?: Pick<OpportunitiesService, 'forecast'>,
  ) {}

  currentPeriod(): string {
    return businessDate(this.clock.now(), this.tz).slice(0, 7);
  }

  async get(actor: Actor, period = this.currentPeriod()) {
    const em = this.db.manager;
    const { depts, people } = await this.directory(em);
    const targets = await this.targets(em, period);
    const actual = await this.actuals(em, period);
    const inScope = (path: string) => actor.role === 'admin' || (actor.role === 'manager' && path.startsWith(actor.departmentPath));
    const items: TargetRowDto[] = [];
    for (const d of depts) {
      if (!inScope(d.path)) continue;
      items.push(this.departmentRow(d, people, targets, actual));
    }
    for (const p of people) {
      if (!(p.id === actor.id || (p.active && inScope(p.path)))) continue;
      const t = targets.get(`u:${p.id}`) ?? null;
      const a = actual.get(p.id) ?? ZERO;
      items.push({ type: 'user', id: String(p.id), name: p.name, departmentId: String(p.departmentId), target: t, derived: false, actual: a, progress: progress(a, t) });
    }
    return { period, canEdit: actor.role === 'admin' || actor.role === 'manager', items };
  }

  async put(actor: Actor, input: PutTargetsInput) {
    if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError(contractMessages.targetsForbidden);
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { depts, people } = await this.directory(em);
      const deptById = new Map(depts.map((d) => [d.id, d]));
      const personById = new Map(people.map((p) => [p.id, p]));
      const fields: Record<string, string> = {};
      input.items.forEach((item, i) => {
        const path = item.userId !== undefined ? personById.get(item.userId)?.path : deptById.get(item.departmentId!)?.path;
        if (path === undefined) fields[`items.${i}`] = item.userId !== undefined ? '成员不存在' : '部门不存在';
        else if (!maySetTarget(actor, path)) fields[`items.${i}`] = contractMessages.targetOutside;
      });
      if (Object.keys(fields).length) {
        if (Object.values(fields).every((m) => m === contractMessages.targetOutside)) throw new ForbiddenError(contractMessages.targetOutside);
        throw new ValidationError(fields);
      }
      const before = await this.targets(em, input.period);
      for (const item of input.items) {
        const key = item.userId !== undefined ? `u:${item.userId}` : `d:${item.departmentId}`;
        await execute(em, 'DELETE FROM sales_targets WHERE period = ? AND scope_key = ?', [input.period, key]);
        if (item.wonAmountFen === null || item.paymentsFen === null) continue;
        await execute(em,
          `INSERT INTO sales_targets (period, scope_key, user_id, department_id, won_amount_fen, payments_fen, updated_by, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [input.period, key, item.userId ?? null, item.departmentId ?? null, item.wonAmountFen, item.paymentsFen, actor.id, sqlTime(now)]);
      }
      await writeAudit(em, {
        actorId: actor.id, action: 'target.set', entityType: 'sales_target', entityId: input.period,
        before: input.items.map((i) => before.get(i.userId !== undefined ? `u:${i.userId}` : `d:${i.departmentId}`) ?? null), after: input.items,
        requestId: actor.requestId, at: now,
      });
    });
    return this.get(actor, input.period);
  }

  /** The home page's target card: mine, payments due this month, and for managers their department with its ranking. */
  async homeCard(actor: Actor) {
    const em = this.db.manager;
    const today = businessDate(this.clock.now(), this.tz);
    const period = today.slice(0, 7);
    const { last } = monthBounds(period);
    const targets = await this.targets(em, period);
    const actual = await this.actuals(em, period);
    const mineTarget = targets.get(`u:${actor.id}`) ?? null;
    const mineActual = actual.get(actor.id) ?? ZERO;
    const due = await readQuery<Record<string, unknown>>(em,
      `SELECT p.id, p.due_on, p.amount_fen, p.paid_fen, ct.id AS contract_id, ct.number, c.name AS customer_name
         FROM contracts ct JOIN payment_plans p ON p.contract_id = ct.id JOIN customers c ON c.id = ct.customer_id
       WHERE ct.owner_id = ? AND ct.status = 'signed' AND p.status = 'open' AND p.due_on <= ? ORDER BY p.due_on, p.id`, [actor.id, last]);
    const dueItems = due.map((r) => {
      const plan = { dueOn: String(r.due_on), amountFen: Number(r.amount_fen), paidFen: Number(r.paid_fen) };
      return {
        planId: String(r.id), contractId: String(r.contract_id), contractNumber: String(r.number), customerName: String(r.customer_name),
        dueOn: plan.dueOn, remainingFen: plan.amountFen - plan.paidFen, overdue: isOverdue(plan, today),
      };
    });
    let department = null;
    if (actor.role === 'manager' || actor.role === 'admin') {
      const { depts, people } = await this.directory(em);
      const d = depts.find((x) => x.id === actor.departmentId);
      if (d) {
        const row = this.departmentRow(d, people, targets, actual);
        const ranking = people.filter((p) => p.active && p.path.startsWith(d.path) && p.role !== 'admin')
          .map((p) => {
            const t = targets.get(`u:${p.id}`) ?? null;
            const a = actual.get(p.id) ?? ZERO;
            return { userId: String(p.id), name: p.name, actual: a, target: t, progress: progress(a, t) };
          })
          .sort((a, b) => b.actual.wonAmountFen - a.actual.wonAmountFen || b.actual.paymentsFen - a.actual.paymentsFen || Number(a.userId) - Number(b.userId))
          .map((r, i) => ({ rank: i + 1, ...r }));
        department = { id: row.id, name: row.name, target: row.target, derived: row.derived, actual: row.actual, progress: row.progress, ranking };
      }
    }
    return {
      period,
      me: { target: mineTarget, actual: mineActual, progress: progress(mineActual, mineTarget) },
      paymentsDue: { count: dueItems.length, remainingFen: dueItems.reduce((a, x) => a + x.remainingFen, 0), items: dueItems.slice(0, 10) },
      department,
    };
  }

  /**
   * The managers' home: this month's won-amount target of the caller's team (a manager's
   * department subtree; an admin's whole company, from the root department), what is won, and
   * the forecast = won + the weighted amount of open opportunities expected to close this month
   * (the pipeline's per-owner figures, each rounded down to the fen, summed — so the members'
   * figures add up to the team's). The same per member, for the load table.
   */
  async teamForecast(actor: Actor) {
    if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('团队业绩预测仅对经理和管理员开放');
    const em = this.db.manager;
    const period = this.currentPeriod();
    const { depts, people } = await this.directory(em);
    const root = actor.role === 'admin'
      ? depts.filter((d) => d.parentId === null).sort((a, b) => a.path.length - b.path.length)[0]
      : depts.find((d) => d.id === actor.departmentId);
    const targets = await this.targets(em, period);
    const actual = await this.actuals(em, period);
    const pipeline = this.pipeline ? await this.pipeline.forecast(actor, { scope: actor.role === 'admin' ? 'all' : 'team', month: period }) : null;
    const openByOwner = new Map<number, { count: number; weightedFen: number }>();
    for (const line of pipeline?.byOwner ?? []) if (line.owner) openByOwner.set(Number(line.owner.id), { count: line.count, weightedFen: line.weightedFen });
    const row = root ? this.departmentRow(root, people, targets, actual) : null;
    const members = root ? people.filter((p) => p.path.startsWith(root.path)) : [];
    const byUser = members.map((p) => {
      const wonFen = actual.get(p.id)?.wonAmountFen ?? 0;
      const open = openByOwner.get(p.id) ?? { count: 0, weightedFen: 0 };
      return { userId: String(p.id), wonFen, openCount: open.count, weightedOpenFen: open.weightedFen, forecastFen: wonFen + open.weightedFen };
    });
    const wonFen = row?.actual.wonAmountFen ?? 0;
    const weightedOpenFen = byUser.reduce((a, u) => a + u.weightedOpenFen, 0);
    const forecastFen = wonFen + weightedOpenFen;
    const targetFen = row?.target?.wonAmountFen ?? null;
    return {
      period,
      department: row ? { id: row.id, name: row.name } : null,
      targetFen,
      /** The target is the sum of the members' (the department has none of its own). */
      derived: row?.derived ?? false,
      wonFen,
      weightedOpenFen,
      openCount: byUser.reduce((a, u) => a + u.openCount, 0),
      forecastFen,
      /** Target − forecast: what the pipeline does not cover yet (negative: forecast above target). */
      gapFen: targetFen === null ? null : targetFen - forecastFen,
      wonPct: targetFen === null ? null : progressPercent(wonFen, targetFen),
      forecastPct: targetFen === null ? null : progressPercent(forecastFen, targetFen),
      byUser,
    };
  }

  private departmentRow(d: Dept, people: readonly Person[], targets: Map<string, Figures>, actual: Map<number, Figures>): TargetRowDto {
    const members = people.filter((p) => p.path.startsWith(d.path));
    const { target, derived } = departmentTarget(targets.get(`d:${d.id}`) ?? null, members.map((p) => targets.get(`u:${p.id}`) ?? null));
    const a = members.reduce((acc, p) => addFigures(acc, actual.get(p.id) ?? ZERO), ZERO);
    return { type: 'department', id: String(d.id), name: d.name, departmentId: d.parentId === null ? null : String(d.parentId), target, derived, actual: a, progress: progress(a, target) };
  }

  private async directory(em: EntityManager): Promise<{ depts: Dept[]; people: Person[] }> {
    const depts = (await readQuery<Record<string, unknown>>(em, 'SELECT id, name, parent_id, path FROM departments ORDER BY path'))
      .map((r) => ({ id: Number(r.id), name: String(r.name), parentId: r.parent_id === null ? null : Number(r.parent_id), path: String(r.path) }));
    const people = (await readQuery<Record<string, unknown>>(em,
      'SELECT u.id, u.name, u.department_id, u.role, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id ORDER BY u.id'))
      .map((r) => ({ id: Number(r.id), name: String(r.name), departmentId: Number(r.department_id), path: String(r.path), role: String(r.role), active: r.status === 'active' }));
    return { depts, people };
  }

  private async targets(em: EntityManager, period: string): Promise<Map<string, Figures>> {
    const rows = await readQuery<Record<string, unknown>>(em, 'SELECT scope_key, won_amount_fen, payments_fen FROM sales_targets WHERE period = ?', [period]);
    return new Map(rows.map((r) => [String(r.scope_key), { wonAmountFen: Number(r.won_amount_fen), paymentsFen: Number(r.payments_fen) }]));
  }

  private async hasOpportunities(em: EntityManager): Promise<boolean> {
    if (this.opportunitiesInstalled) return true;
    const runner = em.queryRunner ?? em.connection.createQueryRunner();
    try {
      this.opportunitiesInstalled = await runner.hasTable('opportunities');
    } finally {
      if (!em.queryRunner) await runner.release();
    }
    return this.opportunitiesInstalled;
  }

  /** Per owner: the month's won amount (see the class comment) and payments received in it. */
  private async actuals(em: EntityManager, period: string): Promise<Map<number, Figures>> {
    const { first, last } = monthBounds(period);
    const out = new Map<number, Figures>();
    const addWon = (ownerId: number, fen: number) => out.set(ownerId, { wonAmountFen: (out.get(ownerId)?.wonAmountFen ?? 0) + fen, paymentsFen: 0 });
    const withOpportunities = await this.hasOpportunities(em);
    const won = await readQuery<{ owner_id: number | string; s: number | string }>(em,
      `SELECT owner_id, SUM(amount_fen) AS s FROM contracts WHERE status IN ('signed', 'completed') AND signed_on >= ? AND signed_on <= ?
       ${withOpportunities ? 'AND opportunity_id IS NULL' : ''} GROUP BY owner_id`, [first, last]);
    for (const r of won) addWon(Number(r.owner_id), Number(r.s));
    if (withOpportunities) {
      const [y, m] = period.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      const from = zonedTimeToUtc(first, '00:00', this.tz);
      const to = zonedTimeToUtc(`${next}-01`, '00:00', this.tz);
      const wonOpps = await readQuery<{ owner_id: number | string; s: number | string }>(em,
        `SELECT owner_id, SUM(amount_fen) AS s FROM opportunities WHERE status = 'won' AND won_at >= ? AND won_at < ? AND owner_id IS NOT NULL GROUP BY owner_id`,
        [sqlTime(from), sqlTime(to)]);
      for (const r of wonOpps) addWon(Number(r.owner_id), Number(r.s));
    }
    const paid = await readQuery<{ owner_id: number | string; s: number | string }>(em,
      `SELECT ct.owner_id, SUM(p.amount_fen) AS s FROM payments p JOIN contracts ct ON ct.id = p.contract_id
       WHERE p.received_on >= ? AND p.received_on <= ? GROUP BY ct.owner_id`, [first, last]);
    for (const r of paid) {
      const id = Number(r.owner_id);
      out.set(id, { wonAmountFen: out.get(id)?.wonAmountFen ?? 0, paymentsFen: Number(r.s) });
    }
    return out;
  }
}
