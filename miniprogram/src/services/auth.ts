import { api, clearSession, saveSession } from './api'
import { setBusinessTimeZone, setServerNow } from '../utils/time'
import type { AppConfig, Page, Session, User } from './types'

/** Public; every answer also sets the business time zone dates are written in, and the server's now. */
export async function fetchAppConfig(): Promise<AppConfig> {
  const config = await api.get<AppConfig>('/api/config')
  setBusinessTimeZone(config.tzBusiness)
  setServerNow(config.now)
  return config
}

/** Simulator mode: who can log in, and who has left (shown as such, not offered). */
export const fetchDemoUsers = () => api.get<{ items: User[]; departed?: User[] }>('/api/auth/dev/users')

async function remember(session: Session): Promise<Session> {
  saveSession(session.token, session.user)
  return session
}

export const loginAsDemoUser = (userId: string) =>
  api.post<Session>('/api/auth/dev', { userId }, { skipAuthRedirect: true }).then(remember)

export const loginWithMiniProgramCode = (code: string) =>
  api.post<Session>('/api/auth/wecom/miniprogram', { code }, { skipAuthRedirect: true }).then(remember)

export const loginWithOAuthCode = (code: string) =>
  api.post<Session>('/api/auth/wecom/oauth', { code }, { skipAuthRedirect: true }).then(remember)

export async function fetchMe(): Promise<User> {
  const me = await api.get<User>('/api/me')
  return me
}

export type UserPickPurpose = 'assign' | 'follower' | 'handover-from' | 'handover-to'

/** People for pickers, searched and paged on the server; with a purpose, only valid choices. */
export const fetchUsers = (query: { q?: string; page?: number; pageSize?: number; purpose?: UserPickPurpose; customerId?: string } = {}) =>
  api.get<Page<User>>('/api/users', query)

export function logout(): void {
  clearSession()
}
