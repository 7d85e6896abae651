import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { ContactsService } from './contacts.service.ts';
import { externalUserIdSchema, linkSchema, listWecomContactsSchema } from './contacts.schemas.ts';

/** API.md "Customer contacts from WeCom". */
export function contactsRoutes(contacts: ContactsService): Router {
  const router = new ApiRouter({ prefix: '/api/wecom-contacts' });
  router.get('/', async (ctx) => {
    ctx.body = await contacts.list(actorOf(ctx), parseInput(listWecomContactsSchema, ctx.query));
  });
  router.get('/:externalUserId', async (ctx) => {
    ctx.body = await contacts.get(actorOf(ctx), parseInput(externalUserIdSchema, ctx.params.externalUserId));
  });
  router.post('/:externalUserId/link', async (ctx) => {
    const externalUserId = parseInput(externalUserIdSchema, ctx.params.externalUserId);
    const { customerId } = parseInput(linkSchema, ctx.request.body);
    ctx.body = await contacts.link(actorOf(ctx), externalUserId, customerId);
  });
  return router;
}
