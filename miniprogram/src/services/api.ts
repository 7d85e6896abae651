import Taro from '@tarojs/taro'
import { fieldErrorsFrom } from '../utils/field-errors'

// The single HTTP gateway of the client: base URL, Bearer token, error parsing and the 401 policy.

const TOKEN_KEY = 'wecrm.token'
const USER_KEY = 'wecrm.user'
const RETURN_TO_KEY = 'wecrm.returnTo'
export const LOGIN_PAGE = '/pages/login/index'

// H5 is served by the wecrm server itself, so relative URLs hit the same origin.
const API_BASE = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE.replace(/\/$/, '')

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export function getToken(): string {
  return Taro.getStorageSync<string>(TOKEN_KEY) || ''
}

export function saveSession(token: string, user: unknown): void {
  Taro.setStorageSync(TOKEN_KEY, token)
  Taro.setStorageSync(USER_KEY, user)
}

export function getCachedUser<T>(): T | null {
  return (Taro.getStorageSync<T>(USER_KEY) as T) || null
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY)
  Taro.removeStorageSync(USER_KEY)
}

type Query = Record<string, string | number | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Auth endpoints must not bounce to the login page on 401. */
  skipAuthRedirect?: boolean
}

function buildQuery(query?: Query): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * The page on screen as a URL (path and query). Taro adds its own parameters ($taroTimestamp in
 * the mini-program, stamp in H5); they are not part of the page's address.
 */
function currentPageUrl(): string | null {
  const router = Taro.getCurrentInstance().router
  if (!router?.path) return null
  const path = `/${router.path.replace(/^\//, '').replace(/\?.*$/, '')}`
  if (path === LOGIN_PAGE || !path.startsWith('/pages/')) return null
  const query = Object.entries(router.params ?? {})
    .filter(([k, v]) => !k.startsWith('$') && k !== 'stamp' && typeof v === 'string' && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v as string)}`)
  return query.length ? `${path}?${query.join('&')}` : path
}

/**
 * Where to go after logging in: the page a lapsed session interrupted — a card link from chat
 * (customer page, `action=follow-up`) must still land there — or null for the home page.
 */
export function takeReturnTo(): string | null {
  const url = Taro.getStorageSync<string>(RETURN_TO_KEY)
  if (url) Taro.removeStorageSync(RETURN_TO_KEY)
  return typeof url === 'string' && url.startsWith('/pages/') ? url : null
}

let redirectingToLogin = false

function goToLogin(): void {
  if (redirectingToLogin) return
  redirectingToLogin = true
  const returnTo = currentPageUrl()
  if (returnTo) Taro.setStorageSync(RETURN_TO_KEY, returnTo)
  Taro.reLaunch({ url: LOGIN_PAGE }).finally(() => {
    redirectingToLogin = false
  })
}

function toApiError(status: number, data: unknown): ApiError {
  const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error
  if (err && typeof err.code === 'string') {
    return new ApiError(status, err.code, err.message || '请求失败', err.details || {})
  }
  return new ApiError(status, status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR', `请求失败（${status}）`)
}

interface EarlyRequest {
  method: string
  url: string
  token: string
  at: number
  answer: Promise<{ status: number; body: string }>
  /** the answer, once it has arrived */
  settled?: { status: number; body: string }
}

/** How long an answer asked for by index.html (H5) is fresh enough to stand for the page's own request. */
const EARLY_MAX_AGE_MS = 10_000

/**
 * H5: a request index.html already made (the app's configuration, the first screen's customer list) when
 * it is the same request by the same session and recent, taken out of the list if `usable` agrees (each is
 * used once).
 * Elsewhere, or when none fits: null.
 */
function takeEarly(method: string, url: string, token: string, usable: (e: EarlyRequest) => boolean = () => true): EarlyRequest | null {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return null
  const list = (window as unknown as { __wecrmEarly?: EarlyRequest[] }).__wecrmEarly
  if (!list?.length) return null
  const i = list.findIndex((e) => e.method === method && e.url === url && e.token === token)
  if (i < 0 || Date.now() - list[i].at > EARLY_MAX_AGE_MS || !usable(list[i])) return null
  return list.splice(i, 1)[0]
}

function parseBody(body: string): unknown {
  try {
    return body ? JSON.parse(body) : null
  } catch {
    return null
  }
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  const token = getToken()
  const header: Record<string, string> = { 'Content-Type': 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`

  let res: Pick<Taro.request.SuccessCallbackResult<any>, 'statusCode' | 'data'> | null = null
  const early = opts.body === undefined ? takeEarly(method, `${path}${buildQuery(opts.query)}`, token) : null
  if (early) {
    const answer = await early.answer.catch(() => null)
    if (answer) res = { statusCode: answer.status, data: parseBody(answer.body) }
  }
  if (!res) {
    try {
      res = await Taro.request({
        url: `${API_BASE}${path}${buildQuery(opts.query)}`,
        method,
        header,
        data: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        dataType: 'json',
        timeout: 15000
      })
    } catch (e) {
      throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试')
    }
  }

  if (res.statusCode >= 200 && res.statusCode < 300) {
    return res.data as T
  }
  const error = toApiError(res.statusCode, res.data)
  if (res.statusCode === 401 && !opts.skipAuthRedirect) {
    clearSession()
    goToLogin()
  }
  throw error
}

/**
 * H5: the data of a GET that index.html asked for early and that has already come back successfully,
 * taken now (once), so that a page's first render shows it instead of a loading state and a second
 * render. Null in the mini-program, when nothing fits, while the answer is still on its way (the
 * page's own request() then waits for it) and for a failed answer (request() applies its policy).
 */
export function takeEarlyData<T>(path: string, query?: Query): T | null {
  let data: unknown = null
  const succeeded = ({ settled }: EarlyRequest) => {
    if (!settled || settled.status < 200 || settled.status >= 300) return false
    data = parseBody(settled.body)
    return data !== null
  }
  return takeEarly('GET', `${path}${buildQuery(query)}`, getToken(), succeeded) ? (data as T) : null
}

/** A picked local file: its temp path, and in H5 the File itself when the picker handed it over. */
export interface LocalFile {
  path: string
  file?: Blob
  name?: string
}

function parseUploadAnswer(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

/**
 * POST one file as multipart/form-data (field `file`). The mini-program can only upload through
 * its own uploadFile; H5 posts a FormData with fetch. Same token, errors and 401 policy as request().
 */
export async function uploadFile<T>(path: string, local: LocalFile): Promise<T> {
  const token = getToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  let status: number
  let data: unknown
  try {
    if (process.env.TARO_ENV === 'h5') {
      const blob = local.file ?? (await (await fetch(local.path)).blob())
      const form = new FormData()
      form.append('file', blob, local.name || (blob as File).name || 'photo')
      const res = await fetch(`${API_BASE}${path}`, { method: 'POST', headers: header, body: form })
      status = res.status
      data = parseUploadAnswer(await res.text())
    } else {
      const res = await Taro.uploadFile({ url: `${API_BASE}${path}`, filePath: local.path, name: 'file', header, timeout: 60000 })
      status = res.statusCode
      data = parseUploadAnswer(res.data)
    }
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', '上传失败，请检查网络后重试')
  }
  if (status >= 200 && status < 300) return data as T
  if (status === 401) {
    clearSession()
    goToLogin()
  }
  throw toApiError(status, data)
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path)
}

/**
 * A user-facing message for any error thrown by a request: the server's own words. A 400
 * VALIDATION_FAILED says only "请求参数不正确" at the top; its reasons are per field
 * ("该成员不在你的管理范围内…"), so those are what the user reads.
 */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'VALIDATION_FAILED') {
      const reasons = [...new Set(Object.values(fieldErrorsFrom(e)))]
      if (reasons.length) return reasons.join('；')
    }
    return e.message
  }
  if (e instanceof Error && e.message) return e.message
  return '出错了，请稍后重试'
}
