import type { EntityManager } from 'typeorm';
import type { Customer } from '../../entities/customer.entity.ts';
import { likePrefix, readQuery } from '../infra/db.ts';
import { ForbiddenError, NotFoundError } from '../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ListDriver, ListPredicate } from './customer-list.query.ts';
import { customerOf, type CustomerRow } from './customer-rows.ts';
import { customerMessages, CustomerInPoolError } from './customers.errors.ts';
import {
  canEditCustomer, canLogFollowUp, canViewCustomer, canViewPool, mayUseScope,
  type CustomerAccessFacts, type CustomerScope, type Viewer,
} from './rules/visibility.ts';

/**
 * The one place customer visibility is enforced: single records go through the pure rules
 * in rules/visibility.ts, lists through the equivalent SQL in scopeListParts.
 */
export async function loadAccessFacts(
  em: EntityManager, customerId: number, opts: { lock?: boolean } = {},
): Promise<{ customer: Customer; facts: CustomerAccessFacts } | null> {
  // Writers lock the customer row before anything else, so concurrent writers of one customer
  // queue up in one order instead of deadlocking (a follow-up's FK check takes a shared lock
  // on the parent row, its update then wants an exclusive one). Only that row: a locking read
  // of the join below would lock the owner's user row too, which claims lock in their own order.
  if (opts.lock && em.connection.options.type === 'mysql') {
    const locked: unknown[] = await em.query('SELECT id FROM customers WHERE id = ? FOR UPDATE', [customerId]);
    if (!locked.length) return null;
  }
  // The customer with its owner's department and its pool's department in one statement.
  const rows: Array<CustomerRow & { name_key: string; search_text: string | null; search_phones: string | null }> = await readQuery(em,
    `SELECT c.id, c.name, c.name_key, c.industry, c.size, c.region, c.source, c.level, c.stage, c.tags, c.owner_id, c.pool_id,
            c.last_follow_up_at, c.claimed_at, c.last_deal_at, c.last_owner_id, c.pool_entered_at, c.pool_reason, c.created_by,
            c.created_at, c.updated_at, c.search_text, c.search_phones, d.path AS owner_department_path, pd.path AS pool_department_path
     FROM customers c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments d ON d.id = u.department_id
       LEFT JOIN pools p ON p.id = c.pool_id LEFT JOIN departments pd ON pd.id = p.department_id
     WHERE c.id = ?`,
    [customerId],
  );
  const row = rows[0];
  if (!row) return null;
  const customer = { ...customerOf(row), nameKey: row.name_key, searchText: row.search_text, searchPhones: row.search_phones };
  const followers: Array<{ user_id: number | string }> = await readQuery(em,
    'SELECT user_id FROM customer_followers WHERE customer_id = ?', [customerId]);
  return {
    customer,
    facts: {
      ownerId: customer.ownerId,
      ownerDepartmentPath: customer.ownerId === null ? null : row.owner_department_path,
      followerIds: followers.map((f) => Number(f.user_id)),
      inPool: customer.ownerId === null,
      poolDepartmentPath: customer.ownerId === null ? row.pool_department_path : null,
    },
  };
}

/** Loads a customer the actor may see; 404 otherwise, so existence is not revealed. */
export async function requireVisibleCustomer(em: EntityManager, actor: Viewer, customerId: number, opts: { lock?: boolean } = {}) {
  const loaded = await loadAccessFacts(em, customerId, opts);
  if (!loaded || !canViewCustomer(actor, loaded.facts)) throw new NotFoundError(customerMessages.notFound);
  return loaded;
}

/**
 * The same check for a read that loaded the row anyway (customer-rows.ts: owner's and pool's
 * departments joined) and its co-followers: the detail view in three statements, not six.
 */
export function requireVisibleRow(
  actor: Viewer, row: Pick<CustomerRow, 'owner_id' | 'owner_department_path' | 'pool_department_path'> | undefined, followerIds: readonly number[],
): void {
  if (!row) throw new NotFoundError(customerMessages.notFound);
  const ownerId = row.owner_id === null ? null : Number(row.owner_id);
  const facts: CustomerAccessFacts = {
    ownerId, ownerDepartmentPath: row.owner_department_path, followerIds, inPool: ownerId === null,
    poolDepartmentPath: ownerId === null ? row.pool_department_path : null,
  };
  if (!canViewCustomer(actor, facts)) throw new NotFoundError(customerMessages.notFound);
}

export async function requireEditableCustomer(em: EntityManager, actor: Viewer, customerId: number, opts: { lock?: boolean } = {}) {
  const loaded = await requireVisibleCustomer(em, actor, customerId, opts);
  if (!canEditCustomer(actor, loaded.facts)) {
    if (loaded.facts.inPool) throw new CustomerInPoolError();
    throw new ForbiddenError(customerMessages.editForbidden);
  }
  return loaded;
}

export async function requireFollowUpAccess(em: EntityManager, actor: Viewer, customerId: number, opts: { lock?: boolean } = {}) {
  const loaded = await requireVisibleCustomer(em, actor, customerId, opts);
  if (!canLogFollowUp(actor, loaded.facts)) {
    if (loaded.facts.inPool) throw new CustomerInPoolError();
    throw new ForbiddenError(customerMessages.followUpForbidden);
  }
  return loaded;
}

/**
 * A list scope as list parts (customer-list.query.ts), mirroring canViewCustomer:
 * - mine: owned ∪ co-followed, as two index lookups in a derived UNION — never
 *   "owner_id = ? OR EXISTS (followers …)", which no index serves (every page and its COUNT
 *   would read every customer);
 * - team: customers owned by the people of the manager's department subtree;
 * - all (admin): everything.
 */
export function scopeListParts(actor: Actor, scope: CustomerScope): { predicates: ListPredicate[]; drivers: ListDriver[] } {
  if (!mayUseScope(actor.role, scope)) throw new ForbiddenError(customerMessages.scopeForbidden);
  if (scope === 'mine') {
    const mine = 'SELECT id FROM customers WHERE owner_id = ? UNION SELECT customer_id FROM customer_followers WHERE user_id = ?';
    const params = [actor.id, actor.id];
    return {
      predicates: [{ name: 'scope', sql: `c.id IN (${mine})`, params }],
      // A person's own customers are few: always read them whole (no size estimate).
      drivers: [{ name: 'scope', ids: () => ({ sql: mine, params }), guarantees: ['scope'] }],
    };
  }
  if (scope === 'team') {
    const subtree = [`${actor.departmentPath}%`];
    const owned = 'FROM departments d JOIN users u ON u.department_id = d.id JOIN customers o ON o.owner_id = u.id WHERE d.path LIKE ?';
    return {
      // A per-row test (two primary-key lookups, cached per owner) rather than "owner_id IN
      // (subtree)": that semi-join lets the optimizer read every customer of a large team by
      // owner and sort them all (0.3 s for a 50,000-customer region), when walking the list's
      // order index finds the first page after a few hundred rows.
      predicates: [{
        name: 'scope',
        sql: '(SELECT d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = c.owner_id) LIKE ?',
        params: subtree,
      }],
      drivers: [{
        name: 'scope',
        ids: (limit) => ({ sql: `SELECT o.id AS id ${owned}${limit ? ` LIMIT ${limit}` : ''}`, params: subtree }),
        size: { sql: `SELECT 1 AS one ${owned}`, params: subtree },
        guarantees: ['scope'],
      }],
    };
  }
  return { predicates: [], drivers: [] }; // 'all': admin only, checked above
}

/**
 * The SQL form of canViewCustomer (customers aliased "c"): every customer `viewer` may see.
 * `pools` are all pools with their department paths (few); which of them the viewer sees is
 * decided by the pure canViewPool, so the SQL only compares ids. Tested against the pure rule
 * over generated customers (tests/integration/visibility-sql.test.ts).
 */
export function visibleCustomerCondition(viewer: Viewer, pools: ReadonlyArray<{ id: number; path: string }>): { sql: string; params: unknown[] } {
  if (viewer.role === 'admin') return { sql: '1 = 1', params: [] };
  const poolIds = pools.filter((p) => canViewPool(viewer, p.path)).map((p) => p.id);
  const parts = ['c.owner_id = ?', 'EXISTS (SELECT 1 FROM customer_followers f WHERE f.customer_id = c.id AND f.user_id = ?)'];
  const params: unknown[] = [viewer.id, viewer.id];
  if (poolIds.length) {
    parts.push(`(c.owner_id IS NULL AND c.pool_id IN (${poolIds.map(() => '?').join(', ')}))`);
    params.push(...poolIds);
  }
  if (viewer.role === 'manager') {
    parts.push("c.owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ? ESCAPE '!')");
    params.push(likePrefix(viewer.departmentPath));
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}
