import type { EntityManager } from 'typeorm';
import type { UserRole } from '../../entities/user.entity.ts';
import type { ApprovalStatus } from '../../entities/approval-request.entity.ts';
import { forUpdate, fromSqlTime, placeholders, readQuery } from '../infra/db.ts';
import { Directory, type ApprovalPolicy, type Person } from './rules/routing.ts';
import type { ApprovalAccessFacts } from './rules/visibility.ts';

/** An approval_requests row as the service uses it. */
export interface ApprovalRow {
  id: number;
  type: string;
  amountFen: number;
  customerId: number | null;
  opportunityId: number | null;
  reason: string;
  occurredOn: string | null;
  status: ApprovalStatus;
  requesterId: number;
  round: number;
  currentLevel: number | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function approvalOf(r: Record<string, unknown>): ApprovalRow {
  return {
    id: num(r.id), type: String(r.type), amountFen: num(r.amount_fen), customerId: numOrNull(r.customer_id), opportunityId: numOrNull(r.opportunity_id),
    reason: String(r.reason), occurredOn: (r.occurred_on as string | null) ?? null, status: r.status as ApprovalStatus, requesterId: num(r.requester_id),
    round: num(r.round), currentLevel: numOrNull(r.current_level), finishedAt: fromSqlTime((r.finished_at as string | Date | null) ?? null),
    createdAt: fromSqlTime(r.created_at as string | Date), updatedAt: fromSqlTime(r.updated_at as string | Date),
  };
}

/** One request; with `lock`, its row is locked until commit (every writer of a request locks it first). */
export async function findApproval(em: EntityManager, id: number, opts: { lock?: boolean } = {}): Promise<ApprovalRow | null> {
  const kind = em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT * FROM approval_requests WHERE id = ?${opts.lock ? forUpdate(kind) : ''}`, [id]);
  return rows[0] ? approvalOf(rows[0]) : null;
}

export async function accessFacts(em: EntityManager, a: Pick<ApprovalRow, 'id' | 'requesterId'>): Promise<ApprovalAccessFacts> {
  const [dept] = await readQuery<{ path: string }>(em,
    'SELECT d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [a.requesterId]);
  const people = await readQuery<{ user_id: number | string }>(em,
    `SELECT user_id FROM approval_step_approvers WHERE approval_id = ?
     UNION SELECT decided_by AS user_id FROM approval_steps WHERE approval_id = ? AND decided_by IS NOT NULL`, [a.id, a.id]);
  return { requesterId: a.requesterId, requesterDepartmentPath: dept?.path ?? '/', participantIds: people.map((p) => Number(p.user_id)) };
}

export interface PersonRow {
  id: number;
  name: string;
  wecomUserId: string;
  role: UserRole;
  active: boolean;
  departmentPath: string;
}

export async function findPeople(em: EntityManager, ids: readonly number[]): Promise<Map<number, PersonRow>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT u.id, u.name, u.wecom_user_id, u.role, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id
      WHERE u.id IN (${placeholders(unique.length)})`, unique);
  return new Map(rows.map((r) => [Number(r.id), personOf(r)]));
}

function personOf(r: Record<string, unknown>): Person {
  return {
    id: Number(r.id), name: String(r.name), wecomUserId: String(r.wecom_user_id), role: r.role as UserRole,
    active: r.status === 'active', departmentPath: String(r.path),
  };
}

/**
 * The people routing may name for a policy: every manager and admin, the named users, and the
 * requester (managers and admins are few next to reps; one statement).
 */
export async function loadDirectory(em: EntityManager, policy: ApprovalPolicy, extraIds: readonly number[]): Promise<Directory> {
  const named = [...new Set([...policy.levels.flatMap((l) => (l.approvers.type === 'users' ? l.approvers.userIds : [])), ...extraIds])];
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT u.id, u.name, u.wecom_user_id, u.role, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id
      WHERE u.role IN ('manager', 'admin')${named.length ? ` OR u.id IN (${placeholders(named.length)})` : ''}`, named);
  return new Directory(rows.map(personOf));
}
