import type { EntityManager } from 'typeorm';
import { ApprovalRequest } from '../../entities/approval-request.entity.ts';
import { ApprovalStep } from '../../entities/approval-step.entity.ts';
import { ApprovalStepApprover } from '../../entities/approval-step-approver.entity.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { requireVisibleCustomer } from '../customers/customer-access.ts';
import { ForbiddenError, ValidationError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { execute, placeholders, readQuery, sqlTime, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';
import { updateCards } from '../notifications/card-updates.ts';
import { decision } from '../notifications/decision.notification.ts';
import { notify } from '../notifications/notify.ts';
import { approvalCardPayload, cardOutcomeText, levelEventKey } from './approval-cards.ts';
import { writeSetting } from '../infra/app-settings.repository.ts';
import { ApprovalPolicyRepository, POLICY_SETTING_KEY, type StoredPolicy } from './approval-policy.repository.ts';
import { approvalDtos, type ApprovalDto } from './approvals.dto.ts';
import {
  ApprovalNotFoundError, ApprovalNotPendingError, ApprovalNotRejectedError, approvalMessages, NotCurrentApproverError,
} from './approvals.errors.ts';
import { approvalNotice } from './approvals.notifications.ts';
import { runApprovalOutcome } from './approval-outcomes.ts';
import type { ApprovalType } from '../../entities/approval-request.entity.ts';
import { accessFacts, findApproval, findPeople, loadDirectory, type ApprovalRow } from './approvals.repository.ts';
import {
  CUSTOMER_TYPES, TYPE_LABELS, type CreateApprovalInput, type DecideApprovalInput, type FiledType, type ListApprovalsQuery,
  type PolicyInput, type ResubmitApprovalInput,
} from './approvals.schemas.ts';
import { formatFen } from './rules/money.ts';
import { activateLevel, leadersOf, planRoute, type ApprovalPolicy } from './rules/routing.ts';
import { canViewApproval } from './rules/visibility.ts';

export interface DecideOptions {
  /** The card's round and level: a click on a card whose level is no longer waiting decides nothing. */
  expect?: { round: number; level: number };
  /** The card action updates the level's cards itself (the clicker's with the click's code). */
  cardsUpdatedByCaller?: boolean;
}

/** The outcome of a decision, for the card that asked for it. */
export interface DecisionResult {
  approval: ApprovalDto;
  outcomeText: string;
}

export interface PolicyDto {
  levels: Array<{ approvers: { type: 'leader' } | { type: 'role'; role: string } | { type: 'users'; userIds: string[] }; overAmountFen: number }>;
  reminders: StoredPolicy['reminders'];
}

/**
 * Approvals (审批): a request walks the levels its amount reaches; each level is decided by one
 * of its approvers (或签) in the app or from the card in chat. Every step is one transaction that
 * locks the request's row first, writes its audit row and queues its cards: exactly one decision
 * per level however many people press at once.
 */
export class ApprovalsService {
  readonly policies: ApprovalPolicyRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly fileLink: (attachmentId: number, now: Date) => string,
  ) {
    this.policies = new ApprovalPolicyRepository(db);
  }

  // ---- policy ------------------------------------------------------------------------------

  async getPolicy(): Promise<PolicyDto> {
    return policyDto(await this.policies.read());
  }

  async putPolicy(actor: Actor, input: PolicyInput): Promise<PolicyDto> {
    if (actor.role !== 'admin') throw new ForbiddenError(approvalMessages.policyAdminOnly);
    const named = [...new Set(input.levels.flatMap((l) => (l.approvers.type === 'users' ? l.approvers.userIds : [])))];
    const people = await findPeople(this.db.manager, named);
    const fields: Record<string, string> = {};
    input.levels.forEach((l, i) => {
      if (l.approvers.type !== 'users') return;
      const unknown = l.approvers.userIds.filter((id) => !people.has(id));
      if (unknown.length) fields[`levels.${i}.approvers.userIds`] = `第 ${i + 1} 级的审批人不存在：${unknown.join('、')}`;
      else if (l.approvers.userIds.every((id) => !people.get(id)!.active)) fields[`levels.${i}.approvers.userIds`] = `第 ${i + 1} 级的审批人都已离职`;
    });
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const now = this.clock.now();
    const before = await this.policies.read();
    const stored: StoredPolicy = { levels: input.levels, reminders: input.reminders ?? before.reminders };
    await this.db.tx(async (em) => {
      await writeSetting(em, POLICY_SETTING_KEY, JSON.stringify(stored), now);
      await writeAudit(em, { actorId: actor.id, action: 'approval.policy.update', entityType: 'approval_policy', entityId: 'default', before, after: stored, requestId: actor.requestId, at: now });
    });
    return policyDto(stored);
  }

  // ---- reads -------------------------------------------------------------------------------

  /** 404 unless the caller may see the request (router.param, before any other check). */
  async assertVisible(actor: Actor, id: number): Promise<ApprovalRow> {
    const a = await findApproval(this.db.manager, id);
    if (!a || !canViewApproval(actor, await accessFacts(this.db.manager, a))) throw new ApprovalNotFoundError();
    return a;
  }

  async get(actor: Actor, id: number): Promise<ApprovalDto> {
    await this.assertVisible(actor, id);
    return this.dto(this.db.manager, actor, id);
  }

  async list(actor: Actor, q: ListApprovalsQuery): Promise<{ items: ApprovalDto[]; total: number; page: number; pageSize: number }> {
    const em = this.db.manager;
    let from: string;
    let params: unknown[];
    // Mine newest filed first (idx_approvals_requester_created); the others by when they last moved.
    const order = q.box === 'mine' ? 'a.created_at DESC, a.id DESC' : 'a.updated_at DESC, a.id DESC';
    if (q.box === 'mine') {
      from = 'FROM approval_requests a WHERE a.requester_id = ?';
      params = [actor.id];
    } else if (q.box === 'todo') {
      from = `FROM approval_requests a
        JOIN approval_steps s ON s.approval_id = a.id AND s.round = a.round AND s.level = a.current_level AND s.decision IS NULL
        JOIN approval_step_approvers sa ON sa.step_id = s.id AND sa.user_id = ?
        WHERE a.status = 'pending'`;
      params = [actor.id];
    } else {
      from = 'FROM approval_requests a WHERE a.id IN (SELECT approval_id FROM approval_steps WHERE decided_by = ?)';
      params = [actor.id];
    }
    if (q.status) {
      from += ' AND a.status = ?';
      params.push(q.status);
    }
    const [{ n }] = await readQuery<{ n: number | string }>(em, `SELECT COUNT(*) AS n ${from}`, params);
    const rows = await readQuery<{ id: number | string }>(em,
      `SELECT a.id ${from} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params);
    const items = await approvalDtos(em, rows.map((r) => Number(r.id)), actor, (fid) => this.fileLink(fid, this.clock.now()));
    return { items, total: Number(n), page: q.page, pageSize: q.pageSize };
  }

  // ---- writes ------------------------------------------------------------------------------

  async create(actor: Actor, input: CreateApprovalInput): Promise<ApprovalDto> {
    const id = await this.db.tx((em) => this.createWithin(em, actor, input));
    return this.dto(this.db.manager, actor, id);
  }

  /**
   * Files a request inside the caller's transaction (another capability's write, e.g. a contract
   * over the limit files a `contract` approval); returns its id.
   */
  async createWithin(em: EntityManager, actor: Actor, input: Omit<CreateApprovalInput, 'type'> & { type: ApprovalType }): Promise<number> {
    const now = this.clock.now();
    {
      const customer = await this.checkCustomer(em, actor, input.type as FiledType, input.customerId);
      const result = await em.insert(ApprovalRequest, {
        type: input.type, amountFen: input.amountFen, customerId: input.customerId, opportunityId: input.opportunityId, reason: input.reason,
        occurredOn: input.occurredOn ?? businessDate(now, this.tz), status: 'pending', requesterId: actor.id, round: 1, currentLevel: null,
        finishedAt: null, createdAt: now, updatedAt: now,
      });
      const approvalId = Number(result.identifiers[0]!.id);
      await this.attach(em, actor, approvalId, input.attachmentIds);
      const a = (await findApproval(em, approvalId))!;
      await writeAudit(em, {
        actorId: actor.id, action: 'approval.create', entityType: 'approval', entityId: approvalId,
        after: { type: input.type, amountFen: input.amountFen, customerId: input.customerId, reason: input.reason }, requestId: actor.requestId, at: now,
      });
      await this.startRound(em, a, actor, customer?.name ?? null, now);
      return approvalId;
    }
  }

  /**
   * One decision on the level waiting now. The request's row is locked first, so of many
   * deciders (two approvers of a level, or one pressing the card and the app at once) exactly
   * one finds the level open; the others get APPROVAL_NOT_PENDING.
   */
  async decide(actor: Actor, id: number, input: DecideApprovalInput, opts: DecideOptions = {}): Promise<DecisionResult> {
    const now = this.clock.now();
    const outcomeText = await this.db.tx(async (em) => {
      const a = await findApproval(em, id, { lock: true });
      if (!a) throw new ApprovalNotFoundError();
      if (a.status !== 'pending' || a.currentLevel === null) throw new ApprovalNotPendingError({ status: a.status });
      if (opts.expect && (opts.expect.round !== a.round || opts.expect.level !== a.currentLevel)) throw new ApprovalNotPendingError({ status: a.status });
      const step = await this.stepOf(em, a.id, a.round, a.currentLevel);
      const approvers = await this.stepApprovers(em, step.id);
      if (!approvers.includes(actor.id)) {
        // Someone who had their say on this round already (or was an approver of a level now
        // passed) is told it is decided; anyone else was never asked.
        const earlier = await readQuery(em,
          `SELECT 1 AS x FROM approval_steps s WHERE s.approval_id = ? AND s.round = ? AND (s.decided_by = ?
             OR (s.level < ? AND EXISTS (SELECT 1 FROM approval_step_approvers sa WHERE sa.step_id = s.id AND sa.user_id = ?)))`,
          [a.id, a.round, actor.id, a.currentLevel, actor.id]);
        if (earlier.length) throw new ApprovalNotPendingError({ status: a.status });
        throw new NotCurrentApproverError();
      }
      const decisionWord = input.decision === 'approve' ? 'approved' : 'rejected';
      const comment = input.comment ?? null;
      const taken = await execute(em,
        'UPDATE approval_steps SET decision = ?, decided_by = ?, comment = ?, decided_at = ? WHERE id = ? AND decision IS NULL',
        [decisionWord, actor.id, comment, sqlTime(now), step.id]);
      if (!taken) throw new ApprovalNotPendingError({ status: a.status });
      await writeAudit(em, {
        actorId: actor.id, action: `approval.${decisionWord === 'approved' ? 'approve' : 'reject'}`, entityType: 'approval', entityId: a.id,
        before: { status: a.status, round: a.round, level: a.currentLevel }, after: { decision: decisionWord, comment }, requestId: actor.requestId, at: now,
      });
      const text = decisionWord === 'approved' ? cardOutcomeText.approved(actor.name) : cardOutcomeText.rejected(comment);
      if (!opts.cardsUpdatedByCaller) {
        await updateCards(em, { eventKey: levelEventKey(a.id, a.round, a.currentLevel) }, { outcome: decisionWord, update: { mode: 'replace-name', text } }, now);
      }
      const requester = (await findPeople(em, [a.requesterId])).get(a.requesterId);
      const customerName = await this.customerName(em, a.customerId);
      if (decisionWord === 'rejected') {
        await execute(em, "UPDATE approval_requests SET status = 'rejected', current_level = NULL, finished_at = ?, updated_at = ? WHERE id = ?",
          [sqlTime(now), sqlTime(now), a.id]);
        await runApprovalOutcome(em, { approvalId: a.id, type: a.type, outcome: 'rejected', byUserId: actor.id, requestId: actor.requestId, at: now });
        if (requester?.active) {
          await notify(em, approvalNotice, {
            topic: 'wecrm 审批', approvalId: String(a.id), title: `你的${TYPE_LABELS[a.type] ?? ''}申请被驳回`,
            desc: `${actor.name}驳回：${comment ?? ''}`, detail: '可修改后重新提交',
            rows: summaryRows(a, customerName),
          }, { to: [requester.wecomUserId], dedupeKey: `approval-outcome:${a.id}:${a.round}`, urgent: true, customerId: a.customerId, now });
        }
      } else {
        await this.advance(em, a, actor, customerName, now, actor.name);
      }
      return text;
    });
    return { approval: await this.dto(this.db.manager, actor, id), outcomeText };
  }

  async withdraw(actor: Actor, id: number): Promise<ApprovalDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const a = await findApproval(em, id, { lock: true });
      if (!a) throw new ApprovalNotFoundError();
      if (a.requesterId !== actor.id) throw new ForbiddenError(approvalMessages.onlyRequesterWithdraws);
      if (a.status !== 'pending') throw new ApprovalNotPendingError({ status: a.status });
      await execute(em, "UPDATE approval_requests SET status = 'withdrawn', current_level = NULL, finished_at = ?, updated_at = ? WHERE id = ?",
        [sqlTime(now), sqlTime(now), a.id]);
      await runApprovalOutcome(em, { approvalId: a.id, type: a.type, outcome: 'withdrawn', byUserId: actor.id, requestId: actor.requestId, at: now });
      if (a.currentLevel !== null) {
        await updateCards(em, { eventKey: levelEventKey(a.id, a.round, a.currentLevel) },
          { outcome: 'withdrawn', update: { mode: 'replace-name', text: cardOutcomeText.withdrawn() } }, now);
      }
      await writeAudit(em, {
        actorId: actor.id, action: 'approval.withdraw', entityType: 'approval', entityId: a.id,
        before: { status: 'pending', round: a.round, level: a.currentLevel }, after: { status: 'withdrawn' }, requestId: actor.requestId, at: now,
      });
    });
    return this.dto(this.db.manager, actor, id);
  }

  /** A rejected request, edited, goes through the levels again as a new round; earlier rounds stay. */
  async resubmit(actor: Actor, id: number, input: ResubmitApprovalInput): Promise<ApprovalDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const a = await findApproval(em, id, { lock: true });
      if (!a) throw new ApprovalNotFoundError();
      if (a.requesterId !== actor.id) throw new ForbiddenError(approvalMessages.onlyRequesterResubmits);
      if (a.status !== 'rejected') throw new ApprovalNotRejectedError();
      const next = {
        type: (input.type ?? a.type) as FiledType, amountFen: input.amountFen ?? a.amountFen,
        customerId: input.customerId === undefined ? a.customerId : input.customerId,
        opportunityId: input.opportunityId === undefined ? a.opportunityId : input.opportunityId,
        reason: input.reason ?? a.reason, occurredOn: input.occurredOn === undefined ? a.occurredOn : input.occurredOn,
      };
      const customer = await this.checkCustomer(em, actor, next.type, next.customerId);
      if (input.attachmentIds) {
        await execute(em, `UPDATE approval_attachments SET approval_id = NULL WHERE approval_id = ?${input.attachmentIds.length ? ` AND id NOT IN (${placeholders(input.attachmentIds.length)})` : ''}`,
          [a.id, ...input.attachmentIds]);
        const already = await readQuery<{ id: number | string }>(em, 'SELECT id FROM approval_attachments WHERE approval_id = ?', [a.id]);
        const keep = new Set(already.map((r) => Number(r.id)));
        await this.attach(em, actor, a.id, input.attachmentIds.filter((x) => !keep.has(x)));
      }
      await execute(em,
        `UPDATE approval_requests SET type = ?, amount_fen = ?, customer_id = ?, opportunity_id = ?, reason = ?, occurred_on = ?, status = 'pending',
           round = ?, current_level = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`,
        [next.type, next.amountFen, next.customerId, next.opportunityId, next.reason, next.occurredOn, a.round + 1, sqlTime(now), a.id]);
      await writeAudit(em, {
        actorId: actor.id, action: 'approval.resubmit', entityType: 'approval', entityId: a.id,
        before: { round: a.round, type: a.type, amountFen: a.amountFen, customerId: a.customerId, reason: a.reason },
        after: { round: a.round + 1, ...next }, requestId: actor.requestId, at: now,
      });
      await runApprovalOutcome(em, { approvalId: a.id, type: a.type, outcome: 'resubmitted', byUserId: actor.id, requestId: actor.requestId, at: now });
      await this.startRound(em, (await findApproval(em, a.id))!, actor, customer?.name ?? null, now);
    });
    return this.dto(this.db.manager, actor, id);
  }

  // ---- the chain ---------------------------------------------------------------------------

  /** Plans the round's levels from the policy now, then opens the first one that needs a person. */
  private async startRound(em: EntityManager, a: ApprovalRow, requesterActor: Actor, customerName: string | null, now: Date): Promise<void> {
    const policy = await this.policies.read(em);
    const dir = await loadDirectory(em, policy, [a.requesterId]);
    const requester = dir.person(a.requesterId)!;
    for (const planned of planRoute(policy, requester, a.amountFen, dir)) {
      const result = await em.insert(ApprovalStep, {
        approvalId: a.id, round: a.round, level: planned.level, overAmountFen: planned.overAmountFen, decision: null, decidedBy: null,
        comment: null, note: null, decidedAt: null, activatedAt: null, remindedOn: null, escalatedAt: null,
      });
      const stepId = Number(result.identifiers[0]!.id);
      if (planned.approvers.length) {
        await em.insert(ApprovalStepApprover, planned.approvers.map((p) => ({ stepId, userId: p.id, approvalId: a.id })));
      }
    }
    await this.advance(em, a, requesterActor, customerName, now, null);
  }

  /**
   * Opens the next undecided level of the round: its approvers lose those who already decided
   * (nobody decides twice) and the disabled (replaced by their leader); a level left empty
   * passes with a note. Each opened level's approvers get the decision card; when no level is
   * left the request is approved and the requester told.
   */
  private async advance(em: EntityManager, a: ApprovalRow, by: Actor, customerName: string | null, now: Date, passedBy: string | null): Promise<void> {
    const steps = await readQuery<{ id: number | string; level: number | string; decision: string | null; decided_by: number | string | null }>(em,
      'SELECT id, level, decision, decided_by FROM approval_steps WHERE approval_id = ? AND round = ? ORDER BY level', [a.id, a.round]);
    const decided = steps.filter((s) => s.decided_by !== null).map((s) => Number(s.decided_by));
    const levels = steps.length;
    let passedLevels = steps.filter((s) => s.decision === 'approved').length;
    for (const s of steps) {
      if (s.decision !== null) continue;
      const stepId = Number(s.id);
      const level = Number(s.level);
      const named = await this.replaceDisabled(em, a, stepId);
      const act = activateLevel(named, decided, a.requesterId);
      if (act.passNote) {
        await execute(em, "UPDATE approval_steps SET decision = 'approved', note = ?, decided_at = ?, activated_at = ? WHERE id = ?",
          [act.passNote, sqlTime(now), sqlTime(now), stepId]);
        await writeAudit(em, {
          actorId: by.id, action: 'approval.level.auto_pass', entityType: 'approval', entityId: a.id,
          after: { round: a.round, level, note: act.passNote }, requestId: by.requestId, at: now,
        });
        passedLevels++;
        continue;
      }
      const removed = named.filter((id) => !act.approverIds.includes(id));
      if (removed.length) {
        await execute(em, `DELETE FROM approval_step_approvers WHERE step_id = ? AND user_id IN (${placeholders(removed.length)})`, [stepId, ...removed]);
      }
      await execute(em, 'UPDATE approval_steps SET activated_at = ? WHERE id = ?', [sqlTime(now), stepId]);
      await execute(em, 'UPDATE approval_requests SET current_level = ?, updated_at = ? WHERE id = ?', [level, sqlTime(now), a.id]);
      const people = await findPeople(em, [...act.approverIds, a.requesterId]);
      const requesterName = people.get(a.requesterId)?.name ?? '';
      await notify(em, decision, approvalCardPayload({
        id: a.id, type: a.type, amountFen: a.amountFen, customerName, requesterName, reason: a.reason, round: a.round, level, levels,
      }), {
        to: act.approverIds.map((id) => people.get(id)).filter((p) => p?.active).map((p) => p!.wecomUserId),
        dedupeKey: levelEventKey(a.id, a.round, level), urgent: true, customerId: a.customerId, now,
      });
      const requester = people.get(a.requesterId);
      if (passedBy && requester?.active && passedLevels > 0) {
        await notify(em, approvalNotice, {
          topic: 'wecrm 审批', approvalId: String(a.id), title: `你的${TYPE_LABELS[a.type] ?? ''}申请已通过第 ${passedLevels} 级`,
          desc: `${passedBy}已同意，等待下一级审批`,
          rows: [...summaryRows(a, customerName).slice(0, 3), { key: '下一级', value: act.approverIds.map((id) => people.get(id)?.name ?? '').join('、') }],
        }, { to: [requester.wecomUserId], dedupeKey: `approval-level:${a.id}:${a.round}:${level}`, customerId: a.customerId, now });
      }
      return;
    }
    await execute(em, "UPDATE approval_requests SET status = 'approved', current_level = NULL, finished_at = ?, updated_at = ? WHERE id = ?",
      [sqlTime(now), sqlTime(now), a.id]);
    await writeAudit(em, {
      actorId: by.id, action: 'approval.approved', entityType: 'approval', entityId: a.id,
      after: { round: a.round, status: 'approved' }, requestId: by.requestId, at: now,
    });
    await runApprovalOutcome(em, { approvalId: a.id, type: a.type, outcome: 'approved', byUserId: passedBy ? by.id : null, requestId: by.requestId, at: now });
    const requester = (await findPeople(em, [a.requesterId])).get(a.requesterId);
    if (requester?.active) {
      await notify(em, approvalNotice, {
        topic: 'wecrm 审批', approvalId: String(a.id), title: `你的${TYPE_LABELS[a.type] ?? ''}申请已通过`,
        desc: passedBy ? `${passedBy}已同意` : '按审批规则自动通过',
        rows: summaryRows(a, customerName),
      }, { to: [requester.wecomUserId], dedupeKey: `approval-outcome:${a.id}:${a.round}`, urgent: true, customerId: a.customerId, now });
    }
  }

  /** A named approver who left since the round was planned gives their seat to their own leader. */
  private async replaceDisabled(em: EntityManager, a: ApprovalRow, stepId: number): Promise<number[]> {
    const ids = await this.stepApprovers(em, stepId);
    const people = await findPeople(em, ids);
    const gone = ids.filter((id) => !people.get(id)?.active);
    if (!gone.length) return ids;
    const policy: ApprovalPolicy = { levels: [] };
    const dir = await loadDirectory(em, policy, [...ids, a.requesterId]);
    const replacements = gone.flatMap((id) => {
      const p = dir.person(id);
      return p ? leadersOf(p.departmentPath, dir, new Set([a.requesterId, id])).map((l) => l.id) : [];
    });
    const next = [...new Set([...ids.filter((id) => !gone.includes(id)), ...replacements])];
    await execute(em, `DELETE FROM approval_step_approvers WHERE step_id = ? AND user_id IN (${placeholders(gone.length)})`, [stepId, ...gone]);
    const added = next.filter((id) => !ids.includes(id));
    if (added.length) await em.insert(ApprovalStepApprover, added.map((userId) => ({ stepId, userId, approvalId: a.id })));
    return next;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async checkCustomer(em: EntityManager, actor: Actor, type: FiledType, customerId: number | null): Promise<{ name: string } | null> {
    if (customerId === null) {
      if (CUSTOMER_TYPES.includes(type)) throw new ValidationError({ customerId: approvalMessages.customerRequired });
      return null;
    }
    const { customer } = await requireVisibleCustomer(em, actor, customerId);
    return { name: customer.name };
  }

  /** Receipt photos the requester uploaded and has not used yet become the request's. */
  private async attach(em: EntityManager, actor: Actor, approvalId: number, ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    const total = await readQuery<{ n: number | string }>(em, 'SELECT COUNT(*) AS n FROM approval_attachments WHERE approval_id = ?', [approvalId]);
    if (Number(total[0]!.n) + ids.length > 9) throw new ValidationError({ attachmentIds: approvalMessages.tooManyAttachments });
    const rows = await readQuery<{ id: number | string; approval_id: number | string | null; uploader_id: number | string }>(em,
      `SELECT id, approval_id, uploader_id FROM approval_attachments WHERE id IN (${placeholders(ids.length)})`, [...ids]);
    if (rows.length !== ids.length || rows.some((r) => Number(r.uploader_id) !== actor.id)) {
      throw new ValidationError({ attachmentIds: approvalMessages.attachmentUnknown });
    }
    if (rows.some((r) => r.approval_id !== null)) throw new ValidationError({ attachmentIds: approvalMessages.attachmentTaken });
    const moved = await execute(em, `UPDATE approval_attachments SET approval_id = ? WHERE approval_id IS NULL AND uploader_id = ? AND id IN (${placeholders(ids.length)})`,
      [approvalId, actor.id, ...ids]);
    if (moved !== ids.length) throw new ValidationError({ attachmentIds: approvalMessages.attachmentTaken });
  }

  private async stepOf(em: EntityManager, approvalId: number, round: number, level: number): Promise<{ id: number }> {
    const [s] = await readQuery<{ id: number | string }>(em, 'SELECT id FROM approval_steps WHERE approval_id = ? AND round = ? AND level = ?', [approvalId, round, level]);
    if (!s) throw new ApprovalNotPendingError();
    return { id: Number(s.id) };
  }

  private async stepApprovers(em: EntityManager, stepId: number): Promise<number[]> {
    const rows = await readQuery<{ user_id: number | string }>(em, 'SELECT user_id FROM approval_step_approvers WHERE step_id = ? ORDER BY user_id', [stepId]);
    return rows.map((r) => Number(r.user_id));
  }

  private async customerName(em: EntityManager, customerId: number | null): Promise<string | null> {
    if (customerId === null) return null;
    const [c] = await readQuery<{ name: string }>(em, 'SELECT name FROM customers WHERE id = ?', [customerId]);
    return c?.name ?? null;
  }

  private async dto(em: EntityManager, actor: Actor, id: number): Promise<ApprovalDto> {
    const [dto] = await approvalDtos(em, [id], actor, (fid) => this.fileLink(fid, this.clock.now()));
    if (!dto) throw new ApprovalNotFoundError();
    return dto;
  }
}

function summaryRows(a: Pick<ApprovalRow, 'type' | 'amountFen' | 'reason'>, customerName: string | null): Array<{ key: string; value: string }> {
  return [
    { key: '类型', value: TYPE_LABELS[a.type] ?? a.type },
    { key: '金额', value: formatFen(a.amountFen) },
    { key: '客户', value: customerName ?? '—' },
    { key: '事由', value: a.reason },
  ];
}

function policyDto(p: StoredPolicy): PolicyDto {
  return {
    levels: p.levels.map((l) => ({
      approvers: l.approvers.type === 'users' ? { type: 'users', userIds: l.approvers.userIds.map(String) } : l.approvers,
      overAmountFen: l.overAmountFen,
    })),
    reminders: p.reminders,
  };
}
