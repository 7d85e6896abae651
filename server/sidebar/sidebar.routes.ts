import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { JssdkService } from './jssdk.service.ts';
import { jssdkConfigQuerySchema } from './sidebar.schemas.ts';

/** API.md "Chat sidebar and group chats": the JS-SDK signatures. */
export function jssdkRoutes(jssdk: JssdkService): Router {
  const router = new ApiRouter({ prefix: '/api/wecom' });
  router.get('/jssdk-config', async (ctx) => {
    const { url } = parseInput(jssdkConfigQuerySchema, ctx.query);
    ctx.set('cache-control', 'no-store');
    ctx.body = await jssdk.config(url);
  });
  return router;
}
