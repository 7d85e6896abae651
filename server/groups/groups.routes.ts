import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { idParamSchema } from '../customers/customers.schemas.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { GroupsService } from './groups.service.ts';
import { bindSchema, chatIdSchema, listGroupsQuerySchema } from './groups.schemas.ts';

/** API.md "Chat sidebar and group chats": customer groups and their binding to a customer. */
export function groupsRoutes(groups: GroupsService): Router {
  const router = new ApiRouter({ prefix: '/api/groups' });
  // A group the caller cannot see is 404 before the body is read or any other check.
  router.param('chatId', async (chatId, ctx, next) => {
    await groups.assertVisible(actorOf(ctx), parseInput(chatIdSchema, chatId));
    return next();
  });
  router.get('/', async (ctx) => {
    parseInput(listGroupsQuerySchema, ctx.query);
    ctx.body = await groups.listUnboundOfMine(actorOf(ctx));
  });
  router.get('/:chatId', async (ctx) => {
    ctx.body = await groups.get(actorOf(ctx), parseInput(chatIdSchema, ctx.params.chatId));
  });
  router.put('/:chatId/customer', async (ctx) => {
    const chatId = parseInput(chatIdSchema, ctx.params.chatId);
    const { customerId } = parseInput(bindSchema, ctx.request.body);
    ctx.body = await groups.bind(actorOf(ctx), chatId, customerId);
  });
  router.delete('/:chatId/customer', async (ctx) => {
    ctx.body = await groups.unbind(actorOf(ctx), parseInput(chatIdSchema, ctx.params.chatId));
  });
  return router;
}

/** `GET /api/customers/:id/groups`. */
export function customerGroupsRoutes(groups: GroupsService): Router {
  const router = new ApiRouter({ prefix: '/api/customers' });
  router.get('/:id/groups', async (ctx) => {
    ctx.body = await groups.listForCustomer(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  return router;
}
