import { In, type EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { CustomerLevelRequest } from '../../entities/customer-level-request.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { notify } from '../notifications/notify.ts';
import { customerSummaries } from './customer-summary.repository.ts';
import { notice } from '../notifications/notice.notification.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { execute, likePrefix, sqlTime, type Database } from '../infra/db.ts';
import { rulesOf } from '../ownership/pools.repository.ts';
import { findLeaders } from '../org/leaders.repository.ts';
import { canEditCustomer } from './rules/visibility.ts';
import { LEVEL_LABELS, maySetProtectedFacts, protectedChanges } from './rules/protected-facts.ts';
import { requireVisibleCustomer } from './customer-access.ts';
import { iso } from './customers.dto.ts';
import type { CreateLevelRequestInput, DecideLevelRequestInput, LevelRequestListQuery } from './level-requests.schemas.ts';

export const levelRequestMessages = {
  notFound: '申请不存在或无权查看',
  onlyOwner: '只有客户负责人可以申请调整等级',
  managersSetDirectly: '经理和管理员可直接修改客户等级，无需申请',
  notProtected: (level: string) => `「${level}」等级可直接修改，无需申请`,
  pending: '该客户已有待审批的等级申请',
  notPending: '该申请已处理',
  decideForbidden: '只有负责人的上级经理或管理员可以审批',
  ownRequest: '不能审批自己的申请',
};

export interface LevelRequestDto {
  id: string;
  customer: { id: string; name: string };
  fromLevel: string;
  level: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: { id: string; name: string };
  decidedBy: { id: string; name: string } | null;
  decisionComment: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/**
 * A rep's request for a level the pool exempts from reclaim (申请设为重点). The rep cannot set it
 * (it would take the customer out of reclaim and the holding cap); their manager decides. The
 * request and its decision are in the customer's history and the audit log; the manager and
 * then the rep are told in chat.
 */
export class LevelRequestsService {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async create(actor: Actor, customerId: number, input: CreateLevelRequestInput): Promise<LevelRequestDto> {
    const now = this.clock.now();
    const id = await this.db.tx(async (em) => {
      const { customer, facts } = await requireVisibleCustomer(em, actor, customerId, { lock: true });
      if (maySetProtectedFacts(actor.role)) throw new ValidationError({ level: levelRequestMessages.managersSetDirectly });
      if (!canEditCustomer(actor, facts)) throw new ForbiddenError(levelRequestMessages.onlyOwner);
      const exempt = customer.poolId !== null ? rulesOf(await em.findOneByOrFail(Pool, { id: customer.poolId })).exemptLevels : [];
      if (!protectedChanges(customer, { level: input.level }, exempt).length) {
        throw new ValidationError({ level: levelRequestMessages.notProtected(LEVEL_LABELS[input.level]) });
      }
      if (await em.findOneBy(CustomerLevelRequest, { customerId, status: 'pending' })) throw new ConflictError('LEVEL_REQUEST_PENDING', levelRequestMessages.pending);
      const result = await em.insert(CustomerLevelRequest, {
        customerId, requestedBy: actor.id, fromLevel: customer.level, toLevel: input.level, reason: input.reason,
        status: 'pending', decidedBy: null, decisionComment: null, decidedAt: null, createdAt: now,
      });
      const requestId = Number(result.identifiers[0]!.id);
      await writeAudit(em, {
        actorId: actor.id, action: 'customer.level.request', entityType: 'customer', entityId: customerId,
        after: { requestId, from: customer.level, to: input.level, reason: input.reason }, requestId: actor.requestId, at: now,
      });
      const leaders = await findLeaders(em, actor.departmentPath, [actor.id]);
      await notify(em, notice, {
        topic: 'wecrm 客户等级', customerId: String(customerId), customerName: customer.name,
        title: `${actor.name} 申请将 {customer} 设为${LEVEL_LABELS[input.level]}`,
        desc: '请在客户详情中同意或驳回', detail: `申请理由：${input.reason}`,
        rows: [{ key: '申请人', value: actor.name }, { key: '当前等级', value: LEVEL_LABELS[customer.level] }, { key: '申请等级', value: LEVEL_LABELS[input.level] }],
      }, { to: leaders.map((l) => l.wecomUserId), dedupeKey: `level-request:${requestId}`, customerId, now });
      return requestId;
    });
    return (await this.toDtos(this.db.manager, [await this.db.manager.findOneByOrFail(CustomerLevelRequest, { id })]))[0]!;
  }

  /** 404 unless the request's customer is visible to the caller (before a body is read). */
  async assertVisible(actor: Actor, requestId: number): Promise<void> {
    const request = await this.db.manager.findOneBy(CustomerLevelRequest, { id: requestId });
    if (!request) throw new NotFoundError(levelRequestMessages.notFound);
    await requireVisibleCustomer(this.db.manager, actor, request.customerId).catch(() => {
      throw new NotFoundError(levelRequestMessages.notFound);
    });
  }

  async listForCustomer(actor: Actor, customerId: number): Promise<{ items: LevelRequestDto[] }> {
    await requireVisibleCustomer(this.db.manager, actor, customerId);
    const rows = await this.db.manager.find(CustomerLevelRequest, { where: { customerId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return { items: await this.toDtos(this.db.manager, rows) };
  }

  /** todo: pending requests the caller may decide (customers owned in their subtree; admins: all); mine: the caller's own. */
  async list(actor: Actor, query: LevelRequestListQuery): Promise<{ items: LevelRequestDto[]; total: number; page: number; pageSize: number }> {
    const em = this.db.manager;
    let where: string;
    let params: unknown[];
    if (query.box === 'mine') {
      where = 'r.requested_by = ?';
      params = [actor.id];
    } else if (actor.role === 'admin') {
      where = "r.status = 'pending'";
      params = [];
    } else if (actor.role === 'manager') {
      where = `r.status = 'pending' AND r.requested_by <> ? AND c.owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!')`;
      params = [actor.id, likePrefix(actor.departmentPath)];
    } else {
      return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    }
    const [{ n }] = await em.query(`SELECT COUNT(*) AS n FROM customer_level_requests r JOIN customers c ON c.id = r.customer_id WHERE ${where}`, params);
    const rows: Array<{ id: number | string }> = await em.query(
      `SELECT r.id FROM customer_level_requests r JOIN customers c ON c.id = r.customer_id WHERE ${where}
       ORDER BY r.created_at DESC, r.id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`, params);
    const ids = rows.map((r) => Number(r.id));
    const found = ids.length ? await em.findBy(CustomerLevelRequest, { id: In(ids) }) : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    return { items: await this.toDtos(em, ids.map((i) => byId.get(i)!).filter(Boolean)), total: Number(n), page: query.page, pageSize: query.pageSize };
  }

  /** Exactly one decision: the request moves out of pending by a conditional update. */
  async decide(actor: Actor, requestId: number, input: DecideLevelRequestInput): Promise<LevelRequestDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const request = await em.findOneBy(CustomerLevelRequest, { id: requestId });
      if (!request) throw new NotFoundError(levelRequestMessages.notFound);
      const { customer, facts } = await requireVisibleCustomer(em, actor, request.customerId, { lock: true }).catch(() => {
        throw new NotFoundError(levelRequestMessages.notFound);
      });
      if (request.requestedBy === actor.id) throw new ForbiddenError(levelRequestMessages.ownRequest);
      if (!maySetProtectedFacts(actor.role) || !canEditCustomer(actor, facts)) throw new ForbiddenError(levelRequestMessages.decideForbidden);
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      const taken = await execute(em,
        "UPDATE customer_level_requests SET status = ?, decided_by = ?, decision_comment = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
        [status, actor.id, input.comment ?? null, sqlTime(now), requestId]);
      if (!taken) throw new ConflictError('LEVEL_REQUEST_NOT_PENDING', levelRequestMessages.notPending);
      const requester = await em.findOneBy(User, { id: request.requestedBy });
      if (status === 'approved' && customer.level !== request.toLevel) {
        await em.update(Customer, { id: customer.id }, { level: request.toLevel, updatedAt: now });
        await em.insert(OwnershipEvent, {
          customerId: customer.id, type: 'level_changed', fromUserId: customer.ownerId, toUserId: customer.ownerId, byUserId: actor.id,
          reason: truncate(`${requester?.name ?? '负责人'}申请：${request.reason}${input.comment ? `；${actor.name}：${input.comment}` : ''}`, 255),
          rule: null, fromValue: customer.level, toValue: request.toLevel, at: now,
        });
      }
      await writeAudit(em, {
        actorId: actor.id, action: `customer.level.request.${status}`, entityType: 'customer', entityId: customer.id,
        before: { level: customer.level }, after: { requestId, level: status === 'approved' ? request.toLevel : customer.level, comment: input.comment ?? null },
        requestId: actor.requestId, at: now,
      });
      if (requester && requester.status === 'active') {
        await notify(em, notice, {
          topic: 'wecrm 客户等级', customerId: String(customer.id), customerName: customer.name,
          title: status === 'approved' ? `{customer} 已设为${LEVEL_LABELS[request.toLevel]}` : `{customer} 设为${LEVEL_LABELS[request.toLevel]}的申请被驳回`,
          desc: `${actor.name}${status === 'approved' ? '已同意' : '已驳回'}你的申请`,
          ...(input.comment ? { detail: `意见：${input.comment}` } : {}),
          rows: [{ key: '审批人', value: actor.name }, { key: '申请理由', value: request.reason }],
        }, { to: [requester.wecomUserId], dedupeKey: `level-request-decided:${requestId}`, customerId: customer.id, now });
      }
    });
    return (await this.toDtos(this.db.manager, [await this.db.manager.findOneByOrFail(CustomerLevelRequest, { id: requestId })]))[0]!;
  }

  private async toDtos(em: EntityManager, rows: CustomerLevelRequest[]): Promise<LevelRequestDto[]> {
    if (!rows.length) return [];
    const userIds = [...new Set(rows.flatMap((r) => [r.requestedBy, r.decidedBy]).filter((v): v is number => v !== null))];
    const users = new Map((await em.find(User, { where: { id: In(userIds) }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    const customers = await customerSummaries(em, rows.map((r) => r.customerId));
    const ref = (id: number) => ({ id: String(id), name: users.get(id) ?? '' });
    return rows.map((r) => ({
      id: String(r.id), customer: { id: String(r.customerId), name: customers.get(r.customerId)?.name ?? '' },
      fromLevel: r.fromLevel, level: r.toLevel, reason: r.reason, status: r.status,
      requestedBy: ref(r.requestedBy), decidedBy: r.decidedBy === null ? null : ref(r.decidedBy),
      decisionComment: r.decisionComment, createdAt: iso(r.createdAt)!, decidedAt: iso(r.decidedAt),
    }));
  }
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
