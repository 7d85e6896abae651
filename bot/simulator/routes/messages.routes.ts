import type { Router } from '@koa/router';
import { defineCgiRoute } from '../http/cgi-route.ts';
import type { SimulatorState } from '../simulator-state.ts';

/**
 * App messages (WECOM.md §2): message/send and message/update_template_card, with WeCom's
 * limits and errcodes. What gets delivered lands in each member's chat (`/sim/api/messages`).
 */
export function registerMessageRoutes(router: Router, state: SimulatorState): void {
  defineCgiRoute(router, state, { method: 'POST', path: 'message/send', requiresToken: true }, async (req) =>
    state.messages.send(await req.body()),
  );

  defineCgiRoute(router, state, { method: 'POST', path: 'message/update_template_card', requiresToken: true }, async (req) =>
    state.messages.updateTemplateCard(await req.body()),
  );
}
