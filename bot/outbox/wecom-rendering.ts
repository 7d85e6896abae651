import { buildCard, buildDigestCard, digestPayloadFromReminders, type CardLinks } from '../cards/index.ts';
import type { RenderCard, RenderDigest } from './dispatcher.ts';

/** H5 links for cards: the sidebar/app page of a customer, and the app home. */
export function h5Links(publicBaseUrl: () => string): CardLinks {
  return {
    customerUrl: (id: string) => `${publicBaseUrl()}/#/pages/customer-detail/index?id=${encodeURIComponent(id)}`,
    get appUrl() {
      return `${publicBaseUrl()}/#/pages/customers/index`;
    },
  };
}

/** Adapts the pure card builders to the dispatcher. */
export function cardRenderers(tz: string, links: CardLinks): { renderCard: RenderCard; renderDigest: RenderDigest } {
  return {
    renderCard: (kind, payload, taskId, now) => buildCard(kind, payload, { now, tz, links, taskId }) as unknown as Record<string, unknown>,
    renderDigest: (rows, taskId, now) =>
      buildDigestCard(digestPayloadFromReminders(rows, { now, tz }), { now, tz, links, taskId }) as unknown as Record<string, unknown>,
  };
}
