import type { EntityManager } from 'typeorm';
import { placeholders, readQuery, fromSqlTime } from '../infra/db.ts';
import type { Viewer } from '../customers/rules/visibility.ts';
import { approvalOf, type ApprovalRow } from './approvals.repository.ts';

export interface UserRefDto { id: string; name: string }

export interface ApprovalStepDto {
  round: number;
  level: number;
  overAmountFen: number;
  approvers: UserRefDto[];
  decision: 'approved' | 'rejected' | null;
  decidedBy: UserRefDto | null;
  comment: string | null;
  decidedAt: string | null;
  /** Why a level passed without a person deciding it. */
  note: string | null;
}

export interface ApprovalDto {
  id: string;
  type: string;
  amountFen: number;
  customer: { id: string; name: string } | null;
  opportunityId: string | null;
  reason: string;
  occurredOn: string | null;
  status: ApprovalRow['status'];
  requester: UserRefDto;
  round: number;
  currentLevel: number | null;
  steps: ApprovalStepDto[];
  attachments: Array<{ id: string; url: string; contentType: string; sizeBytes: number; filename: string }>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** What the caller may do now (the app shows the buttons the server would accept). */
  canDecide: boolean;
  canWithdraw: boolean;
  canResubmit: boolean;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : fromSqlTime(v as string | Date).toISOString());

/** Approvals by id, in that order, as the API shows them to `viewer` (who may see each one). */
export async function approvalDtos(em: EntityManager, ids: readonly number[], viewer: Viewer, fileLink: (attachmentId: number) => string): Promise<ApprovalDto[]> {
  if (!ids.length) return [];
  const p = placeholders(ids.length);
  const rows = (await readQuery<Record<string, unknown>>(em, `SELECT * FROM approval_requests WHERE id IN (${p})`, [...ids])).map(approvalOf);
  const steps = await readQuery<Record<string, unknown>>(em,
    `SELECT id, approval_id, round, level, over_amount_fen, decision, decided_by, comment, note, decided_at FROM approval_steps
      WHERE approval_id IN (${p}) ORDER BY approval_id, round, level`, [...ids]);
  const approvers = await readQuery<{ step_id: number | string; user_id: number | string }>(em,
    `SELECT step_id, user_id FROM approval_step_approvers WHERE approval_id IN (${p}) ORDER BY user_id`, [...ids]);
  const files = await readQuery<Record<string, unknown>>(em,
    `SELECT id, approval_id, content_type, size_bytes, filename FROM approval_attachments WHERE approval_id IN (${p}) ORDER BY id`, [...ids]);
  const userIds = new Set<number>([...rows.map((r) => r.requesterId), ...approvers.map((a) => Number(a.user_id))]);
  for (const s of steps) if (s.decided_by !== null) userIds.add(Number(s.decided_by));
  const names = await namesOf(em, [...userIds]);
  const customerIds = [...new Set(rows.map((r) => r.customerId).filter((v): v is number => v !== null))];
  const customers = new Map(customerIds.length
    ? (await readQuery<{ id: number | string; name: string }>(em, `SELECT id, name FROM customers WHERE id IN (${placeholders(customerIds.length)})`, customerIds))
      .map((c) => [Number(c.id), c.name])
    : []);
  const ref = (id: number): UserRefDto => ({ id: String(id), name: names.get(id) ?? '' });
  const approversByStep = new Map<number, number[]>();
  for (const a of approvers) {
    const list = approversByStep.get(Number(a.step_id)) ?? [];
    list.push(Number(a.user_id));
    approversByStep.set(Number(a.step_id), list);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ApprovalRow => !!r).map((r) => {
    const own = steps.filter((s) => Number(s.approval_id) === r.id);
    const current = own.find((s) => Number(s.round) === r.round && Number(s.level) === r.currentLevel);
    const mine = r.requesterId === viewer.id;
    return {
      id: String(r.id), type: r.type, amountFen: r.amountFen,
      customer: r.customerId === null ? null : { id: String(r.customerId), name: customers.get(r.customerId) ?? '' },
      opportunityId: r.opportunityId === null ? null : String(r.opportunityId),
      reason: r.reason, occurredOn: r.occurredOn, status: r.status, requester: ref(r.requesterId), round: r.round, currentLevel: r.currentLevel,
      steps: own.map((s) => ({
        round: Number(s.round), level: Number(s.level), overAmountFen: Number(s.over_amount_fen),
        approvers: (approversByStep.get(Number(s.id)) ?? []).map(ref),
        decision: (s.decision as 'approved' | 'rejected' | null) ?? null,
        decidedBy: s.decided_by === null ? null : ref(Number(s.decided_by)),
        comment: (s.comment as string | null) ?? null, decidedAt: iso(s.decided_at), note: (s.note as string | null) ?? null,
      })),
      attachments: files.filter((f) => Number(f.approval_id) === r.id).map((f) => ({
        id: String(f.id), url: fileLink(Number(f.id)), contentType: String(f.content_type), sizeBytes: Number(f.size_bytes), filename: String(f.filename),
      })),
      createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
      canDecide: r.status === 'pending' && !!current && current.decision === null && (approversByStep.get(Number(current.id)) ?? []).includes(viewer.id),
      canWithdraw: mine && r.status === 'pending',
      canResubmit: mine && r.status === 'rejected',
    };
  });
}

async function namesOf(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await readQuery<{ id: number | string; name: string }>(em, `SELECT id, name FROM users WHERE id IN (${placeholders(ids.length)})`, ids);
  return new Map(rows.map((u) => [Number(u.id), u.name]));
}
