import { describe, expect, it } from 'vitest'
import { checkPlanned, quickPicks, shortDateLabel } from './next-follow-up'

describe('quickPicks', () => {
  it('should count 明天, 3天后 and 下周一 on the business calendar from its today', () => {
    expect(quickPicks('2026-12-04')).toEqual([ // a Friday
      { key: 'tomorrow', label: '明天', date: '2026-12-05' },
      { key: 'in3', label: '3天后', date: '2026-12-07' },
      { key: 'nextMonday', label: '下周一', date: '2026-12-07' }
    ])
    expect(quickPicks('2026-12-30').map((p) => p.date)).toEqual(['2026-12-31', '2027-01-02', '2027-01-04'])
  })

  it('should label a date with its weekday, and its year when it is another year', () => {
    expect(shortDateLabel('2026-12-07', '2026-12-04')).toBe('12-07 周一')
    expect(shortDateLabel('2027-01-04', '2026-12-30')).toBe('2027-01-04 周一')
  })
})

describe('checkPlanned', () => {
  const now = new Date('2026-12-01T02:00:00Z') // 10:00 in Shanghai, 21:00 the day before in New York

  it('should give the instant of the wall clock in the business zone', () => {
    expect(checkPlanned('2026-12-07', '14:30', 'Asia/Shanghai', now)).toEqual({ ok: true, at: new Date('2026-12-07T06:30:00Z') })
    expect(checkPlanned('2026-12-07', '14:30', 'America/New_York', now)).toEqual({ ok: true, at: new Date('2026-12-07T19:30:00Z') })
  })

  it('should refuse a time that is not after now, with the time in the message', () => {
    expect(checkPlanned('2026-12-01', '09:00', 'Asia/Shanghai', now)).toEqual({ ok: false, error: '下次跟进时间 2026-12-01 09:00 已过，请选择之后的时间' })
    expect(checkPlanned('2026-12-01', '10:00', 'Asia/Shanghai', now).ok).toBe(false) // exactly now
    expect(checkPlanned('2026-12-01', '10:01', 'Asia/Shanghai', now).ok).toBe(true)
  })

  it('should judge the past by the business zone: the same wall clock may be past in one zone and ahead in another', () => {
    // 2026-11-30 22:00 is past in Shanghai (it is 12-01 10:00 there) but an hour ahead in New York.
    expect(checkPlanned('2026-11-30', '22:00', 'Asia/Shanghai', now).ok).toBe(false)
    expect(checkPlanned('2026-11-30', '22:00', 'America/New_York', now)).toEqual({ ok: true, at: new Date('2026-12-01T03:00:00Z') })
  })
})
