import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import type { UsersService } from './users.service.ts';
import { listUsersSchema } from './users.schemas.ts';

export function usersRoutes(users: UsersService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.get('/me', async (ctx) => {
    ctx.body = await users.me(actorOf(ctx));
  });
  router.get('/departments', async (ctx) => {
    ctx.body = await users.departments(actorOf(ctx));
  });
  router.get('/users', async (ctx) => {
    ctx.body = await users.list(actorOf(ctx), parseInput(listUsersSchema, ctx.query));
  });
  return router;
}
