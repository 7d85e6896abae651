import type { Router } from '@koa/router';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { defineCgiRoute } from '../http/cgi-route.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import type { SimulatorState } from '../simulator-state.ts';

/**
 * The JS-SDK tickets (WECOM.md §7.4): `get_jsapi_ticket` (corp) and `ticket/get?type=agent_config`
 * (app). Both share WeCom's hourly limits; beyond them 45009.
 */
export function registerJssdkRoutes(router: Router, state: SimulatorState): void {
  defineCgiRoute(router, state, { method: 'GET', path: 'get_jsapi_ticket', requiresToken: true }, () => {
    const issued = state.jsapiTickets.issue('corp');
    if (!issued) throw new WecomSimError(WecomErrcode.API_FREQUENCY_LIMIT, 'jsapi_ticket fetched too often');
    return issued;
  });
  defineCgiRoute(router, state, { method: 'GET', path: 'ticket/get', requiresToken: true }, (req) => {
    const type = req.query('type');
    if (type !== 'agent_config') throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'type must be agent_config');
    const issued = state.jsapiTickets.issue('agent');
    if (!issued) throw new WecomSimError(WecomErrcode.API_FREQUENCY_LIMIT, 'jsapi_ticket fetched too often');
    return issued;
  });
}
