import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import { idParamSchema } from './customers.schemas.ts';
import type { CustomersService } from './customers.service.ts';
import type { LevelRequestsService } from './level-requests.service.ts';
import { createLevelRequestSchema, decideLevelRequestSchema, levelRequestListSchema } from './level-requests.schemas.ts';
import { visibleCustomerParam } from './visible-customer.param.ts';

export function levelRequestsRoutes(requests: LevelRequestsService, customers: Pick<CustomersService, 'assertVisible'>): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.param('id', visibleCustomerParam(customers));
  router.param('requestId', async (id, ctx, next) => {
    await requests.assertVisible(actorOf(ctx), parseInput(idParamSchema, id));
    return next();
  });
  router.post('/customers/:id/level-requests', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    ctx.status = 201;
    ctx.body = await requests.create(actorOf(ctx), id, parseInput(createLevelRequestSchema, ctx.request.body));
  });
  router.get('/customers/:id/level-requests', async (ctx) => {
    ctx.body = await requests.listForCustomer(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  router.get('/level-requests', async (ctx) => {
    ctx.body = await requests.list(actorOf(ctx), parseInput(levelRequestListSchema, ctx.query));
  });
  router.post('/level-requests/:requestId/decide', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.requestId);
    ctx.body = await requests.decide(actorOf(ctx), id, parseInput(decideLevelRequestSchema, ctx.request.body));
  });
  return router;
}
