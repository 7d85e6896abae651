import { describe, expect, it } from 'vitest';
import { businessDaysSince, businessTimeOnDayAfter, calendarDaysBetween, sameBusinessYear, startOfDayAfter } from './business-calendar.ts';

const SH = 'Asia/Shanghai';
const LA = 'America/Los_Angeles';
/** Wall-clock time with its offset → instant. */
const at = (iso: string) => new Date(iso);

describe('businessDaysSince', () => {
  it.each<[string, string, string, string, number]>([
    ['the same business day', SH, '2026-03-05T00:00:00+08:00', '2026-03-05T23:59:59.999+08:00', 0],
    ['one millisecond across midnight', SH, '2026-03-05T23:59:59.999+08:00', '2026-03-06T00:00:00+08:00', 1],
    ['a UTC date that is already the next day in Shanghai', SH, '2026-03-05T15:59:59Z', '2026-03-05T16:00:00Z', 1],
    ['a moment ahead of now (clock skew)', SH, '2026-03-06T00:00:01+08:00', '2026-03-05T23:59:59+08:00', 0],
    ['the same instants in Los Angeles: still one day', LA, '2026-03-05T15:59:59Z', '2026-03-05T16:00:00Z', 0],
    ['midnight in Los Angeles', LA, '2026-03-05T23:59:59-08:00', '2026-03-06T00:00:00-08:00', 1],
    ['a span over the spring-forward night (23 h day)', LA, '2026-03-07T12:00:00-08:00', '2026-03-09T00:00:00-07:00', 2],
    ['a span over the fall-back night (25 h day)', LA, '2026-10-31T23:30:00-07:00', '2026-11-01T23:30:00-08:00', 1],
  ])('should count %s', (_case, tz, from, now, days) => {
    expect(businessDaysSince(at(from), at(now), tz)).toBe(days);
  });

  it('should agree with calendarDaysBetween whenever that is not negative', () => {
    const from = at('2026-03-01T10:00:00+08:00');
    for (let h = 0; h < 24 * 40; h += 7) {
      const now = new Date(from.getTime() + h * 3_600_000);
      expect(businessDaysSince(from, now, SH)).toBe(calendarDaysBetween(from, now, SH));
    }
  });
});

describe('businessTimeOnDayAfter', () => {
  it.each<[string, string, string, number, string]>([
    ['tomorrow 09:00 in Shanghai, late in the evening', SH, '2026-03-05T23:30:00+08:00', 1, '2026-03-06T09:00:00+08:00'],
    ['tomorrow 09:00 in Shanghai, when UTC is still on the previous day', SH, '2026-03-05T16:30:00Z', 1, '2026-03-07T09:00:00+08:00'],
    ['a week ahead across a month end', SH, '2026-02-26T10:00:00+08:00', 7, '2026-03-05T09:00:00+08:00'],
    ['tomorrow 09:00 in Los Angeles, late in the evening', LA, '2026-03-05T23:30:00-08:00', 1, '2026-03-06T09:00:00-08:00'],
    ['09:00 after the clocks sprang forward', LA, '2026-03-07T10:00:00-08:00', 3, '2026-03-10T09:00:00-07:00'],
  ])('should place %s', (_case, tz, from, days, expected) => {
    expect(businessTimeOnDayAfter(at(from), days, '09:00', tz)).toEqual(at(expected));
  });

  it('should be 09:00 of the day startOfDayAfter starts', () => {
    const from = at('2026-12-31T20:00:00+08:00');
    const start = startOfDayAfter(from, 3, SH);
    expect(businessTimeOnDayAfter(from, 3, '09:00', SH).getTime() - start.getTime()).toBe(9 * 3_600_000);
  });
});

describe('sameBusinessYear', () => {
  it.each<[string, string, string, string, boolean]>([
    ['New Year in Shanghai, 8 hours before UTC', SH, '2025-12-31T23:59:59+08:00', '2026-01-01T00:00:00+08:00', false],
    ['a UTC New Year eve that is already next year in Shanghai', SH, '2026-01-01T10:00:00+08:00', '2025-12-31T16:00:00Z', true],
    ['the same instants in Los Angeles', LA, '2026-01-01T10:00:00+08:00', '2025-12-31T16:00:00Z', true],
    ['Los Angeles on New Year eve while UTC is in the new year', LA, '2025-12-31T23:00:00-08:00', '2026-01-02T00:00:00-08:00', false],
  ])('should tell %s', (_case, tz, a, b, same) => {
    expect(sameBusinessYear(at(a), at(b), tz)).toBe(same);
  });
});
