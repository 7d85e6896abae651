import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import type { CustomersService } from './customers.service.ts';
import { visibleCustomerParam } from './visible-customer.param.ts';
import { addFollowerSchema, createCustomerSchema, idParamSchema, listCustomersSchema, updateCustomerSchema } from './customers.schemas.ts';

export function customersRoutes(customers: CustomersService): Router {
  const router = new ApiRouter({ prefix: '/api/customers' });
  router.param('id', visibleCustomerParam(customers));
  router.get('/', async (ctx) => {
    ctx.body = await customers.list(actorOf(ctx), parseInput(listCustomersSchema, ctx.query));
  });
  router.post('/', async (ctx) => {
    ctx.status = 201;
    ctx.body = await customers.create(actorOf(ctx), parseInput(createCustomerSchema, ctx.request.body));
  });
  router.get('/:id', async (ctx) => {
    ctx.body = await customers.get(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  router.patch('/:id', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    ctx.body = await customers.update(actorOf(ctx), id, parseInput(updateCustomerSchema, ctx.request.body));
  });
  router.get('/:id/history', async (ctx) => {
    ctx.body = await customers.history(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  router.post('/:id/followers', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    const { userId } = parseInput(addFollowerSchema, ctx.request.body);
    ctx.body = await customers.addFollower(actorOf(ctx), id, Number(userId));
  });
  router.delete('/:id/followers/:userId', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    const userId = parseInput(idParamSchema, ctx.params.userId);
    await customers.removeFollower(actorOf(ctx), id, userId);
    ctx.status = 204;
  });
  return router;
}
