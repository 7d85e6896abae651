import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import { getTargetsSchema, putTargetsSchema } from './targets.schemas.ts';
import type { TargetsService } from './targets.service.ts';

export function targetsRoutes(targets: TargetsService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.get('/targets', async (ctx) => {
    const { period } = parseInput(getTargetsSchema, ctx.query);
    ctx.body = await targets.get(actorOf(ctx), period);
  });
  router.put('/targets', async (ctx) => {
    ctx.body = await targets.put(actorOf(ctx), parseInput(putTargetsSchema, ctx.request.body));
  });
  return router;
}
