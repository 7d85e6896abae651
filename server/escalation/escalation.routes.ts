import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import { ESCALATION_FIELD_LABELS, escalationSettingsSchema, type EscalationSettingsService } from './escalation-settings.ts';

/** GET/PUT /api/escalation-settings (admin only): whether managers get the daily digest, for which customers, when. */
export function escalationRoutes(settings: EscalationSettingsService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.get('/escalation-settings', async (ctx) => {
    ctx.body = await settings.get(actorOf(ctx));
  });
  router.put('/escalation-settings', async (ctx) => {
    const actor = actorOf(ctx);
    settings.assertAdmin(actor); // 403 before a 400: a rep learns nothing about the settings' shape
    ctx.body = await settings.put(actor, parseInput(escalationSettingsSchema, ctx.request.body, ESCALATION_FIELD_LABELS));
  });
  return router;
}
