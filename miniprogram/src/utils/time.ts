import Taro from '@tarojs/taro'
import { wallClockAt, weekdayLabel, type WallClock } from './wall-clock'

// Dates as text. The server counts every day the app shows (days until a reclaim, since a
// follow-up, in the pool; today / yesterday on the timeline) from its one business calendar; here
// instants are only written out, on the wall clock of the business time zone (/api/config
// tzBusiness) so a phone in another zone reads the same dates as the office.

const TZ_KEY = 'wecrm.tzBusiness'

let timeZone: string | null | undefined

/** The business time zone, as /api/config last gave it (kept across launches). */
export function businessTimeZone(): string | null {
  if (timeZone === undefined) timeZone = Taro.getStorageSync<string>(TZ_KEY) || null
  return timeZone
}

export function setBusinessTimeZone(tz: string | undefined): void {
  if (!tz || tz === businessTimeZone()) return
  timeZone = tz
  Taro.setStorageSync(TZ_KEY, tz)
}

/** How far the server's clock is ahead of this phone's (/api/config `now`); 0 until it is known. */
let serverOffsetMs = 0

/**
 * Remembers the server's now. The simulator's clock (moved from /sim) can be days away from the
 * phone's, and a live phone's clock can simply be wrong; planning ahead counts from the server's.
 */
export function setServerNow(iso: string | undefined): void {
  const at = iso ? Date.parse(iso) : NaN
  if (!Number.isNaN(at)) serverOffsetMs = at - Date.now()
}

/** The server's now, as far as this phone knows it. */
export const serverNow = (): Date => new Date(Date.now() + serverOffsetMs)

interface WallFields {
  year: string
  month: string
  day: string
  hour: string
  minute: string
}

function wallClock(at: string | Date): WallFields {
  const { date, time } = wallClockAt(at, businessTimeZone())
  return { year: date.slice(0, 4), month: date.slice(5, 7), day: date.slice(8, 10), hour: time.slice(0, 2), minute: time.slice(3, 5) }
}

/** "2026-03-05": the business date of an instant. */
export function formatDate(at: string | Date): string {
  const w = wallClock(at)
  return `${w.year}-${w.month}-${w.day}`
}

/** "09:00": the business time of day. */
export function formatTime(at: string): string {
  const w = wallClock(at)
  return `${w.hour}:${w.minute}`
}

/** "03-05 14:00". */
export function formatMonthDayTime(at: string): string {
  const w = wallClock(at)
  return `${w.month}-${w.day} ${w.hour}:${w.minute}`
}

/**
 * "今天 14:00" / "昨天 14:00" / "03-05 14:00" / "2025-12-30 14:00" for a timeline entry; the server
 * says how many business days ago it was and whether it is this year.
 */
export function formatDateTime(at: string, daysAgo: number, thisYear: boolean): string {
  const hm = formatTime(at)
  if (daysAgo <= 0) return `今天 ${hm}`
  if (daysAgo === 1) return `昨天 ${hm}`
  return thisYear ? formatMonthDayTime(at) : `${formatDate(at)} ${hm}`
}

/** "今天跟进" / "3天前跟进" / "从未跟进" for the list rows (days: the server's daysSinceFollowUp). */
export function lastFollowUpText(lastFollowUpAt: string | null, days: number): string {
  if (!lastFollowUpAt) return '从未跟进'
  return days <= 0 ? '今天跟进' : `${days}天前跟进`
}

/** "n天后回收" / "今天回收" from the server's reclaimDaysLeft; null when no reclaim is due. */
export function reclaimText(daysLeft: number | null | undefined): string | null {
  if (daysLeft === null || daysLeft === undefined) return null
  return daysLeft <= 0 ? '今天回收' : `${daysLeft}天后回收`
}

/** "今天入池" / "入池 12 天" for pool customers. */
export function daysInPoolText(days: number | null | undefined): string {
  if (days === null || days === undefined) return '入池时间未知'
  return days <= 0 ? '今天入池' : `入池 ${days} 天`
}

/**
 * Today's business date by the server's clock: only where a date picker opens (the server
 * refuses a planned follow-up in the past, whatever the picker offered).
 */
export function pickerToday(): string {
  return formatDate(serverNow())
}

/** The business wall clock now, by the server's clock (date pickers and the form's "not in the past" check). */
export function businessNow(): WallClock {
  return wallClockAt(serverNow(), businessTimeZone())
}


/**
 * "12-02 周三 09:00" (the year in front when it is not this business year): a planned follow-up,
 * where the weekday helps more than a count of days.
 */
export function formatPlanned(at: string): string {
  const { date, time } = wallClockAt(at, businessTimeZone())
  const day = date.slice(0, 4) === businessNow().date.slice(0, 4) ? date.slice(5) : date
  return `${day} ${weekdayLabel(date)} ${time}`
}
