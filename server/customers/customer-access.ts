import type { EntityManager } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { ForbiddenError, NotFoundError } from '../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { customerMessages, CustomerInPoolError } from './customers.errors.ts';
import {
  canEditCustomer, canLogFollowUp, canViewCustomer, mayUseScope,
  type CustomerAccessFacts, type CustomerScope, type Viewer,
} from './rules/visibility.ts';

/**
 * The one place customer visibility is enforced: single records go through the pure rules
 * in rules/visibility.ts, lists through the equivalent SQL in applyScope.
 */
export async function loadAccessFacts(em: EntityManager, customerId: number): Promise<{ customer: Customer; facts: CustomerAccessFacts } | null> {
  const customer = await em.findOne(Customer, { where: { id: customerId } });
  if (!customer) return null;
  let ownerDepartmentPath: string | null = null;
  if (customer.ownerId !== null) {
    const rows: Array<{ path: string }> = await em.query(
      'SELECT d.path AS path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [customer.ownerId]);
    ownerDepartmentPath = rows[0]?.path ?? null;
  }
  const followers: Array<{ user_id: number | string }> = await em.query(
    'SELECT user_id FROM customer_followers WHERE customer_id = ?', [customerId]);
  return {
    customer,
    facts: {
      ownerId: customer.ownerId,
      ownerDepartmentPath,
      followerIds: followers.map((f) => Number(f.user_id)),
      inPool: customer.ownerId === null,
    },
  };
}

/** Loads a customer the actor may see; 404 otherwise, so existence is not revealed. */
export async function requireVisibleCustomer(em: EntityManager, actor: Viewer, customerId: number) {
  const loaded = await loadAccessFacts(em, customerId);
  if (!loaded || !canViewCustomer(actor, loaded.facts)) throw new NotFoundError('客户不存在或无权查看');
  return loaded;
}

export async function requireEditableCustomer(em: EntityManager, actor: Viewer, customerId: number) {
  const loaded = await requireVisibleCustomer(em, actor, customerId);
  if (!canEditCustomer(actor, loaded.facts)) {
    if (loaded.facts.inPool) throw new CustomerInPoolError();
    throw new ForbiddenError(customerMessages.editForbidden);
  }
  return loaded;
}

export async function requireFollowUpAccess(em: EntityManager, actor: Viewer, customerId: number) {
  const loaded = await requireVisibleCustomer(em, actor, customerId);
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
