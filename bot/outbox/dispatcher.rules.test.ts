import { describe, expect, it } from 'vitest';
import { classifyFailure, inQuietHours, parseQuietHours, quietHoursEnd, retryDelayMs } from './dispatcher.rules.ts';

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

describe('retries', () => {
  it('should back off exponentially with jitter and a ceiling', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1000);
    expect(retryDelayMs(1, () => 1)).toBe(2000);
    expect(retryDelayMs(4, () => 1)).toBe(16000);
    expect(retryDelayMs(30, () => 1)).toBe(30 * 60_000);
  });

  it('should treat a duplicate task_id as already delivered and invalid users as permanent', () => {
    expect(classifyFailure(42014, false)).toBe('already-delivered');
    expect(classifyFailure(-1, true)).toBe('retry');
    expect(classifyFailure(45009, true)).toBe('retry');
    expect(classifyFailure(81013, false)).toBe('permanent');
  });
});
