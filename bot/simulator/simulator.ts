import { Router } from '@koa/router';
import type { WecomConfig } from '../../config/config.ts';
import type { AdjustableClock } from '../../server/infra/clock.ts';
import type { CallbackSettings } from './callbacks/callback-sender.ts';
import { registerAppChatRoutes } from './routes/appchat.routes.ts';
import { registerChatRoutes } from './routes/chat.routes.ts';
import { registerContactsRoutes } from './routes/contacts.routes.ts';
import { registerControlRoutes } from './routes/control.routes.ts';
import { registerExternalContactRoutes } from './routes/external-contacts.routes.ts';
import { registerIdentityRoutes } from './routes/identity.routes.ts';
import { registerJssdkRoutes } from './routes/jssdk.routes.ts';
import { registerMessageRoutes } from './routes/messages.routes.ts';
import { registerPageRoutes } from './routes/page.routes.ts';
import { registerSidebarRoutes } from './routes/sidebar.routes.ts';
import { registerTokenRoutes } from './routes/token.routes.ts';
import { SimulatorState } from './simulator-state.ts';

export interface SimulatorOptions {
  /** corpId, agentId and secret become the fake corp's credentials. */
  wecom: Pick<WecomConfig, 'corpId' | 'agentId' | 'secret'>;
  /** Shared with the server: moving it moves the whole product in time. */
  clock: AdjustableClock;
  /** Randomness for fault injection; tests may pass a deterministic one. */
  random?: () => number;
  /**
   * The app's callback (Token, EncodingAESKey, URL): card clicks are POSTed there encrypted and
   * signed, as WeCom does. The server passes `${localBase}/wecom/callback`. Without it the
   * simulator works, but clicks answer 409 CALLBACK_NOT_CONFIGURED.
   */
  callback?: CallbackSettings;
  /** For tests of the callback path. */
  fetchImpl?: typeof fetch;
}

export interface Simulator {
  /** Prefix `/sim`. Mount with `app.use(router.routes())` BEFORE the JSON body parser. */
  router: Router;
  state: SimulatorState;
}

/**
 * A strict fake of WeCom for simulator mode and tests: the server API under
 * `/sim/cgi-bin/*` (as strict about tokens, codes and parameters as WeCom), its control
 * API under `/sim/api/*`, and the members' chat page at `/sim`.
 */
export function createSimulator(opts: SimulatorOptions): Simulator {
  const state = new SimulatorState({
    corp: { corpId: opts.wecom.corpId, secret: opts.wecom.secret, agentId: opts.wecom.agentId },
    clock: opts.clock,
    random: opts.random,
    ...(opts.callback ? { callback: opts.callback } : {}),
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
  });
  const router = new Router({ prefix: '/sim' });

  registerTokenRoutes(router, state);
  registerIdentityRoutes(router, state);
  registerJssdkRoutes(router, state);
  registerContactsRoutes(router, state);
  registerMessageRoutes(router, state);
  registerExternalContactRoutes(router, state);
  registerControlRoutes(router, state);
  registerChatRoutes(router, state);
  registerSidebarRoutes(router, state);
  registerAppChatRoutes(router, state);
  registerPageRoutes(router);

  // WeCom answers unknown API paths with a plain 404, not an errcode.
  router.all('/cgi-bin/{*rest}', (ctx) => {
    ctx.status = 404;
    ctx.body = 'Not Found';
  });

  return { router, state };
}
