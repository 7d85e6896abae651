import { describe, expect, it } from 'vitest';
import { AdjustableClock, FixedClock } from './clock.ts';

const real = new Date('2026-03-02T02:00:00.000Z');
const DAY = 24 * 3600_000;

describe('AdjustableClock', () => {
  it('should tell its listeners the offset and the new instant when set or advanced', async () => {
    const clock = new AdjustableClock(new FixedClock(real));
    const heard: Array<{ offsetMs: number; now: string }> = [];
    clock.onChange((c) => { heard.push({ offsetMs: c.offsetMs, now: c.now.toISOString() }); });
    clock.advance(DAY);
    clock.set(new Date('2026-03-10T02:00:00.000Z'));
    await clock.settled();
    expect(heard).toEqual([
      { offsetMs: DAY, now: '2026-03-03T02:00:00.000Z' },
      { offsetMs: 8 * DAY, now: '2026-03-10T02:00:00.000Z' },
    ]);
    expect(clock.offsetMs).toBe(8 * DAY);
  });

  it('should settle only after slow listeners finished, in the order of the changes', async () => {
    const clock = new AdjustableClock(new FixedClock(real));
    const saved: number[] = [];
    clock.onChange(async (c) => {
      await new Promise((r) => setTimeout(r, c.offsetMs === DAY ? 30 : 1));
      saved.push(c.offsetMs);
    });
    clock.advance(DAY);
    clock.advance(DAY);
    await clock.settled();
    expect(saved).toEqual([DAY, 2 * DAY]);
  });

  it('should stop telling a listener once it unsubscribed, and keep going when a listener fails', async () => {
    const clock = new AdjustableClock(new FixedClock(real));
    let calls = 0;
    const stop = clock.onChange(() => { calls++; });
    clock.onChange(() => { throw new Error('disk full'); });
    clock.advance(1);
    stop();
    clock.advance(1);
    await clock.settled();
    expect(calls).toBe(1);
    expect(clock.now().getTime()).toBe(real.getTime() + 2);
  });
});
