import type { Actor } from '../../../server/auth/actor.ts';
import type { Clock } from '../../../server/infra/clock.ts';
import type { Database } from '../../../server/infra/db.ts';
import type { Logger } from '../../../server/infra/logger.ts';
import { findCardAction, type CardAction, type CardActionResult } from '../../../server/notifications/card-actions.ts';
import { updateCards } from '../../../server/notifications/card-updates.ts';
import type { RenderUpdate } from '../../outbox/wecom-rendering.ts';
import { WecomApiError } from '../../wecom/wecom-api-error.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { selections, type CallbackMessage } from '../callback-envelope.ts';
import type { CallbackDelivery } from '../callback-inbox.ts';

export interface CardUpdater {
  /** message/update_template_card (WECOM.md §2.3). */
  updateTemplateCard(body: Record<string, unknown>): Promise<unknown>;
}

export interface CardActionDeps {
  db: Database;
  clock: Clock;
  /** Every capability's card actions (their modules' cardActions). */
  actions: readonly CardAction[];
  updater: CardUpdater;
  renderUpdate: RenderUpdate;
  agentId: number;
  logger: Logger;
}

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

/**
 * `template_card_event` / `template_card_menu_event`: the capability owning the key's prefix
 * decides the click as the member who clicked (same services and rules as the app); the card
 * then shows the outcome — the clicker's card at once with the click's single-use ResponseCode,
 * and, when the action says the whole event changed (every approver of a level), every other
 * recipient's card through the outbox with the response code of its own send. Safe to run twice
 * for one click: the request id is the inbox row's, so an action finds what its first run did.
 */
export function cardActionHandler(deps: CardActionDeps) {
  return async (m: CallbackMessage, delivery: CallbackDelivery): Promise<string> => {
    const key = String(m.EventKey ?? '');
    const member = String(m.FromUserName ?? '');
    const taskId = String(m.TaskId ?? '');
    const action = findCardAction(deps.actions, key);
    if (!action) return `ignored: no action for key ${key.slice(0, 40)}`;
    const requestId = `callback:${delivery.id}`;
    const actor = await actorByWecomUserId(deps.db, member, requestId);
    const rows: Array<{ kind: string; payload: string; event_key: string | null }> = taskId
      ? await deps.db.manager.query('SELECT kind, payload, event_key FROM outbox_messages WHERE task_id = ?', [taskId])
      : [];
    const card = rows[0] ? { kind: rows[0].kind, payload: safeJson(rows[0].payload), eventKey: rows[0].event_key } : null;

    const result = await action.handle({
      actor, wecomUserId: member, key, arg: key.slice(action.prefix.length), selections: selections(m), requestId, card,
    });

    // A redraw that keeps the buttons live (e.g. "choose a reason first") is not an outcome yet.
    const final = result.update === null || result.update.mode === 'replace-name';
    if (final && taskId) await deps.db.manager.query('UPDATE outbox_messages SET outcome = ? WHERE task_id = ?', [result.outcome.slice(0, 64), taskId]);
    if (m.ResponseCode && result.update && card) await updateClickedCard(deps, m, card, result);
    if (result.scope === 'event' && card?.eventKey && result.update) {
      const update = result.update;
      await deps.db.tx((em) => updateCards(em, { eventKey: card.eventKey! }, { outcome: result.outcome, update }, deps.clock.now()));
    }
    return `${action.prefix}${key.slice(action.prefix.length, action.prefix.length + 20)}: ${result.outcome}`;
  };
}

async function updateClickedCard(deps: CardActionDeps, m: CallbackMessage, card: { kind: string; payload: unknown }, result: CardActionResult): Promise<void> {
  const fragment = deps.renderUpdate(card.kind, card.payload, result.update!, deps.clock.now());
  if (!fragment) {
    deps.logger.warn({ taskId: m.TaskId, kind: card.kind, update: result.update }, 'the card cannot show this update: left as it is');
    return;
  }
  try {
    // atall: every recipient of this message (ours go to one member each) sees the same state.
    await deps.updater.updateTemplateCard({ atall: 1, agentid: deps.agentId, response_code: String(m.ResponseCode), ...fragment });
  } catch (err) {
    // The action itself is done; a card that keeps its buttons is cosmetic. A rerun after a
    // crash finds the click's code already spent by the first run: expected, not a failure.
    if (err instanceof WecomApiError && err.reason === 'api' && err.errcode === WecomErrcode.RESPONSE_CODE_INVALID) {
      deps.logger.info({ errcode: err.errcode, taskId: m.TaskId, outcome: result.outcome }, 'update_template_card refused: the response code was already used or expired');
    } else {
      deps.logger.warn({ err, taskId: m.TaskId }, 'update_template_card failed');
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
