import { controlRoute, parseJsonBody } from '../http/control-route.ts';
import type { Simulator } from '../simulator.ts';
import type { TimeTravel } from '../time-travel/time-travel.ts';
import { clockTravelSchema } from './control.schemas.ts';

/**
 * `POST /sim/api/clock/travel {days | to}` — walks the clock forward running every scheduled job
 * at its fire times and dispatching the outbox on the way; answers the report of every run and
 * of the cards each member got. `GET /sim/api/clock/travel` — the running travel's progress.
 * Mounted by the server (it owns the jobs and the dispatcher), like the job trigger.
 */
export function mountTimeTravel(simulator: Simulator, travel: TimeTravel): void {
  const { state } = simulator;
  simulator.router.get('/api/clock/travel', controlRoute(() => {
    const p = state.travel.current;
    return p
      ? { running: true, from: p.from.toISOString(), to: p.to.toISOString(), at: p.at.toISOString(), stepsDone: p.stepsDone, steps: p.steps }
      : { running: false };
  }));
  simulator.router.post('/api/clock/travel', controlRoute(async (ctx) => {
    const request = await parseJsonBody(ctx, clockTravelSchema);
    state.travel.assertIdle();
    return travel.travel(request);
  }));
}
