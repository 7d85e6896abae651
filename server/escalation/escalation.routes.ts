import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { ForbiddenError } from '../http/errors.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { escalationSettingsSchema, readEscalationSettings, writeEscalationSettings } from './escalation-settings.ts';

/** GET/PUT /api/escalation-settings (admin only): which levels escalate, and whether at all. */
export function escalationRoutes(db: Database, clock: Clock): Router {
  const router = new ApiRouter({ prefix: '/api' });
  const adminOnly = (role: string) => {
    if (role !== 'admin') throw new ForbiddenError('只有管理员可以设置升级提醒');
  };
  router.get('/escalation-settings', async (ctx) => {
    adminOnly(actorOf(ctx).role);
    ctx.body = await readEscalationSettings(db);
  });
  router.put('/escalation-settings', async (ctx) => {
    const actor = actorOf(ctx);
    adminOnly(actor.role);
    const input = parseInput(escalationSettingsSchema, ctx.request.body);
    const now = clock.now();
    const before = await readEscalationSettings(db);
    ctx.body = await writeEscalationSettings(db, input, now);
    await db.tx((em) => writeAudit(em, { actorId: actor.id, action: 'escalation.settings', entityType: 'app_setting', entityId: 'escalation.settings', before, after: input, at: now }));
  });
  return router;
}
