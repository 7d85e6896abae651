import type { UserRole } from '../../../entities/user.entity.ts';
import { isInSubtree } from '../../customers/rules/visibility.ts';

/** Who a people picker may offer, and why: the same rules the actions behind it enforce. */
export interface PickerCandidate {
  id: number;
  status: 'active' | 'left';
  departmentPath: string;
}

export interface PickerContext {
  actor: { id: number; role: UserRole; departmentPath: string };
  /** The customer the pick is for: its owner and co-followers. */
  customer: { ownerId: number | null; followerIds: readonly number[] };
}

/**
 * Assign (分配/转给): an active member a manager may hand the customer to — their own
 * department subtree; an admin anyone — who does not own it already (as requireAssignee and
 * assign in pool.service).
 */
export function isAssignable(c: PickerCandidate, ctx: PickerContext): boolean {
  if (c.status !== 'active' || c.id === ctx.customer.ownerId) return false;
  if (ctx.actor.role === 'admin') return true;
  return ctx.actor.role === 'manager' && isInSubtree(c.departmentPath, ctx.actor.departmentPath);
}

/** Co-follower (协作人): any active member but the owner and the current co-followers (as addFollower). */
export function isFollowerCandidate(c: PickerCandidate, ctx: PickerContext): boolean {
  return c.status === 'active' && c.id !== ctx.customer.ownerId && !ctx.customer.followerIds.includes(c.id);
}
