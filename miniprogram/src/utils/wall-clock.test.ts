import { describe, expect, it } from 'vitest'
import { addCalendarDays, instantOfWallClock, nextMonday, wallClockAt, weekdayLabel } from './wall-clock'

describe('instantOfWallClock', () => {
  it.each([
    // zone, wall clock, the instant it is
    ['Asia/Shanghai', '2026-12-02', '09:00', '2026-12-02T01:00:00.000Z'],
    ['Asia/Shanghai', '2026-12-02', '00:30', '2026-12-01T16:30:00.000Z'], // the business day starts the evening before in UTC
    ['Asia/Shanghai', '2027-01-01', '07:59', '2026-12-31T23:59:00.000Z'],
    ['Asia/Kolkata', '2026-12-02', '09:00', '2026-12-02T03:30:00.000Z'], // +05:30
    ['Asia/Kathmandu', '2026-12-02', '09:00', '2026-12-02T03:15:00.000Z'], // +05:45
    ['UTC', '2026-12-02', '09:00', '2026-12-02T09:00:00.000Z'],
    ['America/New_York', '2026-12-02', '09:00', '2026-12-02T14:00:00.000Z'], // EST, -05:00
    ['America/New_York', '2026-07-01', '09:00', '2026-07-01T13:00:00.000Z'], // EDT, -04:00
    ['Europe/Berlin', '2026-03-28', '09:00', '2026-03-28T08:00:00.000Z'], // the day before summer time
    ['Europe/Berlin', '2026-03-29', '09:00', '2026-03-29T07:00:00.000Z'], // the day it starts (02:00 → 03:00)
    ['Pacific/Chatham', '2026-12-02', '09:00', '2026-12-01T19:15:00.000Z'], // +13:45 in its summer
    ['Australia/Lord_Howe', '2026-12-02', '09:00', '2026-12-01T22:00:00.000Z'] // +11:00 (a 30-minute DST)
  ])('should read %s %s %s as %s', (tz, date, time, iso) => {
    expect(instantOfWallClock(date, time, tz).toISOString()).toBe(iso)
  })

  it('should move a time the clock skips forward by the skipped hour when daylight saving time starts', () => {
    // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT; 02:30 never shows.
    expect(instantOfWallClock('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z')
    expect(wallClockAt('2026-03-08T07:30:00.000Z', 'America/New_York')).toEqual({ date: '2026-03-08', time: '03:30' })
  })

  it('should take the first of a time the clock shows twice when daylight saving time ends', () => {
    // New York, 2026-11-01: 01:30 EDT (05:30Z) and, an hour later, 01:30 EST (06:30Z).
    expect(instantOfWallClock('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z')
    expect(instantOfWallClock('2026-11-01', '00:59', 'America/New_York').toISOString()).toBe('2026-11-01T04:59:00.000Z')
    expect(instantOfWallClock('2026-11-01', '02:00', 'America/New_York').toISOString()).toBe('2026-11-01T07:00:00.000Z')
  })

  it('should give back the same wall clock in every zone, round a year in uneven steps', () => {
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney']) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 5 * 3_600_000 + 7 * 60_000) {
        const wall = wallClockAt(ms, tz)
        const at = instantOfWallClock(wall.date, wall.time, tz).getTime()
        // The same wall clock back (the instant itself, or the first one of a repeated hour).
        expect(wallClockAt(at, tz)).toEqual(wall)
        expect(at - Math.floor(ms / 60_000) * 60_000).toBeLessThanOrEqual(0)
        expect(at - Math.floor(ms / 60_000) * 60_000).toBeGreaterThanOrEqual(-3_600_000)
      }
    }
  })

  it('should use the phone\'s own zone when there is no business zone', () => {
    const at = instantOfWallClock('2026-12-02', '09:00', null)
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()]).toEqual([2026, 11, 2, 9, 0])
  })

  it('should refuse what is not a date and a 24-hour time', () => {
    expect(() => instantOfWallClock('2026-12-2', '09:00', 'Asia/Shanghai')).toThrow(RangeError)
    expect(() => instantOfWallClock('2026-12-02', '24:00', 'Asia/Shanghai')).toThrow(RangeError)
    expect(() => instantOfWallClock('2026-12-02', '9:00', 'Asia/Shanghai')).toThrow(RangeError)
  })
})

describe('wallClockAt', () => {
  it('should write an instant on the wall clock of the zone asked, not the machine\'s', () => {
    expect(wallClockAt('2026-12-01T16:30:00.000Z', 'Asia/Shanghai')).toEqual({ date: '2026-12-02', time: '00:30' })
    expect(wallClockAt('2026-12-01T16:30:00.000Z', 'America/New_York')).toEqual({ date: '2026-12-01', time: '11:30' })
    expect(wallClockAt('2026-12-01T16:30:00.000Z', 'Asia/Kolkata')).toEqual({ date: '2026-12-01', time: '22:00' })
  })
})

describe('calendar dates', () => {
  it.each([
    ['2026-12-01', 1, '2026-12-02'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-28', 3, '2026-03-31'] // across a DST change anywhere: calendar days, not 24-hour steps
  ])('should add days to %s: +%i → %s', (date, days, expected) => {
    expect(addCalendarDays(date, days)).toBe(expected)
  })

  it.each([
    ['2026-11-30', '2026-12-07'], // a Monday: the next one
    ['2026-12-01', '2026-12-07'], // Tuesday
    ['2026-12-05', '2026-12-07'], // Saturday
    ['2026-12-06', '2026-12-07'], // Sunday: tomorrow
    ['2026-12-31', '2027-01-04']
  ])('should find the Monday after %s: %s', (date, monday) => {
    expect(nextMonday(date)).toBe(monday)
    expect(weekdayLabel(monday)).toBe('周一')
  })
})
