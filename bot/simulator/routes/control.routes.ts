import type { Router } from '@koa/router';
import { controlRoute, parseJsonBody } from '../http/control-route.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { isInstantInRange } from '../../../server/http/inputs.ts';
import { SimulatorError } from '../simulator-errors.ts';
import { clockChangeSchema, clockOutOfRangeMessage, faultSettingsSchema, loginCodeRequestSchema } from './control.schemas.ts';

const DAY_MS = 24 * 3600_000;

/**
 * The simulator's own API (`/sim/api/*`): what a tester or the H5 demo does that in real life
 * happens inside the WeCom client or in the passage of time.
 */
export function registerControlRoutes(router: Router, state: SimulatorState): void {
  router.post(
    '/api/login-codes',
    controlRoute(async (ctx) => {
      const req = await parseJsonBody(ctx, loginCodeRequestSchema);
      return { code: state.issueLoginCode(req.userId, req.kind, { privateInfo: req.privateInfo }) };
    }),
  );

  router.get(
    '/api/clock',
    controlRoute(() => ({ now: state.clock.now().toISOString() })),
  );

  // The clock is the server's Clock too: every rule, job and timestamp follows the jump.
  router.post(
    '/api/clock',
    controlRoute(async (ctx) => {
      const change = await parseJsonBody(ctx, clockChangeSchema);
      state.travel.assertIdle();
      const to = change.now !== undefined
        ? new Date(change.now)
        : new Date(state.clock.now().getTime() + (change.advanceDays ?? 0) * DAY_MS);
      // Jumps add up: each one is bounded, and so is where they lead.
      if (!isInstantInRange(to)) {
        throw new SimulatorError('VALIDATION_FAILED', clockOutOfRangeMessage, {
          fields: { [change.now !== undefined ? 'now' : 'advanceDays']: clockOutOfRangeMessage },
        });
      }
      if (change.now !== undefined) state.clock.set(to);
      else state.clock.advance((change.advanceDays ?? 0) * DAY_MS);
      // The server saves the simulated time on every change: answer once it is stored.
      await state.clock.settled();
      return { now: state.clock.now().toISOString() };
    }),
  );

  router.get(
    '/api/faults',
    controlRoute(() => ({ faults: state.faults.settings() })),
  );

  router.post(
    '/api/faults',
    controlRoute(async (ctx) => {
      const settings = await parseJsonBody(ctx, faultSettingsSchema);
      return { ok: true, faults: state.setFaults(settings) };
    }),
  );
}
