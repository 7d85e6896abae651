import { describe, expect, it } from 'vitest';
import { businessHoursBetween, DEFAULT_REMINDER_THRESHOLDS, remindersDue } from './reminders.ts';

const sh = (local: string) => new Date(`${local}+08:00`);
const TZ = 'Asia/Shanghai';

describe('businessHoursBetween', () => {
  it.each([
    ['Monday 10:00 → Tuesday 10:00', '2026-03-02T10:00:00', '2026-03-03T10:00:00', 24],
    ['Friday 18:00 → Monday 09:00 (the weekend does not count)', '2026-03-06T18:00:00', '2026-03-09T09:00:00', 15],
    ['Saturday → Sunday', '2026-03-07T10:00:00', '2026-03-08T10:00:00', 0],
    ['backwards', '2026-03-03T10:00:00', '2026-03-02T10:00:00', 0],
  ])('should count %s as %i hours', (_case, from, to, hours) => {
    expect(businessHoursBetween(sh(from), sh(to), TZ)).toBe(hours);
  });
});

describe('remindersDue', () => {
  const at = sh('2026-03-02T10:00:00');
  it.each([
    ['23 h: nothing', '2026-03-03T09:00:00', null, null, []],
    ['25 h: remind', '2026-03-03T11:00:00', null, null, ['remind']],
    ['25 h, reminded today: nothing', '2026-03-03T11:00:00', '2026-03-03', null, []],
    ['73 h, reminded yesterday: remind and escalate', '2026-03-05T11:00:00', '2026-03-04', null, ['remind', 'escalate']],
    ['73 h, escalated already: remind only', '2026-03-05T11:00:00', null, sh('2026-03-05T09:00:00'), ['remind']],
  ] as const)('should say %s', (_case, now, remindedOn, escalatedAt, expected) => {
    const today = now.slice(0, 10);
    expect(remindersDue({ activatedAt: at, remindedOn, escalatedAt }, sh(now), today, TZ, DEFAULT_REMINDER_THRESHOLDS)).toEqual(expected);
  });
});
