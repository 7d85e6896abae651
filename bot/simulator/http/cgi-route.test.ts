import { Router } from '@koa/router';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock, FixedClock } from '../../../server/infra/clock.ts';
import { SimulatorState } from '../simulator-state.ts';
import { defineCgiRoute } from './cgi-route.ts';
import { WecomSimError } from './wecom-sim-error.ts';

// A POST endpoint of our own, since the first real ones (message/send) come later.
let state: SimulatorState;
let server: Server;
let base: string;

beforeAll(async () => {
  state = new SimulatorState({
    corp: { corpId: 'wwcorp', secret: 's', agentId: 1 },
    clock: new AdjustableClock(new FixedClock(new Date('2025-03-03T01:00:00Z'))),
  });
  const router = new Router({ prefix: '/sim' });
  defineCgiRoute(router, state, { method: 'POST', path: 'test/echo', requiresToken: true }, async (req) => {
    const body = (await req.body()) as { fail?: number } | undefined;
    if (body?.fail) throw new WecomSimError(body.fail);
    return { echoed: body ?? null };
  });
  const app = new Koa();
  app.use(router.routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sim/cgi-bin/test/echo`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => state.reset());

async function post(body: string, token = state.accessTokens.issue().access_token) {
  const res = await fetch(`${base}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('defineCgiRoute', () => {
  it('should wrap the payload with errcode 0 and errmsg ok when the handler succeeds', async () => {
    expect(await post('{"a":1}')).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok', echoed: { a: 1 } } });
  });

  it('should answer HTTP 200 with 47001 when the body is malformed JSON', async () => {
    const { status, body } = await post('{"a":');
    expect(status).toBe(200);
    expect(body.errcode).toBe(47001);
    expect(body.errmsg).toMatch(/^data format error/);
  });

  it('should answer 47001 when the body is over the size limit', async () => {
    const { body } = await post(JSON.stringify({ big: 'x'.repeat(1024 * 1024 + 10) }));
    expect(body.errcode).toBe(47001);
  });

  it('should answer the handler errcode when the handler throws WecomSimError', async () => {
    expect((await post('{"fail":81013}')).body.errcode).toBe(81013);
  });

  it('should check the token before running the handler when the route requires one', async () => {
    expect((await post('{"a":1}', 'forged')).body.errcode).toBe(40014);
  });

  it('should count calls including failed ones when callCount is read', async () => {
    await post('{"a":1}');
    await post('{"a":', 'forged');
    expect(state.callCount('test/echo')).toBe(2);
  });

  it('should answer the injected errcode before checking anything when faults are on', async () => {
    state.setFaults({ failRate: 1, errcode: 45033 });
    expect((await post('{"a":1}', 'forged')).body.errcode).toBe(45033);
  });
});
