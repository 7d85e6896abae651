import { In, type EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { CustomerFollower } from '../../entities/customer-follower.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { forUpdate, fromSqlTime, sqlTime, type Database } from '../infra/db.ts';
import { startOfBusinessDay } from '../infra/time.ts';
import { writeAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts';
import { requireEditableCustomer, requireVisibleCustomer } from '../customers/customer-access.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { CustomerDto } from '../customers/customers.dto.ts';
import { runList, type ListDriver, type ListPredicate } from '../customers/customer-list.query.ts';
import { CUSTOMER_ROW_SELECT, hydrateRows, type CustomerRow } from '../customers/customer-rows.ts';
import { searchListParts } from '../customers/customer-search.query.ts';
import { parseSearchQuery } from '../customers/rules/search-text.ts';
import { ClaimRefusedError, CustomerNotInPoolError, poolMessages } from './pool.errors.ts';
import type { PoolCustomersQuery } from './pool.schemas.ts';
import { countHolding, isPoolMember, poolsWithPaths, ruleColumns, rulesOf } from './pools.repository.ts';
import { calendarDaysBetween, startOfDayAfter } from './rules/business-calendar.ts';
import { exceedsHoldingCap, mayClaim } from './rules/may-claim.ts';
import type { PoolRules } from './rules/pool-rules.ts';
import { isInSubtree } from '../customers/rules/visibility.ts';

export interface PoolDto {
  id: string;
  name: string;
  departmentId: string;
  rules: PoolRules;
}

export interface PoolCustomerDto extends CustomerDto {
  pool: { enteredAt: string | null; reason: string | null; daysInPool: number | null; lastOwner: { id: string; name: string } | null };
}


export class PoolService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly customers: CustomersService,
  ) {}

  async listPools(actor: Actor): Promise<{ items: PoolDto[] }> {
    const pools = await poolsWithPaths(this.db.manager);
    return { items: pools.filter((p) => actor.role === 'admin' || isPoolMember(p.path, actor.departmentPath)).map((p) => toPoolDto(p.pool)) };
  }

  async updateRules(actor: Actor, poolId: number, rules: PoolRules): Promise<PoolDto> {
    if (actor.role !== 'admin') throw new ForbiddenError(poolMessages.rulesForbidden);
    const now = this.clock.now();
    return this.db.tx(async (em) => {
      const pool = await em.findOneBy(Pool, { id: poolId });
      if (!pool) throw new NotFoundError('公海不存在');
      const before = rulesOf(pool);
      await em.update(Pool, { id: poolId }, { ...ruleColumns(rules), updatedAt: now });
      await writeAudit(em, { actorId: actor.id, action: 'pool.rules.update', entityType: 'pool', entityId: poolId, before, after: rules, requestId: actor.requestId, at: now });
      return toPoolDto(await em.findOneByOrFail(Pool, { id: poolId }));
    });
  }

  async listCustomers(actor: Actor, poolId: number, query: PoolCustomersQuery, plan = this.customers.listPlan): Promise<{ items: PoolCustomerDto[]; total: number; totalCapped?: true; page: number; pageSize: number }> {
    const em = this.db.manager;
    await this.requireMembership(em, actor, poolId);
    const now = this.clock.now();
    // The pool's rows in the order of idx_customers_pool_entered (pool_id, owner_id, pool_entered_at).
    const predicates: ListPredicate[] = [{ name: 'pool', sql: 'c.pool_id = ? AND c.owner_id IS NULL', params: [poolId] }];
    const drivers: ListDriver[] = [];
    if (query.q !== undefined) {
      const search = parseSearchQuery(query.q);
      if (!search) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      const parts = searchListParts(search);
      predicates.push(parts.predicate);
      drivers.push(parts.driver);
    }
    const equal = (name: string, column: string, value: unknown) => predicates.push({ name, sql: `c.${column} = ?`, params: [value] });
    if (query.industry) equal('industry', 'industry', query.industry);
    if (query.region) equal('region', 'region', query.region);
    if (query.level) equal('level', 'level', query.level);
    if (query.lastOwnerId) equal('lastOwner', 'last_owner_id', Number(query.lastOwnerId));
    if (query.minDaysInPool !== undefined) {
      predicates.push({ name: 'minDays', sql: 'c.pool_entered_at < ?', params: [sqlTime(startOfDayAfter(now, -query.minDaysInPool + 1, this.tz))] });
    }
    if (query.maxDaysInPool !== undefined) {
      predicates.push({ name: 'maxDays', sql: 'c.pool_entered_at >= ?', params: [sqlTime(startOfDayAfter(now, -query.maxDaysInPool, this.tz))] });
    }
    const result = await runList<CustomerRow>(
      em,
      { predicates, drivers, orderBy: 'c.pool_entered_at DESC, c.id DESC', select: CUSTOMER_ROW_SELECT },
      { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
      plan,
    );
    const dtos = await hydrateRows(em, result.rows, this.tz);
    const items = dtos.map((dto, i) => {
      const row = result.rows[i]!;
      const enteredAt = fromSqlTime(row.pool_entered_at);
      return {
        ...dto,
        pool: {
          enteredAt: enteredAt ? enteredAt.toISOString() : null,
          reason: row.pool_reason,
          daysInPool: enteredAt ? calendarDaysBetween(enteredAt, now, this.tz) : null,
          lastOwner: row.last_owner_id !== null ? { id: String(row.last_owner_id), name: row.last_owner_name ?? '' } : null,
        },
      };
    });
    return { items, total: result.total, ...(result.totalCapped ? { totalCapped: true as const } : {}), page: query.page, pageSize: query.pageSize };
  }

  /**
   * Claim (领取). Race-free: the rep's row is locked so their own concurrent claims queue up
   * behind each other (cap and daily limit hold), and the owner is set only where it is
   * still empty, so of many reps claiming one customer exactly one wins.
   */
  async claim(actor: Actor, customerId: number): Promise<CustomerDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      await em.query(`SELECT id FROM users WHERE id = ?${forUpdate(this.db.kind)}`, [actor.id]);
      // Members of its pool know a pool customer exists: a lost race is "already taken", not 404.
      const customer = await em.findOneBy(Customer, { id: customerId });
      if (!customer || customer.poolId === null) throw new NotFoundError('客户不存在或无权查看');
      const { pool, rules } = await this.requireMembership(em, actor, customer.poolId);
      if (customer.ownerId !== null) throw new CustomerNotInPoolError();
      const refusal = mayClaim({
        holding: await countHolding(em, actor.id, rules),
        claimedToday: await this.claimedToday(em, actor.id, now),
        lastLostAt: await this.lastLostAt(em, customerId, actor.id),
        customerExempt: rules.exemptLevels.includes(customer.level),
      }, rules, now, this.tz);
      if (refusal) throw new ClaimRefusedError(refusal);
      const updated = await em.createQueryBuilder().update(Customer)
        .set({ ownerId: actor.id, claimedAt: now, poolEnteredAt: null, poolReason: null, updatedAt: now })
        .where('id = :id AND owner_id IS NULL', { id: customerId })
        .execute();
      if (!updated.affected) throw new CustomerNotInPoolError(); // someone else was faster
      await em.insert(OwnershipEvent, { customerId, type: 'claimed', fromUserId: null, toUserId: actor.id, byUserId: actor.id, reason: null, rule: null, at: now });
      await writeAudit(em, {
        actorId: actor.id, action: 'customer.claim', entityType: 'customer', entityId: customerId,
        before: { ownerId: null, poolId: pool.id }, after: { ownerId: actor.id }, requestId: actor.requestId, at: now,
      });
    });
    return this.customers.get(actor, customerId);
  }

  /** Release (释放) to the home pool, with a reason: by the owner or a manager above them. */
  async release(actor: Actor, customerId: number, reason: string): Promise<CustomerDto> {
    await this.toPool(actor, customerId, reason, 'released');
    return this.customers.get(actor, customerId);
  }

  /** Manager reclaim (收回): a manager over the owner sends the customer back to the pool. */
  async reclaim(actor: Actor, customerId: number, reason: string): Promise<CustomerDto> {
    if (actor.role === 'rep') throw new ForbiddenError(poolMessages.reclaimForbidden);
    await this.toPool(actor, customerId, reason, 'reclaimed');
    return this.customers.get(actor, customerId);
  }

  /**
   * Assign (分配) from the pool or transfer from another owner, by a manager (within their
   * subtree) or an admin. The holding cap binds unless overridden on purpose (audited).
   */
  async assign(actor: Actor, customerId: number, input: { userId: number; overrideCap: boolean; reason?: string }): Promise<CustomerDto> {
    if (actor.role === 'rep') throw new ForbiddenError(poolMessages.assignForbidden);
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      await em.query(`SELECT id FROM users WHERE id = ?${forUpdate(this.db.kind)}`, [input.userId]);
      const { customer } = await requireVisibleCustomer(em, actor, customerId);
      const target = await this.requireAssignee(em, actor, input.userId);
      if (customer.ownerId === input.userId) throw new ValidationError({ userId: poolMessages.assigneeIsOwner });
      if (customer.ownerId === null) {
        if (customer.poolId === null) throw new CustomerNotInPoolError();
        await this.requireMembership(em, actor, customer.poolId);
      } else {
        await requireEditableCustomer(em, actor, customerId);
      }
      const pool = customer.poolId !== null ? await em.findOneBy(Pool, { id: customer.poolId }) : null;
      const rules = pool ? rulesOf(pool) : null;
      let overridden = false;
      if (rules) {
        const holding = await countHolding(em, target.id, rules);
        if (exceedsHoldingCap(holding, rules, rules.exemptLevels.includes(customer.level))) {
          if (!input.overrideCap) throw new ClaimRefusedError({ code: 'POOL_HOLDING_CAP', cap: rules.holdingCap, holding });
          overridden = true;
        }
      }
      const type = customer.ownerId === null ? 'assigned' : 'transferred';
      const updated = await em.createQueryBuilder().update(Customer)
        .set({ ownerId: target.id, claimedAt: now, poolEnteredAt: null, poolReason: null, updatedAt: now })
        .where(customer.ownerId === null ? 'id = :id AND owner_id IS NULL' : 'id = :id AND owner_id = :owner', { id: customerId, owner: customer.ownerId })
        .execute();
      if (!updated.affected) throw new CustomerNotInPoolError();
      await em.delete(CustomerFollower, { customerId, userId: target.id });
      await em.insert(OwnershipEvent, { customerId, type, fromUserId: customer.ownerId, toUserId: target.id, byUserId: actor.id, reason: input.reason ?? null, rule: null, at: now });
      await writeAudit(em, {
        actorId: actor.id, action: `customer.${type === 'assigned' ? 'assign' : 'transfer'}`, entityType: 'customer', entityId: customerId,
        before: { ownerId: customer.ownerId }, after: { ownerId: target.id, holdingCapOverridden: overridden, reason: input.reason ?? null },
        requestId: actor.requestId, at: now,
      });
    });
    return this.customers.get(actor, customerId);
  }

  private async toPool(actor: Actor, customerId: number, reason: string, type: 'released' | 'reclaimed'): Promise<void> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { customer } = await requireEditableCustomer(em, actor, customerId);
      const ownerId = customer.ownerId!;
      if (customer.poolId === null) throw new CustomerNotInPoolError();
      const updated = await em.createQueryBuilder().update(Customer)
        .set({ ownerId: null, lastOwnerId: ownerId, claimedAt: null, poolEnteredAt: now, poolReason: reason, updatedAt: now })
        .where('id = :id AND owner_id = :owner', { id: customerId, owner: ownerId })
        .execute();
      if (!updated.affected) throw new CustomerNotInPoolError();
      await em.delete(CustomerFollower, { customerId });
      await em.insert(OwnershipEvent, { customerId, type, fromUserId: ownerId, toUserId: null, byUserId: actor.id, reason, rule: null, at: now });
      await writeAudit(em, {
        actorId: actor.id, action: type === 'released' ? 'customer.release' : 'customer.reclaim', entityType: 'customer', entityId: customerId,
        before: { ownerId }, after: { ownerId: null, poolId: customer.poolId, reason }, requestId: actor.requestId, at: now,
      });
    });
  }

  private async requireMembership(em: EntityManager, actor: Actor, poolId: number): Promise<{ pool: Pool; rules: PoolRules }> {
    const entry = (await poolsWithPaths(em)).find((p) => p.pool.id === poolId);
    if (!entry || (actor.role !== 'admin' && !isPoolMember(entry.path, actor.departmentPath))) throw new NotFoundError('公海不存在或你不是其成员');
    return { pool: entry.pool, rules: rulesOf(entry.pool) };
  }

  private async requireAssignee(em: EntityManager, actor: Actor, userId: number): Promise<User> {
    const rows: Array<{ path: string }> = await em.query('SELECT d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [userId]);
    const user = await em.findOneBy(User, { id: userId });
    const inScope = actor.role === 'admin' || (rows[0] && isInSubtree(rows[0].path, actor.departmentPath));
    if (!user || user.status !== 'active' || !inScope) throw new ValidationError({ userId: poolMessages.assigneeInvalid });
    return user;
  }

  private async claimedToday(em: EntityManager, userId: number, now: Date): Promise<number> {
    const rows = await em.query(
      "SELECT COUNT(*) AS n FROM ownership_events WHERE to_user_id = ? AND type = 'claimed' AND at >= ?",
      [userId, sqlTime(startOfBusinessDay(now, this.tz))],
    );
    return Number(rows[0].n);
  }

  private async lastLostAt(em: EntityManager, customerId: number, userId: number): Promise<Date | null> {
    const last = await em.findOne(OwnershipEvent, {
      where: { customerId, fromUserId: userId, type: In(['released', 'reclaimed']) },
      order: { at: 'DESC' },
    });
    return last?.at ?? null;
  }
}

function toPoolDto(pool: Pool): PoolDto {
  return { id: String(pool.id), name: pool.name, departmentId: String(pool.departmentId), rules: rulesOf(pool) };
}
