import { describe, expect, it } from 'vitest';
import { fireTimes, parseCron } from './cron-fire-times.ts';

const TZ = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
/** Fire times as Shanghai wall-clock strings, for readable expectations. */
const local = (dates: Date[]) => dates.map((d) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '));

describe('fireTimes', () => {
  it.each([
    // [pattern, from, to, expected]
    ['10 9 * * *', '2026-03-01T10:00:00', '2026-03-04T10:00:00', ['2026-03-02 09:10', '2026-03-03 09:10', '2026-03-04 09:10']],
    ['10 9 * * *', '2026-03-01T09:10:00', '2026-03-02T09:10:00', ['2026-03-02 09:10']], // (from, to]: the start excluded, the end included
    ['5 * * * *', '2026-03-01T22:30:00', '2026-03-02T01:05:00', ['2026-03-01 23:05', '2026-03-02 00:05', '2026-03-02 01:05']],
    ['7,37 * * * *', '2026-03-01T10:00:00', '2026-03-01T11:10:00', ['2026-03-01 10:07', '2026-03-01 10:37', '2026-03-01 11:07']],
    // Weekdays only: 2026-03-06 is a Friday, 03-07/08 the weekend.
    ['25 9 * * 1-5', '2026-03-05T12:00:00', '2026-03-10T12:00:00', ['2026-03-06 09:25', '2026-03-09 09:25', '2026-03-10 09:25']],
    // Month ends: the 31st skips the months without one; February of a leap year has a 29th.
    ['0 8 31 * *', '2026-01-01T00:00:00', '2026-06-01T00:00:00', ['2026-01-31 08:00', '2026-03-31 08:00', '2026-05-31 08:00']],
    ['0 8 29 2 *', '2027-01-01T00:00:00', '2028-12-31T00:00:00', ['2028-02-29 08:00']],
    ['15 9 * * *', '2026-12-30T12:00:00', '2027-01-02T09:15:00', ['2026-12-31 09:15', '2027-01-01 09:15', '2027-01-02 09:15']],
    // Sunday as 0 and as 7; day of month AND day of week, as node-cron matches them.
    ['0 9 * * 7', '2026-03-01T10:00:00', '2026-03-16T00:00:00', ['2026-03-08 09:00', '2026-03-15 09:00']],
    ['0 9 1-7 * 1', '2026-03-01T00:00:00', '2026-05-01T00:00:00', ['2026-03-02 09:00', '2026-04-06 09:00']],
    // Steps and ranges; an hour around midnight in business time is the previous UTC day.
    ['*/20 0 * * *', '2026-03-01T23:00:00', '2026-03-02T01:00:00', ['2026-03-02 00:00', '2026-03-02 00:20', '2026-03-02 00:40']],
  ])('should fire %s in (%s, %s] at the expected business times', (pattern, from, to, expected) => {
    expect(local(fireTimes(pattern, sh(from), sh(to), TZ))).toEqual(expected);
  });

  it('should fire every minute of a day 1440 times, ascending, and nothing for an empty interval', () => {
    const all = fireTimes('* * * * *', sh('2026-03-01T00:00:00'), sh('2026-03-02T00:00:00'), TZ);
    expect(all).toHaveLength(1440);
    expect(all.every((d, i) => i === 0 || d > all[i - 1]!)).toBe(true);
    expect(fireTimes('* * * * *', sh('2026-03-02T00:00:00'), sh('2026-03-01T00:00:00'), TZ)).toEqual([]);
  });

  it('should honour a seconds field when the pattern has six fields', () => {
    expect(local(fireTimes('30 10 9 * * *', sh('2026-03-01T10:00:00'), sh('2026-03-02T10:00:00'), TZ))).toEqual(['2026-03-02 09:10']);
    expect(fireTimes('30 10 9 * * *', sh('2026-03-01T10:00:00'), sh('2026-03-02T10:00:00'), TZ)[0]!.toISOString()).toBe('2026-03-02T01:10:30.000Z');
  });

  it('should count the fires in an hour and refuse the tokens it cannot walk', () => {
    expect(parseCron('10 9 * * *').firesPerHour).toBe(1);
    expect(parseCron('7,37 * * * *').firesPerHour).toBe(2);
    expect(parseCron('* * * * *').firesPerHour).toBe(60);
    expect(() => parseCron('0 0 L * *')).toThrow(/not supported/);
    expect(() => parseCron('not a cron')).toThrow();
  });

  it('should agree with node-cron on when each of our jobs next fires', async () => {
    const { createTask } = await import('node-cron');
    for (const pattern of ['5 * * * *', '10 9 * * *', '25 9 * * 1-5', '7,37 * * * *', '17 2 * * *']) {
      const task = createTask(pattern, () => undefined, { timezone: TZ });
      const mine = fireTimes(pattern, new Date(), new Date(Date.now() + 8 * 86_400_000), TZ).slice(0, 5);
      expect(task.getNextRuns(5).map((d) => d.toISOString())).toEqual(mine.map((d) => d.toISOString()));
      await task.destroy();
    }
  });
});
