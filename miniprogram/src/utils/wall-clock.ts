// Wall-clock dates and times of a named time zone, and the instants they stand for. Pure (no Taro),
// so the arithmetic is unit-tested; utils/time.ts binds it to the business time zone.
//
// Offsets are always read from the runtime's time-zone database (Intl) for the zone and the
// instant at hand, never assumed: a zone with daylight saving time, or a business zone other than
// Asia/Shanghai, comes out right. Where the runtime has no time-zone support (some mini-program
// engines), `tz` is null and the phone's own zone stands in, as it does for every date shown.

export interface WallClock {
  /** YYYY-MM-DD */
  date: string
  /** HH:mm, 24-hour */
  time: string
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const pad = (n: number) => String(n).padStart(2, '0')

const formatters = new Map<string, Intl.DateTimeFormat | null>()

/** null where the runtime cannot format in `tz` (no Intl time-zone data, or an unknown zone). */
export function zoneFormatter(tz: string): Intl.DateTimeFormat | null {
  if (!formatters.has(tz)) {
    let f: Intl.DateTimeFormat | null = null
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
      })
      if (typeof f.formatToParts !== 'function') f = null
    } catch {
      f = null
    }
    formatters.set(tz, f)
  }
  return formatters.get(tz) ?? null
}

interface Fields { year: number; month: number; day: number; hour: number; minute: number; second: number }

function fieldsAt(ms: number, tz: string | null): Fields {
  const d = new Date(ms)
  const f = tz ? zoneFormatter(tz) : null
  if (!f) {
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() }
  }
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(d)) p[part.type] = part.value
  // Some engines write midnight as 24 even with hourCycle h23.
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute, second: +p.second }
}

/** The wall clock of `tz` at instant `at` (the phone's own zone when `tz` is null or unsupported). */
export function wallClockAt(at: Date | string | number, tz: string | null): WallClock {
  const w = fieldsAt(new Date(at).getTime(), tz)
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` }
}

/** How far `tz`'s wall clock is ahead of UTC at instant `ms` (Asia/Shanghai: +8 h). */
function offsetAt(ms: number, tz: string): number {
  const w = fieldsAt(ms, tz)
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return wallAsUtc - Math.floor(ms / 1000) * 1000
}

export const isWallDate = (v: string): boolean => DATE.test(v)
export const isWallTime = (v: string): boolean => TIME.test(v)

/**
 * The instant at which the wall clock of `tz` shows `date` `time`. A time the clock skips (the
 * hour lost when daylight saving time starts) is read with the offset before the change, so it
 * lands that much later (02:30 → 03:30); a time it shows twice (the hour repeated when it ends)
 * is its first occurrence — the same choice as Temporal's "compatible".
 */
export function instantOfWallClock(date: string, time: string, tz: string | null): Date {
  const d = DATE.exec(date)
  const t = TIME.exec(time)
  if (!d || !t) throw new RangeError(`not a wall-clock date and time: ${date} ${time}`)
  const [y, mo, day, h, mi] = [+d[1], +d[2], +d[3], +t[1], +t[2]]
  if (!tz || !zoneFormatter(tz)) return new Date(y, mo - 1, day, h, mi)
  const asUtc = Date.UTC(y, mo - 1, day, h, mi)
  // The offsets in force a day either side cover every zone's transitions (none changes twice in a day).
  const before = offsetAt(asUtc - 86_400_000, tz)
  const after = offsetAt(asUtc + 86_400_000, tz)
  const candidates = [asUtc - before, asUtc - after].filter((ms) => offsetAt(ms, tz) === asUtc - ms)
  if (candidates.length) return new Date(Math.min(...candidates))
  return new Date(asUtc - before)
}

/** A calendar date plus `days` days (YYYY-MM-DD; the calendar alone, no zone involved). */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday, of a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** "周三" */
export const weekdayLabel = (date: string): string => WEEKDAYS[weekdayOf(date)]

/** The Monday after `date` (a week later when `date` is itself a Monday). */
export function nextMonday(date: string): string {
  const wd = weekdayOf(date)
  return addCalendarDays(date, wd === 0 ? 1 : 8 - wd)
}
