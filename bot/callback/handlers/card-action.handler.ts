import type { Database } from '../../../server/infra/db.ts';
import type { Logger } from '../../../server/infra/logger.ts';
import type { Actor } from '../../../server/auth/actor.ts';
import type { PoolService } from '../../../server/pool/pool.service.ts';
import { AppError } from '../../../server/http/errors.ts';
import type { CardContext } from '../../cards/card-context.ts';
import {
  parseReleaseKey, reasonRequiredCard, reclaimOutcomeText, reclaimWarningPayloadSchema, RELEASE_REASON_QUESTION, releaseReasonOf,
  type ReclaimOutcome,
} from '../../cards/reclaim-warning.card.ts';
import { WecomApiError } from '../../wecom/wecom-api-error.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { selectedOptionIds, type CallbackMessage } from '../callback-envelope.ts';
import type { CallbackDelivery } from '../callback-inbox.ts';

export interface CardUpdater {
  /** message/update_template_card with the click's single-use response code. */
  updateTemplateCard(body: Record<string, unknown>): Promise<unknown>;
}

export interface CardActionDeps {
  db: Database;
  pool: PoolService;
  updater: CardUpdater;
  agentId: number;
  logger: Logger;
  /** The instant, business time zone and H5 links a card is redrawn with. */
  cardContext(): CardContext;
}

/** A click that did nothing yet: "放弃客户" with the placeholder reason. */
type ClickOutcome = ReclaimOutcome | 'reason-required';

/** Resolves the clicking member to the same Actor an HTTP request would have. */
async function actorByWecomUserId(db: Database, wecomUserId: string, requestId: string): Promise<Actor | null> {
  const rows: Array<{ id: number; name: string; role: Actor['role']; department_id: number; status: string; path: string }> = await db.manager.query(
    'SELECT u.id, u.name, u.role, u.department_id, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.wecom_user_id = ?',
    [wecomUserId],
  );
  const r = rows[0];
  if (!r || r.status !== 'active') return null;
  return { id: Number(r.id), wecomUserId, name: r.name, role: r.role, departmentId: Number(r.department_id), departmentPath: r.path, requestId };
}

/** The owner now, or undefined when there is no such customer. */
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

/**
 * The release of this very click already committed (a crash before the row was marked
 * processed): the audit row written in the release's transaction carries the click's request id.
 */
async function releasedByThisClick(db: Database, customerId: number, requestId: string): Promise<boolean> {
  const rows = await db.manager.query(
    "SELECT id FROM audit_log WHERE entity_type = 'customer' AND entity_id = ? AND action = 'customer.release' AND request_id = ?",
    [String(customerId), requestId]);
  return rows.length > 0;
}

/**
 * `template_card_event`: routes the button key to its action, runs it as the member who clicked
 * (same rules and the same PoolService.release as the app), records the outcome on the outbox row
 * and updates the card for that member with the click's response code. Safe to run twice for one
 * click: a rerun finds the release it made and finishes with the same outcome.
 */
export function cardActionHandler(deps: CardActionDeps) {
  return async (m: CallbackMessage, delivery: CallbackDelivery): Promise<string> => {
    const key = String(m.EventKey ?? '');
    const member = String(m.FromUserName ?? '');
    const customerKey = parseReleaseKey(key);
    if (!customerKey) return `ignored: unknown key ${key.slice(0, 40)}`;
    const customerId = Number(customerKey);
    const reason = releaseReasonOf(selectedOptionIds(m, RELEASE_REASON_QUESTION)[0]);
    const actor = await actorByWecomUserId(deps.db, member, `callback:${delivery.id}`);

    let outcome: ClickOutcome;
    if (!actor) outcome = 'not-allowed';
    else if (await releasedByThisClick(deps.db, customerId, actor.requestId!)) outcome = 'released';
    else if (!reason) {
      // Nothing to release without a reason; but a customer that is no longer theirs is told as such.
      const ownerId = await currentOwner(deps.db, customerId);
      outcome = ownerId === actor.id ? 'reason-required' : outcomeFromState(ownerId, actor);
    } else {
      try {
        await deps.pool.release(actor, customerId, reason);
        outcome = 'released';
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcome = outcomeFromState(await currentOwner(deps.db, customerId), actor);
      }
    }

    await deps.db.manager.query('UPDATE outbox_messages SET outcome = ? WHERE task_id = ?', [outcome, String(m.TaskId ?? '')]);
    if (m.ResponseCode) await updateCard(deps, m, member, outcome, reason);
    return `release ${customerKey}: ${outcome}${reason ? ` (${reason})` : ''}`;
  };
}

async function updateCard(deps: CardActionDeps, m: CallbackMessage, member: string, outcome: ClickOutcome, reason: string | null): Promise<void> {
  const base = { userids: [member], agentid: deps.agentId, response_code: String(m.ResponseCode) };
  let body: Record<string, unknown>;
  if (outcome === 'reason-required') {
    const replacement = await reasonRequiredReplacement(deps, String(m.TaskId ?? ''));
    if (!replacement) {
      deps.logger.warn({ taskId: m.TaskId }, 'reclaim warning without its outbox payload: card left as it is');
      return;
    }
    body = { ...base, ...replacement };
  } else {
    body = { ...base, button: { replace_name: reclaimOutcomeText(outcome, reason) } };
  }
  try {
    await deps.updater.updateTemplateCard(body);
  } catch (err) {
    // The action itself is done; a card that keeps its buttons is cosmetic. A rerun after a
    // crash finds the click's code already spent by the first run: expected, not a failure.
    if (err instanceof WecomApiError && err.reason === 'api' && err.errcode === WecomErrcode.RESPONSE_CODE_INVALID) {
      deps.logger.info({ errcode: err.errcode, taskId: m.TaskId, outcome }, 'update_template_card refused: the response code was already used or expired');
    } else {
      deps.logger.warn({ err, taskId: m.TaskId }, 'update_template_card failed');
    }
  }
}

/** The warning card as sent, redrawn to ask for a reason; null when its outbox row is gone. */
async function reasonRequiredReplacement(deps: CardActionDeps, taskId: string): Promise<Record<string, unknown> | null> {
  const rows: Array<{ payload: string }> = await deps.db.manager.query(
    "SELECT payload FROM outbox_messages WHERE task_id = ? AND kind = 'reclaim-warning'", [taskId]);
  if (!rows[0]) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(rows[0].payload);
  } catch {
    return null;
  }
  const parsed = reclaimWarningPayloadSchema.safeParse(payload);
  if (!parsed.success) return null;
  return reasonRequiredCard(parsed.data, deps.cardContext()) as unknown as Record<string, unknown>;
}
