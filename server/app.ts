import Koa from 'koa';
import { compressJson } from './http/compress-json.ts';
import { errorMiddleware } from './http/error-middleware.ts';
import { requestContext } from './http/request-context.ts';
import { staticFiles } from './http/static-files.ts';
import { requireAuth } from './auth/auth.middleware.ts';
import { MODULES } from './modules/index.ts';
import { buildServices, type AppDeps, type CapabilityModule, type Services } from './modules/module.ts';

export type { AppDeps } from './modules/module.ts';
export type AppServices = Services;

/** Every capability's services, built in module order (server/modules/index.ts). */
export function createServices(deps: AppDeps, modules: readonly CapabilityModule[] = MODULES): Services {
  return buildServices(modules, deps);
}

/**
 * The HTTP app: the simulator and raw-body routers (the WeCom callback) first, then each
 * module's public routes, then everything under /api behind a bearer token. Each router parses
 * its own bodies (server/http/router.ts: JSON by default, multipart where a route asks).
 */
export function createApp(deps: AppDeps, services: Services = createServices(deps), modules: readonly CapabilityModule[] = MODULES): Koa {
  const app = new Koa({ proxy: true });
  app.silent = true; // errors are logged by errorMiddleware with the request id
  app.use(requestContext(deps.logger));
  app.use(errorMiddleware(deps.logger));
  app.use(compressJson());

  if (deps.simulatorRouter) {
    // The simulator parses its own bodies, as WeCom does.
    app.use(deps.simulatorRouter.routes()).use(deps.simulatorRouter.allowedMethods());
  }
  for (const r of deps.rawRouters ?? []) app.use(r.routes()).use(r.allowedMethods());

  const ctx = { deps, services };
  for (const m of modules) for (const r of m.publicRoutes?.(ctx) ?? []) app.use(r.routes()).use(r.allowedMethods());

  const authenticate = requireAuth(services.auth);
  app.use(async (c, next) => {
    if (c.path.startsWith('/api/') || c.path === '/api') return authenticate(c, next);
    return next();
  });
  for (const m of modules) for (const r of m.routes?.(ctx) ?? []) app.use(r.routes()).use(r.allowedMethods());

  if (deps.h5Root) app.use(staticFiles(deps.h5Root, ['/api', '/sim', '/wecom', '/healthz']));
  return app;
}
