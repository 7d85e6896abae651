import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Database } from '../infra/db.ts';
import type { CardAction, CardActionResult, CardClick } from '../notifications/card-actions.ts';
import type { PoolService } from './pool.service.ts';

/**
 * 放弃客户 on a reclaim warning: the member gives the customer up from chat, with a reason
 * chosen on the card (the same PoolService.release, the same rules, as the app).
 */
export const RELEASE_KEY_PREFIX = 'release:';

/** Callback key of the "放弃客户" button. */
export const releaseKey = (customerId: string): string => `${RELEASE_KEY_PREFIX}${customerId}`;

/** The customer id in a "放弃客户" key, or null when `key` is not one. */
export function parseReleaseKey(key: string): string | null {
  if (!key.startsWith(RELEASE_KEY_PREFIX)) return null;
  const id = key.slice(RELEASE_KEY_PREFIX.length);
  return /^[1-9][0-9]{0,9}$/.test(id) && Number(id) <= 2147483647 ? id : null;
}

/**
 * The reason selector on the card: a release needs a reason in chat as in the app (the words
 * the next owner reads in the pool). The default option is a placeholder, so one careless tap
 * on "放弃客户" releases nothing. Texts follow the app's quick reasons.
 */
export const RELEASE_REASON_QUESTION = 'release_reason';
export const RELEASE_REASON_PLACEHOLDER = { id: 'none', text: '请选择放弃原因' } as const;
export const RELEASE_REASONS = [
  { id: 'no_interest', text: '客户无意向' },
  { id: 'unreachable', text: '联系不上' },
  { id: 'no_budget', text: '预算不足' },
  { id: 'chose_competitor', text: '已选竞品' },
  { id: 'other', text: '其他原因' },
] as const;

/** The reason of a selected option id; null for the placeholder, a missing or an unknown id. */
export function releaseReasonOf(optionId: string | null | undefined): string | null {
  return RELEASE_REASONS.find((r) => r.id === optionId)?.text ?? null;
}

/**
 * What a click on "放弃客户" ended in, decided from the customer's state, not from an error code:
 * released by this member, back in the pool meanwhile (reclaimed or released elsewhere), owned
 * by someone else now, or not the member's to act on; `followed-up` when the rep wrote a
 * follow-up in the app (the warning no longer applies); `reason-required` when no reason was chosen.
 */
export const RECLAIM_OUTCOMES = ['released', 'reclaimed', 'transferred', 'not-allowed', 'followed-up'] as const;
export type ReclaimOutcome = (typeof RECLAIM_OUTCOMES)[number];

const outcomeTexts: Record<Exclude<ReclaimOutcome, 'released'>, string> = {
  reclaimed: '已被回收至公海',
  transferred: '客户已转给他人',
  'not-allowed': '无权操作该客户',
  'followed-up': '已写跟进，回收时间已顺延',
};

/** The greyed button's text; a release names its reason ("已放弃：联系不上"). */
export function reclaimOutcomeText(outcome: ReclaimOutcome, reason?: string | null): string {
  if (outcome !== 'released') return outcomeTexts[outcome];
  const words = (reason ?? '').trim();
  return words ? `已放弃：${words}` : '已放弃';
}

/** The redraw state of a warning card pressed without a reason (its builder draws it). */
export const REASON_REQUIRED_STATE = 'reason-required';

export function releaseCardAction(db: Database, pool: Pick<PoolService, 'release'>): CardAction {
  return {
    prefix: RELEASE_KEY_PREFIX,
    async handle(click: CardClick): Promise<CardActionResult> {
      const result = (outcome: ReclaimOutcome, reason: string | null = null): CardActionResult =>
        ({ outcome, update: { mode: 'replace-name', text: reclaimOutcomeText(outcome, reason) }, scope: 'clicker' });
      const customerKey = parseReleaseKey(click.key);
      if (!customerKey) return result('not-allowed');
      const customerId = Number(customerKey);
      const reason = releaseReasonOf(click.selections[RELEASE_REASON_QUESTION]?.[0]);
      const actor = click.actor;
      if (!actor) return result('not-allowed');
      // A rerun after a crash: the release of this very click already committed.
      if (await releasedByThisClick(db, customerId, click.requestId)) return result('released', reason);
      if (!reason) {
        // Nothing to release without a reason; a customer that is no longer theirs is told as such.
        const ownerId = await currentOwner(db, customerId);
        if (ownerId === actor.id) return { outcome: REASON_REQUIRED_STATE, update: { mode: 'redraw', state: REASON_REQUIRED_STATE }, scope: 'clicker' };
        return result(outcomeFromState(ownerId, actor));
      }
      try {
        await pool.release({ ...actor, requestId: click.requestId }, customerId, reason);
        return result('released', reason);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return result(outcomeFromState(await currentOwner(db, customerId), actor));
      }
    },
  };
}

/** The owner now; undefined when there is no such customer. */
async function currentOwner(db: Database, customerId: number): Promise<number | null | undefined> {
  const rows: Array<{ owner_id: number | string | null }> = await db.manager.query('SELECT owner_id FROM customers WHERE id = ?', [customerId]);
  if (!rows[0]) return undefined;
  return rows[0].owner_id === null ? null : Number(rows[0].owner_id);
}

/** Why a member cannot (or can no longer) release a customer, read from where it is now. */
function outcomeFromState(ownerId: number | null | undefined, actor: Actor): ReclaimOutcome {
  if (ownerId === undefined) return 'not-allowed';
  if (ownerId === null) return 'reclaimed';
  return ownerId === actor.id ? 'not-allowed' : 'transferred';
}

/** The audit row written in the release's transaction carries the click's request id. */
async function releasedByThisClick(db: Database, customerId: number, requestId: string): Promise<boolean> {
  const rows = await db.manager.query(
    "SELECT id FROM audit_log WHERE entity_type = 'customer' AND entity_id = ? AND action = 'customer.release' AND request_id = ?",
    [String(customerId), requestId]);
  return rows.length > 0;
}
