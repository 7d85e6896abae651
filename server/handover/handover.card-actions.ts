import type { CardAction } from '../notifications/card-actions.ts';
import { HANDOVER_POOL_KEY, type HandoverService } from './handover.service.ts';

/**
 * 退回公海 on a departure card: a manager of the leaver sends everything back to the pools at
 * once; every manager's card then says it was done, and by whom.
 */
export function handoverPoolAction(handovers: HandoverService): CardAction {
  return {
    prefix: HANDOVER_POOL_KEY,
    async handle(click) {
      const id = Number(click.arg);
      if (!click.actor || !Number.isInteger(id) || id <= 0) return { outcome: 'refused', update: { mode: 'replace-name', text: '无权操作' }, scope: 'clicker' };
      try {
        const h = await handovers.toPoolFromCard(click.actor, id);
        const text = h.to && 'pool' in h.to ? `已退回公海 · ${h.runBy?.name ?? click.actor.name}` : `已交接 · ${h.runBy?.name ?? ''}`;
        return { outcome: 'pooled', update: { mode: 'replace-name', text }, scope: 'event' };
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status === 404) return { outcome: 'refused', update: { mode: 'replace-name', text: '无权操作' }, scope: 'clicker' };
        throw err;
      }
    },
  };
}
