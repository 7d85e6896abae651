const DAY_MS = 24 * 60 * 60 * 1000

/** Server clock minus local clock: day counts follow the server's day (its Clock can be moved in the simulator). */
let serverOffsetMs = 0

export function syncServerTime(serverIso: string | undefined): void {
  const t = serverIso ? Date.parse(serverIso) : NaN
  if (!Number.isNaN(t)) serverOffsetMs = t - Date.now()
}

/** "Now" as the server sees it. */
export function serverNow(): Date {
  return new Date(Date.now() + serverOffsetMs)
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS)
}

/** "今天跟进" / "3天前跟进" / "从未跟进" for the list rows. */
export function lastFollowUpText(lastFollowUpAt: string | null, now = serverNow()): string {
  if (!lastFollowUpAt) return '从未跟进'
  const days = calendarDaysBetween(new Date(lastFollowUpAt), now)
  if (days <= 0) return '今天跟进'
  return `${days}天前跟进`
}

// Reclaim rules count calendar days in the business time zone (Asia/Shanghai, UTC+8 all year, no DST),
// whatever the phone's own zone is; a fixed offset avoids relying on Intl in the mini-program.
const BUSINESS_UTC_OFFSET_MS = 8 * 60 * 60 * 1000

function businessDayIndex(d: Date): number {
  return Math.floor((d.getTime() + BUSINESS_UTC_OFFSET_MS) / DAY_MS)
}

/** Calendar days (Asia/Shanghai) from `now` until `at`: 0 on the same business day. */
export function businessDaysUntil(at: Date, now = serverNow()): number {
  return businessDayIndex(at) - businessDayIndex(now)
}

/** A date as YYYY-MM-DD in the business time zone. */
export function formatBusinessDate(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + BUSINESS_UTC_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

export interface ReclaimHint {
  text: string
  days: number
  urgent: boolean
}

/** Reclaims under this many days away are shown red. */
export const RECLAIM_URGENT_DAYS = 3

/** "n天后回收" / "今天回收" from `reclaimAt`; urgent (red) when fewer than 3 calendar days remain. */
export function reclaimHint(reclaimAt: string | null | undefined, now = serverNow()): ReclaimHint | null {
  if (!reclaimAt) return null
  const days = Math.max(0, businessDaysUntil(new Date(reclaimAt), now))
  return { text: days === 0 ? '今天回收' : `${days}天后回收`, days, urgent: days < RECLAIM_URGENT_DAYS }
}

const pad = (n: number) => String(n).padStart(2, '0')

export function formatDate(iso: string | Date): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  const now = serverNow()
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const days = calendarDaysBetween(d, now)
  if (days === 0) return `今天 ${hm}`
  if (days === 1) return `昨天 ${hm}`
  if (d.getFullYear() === now.getFullYear()) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`
  return `${formatDate(d)} ${hm}`
}

/** A reminder date at 09:00 local time, `days` from today. */
export function reminderInDays(days: number, now = serverNow()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 9, 0, 0)
}

/** 09:00 local on a `YYYY-MM-DD` picked in a date picker. */
export function reminderOnDate(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number)
  return new Date(y, m - 1, d, 9, 0, 0)
}

/** "今天入池" / "入池 12 天" for pool customers. */
export function daysInPoolText(days: number | null): string {
  if (days === null) return '入池时间未知'
  return days <= 0 ? '今天入池' : `入池 ${days} 天`
}

/** "09:00": the time of day, local (reminders are planned at 09:00 local, see reminderInDays). */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}
