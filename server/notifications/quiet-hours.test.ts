import { describe, expect, it } from 'vitest';
import { inQuietHours, parseQuietHours, quietHoursEnd } from './quiet-hours.ts';

const sh = (local: string) => new Date(`${local}+08:00`);
const TZ = 'Asia/Shanghai';

describe('quiet hours', () => {
  const quiet = parseQuietHours('21:00-08:00');
  it.each([
    ['2026-03-02T20:59:59', false], ['2026-03-02T21:00:00', true], ['2026-03-03T03:00:00', true],
    ['2026-03-03T07:59:59', true], ['2026-03-03T08:00:00', false], ['2026-03-03T12:00:00', false],
  ])('should say %s is quiet: %s', (local, expected) => {
    expect(inQuietHours(sh(local), quiet, TZ)).toBe(expected);
  });

  it('should support a window that does not wrap midnight and "off"', () => {
    expect(inQuietHours(sh('2026-03-02T12:30:00'), parseQuietHours('12:00-13:00'), TZ)).toBe(true);
    expect(inQuietHours(sh('2026-03-02T23:00:00'), parseQuietHours('off'), TZ)).toBe(false);
  });

  it('should hold until 08:00 the next morning when asked at 22:00', () => {
    expect(quietHoursEnd(sh('2026-03-02T22:00:00'), quiet!, TZ)).toEqual(sh('2026-03-03T08:00:00'));
    expect(quietHoursEnd(sh('2026-03-03T06:00:00'), quiet!, TZ)).toEqual(sh('2026-03-03T08:00:00'));
  });

  it('should reject a malformed window', () => {
    expect(() => parseQuietHours('9pm-8am')).toThrow();
  });
});

