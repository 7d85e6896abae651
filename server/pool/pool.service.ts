import { In, type EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { CustomerFollower } from '../../entities/customer-follower.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { execute, forUpdate, fromSqlTime, isUniqueViolation, likePrefix, placeholders, sqlTime, type Database } from '../infra/db.ts';
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
import { CustomerNotInPoolError, PoolExistsError, poolMessages } from './pool.errors.ts';
import { ClaimRefusedError } from '../ownership/ownership.errors.ts';
import type { PoolCustomersQuery } from './pool.schemas.ts';
import { holdingSummary, homePoolFor, poolsWithPaths, ruleColumns, rulesOf } from '../ownership/pools.repository.ts';
import { startOfDayAfter } from '../ownership/rules/business-calendar.ts';
import { exceedsHoldingCap, mayClaim } from '../ownership/rules/may-claim.ts';
import type { PoolRules } from '../ownership/rules/pool-rules.ts';
import { canViewPool, isInSubtree, isPoolMember } from '../customers/rules/visibility.ts';
import { customerMessages } from '../customers/customers.errors.ts';
import { Department } from '../../entities/department.entity.ts';

export interface PoolDto {
  id: string;
  name: string;
  departmentId: string;
  rules: PoolRules;
  /** Whether the caller may claim from it (listPools only). */
  member?: boolean;
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

  /** The pools the caller sees (canViewPool), each saying whether the caller may claim from it. */
  async listPools(actor: Actor): Promise<{ items: PoolDto[] }> {
    const pools = await poolsWithPaths(this.db.manager);
    return {
      items: pools.filter((p) => canViewPool(actor, p.path)).map((p) => ({ ...toPoolDto(p.pool), member: isPoolMember(actor, p.path) })),
    };
  }

  /**
   * A pool for a department (admin). One per department. Its members are the people of the
   * department's subtree, so the customers they own now return to it: owned customers whose
   * nearest pool becomes this one move over in the same transaction; customers sitting in
   * another pool stay where they are.
   */
  assertMayCreatePool(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError(poolMessages.createForbidden);
  }

  async createPool(actor: Actor, input: { name: string; departmentId: number; rules: PoolRules }): Promise<PoolDto> {
    this.assertMayCreatePool(actor);
    const now = this.clock.now();
    try {
      return await this.db.tx(async (em) => {
        const department = await em.findOneBy(Department, { id: input.departmentId });
        if (!department) throw new ValidationError({ departmentId: poolMessages.departmentNotFound });
        if (await em.findOneBy(Pool, { departmentId: input.departmentId })) throw new PoolExistsError(department.name);
        const result = await em.insert(Pool, { name: input.name, departmentId: department.id, ...ruleColumns(input.rules), createdAt: now, updatedAt: now });
        const poolId = Number(result.identifiers[0]!.id);
        // Pools of departments above this one: their customers owned inside this subtree move here.
        const above = (await poolsWithPaths(em)).filter((p) => p.pool.id !== poolId && department.path.startsWith(p.path) && p.path !== department.path);
        let rehomed = 0;
        if (above.length) {
          rehomed = await execute(em,
            `UPDATE customers SET pool_id = ? WHERE owner_id IS NOT NULL AND pool_id IN (${placeholders(above.length)})
               AND owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!')`,
            [poolId, ...above.map((p) => p.pool.id), likePrefix(department.path)]);
        }
        await writeAudit(em, {
          actorId: actor.id, action: 'pool.create', entityType: 'pool', entityId: poolId,
          after: { name: input.name, departmentId: department.id, rules: input.rules, rehomedCustomers: rehomed }, requestId: actor.requestId, at: now,
        });
        return toPoolDto(await em.findOneByOrFail(Pool, { id: poolId }));
      });
    } catch (err) {
      // Two admins creating the same department's pool at once: the unique index lets one through.
      if (isUniqueViolation(err)) throw new PoolExistsError(null);
      throw err;
    }
  }

  async updateRules(actor: Actor, poolId: number, rules: PoolRules): Promise<PoolDto> {
    const now = this.clock.now();
    return this.db.tx(async (em) => {
      const { pool } = await this.requirePoolVisible(em, actor, poolId);
      if (actor.role !== 'admin') throw new ForbiddenError(poolMessages.rulesForbidden);
      const before = rulesOf(pool);
      await em.update(Pool, { id: poolId }, { ...ruleColumns(rules), updatedAt: now });
      await writeAudit(em, { actorId: actor.id, action: 'pool.rules.update', entityType: 'pool', entityId: poolId, before, after: rules, requestId: actor.requestId, at: now });
      return toPoolDto(await em.findOneByOrFail(Pool, { id: poolId }));
    });
  }

  async listCustomers(actor: Actor, poolId: number, query: PoolCustomersQuery, plan = this.customers.listPlan): Promise<{ items: PoolCustomerDto[]; total: number; totalCapped?: true; page: number; pageSize: number }> {
    const em = this.db.manager;
    await this.requirePoolVisible(em, actor, poolId);
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
    const dtos = await hydrateRows(em, result.rows, this.tz, now);
    const items = dtos.map((dto, i) => {
      const row = result.rows[i]!;
      const enteredAt = fromSqlTime(row.pool_entered_at);
      return {
        ...dto,
        pool: {
          enteredAt: enteredAt ? enteredAt.toISOString() : null,
          reason: row.pool_reason,
          daysInPool: dto.daysInPool,
          lastOwner: row.last_owner_id !== null ? { id: String(row.last_owner_id), name: row.last_owner_name ?? '' } : null,
        },
      };
    });
    return { items, total: result.total, ...(result.totalCapped ? { totalCapped: true as const } : {}), page: query.page, pageSize: query.pageSize };
  }

  /**
   * Claim (领取). Race-free: the rep's row is locked so their own concurrent claims queue up
   * behind each other (cap and daily limit hold), and the owner is set only where it is
   * still empty, so of many reps claiming one customer exactly one wins. What the caller
   * cannot see (another department's pool, someone else's customer — including one just
   * claimed by a faster colleague) is 404 before any other answer.
   */
  async claim(actor: Actor, customerId: number): Promise<CustomerDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      await em.query(`SELECT id FROM users WHERE id = ?${forUpdate(this.db.kind)}`, [actor.id]);
      const { customer, facts } = await requireVisibleCustomer(em, actor, customerId, { lock: true });
      if (!facts.inPool || customer.poolId === null) throw new CustomerNotInPoolError(customer.ownerId === actor.id);
      const { pool, path } = await this.requirePoolVisible(em, actor, customer.poolId);
      if (actor.role !== 'admin' && !isPoolMember(actor, path)) throw new ForbiddenError(poolMessages.notMember, 'POOL_NOT_MEMBER');
      const rules = rulesOf(pool);
      const home = await homePoolFor(em, actor.departmentPath, now);
      const holdingRules = rulesOf(home);
      const holding = await holdingSummary(em, actor.id, holdingRules);
      const refusal = mayClaim({
        holding: holding.counted,
        claimedToday: await this.claimedToday(em, actor.id, now),
        lastLostAt: await this.lastLostAt(em, customerId, actor.id),
        customerExempt: holdingRules.exemptLevels.includes(customer.level),
      }, { ...rules, holdingCap: holdingRules.holdingCap }, now, this.tz);
      if (refusal) throw new ClaimRefusedError(refusal.code === 'POOL_HOLDING_CAP' ? { ...refusal, excluded: holding.excluded } : refusal);
      const updated = await em.createQueryBuilder().update(Customer)
        // The customer now returns to the claimer's nearest pool (API.md: the owner's nearest department with one).
        .set({ ownerId: actor.id, poolId: home.id, claimedAt: now, poolEnteredAt: null, poolReason: null, updatedAt: now })
        .where('id = :id AND owner_id IS NULL', { id: customerId })
        .execute();
      if (!updated.affected) throw new NotFoundError(customerMessages.notFound); // cannot happen under the row lock
      await em.insert(OwnershipEvent, { customerId, type: 'claimed', fromUserId: null, toUserId: actor.id, byUserId: actor.id, reason: null, rule: null, at: now });
      await writeAudit(em, {
        actorId: actor.id, action: 'customer.claim', entityType: 'customer', entityId: customerId,
        before: { ownerId: null, poolId: pool.id }, after: { ownerId: actor.id, poolId: home.id }, requestId: actor.requestId, at: now,
      });
    });
    return this.customers.get(actor, customerId);
  }

  /**
   * What the holding cap counts for the caller and what it leaves out, in the words the claim
   * refusal uses, so the rep's list and the refusal never disagree.
   */
  async myHolding(actor: Actor) {
    const home = await homePoolFor(this.db.manager, actor.departmentPath, this.clock.now());
    const rules = rulesOf(home);
    const summary = await holdingSummary(this.db.manager, actor.id, rules);
    return {
      counted: summary.counted, cap: rules.holdingCap, excluded: summary.excluded, exemptLevels: rules.exemptLevels,
      pool: { id: String(home.id), name: home.name },
      text: `计入持有上限 ${summary.counted}/${rules.holdingCap}（不含重点等免回收客户 ${summary.excluded.exempt} 个、协作客户 ${summary.excluded.coFollowed} 个）`,
    };
  }

  /** Release (释放) to the home pool, with a reason: by the owner or a manager above them. */
  async release(actor: Actor, customerId: number, reason: string): Promise<CustomerDto> {
    await this.toPool(actor, customerId, reason, 'released');
    return this.customers.get(actor, customerId);
  }

  /** Manager reclaim (收回): a manager over the owner sends the customer back to the pool. */
  async reclaim(actor: Actor, customerId: number, reason: string): Promise<CustomerDto> {
    await this.toPool(actor, customerId, reason, 'reclaimed');
    return this.customers.get(actor, customerId);
  }

  /**
   * Assign (分配) from the pool or transfer from another owner, by a manager (within their
   * subtree) or an admin. The holding cap binds unless overridden on purpose (audited).
   */
  async assign(actor: Actor, customerId: number, input: { userId: number; overrideCap: boolean; reason?: string }): Promise<CustomerDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      // Visibility first (404), then the role (403), then everything else.
      await requireVisibleCustomer(em, actor, customerId);
      if (actor.role === 'rep') throw new ForbiddenError(poolMessages.assignForbidden);
      await em.query(`SELECT id FROM users WHERE id = ?${forUpdate(this.db.kind)}`, [input.userId]);
      const { customer, facts } = await requireVisibleCustomer(em, actor, customerId, { lock: true });
      const target = await this.requireAssignee(em, actor, input.userId);
      if (customer.ownerId === input.userId) throw new ValidationError({ userId: poolMessages.assigneeIsOwner });
      if (facts.inPool) {
        if (customer.poolId === null) throw new CustomerNotInPoolError();
        await this.requirePoolVisible(em, actor, customer.poolId);
      } else {
        await requireEditableCustomer(em, actor, customerId);
      }
      const home = await homePoolFor(em, target.departmentPath, now);
      const rules = rulesOf(home);
      let overridden = false;
      let holdingCounted = 0;
      const holding = await holdingSummary(em, target.id, rules);
      holdingCounted = holding.counted;
      if (exceedsHoldingCap(holding.counted, rules, rules.exemptLevels.includes(customer.level))) {
        if (!input.overrideCap) {
          throw new ClaimRefusedError({ code: 'POOL_HOLDING_CAP', cap: rules.holdingCap, holding: holding.counted, excluded: holding.excluded, assignee: target.name });
        }
        overridden = true;
      }
      const type = customer.ownerId === null ? 'assigned' : 'transferred';
      const updated = await em.createQueryBuilder().update(Customer)
        .set({ ownerId: target.id, poolId: home.id, claimedAt: now, poolEnteredAt: null, poolReason: null, updatedAt: now })
        .where(customer.ownerId === null ? 'id = :id AND owner_id IS NULL' : 'id = :id AND owner_id = :owner', { id: customerId, owner: customer.ownerId })
        .execute();
      if (!updated.affected) throw new CustomerNotInPoolError();
      await em.delete(CustomerFollower, { customerId, userId: target.id });
      // The history says why, and that the cap was overridden and by whom (超出持有上限，由 王经理 指派).
      const reason = [overridden ? poolMessages.capOverridden(actor.name, holdingCounted, rules.holdingCap) : null, input.reason ?? null]
        .filter(Boolean).join('；') || null;
      await em.insert(OwnershipEvent, { customerId, type, fromUserId: customer.ownerId, toUserId: target.id, byUserId: actor.id, reason: reason && truncate(reason, 255), rule: null, at: now });
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
      const { customer, facts } = await requireVisibleCustomer(em, actor, customerId, { lock: true });
      if (type === 'reclaimed' && actor.role === 'rep') throw new ForbiddenError(poolMessages.reclaimForbidden);
      if (facts.inPool) throw new CustomerNotInPoolError(false, poolMessages.alreadyInPool);
      await requireEditableCustomer(em, actor, customerId);
      const ownerId = customer.ownerId!;
      // Back to the pool of the owner's nearest department that has one (the owner may have moved).
      const owner = await em.query('SELECT d.path AS path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [ownerId]);
      const home = owner[0] ? await homePoolFor(em, owner[0].path, now) : null;
      const poolId = home?.id ?? customer.poolId;
      if (poolId === null) throw new CustomerNotInPoolError();
      const updated = await em.createQueryBuilder().update(Customer)
        .set({ ownerId: null, poolId, lastOwnerId: ownerId, claimedAt: null, poolEnteredAt: now, poolReason: reason, updatedAt: now })
        .where('id = :id AND owner_id = :owner', { id: customerId, owner: ownerId })
        .execute();
      if (!updated.affected) throw new CustomerNotInPoolError();
      await em.delete(CustomerFollower, { customerId });
      await em.insert(OwnershipEvent, { customerId, type, fromUserId: ownerId, toUserId: null, byUserId: actor.id, reason, rule: null, at: now });
      await writeAudit(em, {
        actorId: actor.id, action: type === 'released' ? 'customer.release' : 'customer.reclaim', entityType: 'customer', entityId: customerId,
        before: { ownerId }, after: { ownerId: null, poolId, reason }, requestId: actor.requestId, at: now,
      });
    });
  }

  async assertPoolVisible(actor: Actor, poolId: number): Promise<void> {
    await this.requirePoolVisible(this.db.manager, actor, poolId);
  }

  /** The pool if the caller sees it (canViewPool); 404 otherwise, so other departments' pools stay unknown. */
  private async requirePoolVisible(em: EntityManager, actor: Actor, poolId: number): Promise<{ pool: Pool; path: string; rules: PoolRules }> {
    const entry = (await poolsWithPaths(em)).find((p) => p.pool.id === poolId);
    if (!entry || !canViewPool(actor, entry.path)) throw new NotFoundError(poolMessages.poolNotFound);
    return { pool: entry.pool, path: entry.path, rules: rulesOf(entry.pool) };
  }

  private async requireAssignee(em: EntityManager, actor: Actor, userId: number): Promise<User & { departmentPath: string }> {
    const rows: Array<{ path: string }> = await em.query('SELECT d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [userId]);
    const user = await em.findOneBy(User, { id: userId });
    const inScope = actor.role === 'admin' || (rows[0] && isInSubtree(rows[0].path, actor.departmentPath));
    if (!user || !rows[0]) throw new ValidationError({ userId: poolMessages.assigneeNotFound });
    if (user.status !== 'active') throw new ValidationError({ userId: poolMessages.assigneeLeft(user.name) });
    if (!inScope) throw new ValidationError({ userId: poolMessages.assigneeOutOfScope(user.name) });
    return Object.assign(user, { departmentPath: rows[0].path });
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

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function toPoolDto(pool: Pool): PoolDto {
  return { id: String(pool.id), name: pool.name, departmentId: String(pool.departmentId), rules: rulesOf(pool) };
}
