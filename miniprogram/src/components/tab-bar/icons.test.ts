import { describe, expect, it } from 'vitest'
import { base64Ascii, iconSrc, iconSvg, type IconName } from './icons'

const NAMES: IconName[] = ['customers', 'pool', 'approvals', 'opportunities', 'profile']

describe('tab bar icons', () => {
  it('should encode ASCII as base64 exactly as the platform does', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '<svg stroke="#0082ef"/>', iconSvg('pool', true)]) {
      expect(base64Ascii(text)).toBe(Buffer.from(text, 'latin1').toString('base64'))
    }
  })

  it('should give each tab an idle and an active drawing, distinct from each other and from other tabs', () => {
    const sources = NAMES.flatMap((n) => [iconSrc(n, false), iconSrc(n, true)])
    expect(new Set(sources).size).toBe(NAMES.length * 2)
    for (const src of sources) {
      expect(src).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/)
      expect(Buffer.from(src.split(',')[1], 'base64').toString('latin1')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg".*<\/svg>$/)
    }
    expect(iconSvg('customers', true)).toContain('stroke="#0082ef"')
    expect(iconSvg('customers', false)).toContain('stroke="#8f959e"')
  })

  it('should stay small: every drawing together well under 4 KB', () => {
    const bytes = NAMES.reduce((sum, n) => sum + iconSvg(n, false).length, 0)
    expect(bytes).toBeLessThan(2_000)
  })
})
