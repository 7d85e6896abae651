import type { Database } from '../../../server/infra/db.ts';
import type { Logger } from '../../../server/infra/logger.ts';
import type { Actor } from '../../../server/auth/actor.ts';
import type { PoolService } from '../../../server/pool/pool.service.ts';
import { AppError } from '../../../server/http/errors.ts';
import type { CallbackMessage } from '../callback-envelope.ts';

/** What the card shows after a click (greyed button text). */
export const CARD_OUTCOMES = {
  released: '已放弃，客户已回到公海',
  alreadyGone: '客户已不在你名下',
  notAllowed: '无权操作该客户',
} as const;

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
}

/** Resolves the clicking member to the same Actor an HTTP request would have. */
async function actorByWecomUserId(db: Database, wecomUserId: string): Promise<Actor | null> {
  const rows: Array<{ id: number; name: string; role: Actor['role']; department_id: number; status: string; path: string }> = await db.manager.query(
    'SELECT u.id, u.name, u.role, u.department_id, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.wecom_user_id = ?',
    [wecomUserId],
  );
  const r = rows[0];
  if (!r || r.status !== 'active') return null;
  return { id: Number(r.id), wecomUserId, name: r.name, role: r.role, departmentId: Number(r.department_id), departmentPath: r.path, requestId: `callback:${wecomUserId}` };
}

/**
 * `template_card_event`: routes the button key to its action, runs it as the member who
 * clicked (same rules as the app), records the outcome on the outbox row and updates the
 * card for that member with the click's response code.
 */
export function cardActionHandler(deps: CardActionDeps) {
  return async (m: CallbackMessage): Promise<string> => {
    const key = String(m.EventKey ?? '');
    const member = String(m.FromUserName ?? '');
    const release = /^release:(\d{1,10})$/.exec(key);
    if (!release) return `ignored: unknown key ${key.slice(0, 40)}`;

    const actor = await actorByWecomUserId(deps.db, member);
    let outcome: keyof typeof CARD_OUTCOMES = 'notAllowed';
    if (actor) {
      try {
        await deps.pool.release(actor, Number(release[1]), '放弃');
        outcome = 'released';
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Already released, reclaimed, reassigned or never theirs: the card says so.
        outcome = err.status === 403 ? 'notAllowed' : 'alreadyGone';
      }
    }
    await deps.db.manager.query('UPDATE outbox_messages SET outcome = ? WHERE task_id = ?', [outcome, String(m.TaskId ?? '')]);
    if (m.ResponseCode) {
      try {
        await deps.updater.updateTemplateCard({
          userids: [member], agentid: deps.agentId, response_code: String(m.ResponseCode), button: { replace_name: CARD_OUTCOMES[outcome] },
        });
      } catch (err) {
        // The action itself is done; a card that keeps its buttons is cosmetic.
        deps.logger.warn({ err, taskId: m.TaskId }, 'update_template_card failed');
      }
    }
    return `release ${release[1]}: ${outcome}`;
  };
}
