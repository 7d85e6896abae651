import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { idParamSchema } from '../customers/customers.schemas.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { visibleCustomerParam } from '../customers/visible-customer.param.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { TeamChatsService } from './team-chats.service.ts';

/** `POST /api/customers/:id/team-chat` → `{chatId}`. */
export function teamChatRoutes(teamChats: TeamChatsService, customers: Pick<CustomersService, 'assertVisible'>): Router {
  const router = new ApiRouter({ prefix: '/api/customers' });
  router.param('id', visibleCustomerParam(customers));
  router.post('/:id/team-chat', async (ctx) => {
    ctx.body = await teamChats.create(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  return router;
}
