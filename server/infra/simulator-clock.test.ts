import { describe, expect, it } from 'vitest';
import { resumedSimulatedNow } from './simulator-clock.ts';

const real = new Date('2026-03-02T02:00:00.000Z');
const DAY = 24 * 3600_000;

describe('resumedSimulatedNow', () => {
  it.each([
    ['the offset on today\'s real time when that is later than the saved instant', 10 * DAY, '2026-03-05T00:00:00.000Z', real.getTime() + 10 * DAY],
    ['the saved instant when the real clock went back behind it', 10 * DAY, '2026-04-01T00:00:00.000Z', Date.parse('2026-04-01T00:00:00.000Z')],
    ['the saved instant when the offset was negative and real time has not caught up', -5 * DAY, '2026-03-01T00:00:00.000Z', Date.parse('2026-03-01T00:00:00.000Z')],
    ['real time when there is no offset and the saved instant is past', 0, '2026-03-01T00:00:00.000Z', real.getTime()],
  ])('should resume at %s', (_, offsetMs, simulatedAt, expected) => {
    expect(resumedSimulatedNow(real, { offsetMs, simulatedAt }).getTime()).toBe(expected);
  });
});
