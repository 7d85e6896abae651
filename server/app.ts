import Koa from 'koa';
import type Router from '@koa/router';
import type { AppConfig } from '../config/config.ts';
import type { Clock } from './infra/clock.ts';
import type { Database } from './infra/db.ts';
import type { KeyValueStore } from './infra/kv.ts';
import type { Logger } from './infra/logger.ts';
import { errorMiddleware } from './http/error-middleware.ts';
import { requestContext } from './http/request-context.ts';
import { jsonBody } from './http/body.ts';
import { staticFiles } from './http/static-files.ts';
import { AuthService } from './auth/auth.service.ts';
import { requireAuth } from './auth/auth.middleware.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { SessionTokens } from './auth/session-token.ts';
import type { WecomDirectory } from './auth/wecom-directory.ts';
import { UsersService } from './users/users.service.ts';
import { usersRoutes } from './users/users.routes.ts';
import { CustomersService } from './customers/customers.service.ts';
import { customersRoutes } from './customers/customers.routes.ts';
import { FollowUpsService } from './follow-ups/follow-ups.service.ts';
import { followUpsRoutes } from './follow-ups/follow-ups.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import type { DatabaseProbe } from './health/db-probe.ts';
import { PoolService } from './pool/pool.service.ts';
import { poolRoutes } from './pool/pool.routes.ts';
import { HomeService } from './home/home.service.ts';
import { homeRoutes } from './home/home.routes.ts';
import { publicConfigRoutes } from './health/public-config.routes.ts';
import { LevelRequestsService } from './customers/level-requests.service.ts';
import { levelRequestsRoutes } from './customers/level-requests.routes.ts';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  /** The /healthz database check, on its own connections (db-probe.ts). */
  dbProbe: DatabaseProbe;
  kv: KeyValueStore;
  /** Business time: rules, jobs, timestamps. Adjustable in simulator mode. */
  clock: Clock;
  /** Real time: session expiry. */
  wallClock: Clock;
  logger: Logger;
  wecom: WecomDirectory;
  /** Mounted under /sim in simulator mode only. */
  simulatorRouter?: Router;
  /** Routers that read their own raw bodies (the WeCom callback), mounted before the JSON parser. */
  rawRouters?: Router[];
  /** Folder of the H5 build; not served when absent. */
  h5Root?: string;
  publicBaseUrl: () => string;
}

export interface AppServices {
  auth: AuthService;
  users: UsersService;
  customers: CustomersService;
  followUps: FollowUpsService;
  pool: PoolService;
  home: HomeService;
  levelRequests: LevelRequestsService;
}

export function createServices(deps: AppDeps): AppServices {
  const tokens = new SessionTokens(deps.config.sessionSecret, deps.config.sessionTtlHours * 3600);
  const customers = new CustomersService(deps.db, deps.clock, deps.config.tzBusiness);
  return {
    auth: new AuthService(deps.db, deps.wecom, tokens, deps.clock, deps.wallClock, deps.config.wecom.mode === 'simulator', deps.config.wecom.corpId),
    users: new UsersService(deps.db),
    customers,
    followUps: new FollowUpsService(deps.db, deps.clock, deps.config.tzBusiness),
    pool: new PoolService(deps.db, deps.clock, deps.config.tzBusiness, customers),
    home: new HomeService(deps.db, deps.clock, deps.config.tzBusiness, deps.config.forgottenDays, customers),
    levelRequests: new LevelRequestsService(deps.db, deps.clock),
  };
}

/** The HTTP app: public routes first, then everything under /api behind a bearer token. */
export function createApp(deps: AppDeps, services = createServices(deps)): Koa {
  const app = new Koa({ proxy: true });
  app.silent = true; // errors are logged by errorMiddleware with the request id
  app.use(requestContext(deps.logger));
  // The business clock, so clients count "days until" from the server's day (the simulator travels in time).
  app.use(async (ctx, next) => {
    ctx.set('X-Server-Time', deps.clock.now().toISOString());
    return next();
  });
  app.use(errorMiddleware(deps.logger));

  if (deps.simulatorRouter) {
    // The simulator parses its own bodies, as WeCom does.
    app.use(deps.simulatorRouter.routes()).use(deps.simulatorRouter.allowedMethods());
  }
  for (const r of deps.rawRouters ?? []) app.use(r.routes()).use(r.allowedMethods());
  app.use(jsonBody);

  const publicRouters = [healthRoutes(deps.dbProbe, deps.kv), publicConfigRoutes(deps.config, deps.publicBaseUrl), authRoutes(services.auth)];
  for (const r of publicRouters) app.use(r.routes()).use(r.allowedMethods());

  const authenticate = requireAuth(services.auth);
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || ctx.path === '/api') return authenticate(ctx, next);
    return next();
  });
  const protectedRouters = [
    usersRoutes(services.users), customersRoutes(services.customers), followUpsRoutes(services.followUps, services.customers), poolRoutes(services.pool, services.customers),
    homeRoutes(services.home), levelRequestsRoutes(services.levelRequests, services.customers),
  ];
  for (const r of protectedRouters) app.use(r.routes()).use(r.allowedMethods());

  if (deps.h5Root) app.use(staticFiles(deps.h5Root, ['/api', '/sim', '/wecom', '/healthz']));
  return app;
}
