import type { Router } from '@koa/router';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { defineCgiRoute, requireParam } from '../http/cgi-route.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import type { SimulatorState } from '../simulator-state.ts';

/** gettoken (WECOM.md §1): the corp id is checked before the secret, as WeCom does. */
export function registerTokenRoutes(router: Router, state: SimulatorState): void {
  defineCgiRoute(router, state, { method: 'GET', path: 'gettoken', requiresToken: false }, (req) => {
    const corpid = requireParam(req, 'corpid', WecomErrcode.MISSING_CORPID);
    const corpsecret = requireParam(req, 'corpsecret', WecomErrcode.MISSING_SECRET);
    if (corpid !== state.corp.corpId) throw new WecomSimError(WecomErrcode.INVALID_CORPID);
    if (corpsecret !== state.corp.secret) throw new WecomSimError(WecomErrcode.INVALID_SECRET);
    const issued = state.accessTokens.issue();
    return { access_token: issued.access_token, expires_in: issued.expires_in };
  });
}
