import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { AuthService } from './auth.service.ts';
import { codeLoginSchema, devLoginSchema } from './auth.schemas.ts';

/** Public auth endpoints (no bearer token). */
export function authRoutes(auth: AuthService): Router {
  const router = new ApiRouter({ prefix: '/api/auth' });
  router.post('/wecom/miniprogram', async (ctx) => {
    const { code } = parseInput(codeLoginSchema, ctx.request.body);
    ctx.body = await auth.loginWithMiniprogramCode(code);
  });
  router.post('/wecom/oauth', async (ctx) => {
    const { code } = parseInput(codeLoginSchema, ctx.request.body);
    ctx.body = await auth.loginWithOAuthCode(code);
  });
  router.get('/dev/users', async (ctx) => {
    ctx.body = await auth.listDevUsers();
  });
  router.post('/dev', async (ctx) => {
    const { userId } = parseInput(devLoginSchema, ctx.request.body);
    ctx.body = await auth.devLogin(userId);
  });
  return router;
}
