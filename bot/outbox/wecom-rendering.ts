import { buildCard, buildDigestCard, digestPayloadFromReminders, outcomeButton, type CardLinks } from '../cards/index.ts';
import { redrawCard } from '../cards/build-card.ts';
import type { CardUpdate } from '../../server/notifications/card-actions.ts';
import type { RenderCard, RenderDigest } from './dispatcher.ts';

/** H5 links for cards: the sidebar/app page of a customer, and the app home. */
export function h5Links(publicBaseUrl: () => string): CardLinks {
  return {
    customerUrl: (id: string) => `${publicBaseUrl()}/#/pages/customer-detail/index?id=${encodeURIComponent(id)}`,
    get appUrl() {
      return `${publicBaseUrl()}/#/pages/customers/index`;
    },
    pageUrl: (path: string) => `${publicBaseUrl()}/#${path}`,
  };
}

/**
 * The update_template_card fragment for a card action's update: the buttons greyed with a text
 * (mode A), or the card redrawn in a state (mode B); null when the card cannot show that state.
 */
export type RenderUpdate = (kind: string, payload: unknown, update: CardUpdate, now: Date) => Record<string, unknown> | null;

/** Adapts the pure card builders to the dispatcher and the click handler. */
export function cardRenderers(tz: string, links: CardLinks): { renderCard: RenderCard; renderDigest: RenderDigest; renderUpdate: RenderUpdate } {
  return {
    renderUpdate: (kind, payload, update, now) => (update.mode === 'replace-name'
      ? outcomeButton(update.text) as unknown as Record<string, unknown>
      : redrawCard(kind, payload, update.state, { now, tz, links }) as unknown as Record<string, unknown> | null),
    renderCard: (kind, payload, taskId, now) => buildCard(kind, payload, { now, tz, links, taskId }) as unknown as Record<string, unknown>,
    renderDigest: (rows, taskId, now) =>
      buildDigestCard(digestPayloadFromReminders(rows, { now, tz }), { now, tz, links, taskId }) as unknown as Record<string, unknown>,
  };
}
