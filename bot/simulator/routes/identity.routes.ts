import type { Router } from '@koa/router';
import { randomBytes } from 'node:crypto';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { defineCgiRoute, requireParam } from '../http/cgi-route.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import type { SimulatorState } from '../simulator-state.ts';

/**
 * Turning login codes into identities: miniprogram/jscode2session (WECOM.md §7.1) and
 * auth/getuserinfo (§8). Codes are single use and die after 5 minutes by the clock.
 */
export function registerIdentityRoutes(router: Router, state: SimulatorState): void {
  defineCgiRoute(router, state, { method: 'GET', path: 'miniprogram/jscode2session', requiresToken: true }, (req) => {
    const code = requireParam(req, 'js_code', WecomErrcode.MISSING_CODE);
    if (req.query('grant_type') !== 'authorization_code') {
      throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'grant_type must be authorization_code');
    }
    const grant = state.loginCodes.redeem(code, 'miniprogram');
    if (!grant || grant.kind !== 'miniprogram') throw new WecomSimError(WecomErrcode.INVALID_CODE);
    return {
      corpid: state.corp.corpId,
      userid: grant.userid,
      // Opaque to wecrm; real ones are 24 base64 characters.
      session_key: randomBytes(16).toString('base64'),
    };
  });

  defineCgiRoute(router, state, { method: 'GET', path: 'auth/getuserinfo', requiresToken: true }, (req) => {
    const code = requireParam(req, 'code', WecomErrcode.MISSING_CODE);
    const grant = state.loginCodes.redeem(code, 'oauth');
    if (!grant || grant.kind !== 'oauth') throw new WecomSimError(WecomErrcode.INVALID_CODE);
    if (grant.member) {
      return { userid: grant.userid, ...(grant.userTicket ? { user_ticket: grant.userTicket } : {}) };
    }
    return { openid: grant.openid, ...(grant.externalUserid ? { external_userid: grant.externalUserid } : {}) };
  });
}
