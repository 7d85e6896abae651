/**
 * H5 only: what the npm package `platform` resolves to in the H5 build (see config/index.ts).
 *
 * Taro's H5 runtime imports `platform` for four fields of Taro.getDeviceInfo / getSystemInfo (brand,
 * model, system, platform). The package parses the user agent against hundreds of browsers and devices
 * when its module loads, which cost the first screen about 15 ms of main thread and 12 kB of script
 * before the first customer row, for fields this app never reads. This answers the same four fields
 * from the user agent, when asked.
 */

export interface Os {
  family: string | null
  version: string | null
  toString(): string
}

/** Operating systems by the user agent's mark of them, first match wins (an iPad's agent also says "Mac OS X"). */
const SYSTEMS: Array<[family: string, mark: RegExp]> = [
  ['iOS', /\b(?:iPhone|iPad|iPod)\b.*? OS (\d+(?:_\d+)*)/],
  ['HarmonyOS', /\bOpenHarmony (\d+(?:\.\d+)*)/],
  ['Android', /\bAndroid (\d+(?:\.\d+)*)/],
  ['Windows', /\bWindows NT (\d+(?:\.\d+)*)/],
  ['OS X', /\bMac OS X (\d+(?:[._]\d+)*)/],
  ['Linux', /\bLinux\b()/]
]

/** iOS, HarmonyOS, Android, Windows, OS X or Linux, with its version where the user agent gives one. */
export function parseOs(ua: string): Os {
  let family: string | null = null
  let version: string | null = null
  for (const [name, mark] of SYSTEMS) {
    const m = mark.exec(ua)
    if (!m) continue
    family = name
    version = m[1] ? m[1].replace(/_/g, '.') : null
    break
  }
  return { family, version, toString: () => (family ? (version ? `${family} ${version}` : family) : '') }
}

/** The device: iPhone / iPad / iPod (made by Apple), or an Android model as its user agent names it. */
export function parseDevice(ua: string): { product: string | null; manufacturer: string | null } {
  const apple = /\b(iPhone|iPad|iPod)\b/.exec(ua)
  if (apple) return { product: apple[1], manufacturer: 'Apple' }
  const android = /\bAndroid [\d.]+; (?:[a-z]{2}[-_][a-z]{2}; )?([^;)]+?)(?: Build\/[^;)]*)?[;)]/i.exec(ua)
  return { product: android && android[1] !== 'K' ? android[1].trim() : null, manufacturer: null }
}

const ua = (): string => (typeof navigator === 'undefined' ? '' : navigator.userAgent)

const platform = {
  get os(): Os {
    return parseOs(ua())
  },
  get product(): string | null {
    return parseDevice(ua()).product
  },
  get manufacturer(): string | null {
    return parseDevice(ua()).manufacturer
  },
  get ua(): string {
    return ua()
  }
}

export default platform
