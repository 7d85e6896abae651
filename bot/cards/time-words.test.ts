import { describe, expect, it } from 'vitest';
import { businessDaysBetween, daysAgoText, daysAheadText, monthDay, monthDayMaybeTime, monthDayTime } from './time-words.ts';

const SH = 'Asia/Shanghai';
const NOW = new Date('2026-11-26T02:00:00Z'); // 10:00 on 11-26 in Shanghai

describe('daysAgoText', () => {
  it.each([
    ['2026-11-26T00:30:00Z', '今天'], // 08:30 the same day
    ['2026-11-25T15:59:00Z', '昨天'], // 23:59 the day before
    ['2026-11-25T16:00:00Z', '今天'], // 00:00 the same day
    ['2026-11-23T09:00:00Z', '3天前'],
    ['2026-06-26T02:00:00Z', '153天前'],
    ['2026-11-27T02:00:00Z', '今天'], // in the future: clock skew
  ])('should say %s is "%s" when now is 11-26 10:00 Shanghai', (at, words) => {
    expect(daysAgoText(new Date(at), NOW, SH)).toBe(words);
  });

  it('should count business days in tz, not 24-hour periods, when a day boundary lies between', () => {
    const at = new Date('2026-11-25T15:50:00Z'); // 23:50 Shanghai
    const now = new Date('2026-11-25T16:10:00Z'); // 00:10 Shanghai, next day
    expect(daysAgoText(at, now, SH)).toBe('昨天');
    expect(daysAgoText(at, now, 'UTC')).toBe('今天');
  });
});

describe('daysAheadText and businessDaysBetween', () => {
  it('should say 今天/明天/后天/N天后 by business days when the instant is ahead', () => {
    expect(daysAheadText(new Date('2026-11-26T15:00:00Z'), NOW, SH)).toBe('今天'); // 23:00 today
    expect(daysAheadText(new Date('2026-11-26T16:00:00Z'), NOW, SH)).toBe('明天'); // 00:00 tomorrow
    expect(daysAheadText(new Date('2026-11-28T01:00:00Z'), NOW, SH)).toBe('后天');
    expect(daysAheadText(new Date('2026-11-29T01:00:00Z'), NOW, SH)).toBe('3天后');
    expect(daysAheadText(new Date('2026-11-20T01:00:00Z'), NOW, SH)).toBe('今天');
  });

  it('should be negative when the second instant is on an earlier day', () => {
    expect(businessDaysBetween(NOW, new Date('2026-11-24T02:00:00Z'), SH)).toBe(-2);
  });
});

describe('monthDay and monthDayTime', () => {
  it('should format in the business time zone when UTC is on another day', () => {
    const at = new Date('2026-11-28T16:30:00Z'); // 00:30 on 11-29 in Shanghai
    expect(monthDay(at, NOW, SH)).toBe('11-29');
    expect(monthDayTime(at, NOW, SH)).toBe('11-29 00:30');
  });

  it('should add the year when it differs from now', () => {
    expect(monthDay(new Date('2027-01-02T02:00:00Z'), NOW, SH)).toBe('2027-01-02');
  });

  it('should drop the time when it is midnight (a date-only pick)', () => {
    expect(monthDayMaybeTime(new Date('2026-11-26T16:00:00Z'), NOW, SH)).toBe('11-27');
    expect(monthDayMaybeTime(new Date('2026-11-27T06:30:00Z'), NOW, SH)).toBe('11-27 14:30');
  });
});
