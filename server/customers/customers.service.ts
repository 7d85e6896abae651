import { In, type EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { CustomerContact } from '../../entities/customer-contact.entity.ts';
import { CustomerFollower } from '../../entities/customer-follower.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { forUpdate, isUniqueViolation, sqlTime, type Database } from '../infra/db.ts';
import { startOfBusinessDay } from '../infra/time.ts';
import { rulesOf } from '../ownership/pools.repository.ts';
import { holdingSummary } from '../ownership/holding.repository.ts';
import type { PoolDirectory } from '../ownership/pool-directory.ts';
import { changeOwner } from '../ownership/change-owner.ts';
import { dueConditionSql } from '../ownership/rules/due-condition.ts';
import { exceedsHoldingCap } from '../ownership/rules/may-claim.ts';
import { ClaimRefusedError } from '../ownership/ownership.errors.ts';
import { writeAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts';
import { requireEditableCustomer, requireVisibleCustomer, requireVisibleRow, scopeListParts } from './customer-access.ts';
import { DEFAULT_LIST_PLAN, runList, type ListPlanOptions } from './customer-list.query.ts';
import { CUSTOMER_ROW_SELECT, hydrateRows, loadCustomerRows, loadRelations, toCustomerDtos, type CustomerRow } from './customer-rows.ts';
import { reindexCustomerSearch } from './customer-search.index.ts';
import { searchListParts, tagListParts } from './customer-search.query.ts';
import { parseSearchQuery } from './rules/search-text.ts';
import { customerMessages, CustomerDuplicateError } from './customers.errors.ts';
import { iso, idOrNull, parseTags, type CustomerDto } from './customers.dto.ts';
import type { CreateCustomerInput, ListCustomersQuery, UpdateCustomerInput } from './customers.schemas.ts';
import { customerNameKey, phoneKey } from './rules/normalize-name.ts';
import { factsAfterStageChange, factsOnCreate } from './rules/customer-facts.ts';
import { LEVEL_LABELS, maySetProtectedFacts, protectedChanges, type ProtectedChange } from './rules/protected-facts.ts';
import { maskPhone } from './rules/mask-phone.ts';
import { assertNotLinkedElsewhere, closeAddedCards, followersOf, requireOwnWecomContact } from './wecom-contact-links.ts';

/** Orders of the list, each served by an index (NULLs sort last in DESC on MySQL and SQLite alike). */
const SORT_SQL: Record<ListCustomersQuery['sort'], string> = {
  updatedAt: 'c.updated_at DESC, c.id DESC',
  createdAt: 'c.created_at DESC, c.id DESC',
  // Never-contacted customers last.
  lastFollowUpAt: 'c.last_follow_up_at DESC, c.id DESC',
  name: 'c.name ASC, c.id ASC',
};

export interface CustomerListPage {
  items: CustomerDto[];
  total: number;
  /** True when the total stopped counting at the cap (shown as "1万+"). */
  totalCapped?: true;
  page: number;
  pageSize: number;
}

export class CustomersService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly pools: PoolDirectory,
    /** Plan thresholds (tests lower them to force every plan). */
    readonly listPlan: ListPlanOptions = DEFAULT_LIST_PLAN,
  ) {}

  async list(actor: Actor, query: ListCustomersQuery): Promise<CustomerListPage> {
    return (await this.listWithPlan(actor, query)).page;
  }

  /** The list and the plan that served it (customer-list.query.ts). */
  async listWithPlan(actor: Actor, query: ListCustomersQuery, plan: ListPlanOptions = this.listPlan): Promise<{ page: CustomerListPage; plan: string }> {
    const em = this.db.manager;
    const scope = scopeListParts(actor, query.scope);
    const predicates = [...scope.predicates];
    const drivers = [...scope.drivers];
    if (query.q !== undefined) {
      const search = parseSearchQuery(query.q);
      if (!search) return { page: { items: [], total: 0, page: query.page, pageSize: query.pageSize }, plan: 'none' };
      const parts = searchListParts(search);
      predicates.push(parts.predicate);
      drivers.push(parts.driver);
    }
    if (query.stage) predicates.push({ name: 'stage', sql: 'c.stage = ?', params: [query.stage] });
    if (query.level) predicates.push({ name: 'level', sql: 'c.level = ?', params: [query.level] });
    if (query.tag) {
      const parts = tagListParts(query.tag);
      predicates.push(parts.predicate);
      drivers.push(parts.driver);
    }
    if (query.ownerId) {
      const ownerId = Number(query.ownerId);
      predicates.push({ name: 'owner', sql: 'c.owner_id = ?', params: [ownerId] });
      drivers.push({
        name: 'owner',
        ids: (limit) => ({ sql: `SELECT id FROM customers WHERE owner_id = ?${limit ? ` LIMIT ${limit}` : ''}`, params: [ownerId] }),
        size: { sql: 'SELECT 1 AS one FROM customers WHERE owner_id = ?', params: [ownerId] },
        guarantees: ['owner'],
      });
    }
    if (query.followUpOlderThanDays !== undefined) {
      // Range on idx_customers_last_follow_up, plus the never-followed-up rows (IS NULL is a ref
      // lookup) held or created before the cutoff: a customer claimed yesterday is not forgotten.
      const cutoff = sqlTime(startOfBusinessDay(new Date(this.clock.now().getTime() - query.followUpOlderThanDays * 86_400_000), this.tz));
      predicates.push({
        name: 'followUpAge',
        sql: '(c.last_follow_up_at < ? OR (c.last_follow_up_at IS NULL AND COALESCE(c.claimed_at, c.created_at) < ?))',
        params: [cutoff, cutoff],
      });
    }
    if (query.soon) {
      // In the warning window of its pool: the same arithmetic the sweep and the warnings use.
      const now = this.clock.now();
      const pools = await em.find(Pool);
      const conds = pools.map((pool) => dueConditionSql(pool.id, rulesOf(pool), now, this.tz, pool.warnDaysBefore));
      const soon = { sql: conds.length ? conds.map((c) => `(${c.sql})`).join(' OR ') : '1 = 0', params: conds.flatMap((c) => c.params) };
      predicates.push({ name: 'soon', ...soon });
      // From idx_customers_pool_due (index-only) even when large: these are the customers least
      // recently touched, the last ones a walk along updated_at would reach.
      drivers.push({
        name: 'soon',
        ids: (limit) => ({ sql: `SELECT c.id AS id FROM customers c WHERE ${soon.sql}${limit ? ` LIMIT ${limit}` : ''}`, params: soon.params }),
        size: { sql: `SELECT 1 AS one FROM customers c WHERE ${soon.sql}`, params: soon.params },
        guarantees: ['soon'],
        limit: 100_000,
      });
    }
    // The scope's own driver first: when it has no size it is taken without estimating the others.
    drivers.sort((a, b) => Number(!!a.size) - Number(!!b.size));
    const result = await runList<CustomerRow>(
      em,
      { predicates, drivers, orderBy: SORT_SQL[query.sort], select: CUSTOMER_ROW_SELECT },
      { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
      plan,
    );
    const items = await hydrateRows(em, result.rows, this.tz, this.clock.now());
    return {
      page: { items, total: result.total, ...(result.totalCapped ? { totalCapped: true as const } : {}), page: query.page, pageSize: query.pageSize },
      plan: result.plan,
    };
  }

  /**
   * 404 unless the caller may see the customer. Routes run it for every `:id` before parsing a
   * body or checking a role, so nothing reveals whether a hidden customer exists.
   */
  async assertVisible(actor: Actor, id: number): Promise<void> {
    await requireVisibleCustomer(this.db.manager, actor, id);
  }

  async get(actor: Actor, id: number): Promise<CustomerDto> {
    const em = this.db.manager;
    // Row, contacts and co-followers at once; visibility is decided on what came back.
    const [rows, relations] = await Promise.all([loadCustomerRows(em, [id]), loadRelations(em, [id])]);
    requireVisibleRow(actor, rows[0], (relations.followersOf.get(id) ?? []).map((f) => Number(f.id)));
    const dto = toCustomerDtos(rows, relations, this.tz, this.clock.now())[0]!;
    // The detail names who follows each linked WeCom customer in WeCom.
    const followers = await followersOf(em, dto.contacts.map((c) => c.externalUserId).filter((e): e is string => !!e));
    dto.contacts = dto.contacts.map((c) => (c.externalUserId ? { ...c, wecomFollowers: followers.get(c.externalUserId) ?? [] } : c));
    return dto;
  }

  async create(actor: Actor, input: CreateCustomerInput): Promise<CustomerDto> {
    const now = this.clock.now();
    const nameKey = customerNameKey(input.name);
    if (!nameKey) throw new ValidationError({ name: customerMessages.nameKeyEmpty });
    const contacts = withPhoneKeys(input.contacts);
    try {
      const id = await this.db.tx(async (em) => {
        // Serialises this rep's creates, claims and assignments so the holding cap holds.
        await em.query(`SELECT id FROM users WHERE id = ?${forUpdate(this.db.kind)}`, [actor.id]);
        const { pool, rules } = await this.pools.homeFor(em, actor.departmentPath, now);
        // A rep cannot create their way around the pool's rules (a 重点 or a deal customer).
        const facts = protectedChanges({ level: 'C', stage: 'lead' }, { level: input.level, stage: input.stage }, rules.exemptLevels);
        if (facts.length && !maySetProtectedFacts(actor.role)) throw protectedFactError(facts[0]!);
        await this.assertNoDuplicate(em, actor, nameKey, contacts.map((c) => c.phoneKey), null);
        // A contact that is one of the caller's WeCom customers is linked in this same step.
        for (const c of contacts) {
          if (c.externalUserId) {
            await requireOwnWecomContact(em, actor, c.externalUserId);
            await assertNotLinkedElsewhere(em, c.externalUserId, null);
          }
        }
        const holding = await holdingSummary(em, actor.id, rules);
        if (exceedsHoldingCap(holding.counted, rules, rules.exemptLevels.includes(input.level))) {
          throw new ClaimRefusedError({ code: 'POOL_HOLDING_CAP', cap: rules.holdingCap, holding: holding.counted, excluded: holding.excluded });
        }
        const result = await em.insert(Customer, {
          name: input.name,
          nameKey,
          industry: input.industry ?? null,
          size: input.size ?? null,
          region: input.region ?? null,
          source: input.source ?? null,
          level: input.level,
          stage: input.stage,
          tags: JSON.stringify(input.tags),
          // Born in the pool for an instant: changeOwner gives it its owner, event and audit like every other change.
          ownerId: null,
          poolId: pool.id,
          claimedAt: null,
          ...factsOnCreate(input.stage, now),
          createdBy: actor.id,
          createdAt: now,
          updatedAt: now,
        });
        const customerId = Number(result.identifiers[0]!.id);
        if (contacts.length) {
          await em.insert(CustomerContact, contacts.map((c) => ({
            customerId, name: c.name, title: c.title ?? null, phone: c.phone ?? null, phoneKey: c.phoneKey,
            birthday: c.birthday ?? null, externalUserId: c.externalUserId ?? null, createdAt: now,
          })));
          const linked = contacts.map((c) => c.externalUserId).filter((e): e is string => !!e);
          for (const externalUserId of linked) await closeAddedCards(em, externalUserId, '已建档', now);
        }
        await reindexCustomerSearch(em, [customerId]);
        // The ownership operation's audit row is the record's creation: what was entered, and whose it is.
        await changeOwner(em, [{ customerId, from: null, to: actor.id, poolId: pool.id }], {
          type: 'created', by: { id: actor.id, requestId: actor.requestId }, at: now, auditAction: 'customer.create', auditDetails: { ...input },
        });
        return customerId;
      });
      return this.get(actor, id);
    } catch (err) {
      // Two creates of one company (or one phone) racing: the unique keys let exactly one through.
      if (isUniqueViolation(err)) {
        await this.assertNoDuplicate(this.db.manager, actor, nameKey, contacts.map((c) => c.phoneKey), null);
        for (const c of contacts) if (c.externalUserId) await assertNotLinkedElsewhere(this.db.manager, c.externalUserId, null);
      }
      throw err;
    }
  }

  async update(actor: Actor, id: number, input: UpdateCustomerInput): Promise<CustomerDto> {
    const now = this.clock.now();
    const contacts = input.contacts ? withPhoneKeys(input.contacts) : undefined;
    const newKey = input.name !== undefined ? customerNameKey(input.name) : null;
    if (input.name !== undefined && !newKey) throw new ValidationError({ name: customerMessages.nameKeyEmpty });
    try {
      await this.db.tx(async (em) => {
        // The customer row first, so writers of one customer queue up instead of deadlocking.
        const { customer } = await requireEditableCustomer(em, actor, id, { lock: true });
        const rules = customer.poolId !== null ? (await this.pools.byId(em, customer.poolId))?.rules ?? null : null;
        const facts = protectedChanges(customer, { level: input.level, stage: input.stage }, rules?.exemptLevels ?? []);
        if (facts.length && !maySetProtectedFacts(actor.role)) throw protectedFactError(facts[0]!);
        const existingContacts = await em.findBy(CustomerContact, { customerId: id });
        const before = { ...snapshot(customer), contacts: existingContacts.map(contactSnapshot) };
        const nameKey = newKey ?? customer.nameKey;
        await this.assertNoDuplicate(em, actor, nameKey === customer.nameKey ? null : nameKey, contacts?.map((c) => c.phoneKey) ?? [], id);

        const patch: Partial<Customer> = { updatedAt: now };
        if (input.name !== undefined) { patch.name = input.name; patch.nameKey = nameKey; }
        for (const field of ['industry', 'size', 'region', 'source'] as const) {
          if (input[field] !== undefined) patch[field] = input[field] ?? null;
        }
        if (input.level !== undefined) patch.level = input.level;
        if (input.stage !== undefined) Object.assign(patch, factsAfterStageChange(customer, input.stage, now));
        if (input.tags !== undefined) patch.tags = JSON.stringify(input.tags);
        await em.update(Customer, { id }, patch);

        if (contacts) {
          const keep = new Set(contacts.filter((c) => c.id).map((c) => Number(c.id)));
          for (const c of contacts) {
            if (c.id && !existingContacts.some((e) => e.id === Number(c.id))) {
              throw new ValidationError({ contacts: `联系人 ${c.id} 不属于该客户` });
            }
          }
          const removed = existingContacts.filter((e) => !keep.has(e.id)).map((e) => e.id);
          if (removed.length) await em.delete(CustomerContact, { id: In(removed) });
          // Clear the phone keys of kept contacts first: a phone moving between two of this
          // customer's contacts must not trip the unique key halfway through.
          const kept = [...keep];
          if (kept.length) await em.update(CustomerContact, { id: In(kept), customerId: id }, { phoneKey: null });
          for (const c of contacts) {
            const values = { name: c.name, title: c.title ?? null, phone: c.phone ?? null, phoneKey: c.phoneKey, birthday: c.birthday ?? null };
            if (c.id) await em.update(CustomerContact, { id: Number(c.id), customerId: id }, values);
            else await em.insert(CustomerContact, { ...values, customerId: id, externalUserId: null, createdAt: now });
          }
        }
        // Exempt levels and deal stages are in the history with who and why.
        for (const change of facts) {
          await em.insert(OwnershipEvent, {
            customerId: id, type: change.field === 'level' ? 'level_changed' : 'stage_changed', fromUserId: customer.ownerId, toUserId: customer.ownerId,
            byUserId: actor.id, reason: input.reason ?? customerMessages.factChangedBy(actor.name), rule: null,
            fromValue: change.from, toValue: change.to, at: now,
          });
        }
        await reindexCustomerSearch(em, [id]);
        const after = await em.findOneByOrFail(Customer, { id });
        const afterContacts = await em.findBy(CustomerContact, { customerId: id });
        await writeAudit(em, {
          actorId: actor.id, action: 'customer.update', entityType: 'customer', entityId: id,
          before, after: { ...snapshot(after), contacts: afterContacts.map(contactSnapshot), reason: input.reason ?? null }, requestId: actor.requestId, at: now,
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        await this.assertNoDuplicate(this.db.manager, actor, newKey, contacts?.map((c) => c.phoneKey) ?? [], id);
      }
      throw err;
    }
    return this.get(actor, id);
  }

  async addFollower(actor: Actor, id: number, userId: number): Promise<CustomerDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { customer, facts } = await requireEditableCustomer(em, actor, id, { lock: true });
      const user = await em.findOneBy(User, { id: userId });
      if (!user || user.status !== 'active') throw new ValidationError({ userId: customerMessages.followerNotFound });
      if (customer.ownerId === userId) throw new ValidationError({ userId: customerMessages.followerIsOwner });
      if (facts.followerIds.includes(userId)) return; // idempotent
      await em.insert(CustomerFollower, { customerId: id, userId, createdAt: now });
      await writeAudit(em, {
        actorId: actor.id, action: 'customer.follower.add', entityType: 'customer', entityId: id,
        before: { followerIds: facts.followerIds }, after: { followerIds: [...facts.followerIds, userId] }, requestId: actor.requestId, at: now,
      });
    });
    return this.get(actor, id);
  }

  async removeFollower(actor: Actor, id: number, userId: number): Promise<void> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { facts } = await requireVisibleCustomer(em, actor, id, { lock: true });
      // A co-follower may leave on their own; removing someone else needs edit rights.
      if (userId !== actor.id) await requireEditableCustomer(em, actor, id);
      if (!facts.followerIds.includes(userId)) throw new NotFoundError('该成员不是此客户的协作人');
      await em.delete(CustomerFollower, { customerId: id, userId });
      await writeAudit(em, {
        actorId: actor.id, action: 'customer.follower.remove', entityType: 'customer', entityId: id,
        before: { followerIds: facts.followerIds }, after: { followerIds: facts.followerIds.filter((f) => f !== userId) },
        requestId: actor.requestId, at: now,
      });
    });
  }

  async history(actor: Actor, id: number) {
    await requireVisibleCustomer(this.db.manager, actor, id);
    const events = await this.db.manager.find(OwnershipEvent, { where: { customerId: id }, order: { at: 'DESC', id: 'DESC' } });
    const names = await userNames(this.db.manager, events.flatMap((e) => [e.fromUserId, e.toUserId, e.byUserId]));
    const ref = (uid: number | null) => (uid === null ? null : { id: String(uid), name: names.get(uid) ?? '' });
    return {
      items: events.map((e) => ({
        id: String(e.id), type: e.type,
        fromUserId: idOrNull(e.fromUserId), toUserId: idOrNull(e.toUserId), byUserId: idOrNull(e.byUserId),
        fromUser: ref(e.fromUserId), toUser: ref(e.toUserId), byUser: ref(e.byUserId),
        reason: e.reason, fromValue: e.fromValue, toValue: e.toValue, at: iso(e.at),
      })),
    };
  }

  /**
   * Throws 409 CUSTOMER_DUPLICATE when the name key or a contact phone is already on another
   * customer, naming that customer and who owns it (防撞单: the rep learns whom to talk to).
   */
  private async assertNoDuplicate(em: EntityManager, actor: Actor, nameKey: string | null, phoneKeys: Array<string | null>, exceptId: number | null): Promise<void> {
    if (nameKey) {
      const same = await em.findOneBy(Customer, { nameKey });
      if (same && same.id !== exceptId) throw await duplicateError(em, actor, same, 'name', null);
    }
    const phones = [...new Set(phoneKeys.filter((p): p is string => !!p))];
    if (phones.length) {
      const rows: Array<{ customer_id: number | string; phone_key: string }> = await em.query(
        `SELECT customer_id, phone_key FROM customer_contacts WHERE phone_key IN (${phones.map(() => '?').join(',')})${exceptId ? ' AND customer_id <> ?' : ''} LIMIT 1`,
        exceptId ? [...phones, exceptId] : phones,
      );
      if (rows[0]) {
        const other = await em.findOneByOrFail(Customer, { id: Number(rows[0].customer_id) });
        throw await duplicateError(em, actor, other, 'phone', rows[0].phone_key);
      }
    }
  }

  /** DTOs of these customers in their order: three statements, not a few per row (customer-rows.ts). */
  async hydrate(em: EntityManager, customers: Customer[]): Promise<CustomerDto[]> {
    return this.hydrateByIds(em, customers.map((c) => c.id));
  }

  async hydrateByIds(em: EntityManager, ids: number[]): Promise<CustomerDto[]> {
    const rows = new Map((await loadCustomerRows(em, ids)).map((r) => [Number(r.id), r]));
    return hydrateRows(em, ids.map((id) => rows.get(id)!).filter(Boolean), this.tz, this.clock.now());
  }
}

async function userNames(em: EntityManager, ids: Array<number | null>): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((i): i is number => i !== null))];
  if (!unique.length) return new Map();
  const users = await em.find(User, { where: { id: In(unique) }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

async function duplicateError(em: EntityManager, actor: Actor, existing: Customer, matchedBy: 'name' | 'phone', phone: string | null): Promise<CustomerDuplicateError> {
  const owner = existing.ownerId === null ? null : await em.findOneBy(User, { id: existing.ownerId });
  let poolName: string | null = null;
  if (existing.ownerId === null && existing.poolId !== null) poolName = (await em.findOneBy(Pool, { id: existing.poolId }))?.name ?? null;
  return new CustomerDuplicateError({
    customerId: String(existing.id), customerName: existing.name, ownerName: owner?.name ?? null, inPool: existing.ownerId === null,
    ownedByYou: existing.ownerId === actor.id, matchedBy, poolName, ...(phone ? { phone: maskPhone(phone) } : {}),
  });
}

/** Contacts with their phone keys; the same number twice in one list is a typo, not two people. */
function withPhoneKeys<C extends { phone?: string | null }>(contacts: C[]): Array<C & { phoneKey: string | null }> {
  const keyed = contacts.map((c) => ({ ...c, phoneKey: phoneKey(c.phone) }));
  const seen = new Map<string, number>();
  keyed.forEach((c, i) => {
    if (!c.phoneKey) return;
    const first = seen.get(c.phoneKey);
    if (first !== undefined) throw new ValidationError({ [`contacts.${i}.phone`]: customerMessages.phoneRepeated(first + 1, i + 1) });
    seen.set(c.phoneKey, i);
  });
  return keyed;
}

function protectedFactError(change: ProtectedChange): ForbiddenError {
  return change.field === 'level'
    ? new ForbiddenError(customerMessages.levelNeedsManager(LEVEL_LABELS[change.to], LEVEL_LABELS[change.from]), 'CUSTOMER_LEVEL_NEEDS_MANAGER', { field: 'level', from: change.from, to: change.to })
    : new ForbiddenError(customerMessages.stageNeedsManager, 'CUSTOMER_STAGE_NEEDS_MANAGER', { field: 'stage', from: change.from, to: change.to });
}

function snapshot(c: Customer) {
  return {
    name: c.name, industry: c.industry, size: c.size, region: c.region, source: c.source,
    level: c.level, stage: c.stage, tags: parseTags(c.tags), ownerId: c.ownerId, poolId: c.poolId,
  };
}

function contactSnapshot(c: CustomerContact) {
  return { id: c.id, name: c.name, title: c.title, phone: c.phone, birthday: c.birthday };
}

