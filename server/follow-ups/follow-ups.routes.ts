import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import { idParamSchema } from '../customers/customers.schemas.ts';
import type { FollowUpsService } from './follow-ups.service.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { visibleCustomerParam } from '../customers/visible-customer.param.ts';
import { createFollowUpSchema } from './follow-ups.schemas.ts';

export function followUpsRoutes(followUps: FollowUpsService, customers: Pick<CustomersService, 'assertVisible'>): Router {
  const router = new ApiRouter({ prefix: '/api/customers/:id/follow-ups' });
  router.param('id', visibleCustomerParam(customers));
  router.get('/', async (ctx) => {
    ctx.body = await followUps.list(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  router.post('/', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    ctx.status = 201;
    ctx.body = await followUps.create(actorOf(ctx), id, parseInput(createFollowUpSchema, ctx.request.body));
  });
  return router;
}
