// The tab bar's icons: tiny stroke drawings (24×24), one per tab, drawn in the grey of an idle tab
// or the primary blue of the active one. An SVG data URI works as an Image source both in WeChat /
// WeCom (which wants it base64-encoded) and in browsers; the drawings weigh well under 1 KB together,
// with no icon font and no image file to fetch.

const SHAPES = {
  customers: '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14.5a6.5 6.5 0 0 1 3 5.5"/>',
  pool: '<path d="M2 7q2.5-3 5 0t5 0 5 0 5 0M2 12.5q2.5-3 5 0t5 0 5 0 5 0M2 18q2.5-3 5 0t5 0 5 0 5 0"/>',
  approvals: '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 2.5h6v3H9zM9 13l2 2 4-4"/>',
  opportunities: '<path d="M3 17l6-6 4 4 8-8M15 7h6v6"/>',
  profile: '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>'
} as const

export type IconName = keyof typeof SHAPES

/** $color-text-3 and $color-primary (styles/tokens.scss). */
const IDLE = '#8f959e'
const ACTIVE = '#0082ef'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of ASCII text (mini-program engines have no btoa). */
export function base64Ascii(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const n = (text.charCodeAt(i) << 16) | ((text.charCodeAt(i + 1) || 0) << 8) | (text.charCodeAt(i + 2) || 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < text.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < text.length ? B64[n & 63] : '=')
  }
  return out
}

/** The browser's own encoder where there is one (H5: it was a tenth of the tab bar's first render). */
const encode: (text: string) => string = typeof btoa === 'function' ? (text) => btoa(text) : base64Ascii

const cache = new Map<string, string>()

/** The icon as an SVG document. */
export function iconSvg(name: IconName, active: boolean): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="${active ? ACTIVE : IDLE}" stroke-width="${active ? 2.2 : 1.8}" stroke-linecap="round" stroke-linejoin="round">${SHAPES[name]}</svg>`
}

/** An Image `src` for the icon. */
export function iconSrc(name: IconName, active: boolean): string {
  const key = `${name}:${active}`
  let src = cache.get(key)
  if (!src) cache.set(key, (src = `data:image/svg+xml;base64,${encode(iconSvg(name, active))}`))
  return src
}
