import { isInSubtree, type Viewer } from '../../customers/rules/visibility.ts';

/** What the visibility of one approval depends on. */
export interface ApprovalAccessFacts {
  requesterId: number;
  /** The requester's department path now. */
  requesterDepartmentPath: string;
  /** Everyone named as an approver in any step of any round, or who decided one. */
  participantIds: readonly number[];
}

/**
 * Who sees an approval (API.md): the requester, every approver named in its steps, the
 * requester's leaders (managers whose department subtree holds the requester) and admins.
 */
export function canViewApproval(viewer: Viewer, a: ApprovalAccessFacts): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.id === a.requesterId) return true;
  if (a.participantIds.includes(viewer.id)) return true;
  return viewer.role === 'manager' && isInSubtree(a.requesterDepartmentPath, viewer.departmentPath);
}
