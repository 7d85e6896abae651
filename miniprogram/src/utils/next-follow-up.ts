// The planned next follow-up ("下次跟进") as the rep picks it: a business-calendar date and a
// wall-clock time, turned into the instant the server stores. Pure: the zone and "now" come in.
import { addCalendarDays, instantOfWallClock, nextMonday, weekdayLabel } from './wall-clock'

/**
 * The time a quick pick lands on: the start of the business day, when the server's reminders
 * (08:20) have already gone out and the server's own "明天 / 3天后" (nextFollowUpInDays) land too.
 */
export const DEFAULT_PLANNED_TIME = '09:00'

export type QuickPickKey = 'tomorrow' | 'in3' | 'nextMonday'

export interface QuickPick {
  key: QuickPickKey
  label: string
  /** YYYY-MM-DD on the business calendar */
  date: string
}

/** 明天 / 3天后 / 下周一, counted on the business calendar from its `today`. */
export function quickPicks(today: string): QuickPick[] {
  return [
    { key: 'tomorrow', label: '明天', date: addCalendarDays(today, 1) },
    { key: 'in3', label: '3天后', date: addCalendarDays(today, 3) },
    { key: 'nextMonday', label: '下周一', date: nextMonday(today) }
  ]
}

/** "12-07 周一" for a chip; the year in front when it is not `today`'s. */
export function shortDateLabel(date: string, today: string): string {
  return `${date.slice(0, 4) === today.slice(0, 4) ? date.slice(5) : date} ${weekdayLabel(date)}`
}

export type PlannedCheck = { ok: true; at: Date } | { ok: false; error: string }

export const plannedMessages = {
  past: (date: string, time: string) => `下次跟进时间 ${date} ${time} 已过，请选择之后的时间`
}

/**
 * The instant of `date` `time` in `tz`, refused when it is not after `now` (the server refuses it
 * too, by its own clock, and its message is shown as it comes).
 */
export function checkPlanned(date: string, time: string, tz: string | null, now: Date): PlannedCheck {
  const at = instantOfWallClock(date, time, tz)
  if (at.getTime() <= now.getTime()) return { ok: false, error: plannedMessages.past(date, time) }
  return { ok: true, at }
}

