import type { EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { ForbiddenError, NotFoundError } from '../http/errors.ts';
import { likePrefix } from '../infra/db.ts';
import type { Actor } from '../auth/actor.ts';
import { customerMessages, CustomerInPoolError } from './customers.errors.ts';
import {
  canEditCustomer, canLogFollowUp, canViewCustomer, canViewPool, mayUseScope,
  type CustomerAccessFacts, type CustomerScope, type Viewer,
} from './rules/visibility.ts';

/**
 * The one place customer visibility is enforced: single records go through the pure rules
 * in rules/visibility.ts, lists through the equivalent SQL in applyScope.
 */
export async function loadAccessFacts(
  em: EntityManager, customerId: number, opts: { lock?: boolean } = {},
): Promise<{ customer: Customer; facts: CustomerAccessFacts } | null> {
  // Writers lock the customer row before anything else, so concurrent writers of one customer
  // queue up in one order instead of deadlocking (a follow-up's FK check takes a shared lock
  // on the parent row, its update then wants an exclusive one).
  if (opts.lock && em.connection.options.type === 'mysql') {
    const locked: unknown[] = await em.query('SELECT id FROM customers WHERE id = ? FOR UPDATE', [customerId]);
    if (!locked.length) return null;
  }
  const customer = await em.findOne(Customer, { where: { id: customerId } });
  if (!customer) return null;
  const [paths]: Array<{ owner_path: string | null; pool_path: string | null }> = await em.query(
    `SELECT (SELECT d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?) AS owner_path,
            (SELECT d.path FROM pools p JOIN departments d ON d.id = p.department_id WHERE p.id = ?) AS pool_path`,
    [customer.ownerId ?? 0, customer.ownerId === null ? customer.poolId ?? 0 : 0],
  );
  const followers: Array<{ user_id: number | string }> = await em.query(
    'SELECT user_id FROM customer_followers WHERE customer_id = ?', [customerId]);
  return {
    customer,
    facts: {
      ownerId: customer.ownerId,
      ownerDepartmentPath: customer.ownerId === null ? null : paths?.owner_path ?? null,
      followerIds: followers.map((f) => Number(f.user_id)),
      inPool: customer.ownerId === null,
      poolDepartmentPath: customer.ownerId === null ? paths?.pool_path ?? null : null,
    },
  };
}

/** Loads a customer the actor may see; 404 otherwise, so existence is not revealed. */
export async function requireVisibleCustomer(em: EntityManager, actor: Viewer, customerId: number, opts: { lock?: boolean } = {}) {
  const loaded = await loadAccessFacts(em, customerId, opts);
  if (!loaded || !canViewCustomer(actor, loaded.facts)) throw new NotFoundError(customerMessages.notFound);
  return loaded;
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

/** SQL condition (customers aliased "c") for a list scope; mirrors canViewCustomer. */
export function scopeCondition(actor: Actor, scope: CustomerScope): { sql: string; params: unknown[] } {
  if (!mayUseScope(actor.role, scope)) throw new ForbiddenError(customerMessages.scopeForbidden);
  if (scope === 'mine') {
    return {
      sql: '(c.owner_id = ? OR EXISTS (SELECT 1 FROM customer_followers f WHERE f.customer_id = c.id AND f.user_id = ?))',
      params: [actor.id, actor.id],
    };
  }
  if (scope === 'team') {
    return {
      sql: 'c.owner_id IN (SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE d.path LIKE ?)',
      params: [`${actor.departmentPath}%`],
    };
  }
  return { sql: '1 = 1', params: [] }; // 'all': admin only, checked above
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
