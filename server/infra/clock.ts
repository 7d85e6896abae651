/**
 * Every rule, job, retry and timestamp reads time from a Clock, so rules about days
 * can be tested and the simulator can travel in time.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Where an adjustable clock stands after a change: its offset and the instant it now shows. */
export interface ClockChange {
  offsetMs: number;
  now: Date;
}

export type ClockListener = (change: ClockChange) => void | Promise<void>;

/**
 * A clock that starts at the system time and can be set or advanced; it keeps running
 * from where it was put (the simulator's "time travel"). Listeners hear every change, so
 * the runtime can persist the offset and a restart never sends time backwards.
 */
export class AdjustableClock implements Clock {
  private offset = 0;
  private readonly listeners: ClockListener[] = [];
  private notified: Promise<unknown> = Promise.resolve();

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offset);
  }

  /** How far this clock is ahead of (or behind) its base, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  set(to: Date): void {
    this.offset = to.getTime() - this.base.now().getTime();
    this.notify();
  }

  advance(ms: number): void {
    this.offset += ms;
    this.notify();
  }

  /** Calls `listener` after every set/advance; returns the function that stops it. */
  onChange(listener: ClockListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Resolves once every listener called so far has finished (e.g. the new offset is saved). */
  async settled(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.notified;
      await seen;
    } while (seen !== this.notified);
  }

  private notify(): void {
    if (!this.listeners.length) return;
    const change: ClockChange = { offsetMs: this.offset, now: this.now() };
    const listeners = [...this.listeners];
    // In order, one after another: the last change is the last one a listener finishes. A
    // listener handles its own failures (the runtime logs them); one must not stop the others.
    this.notified = this.notified.then(() => Promise.allSettled(listeners.map(async (l) => l(change))));
  }
}

/** A clock that only moves when told to (tests). */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(to: Date): void {
    this.current = new Date(to.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
