import type { JobSummary } from '../jobs/job.ts';
import type { Logger } from '../infra/logger.ts';
import { execute, readQuery, sqlTime, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';
import { notify } from '../notifications/notify.ts';
import { approvalNotice } from './approvals.notifications.ts';
import { ApprovalPolicyRepository } from './approval-policy.repository.ts';
import { findPeople } from './approvals.repository.ts';
import { TYPE_LABELS } from './approvals.schemas.ts';
import { formatFen } from './rules/money.ts';
import { businessHoursBetween, remindersDue } from './rules/reminders.ts';
import { leadersOf, Directory } from './rules/routing.ts';
import { loadDirectory } from './approvals.repository.ts';

/**
 * Requests waiting too long: the approvers of a level waiting more than `remindAfterHours`
 * business hours get a reminder (not urgent: quiet hours hold it), at most once a business day;
 * past `escalateAfterHours` the requester's leader is told once. Thresholds: the policy's `reminders`.
 */
export async function remindPendingApprovals(db: Database, o: { now: Date; tz: string; dryRun: boolean; logger?: Logger }): Promise<JobSummary & { reminded: number; escalated: number }> {
  const policy = await new ApprovalPolicyRepository(db).read();
  const today = businessDate(o.now, o.tz);
  const rows = await readQuery<Record<string, unknown>>(db.manager,
    `SELECT a.id, a.type, a.amount_fen, a.reason, a.requester_id, a.customer_id, a.round, a.current_level,
            s.id AS step_id, s.activated_at, s.reminded_on, s.escalated_at
       FROM approval_requests a JOIN approval_steps s ON s.approval_id = a.id AND s.round = a.round AND s.level = a.current_level
      WHERE a.status = 'pending' AND s.decision IS NULL AND s.activated_at IS NOT NULL AND s.activated_at < ?
      ORDER BY a.id LIMIT 5000`, [sqlTime(new Date(o.now.getTime() - Math.min(policy.reminders.remindAfterHours, policy.reminders.escalateAfterHours) * 3_600_000))]);
  let reminded = 0;
  let escalated = 0;
  for (const r of rows) {
    try {
      const step = {
        activatedAt: toDate(r.activated_at)!, remindedOn: (r.reminded_on as string | null) ?? null, escalatedAt: toDate(r.escalated_at),
      };
      const due = remindersDue(step, o.now, today, o.tz, policy.reminders);
      if (!due.length) continue;
      if (o.dryRun) {
        reminded += due.includes('remind') ? 1 : 0;
        escalated += due.includes('escalate') ? 1 : 0;
        continue;
      }
      const hours = Math.floor(businessHoursBetween(step.activatedAt, o.now, o.tz));
      await db.tx(async (em) => {
        const id = Number(r.id);
        const stepId = Number(r.step_id);
        const approverRows = await readQuery<{ user_id: number | string }>(em, 'SELECT user_id FROM approval_step_approvers WHERE step_id = ?', [stepId]);
        const people = await findPeople(em, [Number(r.requester_id), ...approverRows.map((x) => Number(x.user_id))]);
        const requester = people.get(Number(r.requester_id));
        const label = TYPE_LABELS[String(r.type)] ?? '';
        const rows = [
          { key: '申请人', value: requester?.name ?? '' }, { key: '金额', value: formatFen(Number(r.amount_fen)) },
          { key: '事由', value: String(r.reason) }, { key: '已等待', value: `${hours} 小时（工作日）` },
        ];
        if (due.includes('remind')) {
          const taken = await execute(em, 'UPDATE approval_steps SET reminded_on = ? WHERE id = ? AND (reminded_on IS NULL OR reminded_on <> ?)', [today, stepId, today]);
          if (taken) {
            const to = approverRows.map((x) => people.get(Number(x.user_id))).filter((p) => p?.active).map((p) => p!.wecomUserId);
            if (to.length) {
              await notify(em, approvalNotice, {
                topic: 'wecrm 审批提醒', approvalId: String(id), title: `${requester?.name ?? ''}的${label}申请等你审批`, desc: '请尽快处理', rows,
              }, { to, dedupeKey: `approval-remind:${id}:${r.round}:${r.current_level}:${today}`, customerId: (r.customer_id as number | null) ?? null, now: o.now });
            }
            reminded++;
          }
        }
        if (due.includes('escalate')) {
          const taken = await execute(em, 'UPDATE approval_steps SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL', [sqlTime(o.now), stepId]);
          if (taken && requester) {
            const dir: Directory = await loadDirectory(em, { levels: [] }, [requester.id]);
            const leaders = leadersOf(requester.departmentPath, dir, new Set([requester.id]));
            const waitingOn = approverRows.map((x) => people.get(Number(x.user_id))?.name ?? '').filter(Boolean).join('、');
            if (leaders.length) {
              await notify(em, approvalNotice, {
                topic: 'wecrm 审批提醒', approvalId: String(id), title: `${requester.name}的${label}申请已等待 ${hours} 小时`,
                desc: `等待 ${waitingOn || '审批人'} 处理`, rows,
              }, { to: leaders.map((l) => l.wecomUserId), dedupeKey: `approval-escalate:${id}:${r.round}:${r.current_level}`, customerId: (r.customer_id as number | null) ?? null, now: o.now });
            }
            escalated++;
          }
        }
      });
    } catch (err) {
      o.logger?.error({ err, approvalId: r.id }, 'approval reminder failed');
    }
  }
  return { job: 'approval-reminders', affected: reminded + escalated, reminded, escalated };
}

function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);
}
