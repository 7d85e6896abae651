import Taro from '@tarojs/taro'
import type { AppConfig } from './types'

// The only place that talks to the WeCom client: `Taro.qy` (= `wx.qy`) inside the WeCom mini-program,
// `@wecom/jssdk` in H5 pages opened in WeCom. Everything else asks this adapter, gated on TARO_ENV.

export const isMiniProgram = process.env.TARO_ENV === 'weapp'

// Required (not imported) so the mini-program bundle, where the condition is false at build time, never contains it.
const ww: typeof import('@wecom/jssdk') | null = process.env.TARO_ENV === 'h5' ? require('@wecom/jssdk') : null

declare const wx: unknown

interface QyApi {
  login(opts: { timeout?: number; success(res: { code: string }): void; fail(err: { errMsg?: string }): void }): void
}

/** `wx.qy.login` → a code valid for 5 minutes, exchanged by the server through jscode2session. */
export function miniProgramLoginCode(): Promise<string> {
  // Taro copies the keys of `wx` onto Taro at runtime, so `qy` exists only inside the WeCom client;
  // the global `wx` is read as well in case a client exposes `qy` as a non-enumerable property.
  const qy = (Taro as unknown as { qy?: QyApi }).qy ?? (typeof wx !== 'undefined' ? (wx as unknown as { qy?: QyApi }).qy : undefined)
  if (!qy) return Promise.reject(new Error('请在企业微信中打开小程序'))
  return new Promise((resolve, reject) => {
    qy.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new Error('企业微信登录失败'))),
      fail: (err) => reject(new Error(err?.errMsg ? `企业微信登录失败：${err.errMsg}` : '企业微信登录失败'))
    })
  })
}

/** True when the H5 page runs inside the WeCom client (sidebar or in-app browser). */
export function isInsideWeCom(): boolean {
  if (!ww) return isMiniProgram
  return ww.env.isWeCom
}

/**
 * WeCom redirects to `redirect_uri?code=CODE&state=STATE`; with the hash router the query lands before `#`,
 * but some proxies move it behind the hash, so both places are read.
 */
export function readOAuthCode(): string | null {
  if (process.env.TARO_ENV !== 'h5') return null
  const fromSearch = new URLSearchParams(window.location.search).get('code')
  if (fromSearch) return fromSearch
  const hashQuery = window.location.hash.split('?')[1]
  return hashQuery ? new URLSearchParams(hashQuery).get('code') : null
}

/** Drops the single-use OAuth code from the address bar so a reload does not replay it. */
export function forgetOAuthCode(): void {
  if (process.env.TARO_ENV !== 'h5') return
  const { origin, pathname, hash } = window.location
  window.history.replaceState(null, '', `${origin}${pathname}${hash.split('?')[0]}`)
}

export const OAUTH_STATE = 'wecrm'

/** The WeCom web authorisation URL (snsapi_base: silent, returns the member's userid). */
export function buildOAuthUrl(config: AppConfig): string {
  if (!config.corpId) throw new Error('服务器未配置企业 ID（corpId）')
  const base = (config.publicBaseUrl || window.location.origin).replace(/\/$/, '')
  const params = [
    `appid=${encodeURIComponent(config.corpId)}`,
    `redirect_uri=${encodeURIComponent(`${base}/`)}`,
    'response_type=code',
    'scope=snsapi_base',
    `state=${OAUTH_STATE}`,
    config.agentId ? `agentid=${encodeURIComponent(String(config.agentId))}` : ''
  ].filter(Boolean)
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${params.join('&')}#wechat_redirect`
}

export function redirectToOAuth(config: AppConfig): void {
  window.location.replace(buildOAuthUrl(config))
}
