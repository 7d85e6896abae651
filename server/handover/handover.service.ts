import { In, type EntityManager } from 'typeorm';
import { Handover, type HandoverTarget } from '../../entities/handover.entity.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { isInSubtree } from '../customers/rules/visibility.ts';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { wecomErrcode, type WecomDirectory } from '../auth/wecom-directory.ts';
import type { WecomTransfers } from './wecom-transfers.ts';
import { execute, forUpdate, fromSqlTime, placeholders, readQuery, sqlTime, type Database } from '../infra/db.ts';
import { notify, notifyMany } from '../notifications/notify.ts';
import { pageNotice } from '../notifications/page-notice.notification.ts';
import { decision } from '../notifications/decision.notification.ts';
import { findLeaders } from '../org/leaders.repository.ts';
import { changeOwner, type OwnerChange } from '../ownership/change-owner.ts';
import { handoverParticipants, type HandoverContext, type HandoverCounts } from '../ownership/handover-participants.ts';
import { holdingSummary } from '../ownership/holding.repository.ts';
import type { SharedVersion } from '../infra/shared-version.ts';
import { nearestPool, type PoolDirectory } from '../ownership/pool-directory.ts';
import { distribute, type OverCap } from './rules/distribute.ts';
import { HandoverOverCapError, handoverMessages } from './handover.errors.ts';
import type { CreateHandoverInput, ListHandoversQuery } from './handover.schemas.ts';

export interface HandoverDto {
  id: string;
  status: Handover['status'];
  trigger: Handover['trigger'];
  fromUserId: string;
  fromUser: { id: string; name: string; status: string };
  to: { pool: true } | { userIds: string[]; users: Array<{ id: string; name: string }> } | null;
  reason: string;
  counts: { moved: number; skipped: number };
  wecom: { requested: number; takenOver: number; waiting: number; failed: number };
  runBy: { id: string; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface PreviewDto {
  fromUser: { id: string; name: string; status: string };
  counts: { customers: number } & HandoverCounts & { coFollowed: number; plannedFollowUps: number };
}

interface Member { id: number; name: string; status: string; wecomUserId: string; departmentPath: string }

/** Customers per transaction: each batch locks its rows, moves them and records its items. */
const BATCH = 500;

/**
 * Handover (离职交接 / 转派): everything one member holds moves in one action — to one successor,
 * spread over several by load under the holding cap, or back to the pools — through the one
 * ownership operation (an event `transferred` per customer), with the leaver's co-follower seats,
 * and whatever other capabilities hold for them (their participants: approvals …). Batches commit
 * one by one and the handover remembers what it set out to do, so a crash and a resume end where
 * one uninterrupted run would; a second handover of the same leaver finds nothing left to move.
 */
export class HandoverService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly pools: PoolDirectory,
    /** Bumped when a member is marked left: their sessions end at once on every instance. */
    private readonly orgVersion: SharedVersion,
    /** WeCom's directory, for the periodic check that finds members who left without an event reaching us. */
    private readonly directory: Pick<WecomDirectory, 'getUser'> | null = null,
    /** The WeCom side: the leaver's WeCom customers handed to the new owners. */
    readonly wecom: WecomTransfers | null = null,
    /** Test hook: after each committed batch (a throw simulates a crash). */
    readonly hooks: { afterBatch?: (n: number) => void | Promise<void> } = {},
  ) {}

  /** 404 unless the caller manages the member (their subtree; admins: everyone), never themself. */
  async requireManaged(em: EntityManager, actor: Actor, userId: number): Promise<Member> {
    const member = await findMember(em, userId);
    const managed = member && member.id !== actor.id
      && (actor.role === 'admin' || (actor.role === 'manager' && isInSubtree(member.departmentPath, actor.departmentPath)));
    if (!member || !managed) throw new NotFoundError(handoverMessages.memberNotFound);
    return member;
  }

  async preview(actor: Actor, fromUserId: number): Promise<PreviewDto> {
    const em = this.db.manager;
    const member = await this.requireManaged(em, actor, fromUserId);
    const now = this.clock.now();
    const [row] = await readQuery<{ customers: number | string; co_followed: number | string; planned: number | string }>(em,
      `SELECT (SELECT COUNT(*) FROM customers WHERE owner_id = ?) AS customers,
              (SELECT COUNT(*) FROM customer_followers WHERE user_id = ?) AS co_followed,
              (SELECT COUNT(*) FROM follow_ups f JOIN customers c ON c.id = f.customer_id
                WHERE c.owner_id = ? AND f.next_follow_up_at >= ?
                  AND NOT EXISTS (SELECT 1 FROM follow_ups g WHERE g.customer_id = f.customer_id AND (g.at > f.at OR (g.at = f.at AND g.id > f.id)))) AS planned`,
      [fromUserId, fromUserId, fromUserId, sqlTime(now)]);
    const counts: PreviewDto['counts'] = {
      customers: Number(row?.customers ?? 0), coFollowed: Number(row?.co_followed ?? 0), plannedFollowUps: Number(row?.planned ?? 0),
      approvalsToDecide: 0, approvalsFiled: 0, wecomContacts: 0, wecomGroups: 0,
    };
    for (const p of handoverParticipants()) Object.assign(counts, await p.count(em, fromUserId));
    const [contacts] = await readQuery<{ n: number | string }>(em, 'SELECT COUNT(*) AS n FROM wecom_contact_follows WHERE wecom_user_id = ?', [member.wecomUserId]);
    counts.wecomContacts = Number(contacts?.n ?? 0);
    counts.wecomGroups = await this.wecom?.groupCount(member.wecomUserId) ?? 0;
    return { fromUser: { id: String(member.id), name: member.name, status: member.status }, counts };
  }

  /** Starts a handover and runs it to the end (the CRM side takes seconds even for hundreds of customers). */
  async create(actor: Actor, input: CreateHandoverInput): Promise<HandoverDto> {
    const now = this.clock.now();
    const em = this.db.manager;
    const from = await this.requireManaged(em, actor, input.fromUserId);
    const target: HandoverTarget = 'pool' in input.to ? 'pool' : 'userId' in input.to ? 'user' : 'users';
    const successorIds = 'pool' in input.to ? [] : 'userId' in input.to ? [input.to.userId] : [...new Set(input.to.userIds)];
    if (input.overrideCap && actor.role !== 'admin') throw new ValidationError({ overrideCap: handoverMessages.overrideAdminOnly });
    const successors = await this.requireSuccessors(em, actor, from, successorIds);
    // Refuse up front when the customers do not fit under the successors' caps.
    if (target !== 'pool') {
      const plan = await this.plan(em, from.id, input.customerIds ?? null, successors, input.overrideCap);
      if (plan.overCap.length) throw capError(plan.overCap);
    }
    // A departure's draft, if any, becomes this handover; otherwise a new one.
    const id = await this.db.tx(async (q) => {
      const drafts = await q.query(`SELECT id FROM handovers WHERE from_user_id = ? AND status IN ('draft', 'running') ORDER BY id${forUpdate(this.db.kind)}`, [from.id]) as Array<{ id: number | string }>;
      const running = drafts.length ? await q.findOneByOrFail(Handover, { id: Number(drafts[0]!.id) }) : null;
      if (running?.status === 'running') throw new ConflictError('HANDOVER_RUNNING', handoverMessages.running);
      const values = {
        status: 'running' as const, target, toUserIds: successors.length ? JSON.stringify(successors.map((s) => s.id)) : null,
        customerIds: input.customerIds ? JSON.stringify([...new Set(input.customerIds)]) : null,
        reason: input.reason, overrideCap: input.overrideCap ? 1 : 0, runBy: actor.id, startedAt: now,
      };
      if (running) {
        await q.update(Handover, { id: running.id }, values);
        return running.id;
      }
      const result = await q.insert(Handover, { ...values, fromUserId: from.id, trigger: 'manual', moved: 0, skipped: 0, error: null, createdAt: now, finishedAt: null });
      return Number(result.identifiers[0]!.id);
    });
    await this.run(id, { id: actor.id, name: actor.name, requestId: actor.requestId ?? null });
    return this.dto(id);
  }

  /** Runs (or resumes) a handover to its end. */
  async run(id: number, by: HandoverContext['by']): Promise<void> {
    const h = await this.db.manager.findOneByOrFail(Handover, { id });
    if (h.status === 'done' || h.status === 'draft' || !h.target) return;
    const from = (await findMember(this.db.manager, h.fromUserId))!;
    const successorIds: number[] = h.toUserIds ? JSON.parse(h.toUserIds) : [];
    const selection: number[] | null = h.customerIds ? JSON.parse(h.customerIds) : null;
    const successors = successorIds.length ? await findMembers(this.db.manager, successorIds) : [];
    const reason = h.reason;
    let batchNo = 0;
    // Customers: what the leaver still owns (of the selection), batch by batch.
    for (;;) {
      const now = this.clock.now();
      const moved = await this.db.tx(async (em) => {
        const ids = await ownedBy(em, this.db.kind, from.id, selection, BATCH);
        if (!ids.length) return 0;
        let changes: OwnerChange[];
        if (h.target === 'pool') {
          const pools = await this.pools.all(em);
          const home = nearestPool(pools, from.departmentPath);
          const rows = await em.query(`SELECT id, pool_id FROM customers WHERE id IN (${placeholders(ids.length)})`, ids) as Array<{ id: number | string; pool_id: number | string | null }>;
          changes = rows.map((r) => ({ customerId: Number(r.id), from: from.id, to: null, poolId: home?.pool.id ?? Number(r.pool_id), reason }));
        } else {
          const plan = await this.plan(em, from.id, ids, successors, h.overrideCap === 1);
          if (plan.overCap.length) throw capError(plan.overCap);
          const homes = new Map<number, number>();
          for (const s of successors) homes.set(s.id, (await this.pools.homeFor(em, s.departmentPath, now)).pool.id);
          changes = ids.map((customerId) => {
            const to = plan.assignments.get(customerId)!;
            return { customerId, from: from.id, to, poolId: homes.get(to)!, reason };
          });
        }
        await changeOwner(em, changes, {
          type: 'transferred', by: by ? { id: by.id, requestId: by.requestId ?? null } : null, at: now,
          auditAction: 'customer.handover', auditDetails: { handoverId: h.id },
        });
        await insertItems(em, h.id, 'customer', changes.map((c) => ({ customerId: c.customerId, toUserId: c.to, outcome: 'moved', note: null })), now);
        await execute(em, 'UPDATE handovers SET moved = moved + ? WHERE id = ?', [changes.length, h.id]);
        return changes.length;
      });
      if (!moved) break;
      await this.hooks.afterBatch?.(++batchNo);
    }
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      // What the selection named but the leaver does not own (any more): skipped, said once.
      if (selection) {
        const done = new Set((await em.query('SELECT customer_id FROM handover_items WHERE handover_id = ? AND kind = ?', [h.id, 'customer']) as Array<{ customer_id: number | string }>).map((r) => Number(r.customer_id)));
        const skipped = selection.filter((c) => !done.has(c));
        await insertItems(em, h.id, 'customer', skipped.map((customerId) => ({ customerId, toUserId: null, outcome: 'skipped', note: handoverMessages.notOwned })), now);
        await execute(em, 'UPDATE handovers SET skipped = ? WHERE id = ?', [skipped.length, h.id]);
      }
      // The leaver's co-follower seats: to the successor (unless they own or follow it already), or dropped.
      if (!selection) await this.moveSeats(em, h.id, from.id, successors[0]?.id ?? null, now);
      const ctx: HandoverContext = { fromUserId: from.id, toUserId: successors[0]?.id ?? null, by, reason, departure: from.status !== 'active', now };
      if (!selection) for (const p of handoverParticipants()) await p.handOver(em, ctx);
      await this.wecom?.plan(em, h.id, { wecomUserId: from.wecomUserId, active: from.status === 'active' }, now);
      await execute(em, "UPDATE handovers SET status = 'done', finished_at = ? WHERE id = ?", [sqlTime(now), h.id]);
      const final = await em.findOneByOrFail(Handover, { id: h.id });
      await writeAudit(em, {
        actorId: by?.id ?? null, action: 'handover.done', entityType: 'handover', entityId: h.id,
        after: { fromUserId: from.id, target: h.target, toUserIds: successorIds, moved: final.moved, skipped: final.skipped }, requestId: by?.requestId ?? null, at: now,
      });
      // Each successor hears once what came to them.
      const got = await em.query(
        `SELECT to_user_id, COUNT(*) AS n FROM handover_items WHERE handover_id = ? AND kind = 'customer' AND outcome = 'moved' AND to_user_id IS NOT NULL GROUP BY to_user_id`, [h.id]) as Array<{ to_user_id: number | string; n: number | string }>;
      await notifyMany(em, pageNotice, got.map((g) => {
        const to = successors.find((s) => s.id === Number(g.to_user_id));
        return {
          dedupeKey: `handover:${h.id}:successor:${g.to_user_id}`, to: to && to.status === 'active' ? [to.wecomUserId] : [],
          payload: {
            topic: 'wecrm 交接', title: handoverMessages.successorTitle(by?.name ?? '系统', from.name, Number(g.n)),
            // The successor (a rep, usually) opens their customers; the handover page is for managers.
            desc: reason, rows: [{ key: '客户', value: `${g.n} 位` }, { key: '原负责人', value: from.name }], page: '/pages/customers/index',
          },
        };
      }).filter((e) => e.to.length), now);
    });
    // WeCom after the commit, never inside a transaction; what fails here stays pending for the job.
    await this.wecom?.request(h.id).catch((err) => this.wecom?.logFailure(err, h.id));
    const successor = successors[0];
    if (this.wecom && successor && !selection && !(await this.groupsDone(h.id))) {
      await this.wecom.transferGroups(h.id, { wecomUserId: from.wecomUserId, active: from.status === 'active' }, { id: successor.id, wecomUserId: successor.wecomUserId })
        .catch((err) => this.wecom?.logFailure(err, h.id));
    }
  }

  private async groupsDone(handoverId: number): Promise<boolean> {
    const [row] = await readQuery<{ n: number | string }>(this.db.manager, "SELECT COUNT(*) AS n FROM handover_wecom_transfers WHERE handover_id = ? AND target_type = 'group'", [handoverId]);
    return Number(row?.n ?? 0) > 0;
  }

  /** The draft a departure opens, and the card its managers get (交给… opens the page, 退回公海 acts at once). */
  async onDeparture(wecomUserId: string): Promise<{ userId: number; handoverId: number | null } | null> {
    const now = this.clock.now();
    let markedLeft = false;
    const departed = await this.db.tx(async (em) => {
      const rows = await em.query(`SELECT id, status FROM users WHERE wecom_user_id = ?${forUpdate(this.db.kind)}`, [wecomUserId]) as Array<{ id: number | string; status: string }>;
      if (!rows[0]) return null;
      const userId = Number(rows[0].id);
      if (rows[0].status === 'active') {
        markedLeft = true;
        await execute(em, "UPDATE users SET status = 'left' WHERE id = ?", [userId]);
        await writeAudit(em, { actorId: null, action: 'user.left', entityType: 'user', entityId: userId, after: { status: 'left', source: 'wecom' }, at: now });
      }
      const member = (await findMember(em, userId))!;
      // What waits on them moves on at once (approvals …); customers wait for a manager's choice.
      const ctx: HandoverContext = { fromUserId: userId, toUserId: null, by: null, reason: handoverMessages.departureReason, departure: true, now };
      for (const p of handoverParticipants()) await p.handOver(em, ctx);
      const open = await em.query("SELECT id FROM handovers WHERE from_user_id = ? AND status IN ('draft', 'running')", [userId]) as Array<{ id: number | string }>;
      if (open.length) return { userId, handoverId: Number(open[0]!.id) };
      const [held] = await em.query('SELECT (SELECT COUNT(*) FROM customers WHERE owner_id = ?) AS customers, (SELECT COUNT(*) FROM customer_followers WHERE user_id = ?) AS seats', [userId, userId]) as Array<{ customers: number | string; seats: number | string }>;
      const customers = Number(held?.customers ?? 0);
      if (!customers && !Number(held?.seats ?? 0)) return { userId, handoverId: null };
      const result = await em.insert(Handover, {
        fromUserId: userId, status: 'draft', target: null, toUserIds: null, customerIds: null, reason: handoverMessages.departureReason,
        overrideCap: 0, trigger: 'departure', runBy: null, moved: 0, skipped: 0, error: null, createdAt: now, startedAt: null, finishedAt: null,
      });
      const handoverId = Number(result.identifiers[0]!.id);
      const leaders = await findLeaders(em, member.departmentPath, [userId]);
      await notify(em, decision, {
        topic: 'wecrm 交接', title: handoverMessages.departedTitle(member.name, customers),
        desc: handoverMessages.departedDesc, rows: [{ key: '离职成员', value: member.name }, { key: '客户', value: `${customers} 位` }],
        buttons: [{ key: `${HANDOVER_POOL_KEY}${handoverId}`, text: '退回公海', style: 2 }],
        page: `/pages/handover/index?id=${handoverId}`,
      }, { to: leaders.map((l) => l.wecomUserId), dedupeKey: `handover:${handoverId}:departed`, now });
      return { userId, handoverId };
    });
    if (markedLeft) await this.orgVersion.bump();
    return departed;
  }

  /**
   * The directory check (hourly): WeCom sends change_contact only to some apps (WECOM.md §3.6), so
   * every active member is looked up; one WeCom no longer knows, or shows disabled (2) or left (5),
   * is a departure. Also repairs a missed event.
   */
  async syncDirectory(): Promise<{ checked: number; departed: number; failed: number }> {
    if (!this.directory) return { checked: 0, departed: 0, failed: 0 };
    const members = await this.db.manager.query("SELECT wecom_user_id FROM users WHERE status = 'active' ORDER BY id") as Array<{ wecom_user_id: string }>;
    let departed = 0;
    let failed = 0;
    for (const { wecom_user_id: userid } of members) {
      let gone = false;
      try {
        const member = await this.directory.getUser(userid);
        gone = member.status === 2 || member.status === 5;
      } catch (err) {
        // 60111: userid not found (deleted). Anything else (network, rate limit) is not a departure.
        if (wecomErrcode(err) === 60111) gone = true;
        else failed++;
      }
      if (gone && (await this.onDeparture(userid))) departed++;
    }
    return { checked: members.length, departed, failed };
  }

  /** Departures nobody acted on within `days`: their customers go back to the pools by the same code path. */
  async fallback(now: Date, days: number): Promise<{ handovers: number; moved: number }> {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const stale = await this.db.manager.query(
      `SELECT id FROM handovers WHERE (status = 'draft' AND cause = 'departure' AND created_at <= ?) OR (status = 'running' AND started_at <= ?) ORDER BY id`,
      [sqlTime(cutoff), sqlTime(new Date(now.getTime() - 10 * 60_000))]) as Array<{ id: number | string }>;
    let moved = 0;
    for (const { id } of stale) {
      const h = await this.db.manager.findOneByOrFail(Handover, { id: Number(id) });
      if (h.status === 'draft') {
        await execute(this.db.manager, "UPDATE handovers SET status = 'running', target = 'pool', reason = ?, started_at = ? WHERE id = ? AND status = 'draft'",
          [handoverMessages.fallbackReason(days), sqlTime(now), h.id]);
      }
      await this.run(h.id, null);
      moved += (await this.db.manager.findOneByOrFail(Handover, { id: h.id })).moved;
    }
    return { handovers: stale.length, moved };
  }

  /** 退回公海 from the departure card: the clicker must manage the leaver. */
  async toPoolFromCard(actor: Actor, handoverId: number): Promise<HandoverDto> {
    const h = await this.db.manager.findOneBy(Handover, { id: handoverId });
    if (!h) throw new NotFoundError(handoverMessages.notFound);
    if (h.status !== 'draft') return this.dto(h.id);
    return this.create(actor, { fromUserId: h.fromUserId, to: { pool: true }, reason: handoverMessages.poolFromCard, overrideCap: false });
  }

  async assertVisible(actor: Actor, id: number): Promise<Handover> {
    const h = await this.db.manager.findOneBy(Handover, { id });
    if (!h) throw new NotFoundError(handoverMessages.notFound);
    await this.requireManaged(this.db.manager, actor, h.fromUserId).catch(() => { throw new NotFoundError(handoverMessages.notFound); });
    return h;
  }

  async get(actor: Actor, id: number): Promise<HandoverDto & {
    items: Array<{ customerId: string; customerName: string; kind: string; toUser: { id: string; name: string } | null; outcome: string; note: string | null }>;
    wecomItems: Awaited<ReturnType<WecomTransfers['items']>>;
  }> {
    await this.assertVisible(actor, id);
    const items = await readQuery<{ customer_id: number | string; name: string | null; kind: string; to_user_id: number | string | null; to_name: string | null; outcome: string; note: string | null }>(this.db.manager,
      `SELECT i.customer_id, c.name, i.kind, i.to_user_id, u.name AS to_name, i.outcome, i.note FROM handover_items i
         LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN users u ON u.id = i.to_user_id
        WHERE i.handover_id = ? ORDER BY i.id LIMIT 2000`, [id]);
    return {
      ...(await this.dto(id)),
      items: items.map((i) => ({
        customerId: String(i.customer_id), customerName: i.name ?? '', kind: i.kind,
        toUser: i.to_user_id === null ? null : { id: String(i.to_user_id), name: i.to_name ?? '' }, outcome: i.outcome, note: i.note,
      })),
      wecomItems: this.wecom ? await this.wecom.items(id) : [],
    };
  }

  /** Failed WeCom transfers of a handover again: to the same successors, or all to `toUserId`. */
  async retryWecom(actor: Actor, id: number, toUserId: number | null): Promise<HandoverDto> {
    const h = await this.assertVisible(actor, id);
    const to = toUserId === null ? null : (await this.requireSuccessors(this.db.manager, actor, (await findMember(this.db.manager, h.fromUserId))!, [toUserId]))[0]!;
    await this.wecom?.retry(h.id, to ? { id: to.id, wecomUserId: to.wecomUserId } : null);
    return this.dto(h.id);
  }

  /** Handovers of the members the caller manages, newest first. */
  async list(actor: Actor, q: ListHandoversQuery): Promise<{ items: HandoverDto[]; total: number; page: number; pageSize: number }> {
    if (actor.role === 'rep') return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    const where = actor.role === 'admin' ? '1 = 1' : "d.path LIKE ? ESCAPE '!'";
    const params = actor.role === 'admin' ? [] : [`${actor.departmentPath.replace(/[!%_]/g, '!$&')}%`];
    const status = q.status ? ' AND h.status = ?' : '';
    const base = `FROM handovers h JOIN users u ON u.id = h.from_user_id JOIN departments d ON d.id = u.department_id WHERE ${where}${status} AND h.from_user_id <> ?`;
    const args = [...params, ...(q.status ? [q.status] : []), actor.id];
    const [count] = await readQuery<{ n: number | string }>(this.db.manager, `SELECT COUNT(*) AS n ${base}`, args);
    const rows = await readQuery<{ id: number | string }>(this.db.manager, `SELECT h.id ${base} ORDER BY h.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, args);
    const items = await this.dtos(rows.map((r) => Number(r.id)));
    return { items, total: Number(count?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  async dto(id: number): Promise<HandoverDto> {
    return (await this.dtos([id]))[0]!;
  }

  /** Handovers as DTOs in three statements whatever their number (the rows, the people named, the WeCom counts). */
  async dtos(ids: readonly number[]): Promise<HandoverDto[]> {
    if (!ids.length) return [];
    const em = this.db.manager;
    const rows = await em.findBy(Handover, { id: In([...ids]) });
    const byId = new Map(rows.map((h) => [h.id, h]));
    const toIdsOf = (h: Handover): number[] => (h.toUserIds ? JSON.parse(h.toUserIds) : []);
    const people = await findMembers(em, rows.flatMap((h) => [h.fromUserId, ...toIdsOf(h), ...(h.runBy ? [h.runBy] : [])]));
    const person = new Map(people.map((p) => [p.id, p]));
    const name = (uid: number) => person.get(uid)?.name ?? '';
    const wecom = (await this.wecom?.counts(em, ids)) ?? new Map();
    return ids.map((id) => {
      const h = byId.get(id)!;
      const toIds = toIdsOf(h);
      const from = person.get(h.fromUserId);
      return {
        id: String(h.id), status: h.status, trigger: h.trigger, fromUserId: String(h.fromUserId),
        fromUser: { id: String(h.fromUserId), name: from?.name ?? '', status: from?.status ?? 'left' },
        to: h.target === 'pool' ? { pool: true } : h.target ? { userIds: toIds.map(String), users: toIds.map((u) => ({ id: String(u), name: name(u) })) } : null,
        reason: h.reason, counts: { moved: h.moved, skipped: h.skipped },
        wecom: wecom.get(h.id) ?? { requested: 0, takenOver: 0, waiting: 0, failed: 0 },
        runBy: h.runBy ? { id: String(h.runBy), name: name(h.runBy) } : null,
        createdAt: fromSqlTime(h.createdAt).toISOString(), startedAt: h.startedAt ? fromSqlTime(h.startedAt).toISOString() : null,
        finishedAt: h.finishedAt ? fromSqlTime(h.finishedAt).toISOString() : null, error: h.error,
      };
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async requireSuccessors(em: EntityManager, actor: Actor, from: Member, ids: number[]): Promise<Member[]> {
    const found = await findMembers(em, ids);
    for (const id of ids) {
      const m = found.find((f) => f.id === id);
      if (!m) throw new ValidationError({ to: handoverMessages.successorNotFound });
      if (m.id === from.id) throw new ValidationError({ to: handoverMessages.successorIsLeaver });
      if (m.status !== 'active') throw new ValidationError({ to: handoverMessages.successorLeft(m.name) });
      if (actor.role !== 'admin' && !isInSubtree(m.departmentPath, actor.departmentPath)) throw new ValidationError({ to: handoverMessages.successorOutOfScope(m.name) });
    }
    return ids.map((id) => found.find((f) => f.id === id)!);
  }

  /** Who gets which of the leaver's customers (all, or `selection`), under the successors' caps. */
  private async plan(em: EntityManager, fromUserId: number, selection: readonly number[] | null, successors: Member[], overrideCap: boolean) {
    const now = this.clock.now();
    const people = [];
    const exemptLevels = new Map<number, readonly string[]>();
    for (const s of successors) {
      const home = await this.pools.homeFor(em, s.departmentPath, now);
      const held = await holdingSummary(em, s.id, home.rules);
      people.push({ id: s.id, name: s.name, held: held.counted, cap: home.rules.holdingCap });
      exemptLevels.set(s.id, home.rules.exemptLevels);
    }
    const ids = selection ?? null;
    const rows = await readQuery<{ id: number | string; level: string }>(em,
      `SELECT id, level FROM customers WHERE owner_id = ?${ids ? ` AND id IN (${ids.length ? placeholders(ids.length) : 'NULL'})` : ''}`, [fromUserId, ...(ids ?? [])]);
    // A level exempt under the first successor's pool (successors of one handover share a pool in practice).
    const exempt = exemptLevels.get(successors[0]?.id ?? -1) ?? [];
    return distribute(rows.map((r) => ({ customerId: Number(r.id), exempt: exempt.includes(r.level) })), people, { overrideCap });
  }

  private async moveSeats(em: EntityManager, handoverId: number, fromUserId: number, toUserId: number | null, now: Date): Promise<void> {
    const seats = await em.query('SELECT customer_id FROM customer_followers WHERE user_id = ?', [fromUserId]) as Array<{ customer_id: number | string }>;
    if (!seats.length) return;
    const ids = seats.map((s) => Number(s.customer_id));
    let kept = new Set<number>();
    if (toUserId !== null) {
      const taken = await em.query(
        `SELECT id AS customer_id FROM customers WHERE owner_id = ? AND id IN (${placeholders(ids.length)})
         UNION SELECT customer_id FROM customer_followers WHERE user_id = ? AND customer_id IN (${placeholders(ids.length)})`,
        [toUserId, ...ids, toUserId, ...ids]) as Array<{ customer_id: number | string }>;
      const blocked = new Set(taken.map((t) => Number(t.customer_id)));
      kept = new Set(ids.filter((id) => !blocked.has(id)));
    }
    await em.query('DELETE FROM customer_followers WHERE user_id = ?', [fromUserId]);
    if (kept.size) {
      const list = [...kept];
      await em.query(`INSERT INTO customer_followers (customer_id, user_id, created_at) VALUES ${list.map(() => '(?, ?, ?)').join(', ')}`,
        list.flatMap((c) => [c, toUserId, sqlTime(now)]));
    }
    await insertItems(em, handoverId, 'seat', ids.map((customerId) => ({
      customerId, toUserId: kept.has(customerId) ? toUserId : null, outcome: 'moved',
      note: kept.has(customerId) ? null : handoverMessages.seatDropped,
    })), now);
  }
}

export const HANDOVER_POOL_KEY = 'handover:pool:';

function capError(overCap: OverCap[]): HandoverOverCapError {
  return new HandoverOverCapError(overCap);
}

async function findMember(em: EntityManager, id: number): Promise<Member | null> {
  return (await findMembers(em, [id]))[0] ?? null;
}

async function findMembers(em: EntityManager, ids: readonly number[]): Promise<Member[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await em.query(
    `SELECT u.id, u.name, u.status, u.wecom_user_id, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id IN (${placeholders(unique.length)})`, unique) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), status: String(r.status), wecomUserId: String(r.wecom_user_id), departmentPath: String(r.path) }));
}

/** Up to `limit` customers the member owns now (of the selection), locked for the batch. */
async function ownedBy(em: EntityManager, kind: 'sqlite' | 'mysql', userId: number, selection: readonly number[] | null, limit: number): Promise<number[]> {
  if (selection && !selection.length) return [];
  const rows = await em.query(
    `SELECT id FROM customers WHERE owner_id = ?${selection ? ` AND id IN (${placeholders(selection.length)})` : ''} ORDER BY id LIMIT ${limit}${forUpdate(kind)}`,
    [userId, ...(selection ?? [])]) as Array<{ id: number | string }>;
  return rows.map((r) => Number(r.id));
}

async function insertItems(
  em: EntityManager, handoverId: number, kind: 'customer' | 'seat',
  items: ReadonlyArray<{ customerId: number; toUserId: number | null; outcome: 'moved' | 'skipped'; note: string | null }>, now: Date,
): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const part = items.slice(i, i + 500);
    await em.query(
      `INSERT INTO handover_items (handover_id, kind, customer_id, to_user_id, outcome, note, at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((it) => [handoverId, kind, it.customerId, it.toUserId, it.outcome, it.note, sqlTime(now)]));
  }
}
