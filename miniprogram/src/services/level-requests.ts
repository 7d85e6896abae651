import { api } from './api'
import type { Level, LevelRequest } from './types'

// 申请设为重点: the owning rep asks, a manager above them (or an admin) decides once.

const customerPath = (id: string) => `/api/customers/${encodeURIComponent(id)}/level-requests`

/** 409 LEVEL_REQUEST_PENDING when one is already waiting. */
export const requestLevel = (customerId: string, input: { level: Level; reason: string }) =>
  api.post<LevelRequest>(customerPath(customerId), input)

/** The customer's requests, newest first. */
export const listLevelRequests = (customerId: string) => api.get<{ items: LevelRequest[] }>(customerPath(customerId))

/** A rejection needs a comment; 409 LEVEL_REQUEST_NOT_PENDING when someone decided first. */
export const decideLevelRequest = (requestId: string, input: { decision: 'approve' | 'reject'; comment?: string }) =>
  api.post<LevelRequest>(`/api/level-requests/${encodeURIComponent(requestId)}/decide`, input)
