import { SimulatorError } from '../simulator-errors.ts';

/** Where a running time travel is (GET /sim/api/clock/travel, the page's progress line). */
export interface TravelProgress {
  from: Date;
  to: Date;
  /** The instant the travel has reached. */
  at: Date;
  stepsDone: number;
  steps: number;
}

export const TRAVEL_BUSY_MESSAGE = '正在进行时间旅行，请等它结束后再操作时钟';

/**
 * One time travel at a time, and no other clock change meanwhile: a second travel or a
 * `POST /sim/api/clock` could send the clock back under the running one.
 */
export class TravelLock {
  private running: TravelProgress | null = null;

  get current(): Readonly<TravelProgress> | null {
    return this.running;
  }

  /** Throws 409 TRAVEL_IN_PROGRESS when a travel is already running. */
  assertIdle(): void {
    if (this.running) throw new SimulatorError('TRAVEL_IN_PROGRESS', TRAVEL_BUSY_MESSAGE, { travelingTo: this.running.to.toISOString() });
  }

  begin(progress: TravelProgress): TravelProgress {
    this.assertIdle();
    this.running = progress;
    return progress;
  }

  end(): void {
    this.running = null;
  }
}
