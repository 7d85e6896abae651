import type { UserRole } from '../../../entities/user.entity.ts';
import type { Viewer } from '../../auth/actor.ts';

export type { Viewer };

/** What visibility depends on for one customer. */
export interface CustomerAccessFacts {
  ownerId: number | null;
  /** Department path of the owner; null when the customer has no owner. */
  ownerDepartmentPath: string | null;
  followerIds: readonly number[];
  /** In a pool (no owner). */
  inPool: boolean;
  /**
   * Department path of the pool it sits in (a pool's members are the people of that subtree);
   * null when owned, or when its pool is unknown (then only admins see it).
   */
  poolDepartmentPath: string | null;
}

export type CustomerScope = 'mine' | 'team' | 'all';

/** Department subtree test on materialised paths ("/1/4/" contains "/1/4/9/"). */
export function isInSubtree(path: string | null, rootPath: string): boolean {
  return path !== null && path.startsWith(rootPath);
}

/**
 * Who sees the customers of a pool: its members (the people of the pool department's subtree),
 * the managers above them (a manager whose subtree contains the pool's department) and admins.
 * A department's pool is not the business of another department.
 */
export function canViewPool(viewer: Viewer, poolDepartmentPath: string | null): boolean {
  if (viewer.role === 'admin') return true;
  if (poolDepartmentPath === null) return false;
  if (isPoolMember(viewer, poolDepartmentPath)) return true;
  return viewer.role === 'manager' && isInSubtree(poolDepartmentPath, viewer.departmentPath);
}

/** Members may claim from the pool: the people of the pool department's subtree. */
export function isPoolMember(viewer: Viewer, poolDepartmentPath: string): boolean {
  return isInSubtree(viewer.departmentPath, poolDepartmentPath);
}

/**
 * rep: owned or co-followed; manager: also everything owned within the department subtree;
 * admin: all. A pool customer: whoever sees its pool (canViewPool).
 */
export function canViewCustomer(viewer: Viewer, c: CustomerAccessFacts): boolean {
  if (viewer.role === 'admin') return true;
  if (c.ownerId !== null && c.ownerId === viewer.id) return true;
  if (c.followerIds.includes(viewer.id)) return true;
  if (c.inPool) return canViewPool(viewer, c.poolDepartmentPath);
  return viewer.role === 'manager' && isInSubtree(c.ownerDepartmentPath, viewer.departmentPath);
}

/**
 * Editing the record itself (fields, co-followers): the owner and the managers above them.
 * Pool customers are read-only for everyone; they change hands through claim or assign.
 */
export function canEditCustomer(viewer: Viewer, c: CustomerAccessFacts): boolean {
  if (c.inPool) return false;
  if (viewer.role === 'admin') return true;
  if (c.ownerId === viewer.id) return true;
  return viewer.role === 'manager' && isInSubtree(c.ownerDepartmentPath, viewer.departmentPath);
}

/** Logging a follow-up: whoever edits, plus the co-followers (销售团队). Not on pool customers: claim first. */
export function canLogFollowUp(viewer: Viewer, c: CustomerAccessFacts): boolean {
  if (c.inPool) return false;
  return canEditCustomer(viewer, c) || c.followerIds.includes(viewer.id);
}

/** List scopes a role may ask for. */
export function mayUseScope(role: UserRole, scope: CustomerScope): boolean {
  if (scope === 'mine') return true;
  if (scope === 'team') return role === 'manager' || role === 'admin';
  return role === 'admin';
}
