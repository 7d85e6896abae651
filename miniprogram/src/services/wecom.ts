import Taro from '@tarojs/taro'
import type { AppConfig } from './types'

// The only place that talks to the WeCom client: `Taro.qy` (= `wx.qy`) inside the WeCom mini-program,
// `@wecom/jssdk` in H5 pages opened in WeCom. Everything else asks this adapter, gated on TARO_ENV.

export const isMiniProgram = process.env.TARO_ENV === 'weapp'

type Jssdk = typeof import('@wecom/jssdk')
let jssdk: Promise<Jssdk | null> | null = null

/**
 * `@wecom/jssdk`, loaded on first use (H5 only): it is needed only inside the WeCom client, for the
 * sidebar and sending into a chat, so the first screen (the login page) does not download it. The
 * condition is false at build time in the mini-program, whose bundle never contains it.
 */
function loadJssdk(): Promise<Jssdk | null> {
  if (!jssdk) jssdk = process.env.TARO_ENV === 'h5' ? import('@wecom/jssdk') : Promise.resolve(null)
  return jssdk
}

/** The WeCom client's user agent, tested as `@wecom/jssdk` does (`ww.env.isWeCom`), without loading it. */
const inWeComClient = (): boolean =>
  process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && /wxwork\/[\d.]+/i.test(navigator.userAgent || '')

declare const wx: unknown

type QyCallback = { success(res: Record<string, unknown>): void; fail(err: { errMsg?: string }): void }

interface QyApi {
  login(opts: { timeout?: number; success(res: { code: string }): void; fail(err: { errMsg?: string }): void }): void
  /** Mini-program inside WeCom (WECOM.md §7.2): the entry, the current customer or customer group, send into the chat. */
  getContext?(opts: QyCallback): void
  getCurExternalContact?(opts: QyCallback): void
  getCurExternalChat?(opts: QyCallback): void
  sendChatMessage?(opts: QyCallback & Record<string, unknown>): void
}

function qyApi(): QyApi | undefined {
  return (Taro as unknown as { qy?: QyApi }).qy ?? (typeof wx !== 'undefined' ? (wx as unknown as { qy?: QyApi }).qy : undefined)
}

/** A `wx.qy.*` call as a promise (mini-program only). */
function qyCall(name: 'getContext' | 'getCurExternalContact' | 'getCurExternalChat' | 'sendChatMessage', args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const qy = qyApi()
  const fn = qy?.[name] as ((opts: QyCallback & Record<string, unknown>) => void) | undefined
  if (!qy || !fn) return Promise.reject(new Error('请在企业微信中打开小程序'))
  return new Promise((resolve, reject) => {
    fn.call(qy, { ...args, success: resolve, fail: (err) => reject(new Error(err?.errMsg ?? `${name}:fail`)) })
  })
}

/** `wx.qy.login` → a code valid for 5 minutes, exchanged by the server through jscode2session. */
export function miniProgramLoginCode(): Promise<string> {
  // Taro copies the keys of `wx` onto Taro at runtime, so `qy` exists only inside the WeCom client;
  // the global `wx` is read as well in case a client exposes `qy` as a non-enumerable property.
  const qy = qyApi()
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
  if (process.env.TARO_ENV !== 'h5') return isMiniProgram
  return inWeComClient()
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
export function buildOAuthUrl(config: AppConfig, returnPage?: string): string {
  if (!config.corpId) throw new Error('服务器未配置企业 ID（corpId）')
  const base = (config.publicBaseUrl || window.location.origin).replace(/\/$/, '')
  const params = [
    `appid=${encodeURIComponent(config.corpId)}`,
    // A sidebar comes back to itself (`/#/pages/sidebar/index`); readOAuthCode finds the code on either side of `#`.
    `redirect_uri=${encodeURIComponent(returnPage ? `${base}/#${returnPage}` : `${base}/`)}`,
    'response_type=code',
    'scope=snsapi_base',
    `state=${OAUTH_STATE}`,
    config.agentId ? `agentid=${encodeURIComponent(String(config.agentId))}` : ''
  ].filter(Boolean)
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${params.join('&')}#wechat_redirect`
}

export function redirectToOAuth(config: AppConfig, returnPage?: string): void {
  window.location.replace(buildOAuthUrl(config, returnPage))
}

// ---------------------------------------------------------------------------------------------
// Chat-toolbar sidebar (聊天工具栏). Pages ask these functions only; whether the page runs in the
// WeCom client (`@wecom/jssdk`), framed by the simulator's /sim/sidebar (a postMessage bridge that
// answers the same calls) or in a plain browser is decided here.

export type SidebarHost = 'wecom' | 'sim' | 'browser' | 'miniprogram'
export type SidebarEntry = 'single_chat_tools' | 'group_chat_tools' | 'contact_profile' | 'normal' | string

export interface SidebarContext {
  host: SidebarHost
  entry: SidebarEntry
  /** one-to-one chat with a customer (single_chat_tools) */
  externalUserId?: string
  /** customer group chat (group_chat_tools) */
  chatId?: string
}

export interface JssdkConfig {
  corpId: string
  agentId: number
  timestamp: number
  nonceStr: string
  signature: string
  agentSignature: string
}

export type ChatMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'news'; news: { link: string; title: string; desc?: string; imgUrl?: string } }

const SIM_HOST_KEY = 'wecrm:wecomHost'
const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage']

/**
 * Where the sidebar runs. The simulator opens the page with `wecomHost=sim` in its address; the
 * OAuth clean-up drops the query, so the answer is kept for the tab's life.
 */
export function sidebarHost(): SidebarHost {
  if (isMiniProgram) return 'miniprogram'
  if (process.env.TARO_ENV !== 'h5') return 'browser'
  const framed = window.parent !== window
  if (framed) {
    if (new URLSearchParams(window.location.search).get('wecomHost') === 'sim') window.sessionStorage.setItem(SIM_HOST_KEY, 'sim')
    if (window.sessionStorage.getItem(SIM_HOST_KEY) === 'sim') return 'sim'
  }
  return inWeComClient() ? 'wecom' : 'browser'
}

// ---- the simulator's bridge: the same calls as ww.*, answered by the framing /sim/sidebar page

let bridgeSeq = 0
const pending = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>()
let listening = false

function simCall(apiName: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  if (!listening) {
    listening = true
    window.addEventListener('message', (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== window.parent) return
      const m = event.data as { type?: string; id?: number; ok?: boolean; result?: Record<string, unknown> } | null
      if (!m || m.type !== 'wecom-sim:result' || typeof m.id !== 'number') return
      const waiter = pending.get(m.id)
      if (!waiter) return
      pending.delete(m.id)
      if (m.ok) waiter.resolve(m.result ?? {})
      else waiter.reject(new Error(String(m.result?.errMsg ?? `${apiName}:fail`)))
    })
  }
  const id = ++bridgeSeq
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
    window.parent.postMessage({ type: 'wecom-sim:call', id, api: apiName, args }, window.location.origin)
    setTimeout(() => {
      if (!pending.delete(id)) return
      reject(new Error(`${apiName}:fail timeout`))
    }, 10000)
  })
}

/** The page URL WeCom signs: without `#…`. */
const signedUrl = (url = window.location.href) => url.split('#')[0]

let registered: Promise<void> | null = null

/**
 * `ww.register` with the server's signatures (GET /api/wecom/jssdk-config): the corp identity and
 * the app identity (agentConfig) that getCurExternalContact, getCurExternalChat and sendChatMessage need.
 */
function register(host: SidebarHost, fetchConfig: (url: string) => Promise<JssdkConfig>): Promise<void> {
  if (registered) return registered
  registered = (async () => {
    if (host === 'sim') {
      const url = signedUrl()
      const cfg = await fetchConfig(url)
      await simCall('register', {
        corpId: cfg.corpId, agentId: cfg.agentId, url, jsApiList: JS_API_LIST,
        config: { timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.signature },
        agentConfig: { timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.agentSignature }
      })
      return
    }
    if (host !== 'wecom') return
    const ww = await loadJssdk()
    if (!ww) return
    const first = await fetchConfig(signedUrl())
    // Both factories sign the URL WeCom passes; one server answer carries both signatures.
    const byUrl = new Map<string, Promise<JssdkConfig>>([[signedUrl(), Promise.resolve(first)]])
    const configFor = (url: string) => {
      const key = signedUrl(url)
      if (!byUrl.has(key)) byUrl.set(key, fetchConfig(key))
      return byUrl.get(key)!
    }
    ww.register({
      corpId: first.corpId,
      agentId: first.agentId,
      jsApiList: JS_API_LIST,
      getConfigSignature: async (url) => {
        const c = await configFor(url)
        return { timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature }
      },
      getAgentConfigSignature: async (url) => {
        const c = await configFor(url)
        return { timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.agentSignature }
      }
    })
  })()
  registered.catch(() => {
    registered = null
  })
  return registered
}

/**
 * Registers the page and learns where the sidebar was opened: the entry and the current customer
 * or customer group. In a plain browser the page's own `externalUserId`/`chatId` stand in (for
 * development); without them the entry is `normal`.
 */
export async function openSidebar(
  fetchConfig: (url: string) => Promise<JssdkConfig>,
  fallback: { externalUserId?: string; chatId?: string } = {}
): Promise<SidebarContext> {
  const host = sidebarHost()
  if (host === 'miniprogram') {
    // wx.qy needs no register: the mini-program's login (wx.qy.login) is its identity.
    const { entry } = (await qyCall('getContext')) as { entry: SidebarEntry }
    if (entry === 'single_chat_tools' || entry === 'contact_profile') return { host, entry, externalUserId: String((await qyCall('getCurExternalContact')).userId) }
    if (entry === 'group_chat_tools') return { host, entry, chatId: String((await qyCall('getCurExternalChat')).chatId) }
    return { host, entry }
  }
  if (host === 'browser') {
    if (fallback.externalUserId) return { host, entry: 'single_chat_tools', externalUserId: fallback.externalUserId }
    if (fallback.chatId) return { host, entry: 'group_chat_tools', chatId: fallback.chatId }
    return { host, entry: 'normal' }
  }
  await register(host, fetchConfig)
  const call = async (name: string): Promise<Record<string, unknown>> => {
    if (host === 'sim') return simCall(name)
    const ww = await loadJssdk()
    const fn = (ww as unknown as Record<string, (p?: unknown) => Promise<Record<string, unknown>>>)[name]
    return fn()
  }
  const { entry } = (await call('getContext')) as { entry: SidebarEntry }
  if (entry === 'single_chat_tools' || entry === 'contact_profile') {
    const { userId } = (await call('getCurExternalContact')) as { userId: string }
    return { host, entry, externalUserId: userId }
  }
  if (entry === 'group_chat_tools') {
    const { chatId } = (await call('getCurExternalChat')) as { chatId: string }
    return { host, entry, chatId }
  }
  return { host, entry }
}

/** `sendChatMessage` into the chat the sidebar is open in (the member's tap sends it). */
export async function sendToCurrentChat(message: ChatMessage): Promise<void> {
  const host = sidebarHost()
  if (host === 'miniprogram') {
    await qyCall('sendChatMessage', message as unknown as Record<string, unknown>)
    return
  }
  if (host === 'sim') {
    await simCall('sendChatMessage', message as unknown as Record<string, unknown>)
    return
  }
  const ww = host === 'wecom' ? await loadJssdk() : null
  if (ww) {
    await ww.sendChatMessage(message as Parameters<typeof ww.sendChatMessage>[0])
    return
  }
  throw new Error('请在企业微信聊天中使用发送')
}

/** True when a message can be sent into the current chat (not in a plain browser). */
export const canSendToChat = () => sidebarHost() !== 'browser'
