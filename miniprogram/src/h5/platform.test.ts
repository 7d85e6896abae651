import { describe, expect, it } from 'vitest'
import platform, { parseDevice, parseOs } from './platform'

// Real user agents: WeCom on an iPhone and on Android phones, HarmonyOS, desktop WeCom and browsers.
const AGENTS = {
  wecomIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.26 MicroMessenger/7.0.1 Language/zh ColorScheme/Light',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  wecomAndroid:
    'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh',
  androidNoBuild: 'Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
  androidReduced: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  harmony:
    'Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 wxwork/4.1.20',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  linux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36'
}

describe('platform (the H5 stand-in for the `platform` package)', () => {
  it('should name the operating system and its version as the user agent gives them', () => {
    const os = (ua: string) => parseOs(ua).toString()
    expect(os(AGENTS.wecomIphone)).toBe('iOS 17.5.1')
    expect(os(AGENTS.ipad)).toBe('iOS 16.6')
    expect(os(AGENTS.wecomAndroid)).toBe('Android 13')
    expect(os(AGENTS.androidNoBuild)).toBe('Android 14')
    expect(os(AGENTS.harmony)).toBe('HarmonyOS 4.1')
    expect(os(AGENTS.windows)).toBe('Windows 10.0')
    expect(os(AGENTS.mac)).toBe('OS X 10.15.7')
    expect(os(AGENTS.linux)).toBe('Linux')
    expect(parseOs(AGENTS.linux).version).toBeNull()
    expect(parseOs('curl/8.0').family).toBeNull()
    expect(parseOs('curl/8.0').toString()).toBe('')
  })

  it('should name the device where the user agent does, and no model it made up', () => {
    expect(parseDevice(AGENTS.wecomIphone)).toEqual({ product: 'iPhone', manufacturer: 'Apple' })
    expect(parseDevice(AGENTS.ipad)).toEqual({ product: 'iPad', manufacturer: 'Apple' })
    expect(parseDevice(AGENTS.wecomAndroid)).toEqual({ product: 'V2227A', manufacturer: null })
    expect(parseDevice(AGENTS.androidNoBuild)).toEqual({ product: '23127PN0CC', manufacturer: null })
    // Chrome's reduced user agent says "K" for every model: not a model.
    expect(parseDevice(AGENTS.androidReduced)).toEqual({ product: null, manufacturer: null })
    expect(parseDevice(AGENTS.windows)).toEqual({ product: null, manufacturer: null })
  })

  it('should answer the fields Taro reads (os.family, os.toString(), product, manufacturer) from navigator', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator')
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: AGENTS.wecomIphone }, configurable: true })
    try {
      expect(platform.os.family).toBe('iOS')
      expect(String(platform.os)).toBe('iOS 17.5.1')
      expect(platform.product).toBe('iPhone')
      expect(platform.manufacturer).toBe('Apple')
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved)
      else delete (globalThis as { navigator?: unknown }).navigator
    }
  })
})
