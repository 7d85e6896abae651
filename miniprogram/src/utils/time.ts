const DAY_MS = 24 * 60 * 60 * 1000

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS)
}

/** "今天跟进" / "3天前跟进" / "从未跟进" for the list rows. */
export function lastFollowUpText(lastFollowUpAt: string | null, now = new Date()): string {
  if (!lastFollowUpAt) return '从未跟进'
  const days = calendarDaysBetween(new Date(lastFollowUpAt), now)
  if (days <= 0) return '今天跟进'
  return `${days}天前跟进`
}

export interface ReclaimHint {
  text: string
  urgent: boolean
}

/** "n天后回收", urgent (shown red) when fewer than 3 days remain. */
export function reclaimHint(reclaimAt: string | null, now = new Date()): ReclaimHint | null {
  if (!reclaimAt) return null
  const ms = new Date(reclaimAt).getTime() - now.getTime()
  if (ms <= 0) return { text: '即将回收', urgent: true }
  const days = Math.ceil(ms / DAY_MS)
  return { text: `${days}天后回收`, urgent: days < 3 }
}

const pad = (n: number) => String(n).padStart(2, '0')

export function formatDate(iso: string | Date): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  const now = new Date()
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const days = calendarDaysBetween(d, now)
  if (days === 0) return `今天 ${hm}`
  if (days === 1) return `昨天 ${hm}`
  if (d.getFullYear() === now.getFullYear()) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`
  return `${formatDate(d)} ${hm}`
}

/** A reminder date at 09:00 local time, `days` from today. */
export function reminderInDays(days: number, now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 9, 0, 0)
}

/** 09:00 local on a `YYYY-MM-DD` picked in a date picker. */
export function reminderOnDate(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number)
  return new Date(y, m - 1, d, 9, 0, 0)
}
