import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { readQuery, type Database } from '../infra/db.ts';
import type { Clock } from '../infra/clock.ts';
import type { CardAction, CardActionResult, CardClick } from '../notifications/card-actions.ts';
import { SELECTION_REQUIRED_STATE } from '../notifications/decision.notification.ts';
import { APPROVAL_KEY_PREFIX, cardOutcomeText, parseApprovalKey, rejectReasonOf, REJECT_REASON_QUESTION } from './approval-cards.ts';
import { findApproval } from './approvals.repository.ts';
import type { ApprovalsService } from './approvals.service.ts';
import { canViewApproval } from './rules/visibility.ts';
import { accessFacts } from './approvals.repository.ts';

/** WeCom cannot change a card after 72 h (its response codes expire): such clicks decide nothing. */
export const CARD_LIFETIME_MS = 72 * 3600_000;

/**
 * 同意 / 驳回 on an approval card: decided as the member who clicked through the same
 * ApprovalsService.decide the app uses. The card's key names its round and level, so a click on
 * a card whose level is settled (by someone else, in the app, or withdrawn) changes nothing and
 * shows what happened instead. A decision updates every approver's card of the level ('event').
 */
export function approvalCardAction(db: Database, clock: Clock, approvals: Pick<ApprovalsService, 'decide'>): CardAction {
  return {
    prefix: APPROVAL_KEY_PREFIX,
    async handle(click: CardClick): Promise<CardActionResult> {
      const greyed = (outcome: string, text: string, scope: 'clicker' | 'event' = 'clicker'): CardActionResult =>
        ({ outcome, update: { mode: 'replace-name', text }, scope });
      const key = parseApprovalKey(click.key);
      if (!key) return greyed('not-allowed', cardOutcomeText.notAllowed());
      const actor = click.actor;
      if (!actor) return greyed('not-allowed', cardOutcomeText.notAllowed());

      // A rerun after a crash: this very click already decided.
      const mine = await decidedByThisClick(db, key.approvalId, click.requestId);
      if (mine) return greyed(mine.outcome, mine.text, 'event');

      if (await cardTooOld(db, key, actor, clock.now())) return greyed('expired', cardOutcomeText.expired());

      let comment: string | undefined;
      if (key.decision === 'reject') {
        const reason = rejectReasonOf(click.selections[REJECT_REASON_QUESTION]?.[0]);
        if (!reason) {
          const state = await currentState(db, key, actor);
          if (state) return state;
          return { outcome: SELECTION_REQUIRED_STATE, update: { mode: 'redraw', state: SELECTION_REQUIRED_STATE }, scope: 'clicker' };
        }
        comment = reason;
      }
      try {
        const result = await approvals.decide({ ...actor, requestId: click.requestId }, key.approvalId,
          { decision: key.decision, comment },
          { expect: { round: key.round, level: key.level }, cardsUpdatedByCaller: true });
        return greyed(key.decision === 'approve' ? 'approved' : 'rejected', result.outcomeText, 'event');
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return (await currentState(db, key, actor)) ?? greyed('not-allowed', cardOutcomeText.notAllowed());
      }
    },
  };
}

/**
 * What the card should say when its level is no longer waiting (decided, passed, withdrawn,
 * superseded by a resubmission) or the member may not decide it; null while it still waits on them.
 */
async function currentState(db: Database, key: { approvalId: number; round: number; level: number }, actor: Actor): Promise<CardActionResult | null> {
  const greyed = (outcome: string, text: string): CardActionResult => ({ outcome, update: { mode: 'replace-name', text }, scope: 'clicker' });
  const a = await findApproval(db.manager, key.approvalId);
  if (!a || !canViewApproval(actor, await accessFacts(db.manager, a))) return greyed('not-allowed', cardOutcomeText.notAllowed());
  const [step] = await readQuery<{ decision: string | null; decided_by: number | string | null; comment: string | null; name: string | null }>(db.manager,
    `SELECT s.decision, s.decided_by, s.comment, u.name FROM approval_steps s LEFT JOIN users u ON u.id = s.decided_by
      WHERE s.approval_id = ? AND s.round = ? AND s.level = ?`, [key.approvalId, key.round, key.level]);
  if (step?.decision === 'approved') return greyed('approved', step.name ? cardOutcomeText.approved(step.name) : cardOutcomeText.passed());
  if (step?.decision === 'rejected') return greyed('rejected', cardOutcomeText.rejected(step.comment));
  if (a.status === 'withdrawn') return greyed('withdrawn', cardOutcomeText.withdrawn());
  if (a.status === 'rejected') return greyed('rejected', cardOutcomeText.rejected(null));
  if (a.status === 'approved') return greyed('approved', cardOutcomeText.passed());
  if (a.round !== key.round || a.currentLevel !== key.level) return greyed('superseded', '已重新提交，请查看新卡片');
  const [approver] = await readQuery(db.manager,
    `SELECT 1 AS x FROM approval_step_approvers sa JOIN approval_steps s ON s.id = sa.step_id
      WHERE s.approval_id = ? AND s.round = ? AND s.level = ? AND sa.user_id = ?`, [key.approvalId, key.round, key.level, actor.id]);
  return approver ? null : greyed('not-allowed', cardOutcomeText.notAllowed());
}

/** The card of this member for this level was sent more than 72 h ago: WeCom no longer changes it. */
async function cardTooOld(db: Database, key: { approvalId: number; round: number; level: number }, actor: Actor, now: Date): Promise<boolean> {
  const [row] = await readQuery<{ sent_at: string | Date | null }>(db.manager,
    'SELECT sent_at FROM outbox_messages WHERE dedupe_key = ?', [`approval:${key.approvalId}:${key.round}:${key.level}>${actor.wecomUserId}`]);
  if (!row?.sent_at) return false;
  const sent = row.sent_at instanceof Date ? row.sent_at : new Date(`${String(row.sent_at).replace(' ', 'T')}Z`);
  return now.getTime() - sent.getTime() >= CARD_LIFETIME_MS;
}

async function decidedByThisClick(db: Database, approvalId: number, requestId: string): Promise<{ outcome: string; text: string } | null> {
  const [row] = await readQuery<{ action: string; after_json: string | null }>(db.manager,
    "SELECT action, after_json FROM audit_log WHERE entity_type = 'approval' AND entity_id = ? AND action IN ('approval.approve', 'approval.reject') AND request_id = ?",
    [String(approvalId), requestId]);
  if (!row) return null;
  const [step] = await readQuery<{ comment: string | null; name: string | null }>(db.manager,
    `SELECT s.comment, u.name FROM audit_log l JOIN users u ON u.id = l.actor_id
       JOIN approval_steps s ON s.approval_id = ? AND s.decided_by = l.actor_id WHERE l.request_id = ? ORDER BY s.id DESC LIMIT 1`, [approvalId, requestId]);
  return row.action === 'approval.approve'
    ? { outcome: 'approved', text: cardOutcomeText.approved(step?.name ?? '') }
    : { outcome: 'rejected', text: cardOutcomeText.rejected(step?.comment ?? null) };
}
