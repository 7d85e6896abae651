import { describe, expect, it } from 'vitest';
import { businessDate, startOfBusinessDay, zonedTimeToUtc } from './time.ts';

describe('business time zone helpers', () => {
  it('should place 09:00 Shanghai at 01:00 UTC when converting', () => {
    expect(zonedTimeToUtc('2026-11-26', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-26T01:00:00.000Z');
  });

  it('should give the Shanghai date when UTC is still the previous day', () => {
    expect(businessDate(new Date('2026-11-25T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(businessDate(new Date('2026-11-25T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-25');
  });

  it('should start the business day at local midnight when asked', () => {
    expect(startOfBusinessDay(new Date('2026-11-25T17:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });

  it('should follow daylight saving time when the zone has it', () => {
    expect(zonedTimeToUtc('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedTimeToUtc('2026-01-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-01-01T08:00:00.000Z');
  });
});
