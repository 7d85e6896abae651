import type { EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { Opportunity } from '../../entities/opportunity.entity.ts';
import { OpportunityStageMove } from '../../entities/opportunity-stage-move.entity.ts';
import { OwnershipEvent, type OwnershipEventType } from '../../entities/ownership-event.entity.ts';
import { Stage } from '../../entities/stage.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { fromSqlTime, likePrefix, placeholders, readQuery, sqlTime, type Database, type Sql } from '../infra/db.ts';
import { businessDate, zonedTimeToUtc } from '../infra/time.ts';
import { writeAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts';
import { requireVisibleCustomer, scopeListParts } from '../customers/customer-access.ts';
import { canLogFollowUp } from '../customers/rules/visibility.ts';
import { CustomerInPoolError } from '../customers/customers.errors.ts';
import { factsAfterOpportunityOpened, factsAfterReopen, factsAfterWin, type FactsPatch } from '../customers/rules/customer-facts.ts';
import {
  checkMove, checkStageList, effectiveProbability, entryFields, LOST_REASON_KEY, weightedFen, type Feedback, type RequiredField, type StageDef,
} from './rules/stage-gate.ts';
import {
  OpportunityNotFoundError, opportunityMessages, SameStageError, StageFeedbackRequiredError, StageInUseError, WonAmountError,
} from './opportunities.errors.ts';
import type {
  CreateOpportunityInput, ForecastQuery, FunnelQuery, ListOpportunitiesQuery, MoveStageInput, PutStagesInput, UpdateOpportunityInput,
} from './opportunities.schemas.ts';
import { loadStages, toStageDto, type StageDto } from './stages.repository.ts';

type Ref = { id: string; name: string };

export interface OpportunityDto {
  id: string;
  customerId: string;
  customer: Ref;
  ownerId: string | null;
  owner: Ref | null;
  /** The owner left the company (已离职 by the name). */
  ownerLeft: boolean;
  name: string;
  amountFen: number;
  expectedCloseOn: string | null;
  stageId: string;
  stage: { id: string; name: string; kind: string; winRate: number };
  status: string;
  /** The probability it counts with (override, else the stage's win rate). */
  probability: number;
  /** The override, null when the stage's win rate applies. */
  probabilityOverride: number | null;
  weightedFen: number;
  notes: string | null;
  source: string | null;
  wonAt: string | null;
  lostAt: string | null;
  lostReason: string | null;
  stageEnteredAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface StageMoveDto {
  id: string;
  fromStage: Ref | null;
  toStage: Ref;
  by: Ref | null;
  at: string;
  feedback: Array<{ key: string; label: string; type: string; value: string | number }>;
}

export interface OpportunityDetailDto extends OpportunityDto {
  timeline: StageMoveDto[];
  /** The next stage forward and exactly what entering it asks for; null when won or lost. */
  next: { stage: Ref; requiredFields: RequiredField[] } | null;
}

interface OppRow {
  id: number | string; customer_id: number | string; owner_id: number | string | null; name: string; amount_fen: number | string;
  expected_close_on: string | Date | null; stage_id: number | string; status: string; probability: number | string | null;
  notes: string | null; source: string | null; won_at: string | Date | null; lost_at: string | Date | null; lost_reason: string | null;
  stage_entered_at: string | Date; created_at: string | Date; updated_at: string | Date;
  customer_name: string; owner_name: string | null; owner_status: string | null;
}

const OPP_SELECT = `SELECT o.id, o.customer_id, o.owner_id, o.name, o.amount_fen, o.expected_close_on, o.stage_id, o.status, o.probability,
  o.notes, o.source, o.won_at, o.lost_at, o.lost_reason, o.stage_entered_at, o.created_at, o.updated_at,
  c.name AS customer_name, u.name AS owner_name, u.status AS owner_status
  FROM opportunities o JOIN customers c ON c.id = o.customer_id LEFT JOIN users u ON u.id = o.owner_id`;

const TOTAL_CAP = 10_000;
const VALUE_MAX = 32;
const REASON_MAX = 255;

/** A `date` read by raw SQL: mysql2 gives a Date at UTC midnight, SQLite the text. */
function dateOnly(v: string | Date | null): string | null {
  if (v === null) return null;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}
const isoOf = (v: string | Date | null): string | null => (v === null ? null : fromSqlTime(v).toISOString());
const clip = (s: string, max: number) => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);
const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(typeof v === 'number' ? Math.trunc(v) : String(v).split('.')[0]!));
const fenOf = (v: bigint): number => Number(v);

/** The month `YYYY-MM`: its first and last day, and its business-time instants [start, end). */
function monthRange(month: string, tz: string): { first: string; last: string; start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, '0')}`,
    start: zonedTimeToUtc(`${month}-01`, '00:00', tz), end: zonedTimeToUtc(`${nextMonth}-01`, '00:00', tz),
  };
}

export class OpportunitiesService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
  ) {}

  // ---- stages -------------------------------------------------------------------------------

  async stages(): Promise<{ items: StageDto[] }> {
    return { items: (await loadStages(this.db.manager)).map(toStageDto) };
  }

  /**
   * Replaces the ordered list: items with an id update that stage, without one are new; a stage
   * left out is deleted, unless opportunities still sit in it (409 STAGE_IN_USE).
   */
  async putStages(actor: Actor, input: PutStagesInput): Promise<{ items: StageDto[] }> {
    if (actor.role !== 'admin') throw new ForbiddenError(opportunityMessages.stagesAdminOnly);
    const items = input.items.map((s) => ({ ...s, requiredFields: s.requiredFields.map((f) => ({ ...f, ...(f.options ? { options: [...new Set(f.options)] } : {}) })) }));
    const errors = checkStageList(items);
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const before = await loadStages(em);
      const ids = new Set(before.map((s) => s.id));
      items.forEach((s, i) => {
        if (s.id !== null && !ids.has(s.id)) throw new ValidationError({ [`items.${i}.id`]: opportunityMessages.stageUnknown });
      });
      const seen = new Set<number>();
      items.forEach((s, i) => {
        if (s.id !== null && seen.has(s.id)) throw new ValidationError({ [`items.${i}.id`]: '同一阶段出现了两次' });
        if (s.id !== null) seen.add(s.id);
      });
      const removed = before.filter((s) => !seen.has(s.id));
      for (const s of removed) {
        const used = await em.query('SELECT 1 AS one FROM opportunities WHERE stage_id = ? LIMIT 1', [s.id]);
        if (used.length) throw new StageInUseError(s);
      }
      // A stage whose kind changes would leave its opportunities with the wrong status.
      for (const s of items) {
        const old = before.find((b) => b.id === s.id);
        if (old && old.kind !== s.kind) {
          const used = await em.query('SELECT 1 AS one FROM opportunities WHERE stage_id = ? LIMIT 1', [old.id]);
          if (used.length) throw new StageInUseError(old);
        }
      }
      if (removed.length) await em.query(`DELETE FROM stages WHERE id IN (${placeholders(removed.length)})`, removed.map((s) => s.id));
      for (const [i, s] of items.entries()) {
        const values = { name: s.name, sortOrder: i + 1, winRate: s.winRate, kind: s.kind, requiredFields: JSON.stringify(s.requiredFields), updatedAt: now };
        if (s.id !== null) await em.update(Stage, { id: s.id }, values);
        else await em.insert(Stage, { ...values, createdAt: now });
      }
      await writeAudit(em, {
        actorId: actor.id, action: 'stages.update', entityType: 'stages', entityId: 'all',
        before: before.map(toStageDto), after: items, requestId: actor.requestId, at: now,
      });
    });
    return this.stages();
  }

  // ---- reads --------------------------------------------------------------------------------

  /** 404 unless the caller may see the opportunity (that is, its customer). */
  async assertVisible(actor: Actor, id: number): Promise<void> {
    const rows = await readQuery<{ customer_id: number | string }>(this.db.manager, 'SELECT customer_id FROM opportunities WHERE id = ?', [id]);
    if (!rows[0]) throw new OpportunityNotFoundError();
    try {
      await requireVisibleCustomer(this.db.manager, actor, Number(rows[0].customer_id));
    } catch (err) {
      // Hidden customer: say so in the pipeline's words; anything else is not a visibility answer.
      if (err instanceof NotFoundError) throw new OpportunityNotFoundError();
      throw err;
    }
  }

  async list(actor: Actor, query: ListOpportunitiesQuery) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.customerId !== undefined) {
      // One customer's opportunities: whoever sees the customer sees them, whatever the scope.
      await requireVisibleCustomer(this.db.manager, actor, query.customerId);
      where.push('o.customer_id = ?');
      params.push(query.customerId);
    } else {
      for (const p of scopeListParts(actor, query.scope).predicates) {
        where.push(p.sql);
        params.push(...p.params);
      }
    }
    if (query.stageId !== undefined) { where.push('o.stage_id = ?'); params.push(query.stageId); }
    if (query.status !== undefined) { where.push('o.status = ?'); params.push(query.status); }
    if (query.closingThisMonth) {
      const { first, last } = monthRange(businessDate(this.clock.now(), this.tz).slice(0, 7), this.tz);
      where.push("o.status = 'open' AND o.expected_close_on >= ? AND o.expected_close_on <= ?");
      params.push(first, last);
    }
    if (query.q) {
      where.push("(o.name LIKE ? ESCAPE '!' OR c.name LIKE ? ESCAPE '!')");
      const like = `%${query.q.replace(/[!%_]/g, '!$&')}%`;
      params.push(like, like);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const em = this.db.manager;
    const offset = (query.page - 1) * query.pageSize;
    const rows = await readQuery<OppRow>(em,
      `${OPP_SELECT} ${whereSql} ORDER BY CASE WHEN o.expected_close_on IS NULL THEN 1 ELSE 0 END, o.expected_close_on, o.id DESC LIMIT ${query.pageSize} OFFSET ${offset}`,
      params);
    const counted = await readQuery<{ n: number | string }>(em,
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM opportunities o JOIN customers c ON c.id = o.customer_id ${whereSql} LIMIT ${TOTAL_CAP + 1}) t`, params);
    const n = Number(counted[0]?.n ?? 0);
    const stages = await loadStages(em);
    return {
      items: rows.map((r) => this.toDto(r, stages)),
      total: Math.min(n, TOTAL_CAP), ...(n > TOTAL_CAP ? { totalCapped: true as const } : {}),
      page: query.page, pageSize: query.pageSize,
    };
  }

  async get(actor: Actor, id: number): Promise<OpportunityDetailDto> {
    await this.assertVisible(actor, id);
    const em = this.db.manager;
    const rows = await readQuery<OppRow>(em, `${OPP_SELECT} WHERE o.id = ?`, [id]);
    if (!rows[0]) throw new OpportunityNotFoundError();
    const stages = await loadStages(em);
    const dto = this.toDto(rows[0], stages);
    const moves = await readQuery<{ id: number | string; from_stage_id: number | string | null; to_stage_id: number | string; by_user_id: number | string | null;
      by_name: string | null; feedback: string | null; at: string | Date }>(em,
      `SELECT m.id, m.from_stage_id, m.to_stage_id, m.by_user_id, u.name AS by_name, m.feedback, m.at
       FROM opportunity_stage_moves m LEFT JOIN users u ON u.id = m.by_user_id WHERE m.opportunity_id = ? ORDER BY m.at DESC, m.id DESC`, [id]);
    const stageRef = (sid: number | string | null): Ref | null => {
      if (sid === null) return null;
      const s = stages.find((x) => x.id === Number(sid));
      return { id: String(sid), name: s?.name ?? '（已删除的阶段）' };
    };
    const labels = new Map<string, RequiredField>();
    for (const s of stages) for (const f of entryFields(s)) if (!labels.has(f.key)) labels.set(f.key, f);
    const timeline = moves.map((m) => {
      let fb: Feedback = {};
      try { fb = m.feedback ? JSON.parse(m.feedback) : {}; } catch { fb = {}; }
      return {
        id: String(m.id), fromStage: stageRef(m.from_stage_id), toStage: stageRef(m.to_stage_id)!,
        by: m.by_user_id === null ? null : { id: String(m.by_user_id), name: m.by_name ?? '' },
        at: isoOf(m.at)!,
        feedback: Object.entries(fb).map(([key, value]) => {
          const f = labels.get(key);
          return { key, label: key === 'amountFen' ? '成交金额' : f?.label ?? key, type: key === 'amountFen' ? 'amount' : f?.type ?? 'text', value };
        }),
      };
    });
    return { ...dto, timeline, next: this.nextOf(stages, Number(dto.stageId), dto.amountFen) };
  }

  /** The next open stage (or the won stage after the last open one) and what it asks for. */
  private nextOf(stages: StageDef[], stageId: number, amountFen: number): OpportunityDetailDto['next'] {
    const current = stages.find((s) => s.id === stageId);
    if (!current || current.kind !== 'open') return null;
    const open = stages.filter((s) => s.kind === 'open');
    const i = open.findIndex((s) => s.id === stageId);
    const to = open[i + 1] ?? stages.find((s) => s.kind === 'won');
    if (!to) return null;
    const check = checkMove({ stages, from: current, to, feedback: {}, amountFen });
    return { stage: { id: String(to.id), name: to.name }, requiredFields: check.missing };
  }

  private toDto(r: OppRow, stages: readonly StageDef[]): OpportunityDto {
    const stage = stages.find((s) => s.id === Number(r.stage_id)) ?? { id: Number(r.stage_id), name: '', kind: r.status as StageDef['kind'], winRate: 0, requiredFields: [] };
    const override = r.probability === null ? null : Number(r.probability);
    // Won and lost are settled: 100% and 0%, whatever was forecast before.
    const probability = r.status === 'open' ? effectiveProbability(override, stage) : stage.winRate;
    const amountFen = Number(r.amount_fen);
    return {
      id: String(r.id), customerId: String(r.customer_id), customer: { id: String(r.customer_id), name: r.customer_name },
      ownerId: r.owner_id === null ? null : String(r.owner_id),
      owner: r.owner_id === null ? null : { id: String(r.owner_id), name: r.owner_name ?? '' },
      ownerLeft: r.owner_id !== null && r.owner_status === 'left',
      name: r.name, amountFen, expectedCloseOn: dateOnly(r.expected_close_on),
      stageId: String(stage.id), stage: { id: String(stage.id), name: stage.name, kind: stage.kind, winRate: stage.winRate },
      status: r.status, probability, probabilityOverride: override, weightedFen: weightedFen(amountFen, probability),
      notes: r.notes, source: r.source, wonAt: isoOf(r.won_at), lostAt: isoOf(r.lost_at), lostReason: r.lost_reason,
      stageEnteredAt: isoOf(r.stage_entered_at)!, createdAt: isoOf(r.created_at)!, updatedAt: isoOf(r.updated_at)!,
    };
  }

  // ---- writes -------------------------------------------------------------------------------

  /** The customer locked, and the caller allowed to work on its pipeline (owner, co-followers, managers above). */
  private async requireWorkable(em: EntityManager, actor: Actor, customerId: number) {
    const loaded = await requireVisibleCustomer(em, actor, customerId, { lock: true });
    if (loaded.facts.inPool) throw new CustomerInPoolError();
    if (!canLogFollowUp(actor, loaded.facts)) throw new ForbiddenError(opportunityMessages.editForbidden);
    return Object.assign(loaded.customer, { followerIds: loaded.facts.followerIds });
  }

  /** An opportunity's owner is someone of the customer's sales team: its owner or a co-follower. */
  private checkOwner(customer: { ownerId: number | null; followerIds: readonly number[] }, ownerId: number): void {
    if (ownerId !== customer.ownerId && !customer.followerIds.includes(ownerId)) {
      throw new ValidationError({ ownerId: opportunityMessages.ownerNotInTeam });
    }
  }

  async create(actor: Actor, input: CreateOpportunityInput): Promise<OpportunityDetailDto> {
    const now = this.clock.now();
    const id = await this.db.tx(async (em) => {
      const customer = await this.requireWorkable(em, actor, input.customerId);
      const stages = await loadStages(em);
      const to = input.stageId === null ? stages.find((s) => s.kind === 'open') : stages.find((s) => s.id === input.stageId);
      if (!to) throw new ValidationError({ stageId: opportunityMessages.stageUnknown });
      const check = this.gate(stages, null, to, input.feedback, input.amountFen);
      if (input.ownerId !== null) this.checkOwner(customer, input.ownerId);
      const result = await em.insert(Opportunity, {
        customerId: customer.id, ownerId: input.ownerId ?? customer.ownerId, name: input.name, amountFen: check.amountFen,
        expectedCloseOn: input.expectedCloseOn, stageId: to.id, status: to.kind, probability: input.probability,
        notes: input.notes, source: input.source,
        wonAt: to.kind === 'won' ? now : null, lostAt: to.kind === 'lost' ? now : null,
        lostReason: to.kind === 'lost' ? String(check.feedback[LOST_REASON_KEY] ?? '') || null : null,
        stageEnteredAt: now, createdBy: actor.id, createdAt: now, updatedAt: now,
      });
      const oppId = Number(result.identifiers[0]!.id);
      await em.insert(OpportunityStageMove, {
        opportunityId: oppId, fromStageId: null, toStageId: to.id, byUserId: actor.id,
        feedback: Object.keys(check.feedback).length ? JSON.stringify(check.feedback) : null, at: now,
      });
      await this.historyEvent(em, customer, actor, to.kind === 'won' ? 'opp_won' : to.kind === 'lost' ? 'opp_lost' : 'opp_created', null, to, input.name, now);
      let patch: FactsPatch = factsAfterOpportunityOpened(customer);
      if (to.kind === 'won') patch = { ...patch, ...factsAfterWin(customer, now) };
      await this.applyFacts(em, customer.id, patch, now);
      await writeAudit(em, {
        actorId: actor.id, action: 'opportunity.create', entityType: 'opportunity', entityId: oppId,
        after: { ...input, stageId: to.id, amountFen: check.amountFen }, requestId: actor.requestId, at: now,
      });
      return oppId;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: number, input: UpdateOpportunityInput): Promise<OpportunityDetailDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { opp, customer } = await this.lockOpportunity(em, actor, id);
      if (input.customerId !== undefined && input.customerId !== opp.customerId) {
        throw new ValidationError({ customerId: opportunityMessages.customerFixed });
      }
      const patch: Partial<Opportunity> = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.ownerId !== undefined && input.ownerId !== opp.ownerId) {
        this.checkOwner(customer, input.ownerId);
        patch.ownerId = input.ownerId;
      }
      if (input.amountFen !== undefined) patch.amountFen = input.amountFen;
      if (input.expectedCloseOn !== undefined) patch.expectedCloseOn = input.expectedCloseOn ?? null;
      if (input.probability !== undefined) patch.probability = input.probability ?? null;
      if (input.notes !== undefined) patch.notes = input.notes;
      if (input.source !== undefined) patch.source = input.source;
      const amountAfter = patch.amountFen ?? opp.amountFen;
      const moving = input.stageId !== undefined && input.stageId !== opp.stageId;
      if (!moving && opp.status === 'won' && amountAfter <= 0) throw new WonAmountError();
      if (Object.keys(patch).length) {
        await em.update(Opportunity, { id }, { ...patch, updatedAt: now });
        await writeAudit(em, {
          actorId: actor.id, action: 'opportunity.update', entityType: 'opportunity', entityId: id,
          before: pick(opp, Object.keys(patch) as Array<keyof Opportunity>), after: patch, requestId: actor.requestId, at: now,
        });
      }
      if (moving) {
        await this.moveLocked(em, actor, { ...opp, ...patch }, customer, { stageId: input.stageId!, feedback: input.feedback ?? {} }, now);
      } else if (input.feedback && Object.keys(input.feedback).length) {
        throw new ValidationError({ feedback: '只有变更阶段时才需要填写阶段反馈' });
      }
    });
    return this.get(actor, id);
  }

  async move(actor: Actor, id: number, input: MoveStageInput): Promise<OpportunityDetailDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { opp, customer } = await this.lockOpportunity(em, actor, id);
      await this.moveLocked(em, actor, opp, customer, input, now);
    });
    return this.get(actor, id);
  }

  private async lockOpportunity(em: EntityManager, actor: Actor, id: number): Promise<{ opp: Opportunity; customer: Customer & { followerIds: readonly number[] } }> {
    // Which customer, read outside the transaction (on MySQL): the transaction's first statement
    // must be the customer's row lock, so its reads see what the previous lock holder committed
    // (a plain read first would fix an older snapshot for the whole transaction).
    const first = await (this.db.kind === 'mysql' ? this.db.manager : em).findOneBy(Opportunity, { id });
    if (!first) throw new OpportunityNotFoundError();
    const customer = await this.requireWorkable(em, actor, first.customerId);
    // Re-read under the customer's lock: every writer of its opportunities takes that lock first.
    const opp = await em.findOneBy(Opportunity, { id });
    if (!opp) throw new OpportunityNotFoundError();
    return { opp, customer };
  }

  /** The gate: 400 for bad values or unknown keys, 409 for no move, 422 for missing feedback. */
  private gate(stages: StageDef[], from: StageDef | null, to: StageDef, feedback: Record<string, unknown>, amountFen: number) {
    const check = checkMove({ stages, from, to, feedback, amountFen });
    if (check.direction === 'same') throw new SameStageError();
    if (check.unknown.length) {
      throw new ValidationError(Object.fromEntries(check.unknown.map((k) => [`feedback.${k}`, opportunityMessages.unknownFeedback(check.unknown)])));
    }
    if (Object.keys(check.invalid).length) {
      throw new ValidationError(Object.fromEntries(Object.entries(check.invalid).map(([k, m]) => [`feedback.${k}`, m])));
    }
    if (check.missing.length) throw new StageFeedbackRequiredError(check.missing);
    return check;
  }

  private async moveLocked(em: EntityManager, actor: Actor, opp: Opportunity, customer: Customer, input: MoveStageInput, now: Date): Promise<void> {
    const stages = await loadStages(em);
    const to = stages.find((s) => s.id === input.stageId);
    if (!to) throw new ValidationError({ stageId: opportunityMessages.stageUnknown });
    const from = stages.find((s) => s.id === opp.stageId) ?? null;
    const check = this.gate(stages, from, to, input.feedback, opp.amountFen);
    const wasWon = opp.status === 'won';
    const patch: Partial<Opportunity> = {
      stageId: to.id, status: to.kind, amountFen: check.amountFen, stageEnteredAt: now, updatedAt: now,
      wonAt: to.kind === 'won' ? now : null,
      lostAt: to.kind === 'lost' ? now : null,
      lostReason: to.kind === 'lost' ? String(check.feedback[LOST_REASON_KEY] ?? '') || null : null,
    };
    await em.update(Opportunity, { id: opp.id }, patch);
    await em.insert(OpportunityStageMove, {
      opportunityId: opp.id, fromStageId: opp.stageId, toStageId: to.id, byUserId: actor.id,
      feedback: Object.keys(check.feedback).length ? JSON.stringify(check.feedback) : null, at: now,
    });
    const type: OwnershipEventType = to.kind === 'won' ? 'opp_won' : to.kind === 'lost' ? 'opp_lost' : wasWon ? 'opp_reopened' : 'opp_moved';
    await this.historyEvent(em, customer, actor, type, from, to, opp.name, now);
    if (to.kind === 'won' && !wasWon) {
      await this.applyFacts(em, customer.id, factsAfterWin(customer, now), now);
    } else if (wasWon && to.kind !== 'won') {
      await this.applyFacts(em, customer.id, factsAfterReopen(customer, await this.remainingDeals(em, customer.id, opp.id)), now);
    }
    await writeAudit(em, {
      actorId: actor.id, action: 'opportunity.stage', entityType: 'opportunity', entityId: opp.id,
      before: { stageId: opp.stageId, status: opp.status, amountFen: opp.amountFen },
      after: { stageId: to.id, status: to.kind, amountFen: check.amountFen, feedback: check.feedback }, requestId: actor.requestId, at: now,
    });
  }

  /**
   * The deals that still stand on a customer: its other won opportunities, the contracts signed
   * without an opportunity (a contract of an opportunity is that opportunity's deal), and deals a
   * manager recorded.
   */
  private async remainingDeals(em: EntityManager, customerId: number, exceptOpportunityId: number): Promise<Date[]> {
    const won = await em.query("SELECT won_at AS at FROM opportunities WHERE customer_id = ? AND status = 'won' AND id <> ? AND won_at IS NOT NULL",
      [customerId, exceptOpportunityId]) as Array<{ at: string | Date }>;
    const signed = await em.query("SELECT signed_at AS at FROM contracts WHERE customer_id = ? AND status IN ('signed', 'completed') AND opportunity_id IS NULL AND signed_at IS NOT NULL",
      [customerId]) as Array<{ at: string | Date }>;
    const recorded = await em.query("SELECT at FROM ownership_events WHERE customer_id = ? AND type = 'stage_changed' AND to_value IN ('deal', 'repeat')",
      [customerId]) as Array<{ at: string | Date }>;
    return [...won, ...signed, ...recorded].map((r) => fromSqlTime(r.at));
  }

  private async applyFacts(em: EntityManager, customerId: number, patch: FactsPatch, now: Date): Promise<void> {
    if (!Object.keys(patch).length) return;
    await em.update(Customer, { id: customerId }, { ...patch, updatedAt: now });
  }

  /** The move on the customer's timeline (GET /api/customers/:id/history). */
  private async historyEvent(em: EntityManager, customer: Customer, actor: Actor, type: OwnershipEventType,
    from: StageDef | null, to: StageDef, name: string, now: Date): Promise<void> {
    await em.insert(OwnershipEvent, {
      customerId: customer.id, type, fromUserId: customer.ownerId, toUserId: customer.ownerId, byUserId: actor.id,
      reason: clip(`商机「${name}」`, REASON_MAX), rule: null,
      fromValue: from ? clip(from.name, VALUE_MAX) : null, toValue: clip(to.name, VALUE_MAX), at: now,
    });
  }

  // ---- forecast and funnel ------------------------------------------------------------------

  /** The scope as SQL over customers "c" (the same visibility as the customer lists). */
  private scopeSql(actor: Actor, scope: ForecastQuery['scope']): { sql: string; params: unknown[] } {
    const preds = scopeListParts(actor, scope).predicates; // also the role check (403)
    if (scope === 'team') {
      // Aggregates read every opportunity of the team: as a semi-join (the manager clause of
      // visibleCustomerCondition) the optimizer can start from the team's people and their
      // customers instead of testing each opportunity's customer one by one.
      return {
        sql: "c.owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!')",
        params: [likePrefix(actor.departmentPath)],
      };
    }
    return { sql: preds.length ? preds.map((p) => p.sql).join(' AND ') : '1 = 1', params: preds.flatMap((p) => p.params) };
  }

  /**
   * Weighted forecast for a month: open opportunities expected to close in it, amount ×
   * probability (integer fen, rounded down), per owner, per department and in total; plus what
   * was won in the month.
   */
  async forecast(actor: Actor, query: ForecastQuery) {
    const month = query.month ?? businessDate(this.clock.now(), this.tz).slice(0, 7);
    const range = monthRange(month, this.tz);
    const scope = this.scopeSql(actor, query.scope);
    const em = this.db.manager;
    const open = await readQuery<{ owner_id: number | string | null; n: number | string; amount: unknown; weighted: unknown }>(em,
      `SELECT o.owner_id, COUNT(*) AS n, SUM(o.amount_fen) AS amount, SUM(o.amount_fen * COALESCE(o.probability, s.win_rate)) AS weighted
       FROM opportunities o JOIN stages s ON s.id = o.stage_id JOIN customers c ON c.id = o.customer_id
       WHERE o.status = 'open' AND o.expected_close_on >= ? AND o.expected_close_on <= ? AND ${scope.sql}
       GROUP BY o.owner_id`, [range.first, range.last, ...scope.params]);
    const won = await readQuery<{ owner_id: number | string | null; n: number | string; amount: unknown }>(em,
      `SELECT o.owner_id, COUNT(*) AS n, SUM(o.amount_fen) AS amount
       FROM opportunities o JOIN customers c ON c.id = o.customer_id
       WHERE o.status = 'won' AND o.won_at >= ? AND o.won_at < ? AND ${scope.sql}
       GROUP BY o.owner_id`, [sqlTime(range.start), sqlTime(range.end), ...scope.params]);
    const ownerIds = [...new Set([...open, ...won].map((r) => r.owner_id).filter((v) => v !== null).map(Number))];
    const people = new Map<number, { name: string; departmentId: number; departmentName: string }>();
    if (ownerIds.length) {
      const rows = await readQuery<{ id: number | string; name: string; department_id: number | string; dept: string }>(em,
        `SELECT u.id, u.name, u.department_id, d.name AS dept FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id IN (${placeholders(ownerIds.length)})`, ownerIds);
      for (const r of rows) people.set(Number(r.id), { name: r.name, departmentId: Number(r.department_id), departmentName: r.dept });
    }
    type Line = { count: number; amount: bigint; weighted: bigint; wonCount: number; won: bigint };
    const empty = (): Line => ({ count: 0, amount: 0n, weighted: 0n, wonCount: 0, won: 0n });
    const byOwner = new Map<number | null, Line>();
    const line = (k: number | null) => byOwner.get(k) ?? (byOwner.set(k, empty()), byOwner.get(k)!);
    for (const r of open) {
      const l = line(r.owner_id === null ? null : Number(r.owner_id));
      l.count += Number(r.n); l.amount += big(r.amount); l.weighted += big(r.weighted);
    }
    for (const r of won) {
      const l = line(r.owner_id === null ? null : Number(r.owner_id));
      l.wonCount += Number(r.n); l.won += big(r.amount);
    }
    const out = (l: Line) => ({
      count: l.count, amountFen: fenOf(l.amount), weightedFen: fenOf(l.weighted / 100n), wonCount: l.wonCount, wonFen: fenOf(l.won),
    });
    const total = empty();
    const byDept = new Map<number | null, { name: string; line: Line }>();
    for (const [owner, l] of byOwner) {
      total.count += l.count; total.amount += l.amount; total.weighted += l.weighted; total.wonCount += l.wonCount; total.won += l.won;
      const p = owner === null ? null : people.get(owner);
      const key = p ? p.departmentId : null;
      const d = byDept.get(key) ?? (byDept.set(key, { name: p?.departmentName ?? '公海', line: empty() }), byDept.get(key)!);
      d.line.count += l.count; d.line.amount += l.amount; d.line.weighted += l.weighted; d.line.wonCount += l.wonCount; d.line.won += l.won;
    }
    return {
      month, scope: query.scope,
      total: out(total),
      byOwner: [...byOwner.entries()]
        .map(([owner, l]) => ({ owner: owner === null ? null : { id: String(owner), name: people.get(owner)?.name ?? '' }, ...out(l) }))
        .sort((a, b) => b.weightedFen - a.weightedFen || b.wonFen - a.wonFen),
      byDepartment: [...byDept.entries()]
        .map(([dept, d]) => ({ department: dept === null ? null : { id: String(dept), name: d.name }, ...out(d.line) }))
        .sort((a, b) => b.weightedFen - a.weightedFen),
    };
  }

  /**
   * The funnel: open opportunities per stage (count, amount, weighted amount); for won and lost
   * stages, those closed in `month` when given, else all.
   */
  async funnel(actor: Actor, query: FunnelQuery) {
    const scope = this.scopeSql(actor, query.scope);
    const em = this.db.manager;
    const closed = query.month ? monthRange(query.month, this.tz) : null;
    const rows = await readQuery<{ stage_id: number | string; n: number | string; amount: unknown; weighted: unknown }>(em,
      `SELECT o.stage_id, COUNT(*) AS n, SUM(o.amount_fen) AS amount,
         SUM(o.amount_fen * CASE WHEN o.status = 'open' THEN COALESCE(o.probability, s.win_rate) ELSE s.win_rate END) AS weighted
       FROM opportunities o JOIN stages s ON s.id = o.stage_id JOIN customers c ON c.id = o.customer_id
       WHERE ${scope.sql}${closed ? " AND (o.status = 'open' OR COALESCE(o.won_at, o.lost_at) >= ? AND COALESCE(o.won_at, o.lost_at) < ?)" : ''}
       GROUP BY o.stage_id`, [...scope.params, ...(closed ? [sqlTime(closed.start), sqlTime(closed.end)] : [])]);
    const stages = await loadStages(em);
    const byStage = new Map(rows.map((r) => [Number(r.stage_id), r]));
    const items = stages.map((s) => {
      const r = byStage.get(s.id);
      return {
        stage: { id: String(s.id), name: s.name, kind: s.kind, winRate: s.winRate },
        count: Number(r?.n ?? 0), amountFen: fenOf(big(r?.amount)), weightedFen: fenOf(big(r?.weighted) / 100n),
      };
    });
    const openItems = items.filter((i) => i.stage.kind === 'open');
    return {
      scope: query.scope, month: query.month ?? null, items,
      open: {
        count: openItems.reduce((a, i) => a + i.count, 0),
        amountFen: openItems.reduce((a, i) => a + i.amountFen, 0),
        weightedFen: openItems.reduce((a, i) => a + i.weightedFen, 0),
      },
    };
  }

  // ---- ownership ----------------------------------------------------------------------------

  /** The open opportunities of these customers follow their new owner (none while in a pool); closed ones keep theirs. */
  static async followOwner(sql: Sql, changes: ReadonlyArray<{ customerId: number; to: number | null }>, at: Date): Promise<void> {
    const byOwner = new Map<number | null, number[]>();
    for (const c of changes) {
      const list = byOwner.get(c.to) ?? [];
      list.push(c.customerId);
      byOwner.set(c.to, list);
    }
    for (const [owner, ids] of byOwner) {
      for (let i = 0; i < ids.length; i += 2000) {
        const chunk = ids.slice(i, i + 2000);
        await sql.execute(`UPDATE opportunities SET owner_id = ?, updated_at = ? WHERE status = 'open' AND customer_id IN (${placeholders(chunk.length)})`,
          [owner, sqlTime(at), ...chunk]);
      }
    }
  }
}

function pick<T extends object>(o: T, keys: Array<keyof T>): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
}
