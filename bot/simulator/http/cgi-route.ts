import type { Router, RouterContext } from '@koa/router';
import { setTimeout as sleep } from 'node:timers/promises';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { BodyReadError, readJsonBody } from './read-json-body.ts';
import { WecomSimError, wecomErrmsg } from './wecom-sim-error.ts';

/** What a simulated endpoint sees of its request. */
export interface CgiRequest {
  /** A query parameter (the first, if repeated); undefined when absent. */
  query(name: string): string | undefined;
  /** The JSON body; a malformed one has already been answered with 47001. */
  body(): Promise<unknown>;
}

/** Returns the success payload; `errcode: 0, errmsg: "ok"` are added. Throws WecomSimError to fail. */
export type CgiHandler = (req: CgiRequest) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface CgiRouteDefinition {
  method: 'GET' | 'POST';
  /** Relative to /cgi-bin, e.g. "user/get". */
  path: string;
  /** Every WeCom API except gettoken itself wants `access_token`. */
  requiresToken: boolean;
}

/**
 * Registers a simulated WeCom endpoint with the behaviour every WeCom API shares: the call
 * is counted, injected faults apply, the access token is checked, and every outcome is an
 * HTTP 200 JSON answer carrying errcode/errmsg.
 */
export function defineCgiRoute(router: Router, state: SimulatorState, def: CgiRouteDefinition, handler: CgiHandler): void {
  const register = def.method === 'GET' ? router.get.bind(router) : router.post.bind(router);
  register(`/cgi-bin/${def.path}`, async (ctx: RouterContext) => {
    state.calls.record(def.path);
    ctx.status = 200;
    try {
      const fault = state.faults.decide(def.path);
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.errcode !== null) throw new WecomSimError(fault.errcode, 'injected fault');

      const req = cgiRequest(ctx);
      if (def.requiresToken) {
        const tokenErrcode = state.accessTokens.check(req.query('access_token'));
        if (tokenErrcode !== WecomErrcode.OK) throw new WecomSimError(tokenErrcode);
      }
      const payload = await handler(req);
      ctx.body = { errcode: WecomErrcode.OK, errmsg: 'ok', ...payload };
    } catch (err) {
      if (err instanceof WecomSimError) {
        ctx.body = { errcode: err.errcode, errmsg: wecomErrmsg(err.errcode, err.detail) };
      } else if (err instanceof BodyReadError) {
        ctx.body = { errcode: WecomErrcode.DATA_FORMAT_ERROR, errmsg: wecomErrmsg(WecomErrcode.DATA_FORMAT_ERROR) };
      } else {
        // A simulator bug: let the app's error middleware show it as a 500 rather than fake an errcode.
        throw err;
      }
    }
  });
}

function cgiRequest(ctx: RouterContext): CgiRequest {
  return {
    query(name) {
      const value = ctx.query[name];
      return Array.isArray(value) ? value[0] : value;
    },
    body: () => readJsonBody(ctx),
  };
}

/** Required parameter or the given "missing" errcode. */
export function requireParam(req: CgiRequest, name: string, missingErrcode: number): string {
  const value = req.query(name);
  if (value === undefined || value === '') throw new WecomSimError(missingErrcode, `${name} missing`);
  return value;
}

/** A positive integer id, or 40058 (WeCom's "invalid Parameter"). */
export function parseIdParam(value: string, name: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, `${name} must be a positive integer`);
  return Number(value);
}
