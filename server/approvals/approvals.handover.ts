import type { EntityManager } from 'typeorm';
import { ApprovalStepApprover } from '../../entities/approval-step-approver.entity.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { execute, readQuery, sqlTime } from '../infra/db.ts';
import { updateCards } from '../notifications/card-updates.ts';
import { decision } from '../notifications/decision.notification.ts';
import { notify } from '../notifications/notify.ts';
import type { HandoverContext, HandoverParticipant } from '../ownership/handover-participants.ts';
import { approvalCardPayload, levelEventKey } from './approval-cards.ts';
import { findPeople, loadDirectory } from './approvals.repository.ts';
import { leadersOf } from './rules/routing.ts';

export const handoverMessages = {
  withdrawnNote: (reason: string) => `申请人工作交接，自动撤回：${reason}`.slice(0, 200),
};

/**
 * Approvals in a handover: the leaver's own pending requests are withdrawn (with a note in the
 * audit), and every undecided level naming the leaver as an approver loses them — a level left
 * with nobody goes to the leaver's successor if they may decide it, else to the leaver's leaders;
 * the current level's new approvers get the card at once (a click on the leaver's old card decides
 * nothing: they are no longer an approver).
 */
export const approvalsHandover: HandoverParticipant = {
  async count(em, userId) {
    const [row] = await readQuery<{ todo: number | string; filed: number | string }>(em,
      `SELECT (SELECT COUNT(*) FROM approval_requests r JOIN approval_steps s ON s.approval_id = r.id AND s.round = r.round AND s.level = r.current_level
                 JOIN approval_step_approvers a ON a.step_id = s.id
                WHERE r.status = 'pending' AND a.user_id = ?) AS todo,
              (SELECT COUNT(*) FROM approval_requests WHERE requester_id = ? AND status = 'pending') AS filed`, [userId, userId]);
    return { approvalsToDecide: Number(row?.todo ?? 0), approvalsFiled: Number(row?.filed ?? 0) };
  },

  async handOver(em, ctx) {
    await withdrawFiled(em, ctx);
    await reassignSeats(em, ctx);
  },
};

async function withdrawFiled(em: EntityManager, ctx: HandoverContext): Promise<void> {
  const rows = await em.query(
    "SELECT id, round, current_level FROM approval_requests WHERE requester_id = ? AND status = 'pending' ORDER BY id", [ctx.fromUserId]) as Array<{ id: number | string; round: number | string; current_level: number | string | null }>;
  for (const r of rows) {
    await execute(em, "UPDATE approval_requests SET status = 'withdrawn', current_level = NULL, finished_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
      [sqlTime(ctx.now), sqlTime(ctx.now), r.id]);
    if (r.current_level !== null) {
      await updateCards(em, { eventKey: levelEventKey(Number(r.id), Number(r.round), Number(r.current_level)) },
        { outcome: 'withdrawn', update: { mode: 'replace-name', text: '已撤回' } }, ctx.now);
    }
    await writeAudit(em, {
      actorId: ctx.by?.id ?? null, action: 'approval.withdraw.handover', entityType: 'approval', entityId: Number(r.id),
      before: { status: 'pending' }, after: { status: 'withdrawn', note: handoverMessages.withdrawnNote(ctx.reason) }, requestId: ctx.by?.requestId ?? null, at: ctx.now,
    });
  }
}

async function reassignSeats(em: EntityManager, ctx: HandoverContext): Promise<void> {
  const seats = await em.query(
    `SELECT s.id AS step_id, s.level, s.round, r.id AS approval_id, r.current_level, r.requester_id, r.type, r.amount_fen, r.reason, r.customer_id
       FROM approval_step_approvers a JOIN approval_steps s ON s.id = a.step_id JOIN approval_requests r ON r.id = s.approval_id
      WHERE a.user_id = ? AND r.status = 'pending' AND s.round = r.round AND s.decision IS NULL
      ORDER BY r.id, s.level`, [ctx.fromUserId]) as Array<Record<string, number | string | null>>;
  if (!seats.length) return;
  const leaver = (await findPeople(em, [ctx.fromUserId])).get(ctx.fromUserId);
  const dir = await loadDirectory(em, { levels: [] }, [ctx.fromUserId, ...(ctx.toUserId ? [ctx.toUserId] : [])]);
  for (const seat of seats) {
    const stepId = Number(seat.step_id);
    const approvalId = Number(seat.approval_id);
    const requesterId = Number(seat.requester_id);
    await execute(em, 'DELETE FROM approval_step_approvers WHERE step_id = ? AND user_id = ?', [stepId, ctx.fromUserId]);
    const left = (await em.query('SELECT user_id FROM approval_step_approvers WHERE step_id = ?', [stepId]) as Array<{ user_id: number | string }>).map((r) => Number(r.user_id));
    let added: number[] = [];
    if (!left.length) {
      // The successor takes the seat when they may (not the requester); else the leaver's leaders.
      const successor = ctx.toUserId !== null && ctx.toUserId !== requesterId && dir.person(ctx.toUserId)?.active ? [ctx.toUserId] : [];
      added = successor.length ? successor : leadersOf(leaver?.departmentPath ?? '/', dir, new Set([requesterId, ctx.fromUserId])).map((p) => p.id);
      if (added.length) await em.insert(ApprovalStepApprover, added.map((userId) => ({ stepId, userId, approvalId })));
    }
    await writeAudit(em, {
      actorId: ctx.by?.id ?? null, action: 'approval.approver.handover', entityType: 'approval', entityId: approvalId,
      before: { level: Number(seat.level), approver: ctx.fromUserId }, after: { added, remaining: left }, requestId: ctx.by?.requestId ?? null, at: ctx.now,
    });
    const isCurrent = seat.current_level !== null && Number(seat.current_level) === Number(seat.level);
    if (!isCurrent || !added.length) continue;
    const eventKey = levelEventKey(approvalId, Number(seat.round), Number(seat.level));
    const [steps] = await em.query('SELECT COUNT(*) AS n FROM approval_steps WHERE approval_id = ? AND round = ?', [approvalId, seat.round]) as Array<{ n: number | string }>;
    const people = await findPeople(em, [...added, requesterId]);
    const customer = seat.customer_id === null ? [] : await em.query('SELECT name FROM customers WHERE id = ?', [seat.customer_id]) as Array<{ name: string }>;
    await notify(em, decision, approvalCardPayload({
      id: approvalId, type: String(seat.type), amountFen: Number(seat.amount_fen), customerName: customer[0]?.name ?? null,
      requesterName: people.get(requesterId)?.name ?? '', reason: String(seat.reason), round: Number(seat.round), level: Number(seat.level), levels: Number(steps?.n ?? 1),
    }), {
      to: added.map((id) => people.get(id)).filter((p) => p?.active).map((p) => p!.wecomUserId),
      dedupeKey: eventKey, urgent: true, customerId: seat.customer_id === null ? null : Number(seat.customer_id), now: ctx.now,
    });
  }
}
