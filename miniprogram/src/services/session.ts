import { getCachedUser, saveSession, getToken } from './api'
import { fetchMe } from './auth'
import type { User } from './types'

/** The logged-in user as last seen (from login or /api/me), for rendering before /api/me answers. */
export const cachedUser = () => getCachedUser<User>()

/** Refreshes the cached user from /api/me (a 401 there sends the user to the login page). */
export async function refreshMe(): Promise<User> {
  const me = await fetchMe()
  saveSession(getToken(), me)
  return me
}

// Pages reload when the user comes back after a change made on another page
// (keys: 'customers' for the list, `customer:<id>` for a detail page).
const stale = new Set<string>()
export const markStale = (...keys: string[]) => keys.forEach((k) => stale.add(k))
export function consumeStale(key: string): boolean {
  const was = stale.has(key)
  stale.delete(key)
  return was
}
