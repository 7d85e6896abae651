import type { UserRole } from '../../../entities/user.entity.ts';

/**
 * Who decides an approval, as pure functions over plain data (no database): the service loads
 * the people the policy can name (approval-directory.ts), these rules pick them.
 */

/** A member as routing sees them. */
export interface Person {
  id: number;
  name: string;
  wecomUserId: string;
  role: UserRole;
  active: boolean;
  /** Materialised path of their department, e.g. "/1/2/4/". */
  departmentPath: string;
}

export type ApproverSpec =
  | { type: 'leader' }
  | { type: 'role'; role: 'manager' | 'admin' }
  | { type: 'users'; userIds: number[] };

export interface PolicyLevel {
  approvers: ApproverSpec;
  /** The level applies when the amount is greater than this (fen). */
  overAmountFen: number;
}

export interface ApprovalPolicy {
  levels: PolicyLevel[];
}

/** ≤ 2,000 元: the requester's leader alone; above: the leader, then the boss (admins). */
export const DEFAULT_POLICY: ApprovalPolicy = {
  levels: [
    { approvers: { type: 'leader' }, overAmountFen: 0 },
    { approvers: { type: 'role', role: 'admin' }, overAmountFen: 200_000 },
  ],
};

export const MAX_POLICY_LEVELS = 4;

/** The people routing may name, indexed once. */
export class Directory {
  private readonly byId = new Map<number, Person>();
  private readonly managersByDepartment = new Map<number, Person[]>();
  private readonly byRole = new Map<UserRole, Person[]>();

  constructor(people: readonly Person[]) {
    for (const p of [...people].sort((a, b) => a.id - b.id)) {
      if (this.byId.has(p.id)) continue;
      this.byId.set(p.id, p);
      const list = this.byRole.get(p.role) ?? [];
      list.push(p);
      this.byRole.set(p.role, list);
      if (p.role === 'manager') {
        const dept = departmentOf(p.departmentPath);
        const managers = this.managersByDepartment.get(dept) ?? [];
        managers.push(p);
        this.managersByDepartment.set(dept, managers);
      }
    }
  }

  person(id: number): Person | undefined {
    return this.byId.get(id);
  }

  managersOf(departmentId: number): readonly Person[] {
    return this.managersByDepartment.get(departmentId) ?? [];
  }

  withRole(role: UserRole): readonly Person[] {
    return this.byRole.get(role) ?? [];
  }
}

/** The department ids of a path, root first ("/1/2/4/" → [1, 2, 4]). */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

const departmentOf = (path: string): number => pathIds(path).at(-1) ?? 0;

const activeExcept = (people: readonly Person[], exclude: ReadonlySet<number>) => people.filter((p) => p.active && !exclude.has(p.id));

/**
 * The leaders of a department (API.md): its active managers, else those of the nearest
 * department up the tree that has some, else the admins. Nobody in `exclude` (the requester)
 * leads; a disabled manager is passed over like an empty seat.
 */
export function leadersOf(departmentPath: string, dir: Directory, exclude: ReadonlySet<number>): Person[] {
  for (const dept of pathIds(departmentPath).reverse()) {
    const found = activeExcept(dir.managersOf(dept), exclude);
    if (found.length) return found;
  }
  return activeExcept(dir.withRole('admin'), exclude);
}

/**
 * Who approves one level for this requester, before anyone decided: never the requester; a
 * disabled named person is replaced by their own leader; nobody found → the admins. Empty only
 * when the requester is the one admin left (their own request then passes with a note).
 */
export function approversFor(spec: ApproverSpec, requester: Person, dir: Directory): Person[] {
  const exclude = new Set([requester.id]);
  let found: Person[];
  if (spec.type === 'leader') {
    found = leadersOf(requester.departmentPath, dir, exclude);
  } else if (spec.type === 'role') {
    found = activeExcept(dir.withRole(spec.role), exclude);
  } else {
    found = spec.userIds.flatMap((id) => {
      const p = dir.person(id);
      if (!p || p.id === requester.id) return [];
      return p.active ? [p] : leadersOf(p.departmentPath, dir, new Set([requester.id, p.id]));
    });
  }
  if (!found.length) found = activeExcept(dir.withRole('admin'), exclude);
  const unique = new Map(found.map((p) => [p.id, p]));
  return [...unique.values()].sort((a, b) => a.id - b.id);
}

export interface PlannedStep {
  level: number;
  overAmountFen: number;
  approvers: Person[];
}

/**
 * Every level the amount must pass (numbered from 1 in the policy's order), each with its
 * approvers: the timeline the requester sees before anyone decided.
 */
export function planRoute(policy: ApprovalPolicy, requester: Person, amountFen: number, dir: Directory): PlannedStep[] {
  return policy.levels.flatMap((l, i) => (amountFen > l.overAmountFen
    ? [{ level: i + 1, overAmountFen: l.overAmountFen, approvers: approversFor(l.approvers, requester, dir) }]
    : []));
}

export const PASS_NOTES = {
  nobody: '没有其他可审批的人，按规则自动通过',
  alreadyDecided: '本级审批人已在本申请中审批过，自动通过',
} as const;

/**
 * A level becoming the one waiting: nobody decides twice on one request (or on their own),
 * so those who already decided in this round are taken off. A level left with nobody passes
 * with a note saying why.
 */
export function activateLevel(approverIds: readonly number[], decidedIds: readonly number[], requesterId: number):
  { approverIds: number[]; passNote: string | null } {
  const decided = new Set(decidedIds);
  const remaining = approverIds.filter((id) => id !== requesterId && !decided.has(id));
  if (remaining.length) return { approverIds: remaining, passNote: null };
  return { approverIds: [], passNote: approverIds.length ? PASS_NOTES.alreadyDecided : PASS_NOTES.nobody };
}
