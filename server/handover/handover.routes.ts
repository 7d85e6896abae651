import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { idParamSchema } from '../customers/customers.schemas.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { HandoverService } from './handover.service.ts';
import { createHandoverSchema, listHandoversSchema, previewQuerySchema, retryWecomSchema } from './handover.schemas.ts';

export function handoverRoutes(handovers: HandoverService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  // A handover of someone the caller does not manage is 404 before anything else.
  router.param('handoverId', async (id, ctx, next) => {
    await handovers.assertVisible(actorOf(ctx), parseInput(idParamSchema, id));
    return next();
  });
  router.get('/handovers/preview', async (ctx) => {
    const { fromUserId } = parseInput(previewQuerySchema, ctx.query);
    ctx.body = await handovers.preview(actorOf(ctx), fromUserId);
  });
  router.post('/handovers', async (ctx) => {
    const input = parseInput(createHandoverSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await handovers.create(actorOf(ctx), input);
  });
  router.get('/handovers', async (ctx) => {
    ctx.body = await handovers.list(actorOf(ctx), parseInput(listHandoversSchema, ctx.query));
  });
  router.get('/handovers/:handoverId', async (ctx) => {
    ctx.body = await handovers.get(actorOf(ctx), parseInput(idParamSchema, ctx.params.handoverId));
  });
  router.post('/handovers/:handoverId/wecom/retry', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.handoverId);
    const { toUserId } = parseInput(retryWecomSchema, ctx.request.body ?? {});
    ctx.body = await handovers.retryWecom(actorOf(ctx), id, toUserId ?? null);
  });
  return router;
}
