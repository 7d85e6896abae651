import { describe, expect, it } from 'vitest'
import { monthLabel, shiftMonth } from './month'

describe('shiftMonth', () => {
  it.each([
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-05', 0, '2026-05'],
    ['2026-05', -17, '2024-12']
  ])('should move %s by %i to %s when paging through months', (month, delta, expected) => {
    expect(shiftMonth(month, delta)).toBe(expected)
  })
})

describe('monthLabel', () => {
  it('should write the month without a leading zero when shown as a title', () => {
    expect(monthLabel('2026-03')).toBe('2026年3月')
  })
})
