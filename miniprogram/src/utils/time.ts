import Taro from '@tarojs/taro'

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

interface WallClock {
  year: string
  month: string
  day: string
  hour: string
  minute: string
}

const pad = (n: number) => String(n).padStart(2, '0')

const formatters = new Map<string, Intl.DateTimeFormat | null>()

/** null where the runtime has no time-zone support (some mini-program engines): then the phone's own zone. */
function formatterFor(tz: string): Intl.DateTimeFormat | null {
  if (!formatters.has(tz)) {
    let f: Intl.DateTimeFormat | null = null
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      if (typeof f.formatToParts !== 'function') f = null
    } catch {
      f = null
    }
    formatters.set(tz, f)
  }
  return formatters.get(tz) ?? null
}

function wallClock(at: string | Date): WallClock {
  const d = new Date(at)
  const tz = businessTimeZone()
  const f = tz ? formatterFor(tz) : null
  if (f) {
    const parts: Record<string, string> = {}
    for (const p of f.formatToParts(d)) parts[p.type] = p.value
    return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour === '24' ? '00' : parts.hour, minute: parts.minute }
  }
  return { year: String(d.getFullYear()), month: pad(d.getMonth() + 1), day: pad(d.getDate()), hour: pad(d.getHours()), minute: pad(d.getMinutes()) }
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
 * Today's business date on this phone's clock: only where a date picker opens (the server
 * refuses a planned follow-up in the past, whatever the picker offered).
 */
export function pickerToday(): string {
  return formatDate(new Date())
}
