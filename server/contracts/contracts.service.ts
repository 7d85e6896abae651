import type { EntityManager } from 'typeorm';
import { Contract, Payment, PaymentPlan } from '../../entities/contract.entity.ts';
import type { CustomerStage } from '../../entities/customer.entity.ts';
import type { ApprovalOutcomeEvent } from '../approvals/approval-outcomes.ts';
import type { ApprovalsService } from '../approvals/approvals.service.ts';
import { formatFen } from '../approvals/rules/money.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { loadAccessFacts, requireEditableCustomer, requireVisibleCustomer, visibleCustomerCondition } from '../customers/customer-access.ts';
import { factsAfterReopen, factsAfterWin, type FactsPatch } from '../customers/rules/customer-facts.ts';
import { canViewCustomer, mayUseScope } from '../customers/rules/visibility.ts';
import { ForbiddenError, ValidationError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { execute, forUpdate, fromSqlTime, isUniqueViolation, likeContains, likePrefix, readQuery, sqlTime, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';
import { writeSetting } from '../infra/app-settings.repository.ts';
import { CONTRACT_SETTINGS_KEY, readContractSettings, type ContractSettings } from './contract-settings.ts';
import {
  AmountBelowPlansError, ContractNotFoundError, ContractNumberTakenError, ContractStateError, contractMessages, PaymentExceedsPlanError,
  PaymentPlanNotFoundError, PlansExceedContractError, STATUS_LABELS,
} from './contracts.errors.ts';
import { contractDtos, findContract, findPlan, planDto, type ContractDto, type ContractRow, type PlanDto } from './contracts.repository.ts';
import type {
  ContractSettingsInput, CreateContractInput, CreatePaymentInput, CreatePlanInput, ListContractsQuery, PatchContractInput,
} from './contracts.schemas.ts';
import { acceptsPayments, acceptsPlans, canMoveTo, needsApproval, paymentFits, planFits, planStatus } from './rules/contract-rules.ts';
import { bpToPercent } from './rules/money.ts';

export interface ContractSettingsDto {
  approvalLimit: { maxDiscountPct: number; maxAmountFen: number };
  remindDaysBefore: number;
  expiringWithinDays: number;
}

const settingsDto = (s: ContractSettings): ContractSettingsDto => ({
  approvalLimit: { maxDiscountPct: bpToPercent(s.approvalLimit.maxDiscountBp), maxAmountFen: s.approvalLimit.maxAmountFen },
  remindDaysBefore: s.remindDaysBefore, expiringWithinDays: s.expiringWithinDays,
});

/**
 * Contracts (合同) and their money: a contract within the approval limit is signed at once, one
 * over it files a `contract` approval and is signed when that is approved. Visibility and the
 * right to write follow the customer (customer-access.ts). Every write locks the customer's row
 * first, then the contract's (then the plan's), in one transaction with its audit row.
 */
export class ContractsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly approvals: Pick<ApprovalsService, 'createWithin'>,
  ) {}

  private today(): string {
    return businessDate(this.clock.now(), this.tz);
  }

  // ---- settings ----------------------------------------------------------------------------

  async getSettings(): Promise<ContractSettingsDto> {
    return settingsDto(await readContractSettings(this.db.manager));
  }

  async putSettings(actor: Actor, input: ContractSettingsInput): Promise<ContractSettingsDto> {
    if (actor.role !== 'admin') throw new ForbiddenError(contractMessages.settingsAdminOnly);
    const now = this.clock.now();
    return this.db.tx(async (em) => {
      const before = await readContractSettings(em);
      const next: ContractSettings = {
        approvalLimit: { maxDiscountBp: input.approvalLimit.maxDiscountPct, maxAmountFen: input.approvalLimit.maxAmountFen },
        remindDaysBefore: input.remindDaysBefore ?? before.remindDaysBefore,
        expiringWithinDays: input.expiringWithinDays ?? before.expiringWithinDays,
      };
      await writeSetting(em, CONTRACT_SETTINGS_KEY, JSON.stringify(next), now);
      await writeAudit(em, { actorId: actor.id, action: 'contract.settings.update', entityType: 'contract_settings', entityId: 'default', before, after: next, requestId: actor.requestId, at: now });
      return settingsDto(next);
    });
  }

  // ---- reads -------------------------------------------------------------------------------

  /** 404 unless the caller may see the contract's customer (router.param, before any other check). */
  async assertVisible(actor: Actor, id: number): Promise<ContractRow> {
    const c = await findContract(this.db.manager, id);
    if (!c) throw new ContractNotFoundError();
    const loaded = await loadAccessFacts(this.db.manager, c.customerId);
    if (!loaded || !canViewCustomer(actor, loaded.facts)) throw new ContractNotFoundError();
    return c;
  }

  async assertPlanVisible(actor: Actor, planId: number): Promise<void> {
    const p = await findPlan(this.db.manager, planId);
    if (!p) throw new PaymentPlanNotFoundError();
    try {
      await this.assertVisible(actor, p.contractId);
    } catch (e) {
      if (e instanceof ContractNotFoundError) throw new PaymentPlanNotFoundError();
      throw e;
    }
  }

  async get(actor: Actor, id: number): Promise<ContractDto> {
    await this.assertVisible(actor, id);
    return this.dto(this.db.manager, id);
  }

  async list(actor: Actor, q: ListContractsQuery): Promise<{ items: ContractDto[]; total: number; page: number; pageSize: number }> {
    const em = this.db.manager;
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.customerId !== undefined) {
      // A customer's contracts: whoever sees the customer sees them all.
      await requireVisibleCustomer(em, actor, q.customerId);
      where.push('ct.customer_id = ?');
      params.push(q.customerId);
    } else {
      if (!mayUseScope(actor.role, q.scope)) throw new ForbiddenError('当前角色不能查看该范围的合同');
      if (q.scope === 'mine') {
        where.push('ct.owner_id = ?');
        params.push(actor.id);
      } else if (q.scope === 'team') {
        where.push("ct.owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!')");
        params.push(likePrefix(actor.departmentPath));
      }
      const pools = await readQuery<{ id: number | string; path: string }>(em, 'SELECT p.id, d.path FROM pools p JOIN departments d ON d.id = p.department_id');
      const visible = visibleCustomerCondition(actor, pools.map((p) => ({ id: Number(p.id), path: p.path })));
      where.push(visible.sql);
      params.push(...visible.params);
    }
    if (q.status) {
      where.push('ct.status = ?');
      params.push(q.status);
    }
    if (q.q) {
      where.push("(ct.number LIKE ? ESCAPE '!' OR c.name LIKE ? ESCAPE '!')");
      params.push(likeContains(q.q), likeContains(q.q));
    }
    const from = `FROM contracts ct JOIN customers c ON c.id = ct.customer_id WHERE ${where.join(' AND ')}`;
    const [{ n }] = await readQuery<{ n: number | string }>(em, `SELECT COUNT(*) AS n ${from}`, params);
    const rows = await readQuery<{ id: number | string }>(em,
      `SELECT ct.id ${from} ORDER BY ct.created_at DESC, ct.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params);
    return { items: await contractDtos(em, rows.map((r) => Number(r.id)), this.today()), total: Number(n), page: q.page, pageSize: q.pageSize };
  }

  // ---- writes ------------------------------------------------------------------------------

  async create(actor: Actor, input: CreateContractInput): Promise<ContractDto> {
    const now = this.clock.now();
    const today = businessDate(now, this.tz);
    const id = await this.guardNumber(input.number, () => this.db.tx(async (em) => {
      const { customer } = await requireEditableCustomer(em, actor, input.customerId, { lock: true });
      await this.checkOpportunity(em, input.opportunityId, input.customerId);
      await this.checkNumberFree(em, input.number, null);
      const result = await em.insert(Contract, {
        number: input.number, customerId: input.customerId, opportunityId: input.opportunityId, ownerId: customer.ownerId ?? actor.id,
        amountFen: input.amountFen, discountBp: input.discountPct, signedOn: input.signedOn, startOn: input.startOn, endOn: input.endOn,
        status: 'draft', approvalId: null, createdBy: actor.id, createdAt: now, updatedAt: now,
      });
      const contractId = Number(result.identifiers[0]!.id);
      await writeAudit(em, {
        actorId: actor.id, action: 'contract.create', entityType: 'contract', entityId: contractId,
        after: { number: input.number, customerId: input.customerId, amountFen: input.amountFen, discountBp: input.discountPct }, requestId: actor.requestId, at: now,
      });
      await this.submit(em, actor, (await findContract(em, contractId))!, now, today);
      return contractId;
    }));
    return this.dto(this.db.manager, id);
  }

  async patch(actor: Actor, id: number, input: PatchContractInput): Promise<ContractDto> {
    const now = this.clock.now();
    const today = businessDate(now, this.tz);
    await this.guardNumber(input.number ?? '', () => this.db.tx(async (em) => {
      const seen = await findContract(em, id);
      if (!seen) throw new ContractNotFoundError();
      await requireEditableCustomer(em, actor, seen.customerId, { lock: true });
      const c = (await findContract(em, id, { lock: true }))!;
      const edits = { ...input };
      delete edits.status;
      const editing = Object.values(edits).some((v) => v !== undefined);
      if (editing) {
        if (c.status !== 'draft' && c.status !== 'signed') throw new ContractStateError(contractMessages.notEditable, c.status);
        if (c.status === 'signed' && ((input.amountFen !== undefined && input.amountFen !== c.amountFen)
          || (input.discountPct !== undefined && input.discountPct !== c.discountBp))) {
          throw new ContractStateError(contractMessages.amountLocked, c.status);
        }
      }
      if (input.status && !canMoveTo(c.status, input.status)) {
        throw new ContractStateError(contractMessages.badTransition(STATUS_LABELS[c.status] ?? c.status, STATUS_LABELS[input.status] ?? input.status), c.status);
      }
      const next = {
        number: input.number ?? c.number,
        opportunityId: input.opportunityId === undefined ? c.opportunityId : input.opportunityId,
        amountFen: input.amountFen ?? c.amountFen,
        discountBp: input.discountPct ?? c.discountBp,
        signedOn: input.signedOn === undefined ? c.signedOn : input.signedOn,
        startOn: input.startOn ?? c.startOn,
        endOn: input.endOn ?? c.endOn,
        status: input.status ?? c.status,
      };
      if (next.endOn < next.startOn) throw new ValidationError({ endOn: contractMessages.endBeforeStart });
      if (next.number !== c.number) await this.checkNumberFree(em, next.number, c.id);
      if (next.opportunityId !== c.opportunityId) await this.checkOpportunity(em, next.opportunityId, c.customerId);
      if (next.amountFen !== c.amountFen) {
        const [{ planned }] = await readQuery<{ planned: number | string | null }>(em, `SELECT SUM(amount_fen) AS planned FROM payment_plans WHERE contract_id = ?${forUpdate(this.db.kind)}`, [c.id]);
        if (Number(planned ?? 0) > next.amountFen) throw new AmountBelowPlansError(Number(planned ?? 0));
      }
      if (next.status === 'signed' && next.signedOn === null) next.signedOn = c.signedOn ?? today;
      await execute(em,
        `UPDATE contracts SET number = ?, opportunity_id = ?, amount_fen = ?, discount_bp = ?, signed_on = ?, start_on = ?, end_on = ?, status = ?, updated_at = ?
         WHERE id = ?`,
        [next.number, next.opportunityId, next.amountFen, next.discountBp, next.signedOn, next.startOn, next.endOn, next.status, sqlTime(now), c.id]);
      await writeAudit(em, {
        actorId: actor.id, action: input.status ? `contract.${input.status}` : 'contract.update', entityType: 'contract', entityId: c.id,
        before: c, after: next, requestId: actor.requestId, at: now,
      });
      // A signed contract voided takes its deal back (a token contract cannot reset the no-deal clock).
      if (c.status === 'signed' && next.status === 'void') await this.takeBackDeal(em, c, now);
      // A draft (new, or back from a rejected approval) goes through the limit again when edited.
      if (c.status === 'draft' && next.status === 'draft') await this.submit(em, actor, (await findContract(em, c.id))!, now, today);
    }));
    return this.dto(this.db.manager, id);
  }

  async addPlan(actor: Actor, contractId: number, input: CreatePlanInput): Promise<PlanDto> {
    const now = this.clock.now();
    const planId = await this.db.tx(async (em) => {
      const seen = await findContract(em, contractId);
      if (!seen) throw new ContractNotFoundError();
      await requireEditableCustomer(em, actor, seen.customerId, { lock: true });
      const c = (await findContract(em, contractId, { lock: true }))!;
      if (!acceptsPlans(c.status)) throw new ContractStateError(contractMessages.notOpenForPlans, c.status);
      // A locking read: on MySQL a plain one would see the snapshot taken before the locks, not a racing writer's plan.
      const existing = await readQuery<{ amount_fen: number | string }>(em, `SELECT amount_fen FROM payment_plans WHERE contract_id = ?${forUpdate(this.db.kind)}`, [c.id]);
      const fit = planFits(c.amountFen, existing.map((r) => Number(r.amount_fen)), input.amountFen);
      if (!fit.ok) throw new PlansExceedContractError(fit.remainingFen);
      const result = await em.insert(PaymentPlan, {
        contractId: c.id, dueOn: input.dueOn, amountFen: input.amountFen, paidFen: 0, status: 'open', createdAt: now, updatedAt: now,
      });
      const id = Number(result.identifiers[0]!.id);
      await writeAudit(em, {
        actorId: actor.id, action: 'contract.plan.create', entityType: 'contract', entityId: c.id,
        after: { planId: id, dueOn: input.dueOn, amountFen: input.amountFen }, requestId: actor.requestId, at: now,
      });
      return id;
    });
    return planDto((await findPlan(this.db.manager, planId))!, businessDate(now, this.tz));
  }

  async addPayment(actor: Actor, planId: number, input: CreatePaymentInput) {
    const now = this.clock.now();
    const today = businessDate(now, this.tz);
    if (input.receivedOn > today) throw new ValidationError({ receivedOn: contractMessages.futurePayment });
    const paymentId = await this.db.tx(async (em) => {
      const seenPlan = await findPlan(em, planId);
      if (!seenPlan) throw new PaymentPlanNotFoundError();
      const seen = (await findContract(em, seenPlan.contractId))!;
      await requireEditableCustomer(em, actor, seen.customerId, { lock: true });
      const c = (await findContract(em, seen.id, { lock: true }))!;
      const plan = (await findPlan(em, planId, { lock: true }))!;
      if (!acceptsPayments(c.status)) throw new ContractStateError(contractMessages.notSignedForPayments, c.status);
      const fit = paymentFits(plan, input.amountFen);
      if (!fit.ok) throw new PaymentExceedsPlanError(fit.remainingFen);
      const result = await em.insert(Payment, {
        planId: plan.id, contractId: c.id, amountFen: input.amountFen, receivedOn: input.receivedOn, byUserId: actor.id, createdAt: now,
      });
      const paid = plan.paidFen + input.amountFen;
      await execute(em, 'UPDATE payment_plans SET paid_fen = ?, status = ?, updated_at = ? WHERE id = ?',
        [paid, planStatus({ amountFen: plan.amountFen, paidFen: paid }), sqlTime(now), plan.id]);
      const id = Number(result.identifiers[0]!.id);
      await writeAudit(em, {
        actorId: actor.id, action: 'contract.payment.create', entityType: 'contract', entityId: c.id,
        after: { planId: plan.id, paymentId: id, amountFen: input.amountFen, receivedOn: input.receivedOn, paidFen: paid }, requestId: actor.requestId, at: now,
      });
      return id;
    });
    const plan = (await findPlan(this.db.manager, planId))!;
    return {
      id: String(paymentId), planId: String(planId), contractId: String(plan.contractId), amountFen: input.amountFen, receivedOn: input.receivedOn,
      by: { id: String(actor.id), name: actor.name }, createdAt: now.toISOString(), plan: planDto(plan, today),
    };
  }

  // ---- the approval's outcome --------------------------------------------------------------

  /** Registered for approvals of type `contract` (approval-outcomes.ts), inside the approval's transaction. */
  async applyApprovalOutcome(em: EntityManager, e: ApprovalOutcomeEvent): Promise<void> {
    const [row] = await readQuery<{ id: number | string }>(em, 'SELECT id FROM contracts WHERE approval_id = ?', [e.approvalId]);
    if (!row) return;
    const c = (await findContract(em, Number(row.id), { lock: true }))!;
    let status = c.status;
    if (e.outcome === 'approved' && (c.status === 'pending_approval' || c.status === 'draft')) {
      await this.sign(em, c, e.at, e.byUserId, e.requestId ?? null);
      return;
    }
    if ((e.outcome === 'rejected' || e.outcome === 'withdrawn') && c.status === 'pending_approval') status = 'draft';
    // The contract is the source of its approval's amount: it is edited (and so resubmitted) on the contract.
    if (e.outcome === 'resubmitted') throw new ContractStateError(contractMessages.resubmitOnContract, c.status);
    if (status === c.status) return;
    await execute(em, 'UPDATE contracts SET status = ?, updated_at = ? WHERE id = ?', [status, sqlTime(e.at), c.id]);
    await writeAudit(em, {
      actorId: e.byUserId, action: `contract.approval.${e.outcome}`, entityType: 'contract', entityId: c.id,
      before: { status: c.status }, after: { status, approvalId: e.approvalId }, requestId: e.requestId ?? null, at: e.at,
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Within the limit: signed now; over it: a `contract` approval (signed when approved). */
  private async submit(em: EntityManager, actor: Actor, c: ContractRow, now: Date, today: string): Promise<void> {
    const settings = await readContractSettings(em);
    if (!needsApproval(c, settings.approvalLimit)) {
      await this.sign(em, c, now, actor.id, actor.requestId ?? null, today);
      return;
    }
    await execute(em, "UPDATE contracts SET status = 'pending_approval', updated_at = ? WHERE id = ?", [sqlTime(now), c.id]);
    const reason = `合同 ${c.number}：金额 ${formatFen(c.amountFen)}，折扣 ${bpToPercent(c.discountBp)}%，超出审批额度（折扣 ≤ ${bpToPercent(settings.approvalLimit.maxDiscountBp)}%、金额 ≤ ${formatFen(settings.approvalLimit.maxAmountFen)}）`;
    const approvalId = await this.approvals.createWithin(em, actor, {
      type: 'contract', amountFen: c.amountFen, customerId: c.customerId, opportunityId: c.opportunityId, reason, occurredOn: today, attachmentIds: [],
    });
    await execute(em, 'UPDATE contracts SET approval_id = ? WHERE id = ?', [approvalId, c.id]);
    // A chain with nobody to ask (an admin's own request) is approved on filing.
    const [a] = await readQuery<{ status: string }>(em, 'SELECT status FROM approval_requests WHERE id = ?', [approvalId]);
    if (a?.status === 'approved') await this.sign(em, (await findContract(em, c.id))!, now, actor.id, actor.requestId ?? null, today);
  }

  /** Signed: the customer's deal now (the pool's no-deal rules), its stage deal / repeat. */
  private async sign(em: EntityManager, c: ContractRow, at: Date, byUserId: number | null, requestId: string | null, today?: string): Promise<void> {
    const signedOn = c.signedOn ?? today ?? businessDate(at, this.tz);
    await execute(em, "UPDATE contracts SET status = 'signed', signed_on = ?, signed_at = ?, updated_at = ? WHERE id = ?", [signedOn, sqlTime(at), sqlTime(at), c.id]);
    const [cust] = await readQuery<{ stage: CustomerStage; last_follow_up_at: string | Date | null; last_deal_at: string | Date | null }>(em,
      `SELECT stage, last_follow_up_at, last_deal_at FROM customers WHERE id = ?${forUpdate(this.db.kind)}`, [c.customerId]);
    // The contract of a won opportunity is that same deal: the win already dated it (no 复购 out of one deal).
    const alreadyDealt = c.opportunityId !== null && await this.opportunityWon(em, c.opportunityId);
    if (cust && !alreadyDealt) {
      // A signed contract is a deal like a win (the same one rule for lastDealAt and the deal stages).
      const patch = factsAfterWin({ stage: cust.stage, lastFollowUpAt: fromSqlTime(cust.last_follow_up_at), lastDealAt: fromSqlTime(cust.last_deal_at) }, at);
      await this.applyFacts(em, c.customerId, patch, at);
    }
    await writeAudit(em, {
      actorId: byUserId, action: 'contract.signed', entityType: 'contract', entityId: c.id,
      before: { status: c.status }, after: { status: 'signed', signedOn, approvalId: c.approvalId }, requestId, at,
    });
  }

  /**
   * The customer's deals without this contract: its won opportunities, the deals a manager recorded
   * and its other signed contracts (those of no won opportunity: the win stands for them); the last
   * deal and the deal stage follow them (factsAfterReopen, the rule a reopened win uses).
   */
  private async takeBackDeal(em: EntityManager, c: ContractRow, now: Date): Promise<void> {
    if (c.opportunityId !== null && await this.opportunityWon(em, c.opportunityId)) return;
    const opportunities = await this.hasOpportunities(em);
    const at = (rows: Array<{ at: string | Date | null }>) => rows.filter((r) => r.at !== null).map((r) => fromSqlTime(r.at as string | Date));
    const contracts = await readQuery<{ at: string | Date | null }>(em,
      `SELECT ct.signed_at AS at FROM contracts ct WHERE ct.customer_id = ? AND ct.id <> ? AND ct.status IN ('signed', 'completed')
       ${opportunities ? "AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.id = ct.opportunity_id AND o.status = 'won')" : ''}`, [c.customerId, c.id]);
    const won = opportunities
      ? await readQuery<{ at: string | Date | null }>(em, "SELECT won_at AS at FROM opportunities WHERE customer_id = ? AND status = 'won'", [c.customerId])
      : [];
    const recorded = await readQuery<{ at: string | Date | null }>(em,
      "SELECT at FROM ownership_events WHERE customer_id = ? AND type = 'stage_changed' AND to_value IN ('deal', 'repeat')", [c.customerId]);
    const [cust] = await readQuery<{ stage: CustomerStage; last_follow_up_at: string | Date | null; last_deal_at: string | Date | null }>(em,
      `SELECT stage, last_follow_up_at, last_deal_at FROM customers WHERE id = ?${forUpdate(this.db.kind)}`, [c.customerId]);
    if (!cust) return;
    const patch = factsAfterReopen(
      { stage: cust.stage, lastFollowUpAt: fromSqlTime(cust.last_follow_up_at), lastDealAt: fromSqlTime(cust.last_deal_at) },
      [...at(contracts), ...at(won), ...at(recorded)],
    );
    await this.applyFacts(em, c.customerId, patch, now);
  }

  private async applyFacts(em: EntityManager, customerId: number, patch: FactsPatch, at: Date): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    if (patch.lastDealAt !== undefined) { sets.push('last_deal_at = ?'); params.push(patch.lastDealAt === null ? null : sqlTime(patch.lastDealAt)); }
    if (patch.stage) { sets.push('stage = ?'); params.push(patch.stage); }
    if (sets.length) await execute(em, `UPDATE customers SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`, [...params, sqlTime(at), customerId]);
  }

  private async checkNumberFree(em: EntityManager, number: string, exceptId: number | null): Promise<void> {
    const rows = await readQuery<{ id: number | string }>(em, 'SELECT id FROM contracts WHERE number = ?', [number]);
    if (rows.some((r) => Number(r.id) !== exceptId)) throw new ContractNumberTakenError(number);
  }

  /** Two writers racing for one number: the unique index decides, the loser gets the same 409. */
  private async guardNumber<T>(number: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ContractNumberTakenError(number);
      throw e;
    }
  }

  private async opportunityWon(em: EntityManager, opportunityId: number): Promise<boolean> {
    if (!(await this.hasOpportunities(em))) return false;
    const rows = await readQuery<{ status: string }>(em, 'SELECT status FROM opportunities WHERE id = ?', [opportunityId]);
    return rows[0]?.status === 'won';
  }

  private async hasOpportunities(em: EntityManager): Promise<boolean> {
    const runner = em.queryRunner ?? em.connection.createQueryRunner();
    try {
      return await runner.hasTable('opportunities');
    } finally {
      if (!em.queryRunner) await runner.release();
    }
  }

  /**
   * An opportunity is checked only when the opportunities capability is installed (its table
   * exists): it must belong to the contract's customer.
   */
  private async checkOpportunity(em: EntityManager, opportunityId: number | null, customerId: number): Promise<void> {
    if (opportunityId === null) return;
    if (!(await this.hasOpportunities(em))) return;
    const rows = await readQuery<{ customer_id: number | string }>(em, 'SELECT customer_id FROM opportunities WHERE id = ?', [opportunityId]);
    if (!rows[0] || Number(rows[0].customer_id) !== customerId) throw new ValidationError({ opportunityId: contractMessages.opportunityUnknown });
  }

  private async dto(em: EntityManager, id: number): Promise<ContractDto> {
    const [dto] = await contractDtos(em, [id], this.today(), { detail: true });
    if (!dto) throw new ContractNotFoundError();
    return dto;
  }
}
