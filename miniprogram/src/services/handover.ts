import { api } from './api'
import type { Page } from './types'

// Handover (离职交接 / 转派), as in API.md "Handover".

export type HandoverStatus = 'draft' | 'running' | 'done' | 'failed'
export type MemberStatus = 'active' | 'left' | string

export interface HandoverMember {
  id: string
  name: string
  status: MemberStatus
}

export interface HandoverPreview {
  fromUser: HandoverMember
  counts: {
    customers: number
    coFollowed: number
    plannedFollowUps: number
    approvalsToDecide: number
    approvalsFiled: number
    wecomContacts: number
    wecomGroups: number
  }
}

export type HandoverTo = { pool: true } | { userIds: string[]; users: Array<{ id: string; name: string }> }

export interface Handover {
  id: string
  status: HandoverStatus
  trigger: 'manual' | 'departure'
  fromUserId: string
  fromUser: HandoverMember
  /** null while a departure's draft waits for a manager's choice */
  to: HandoverTo | null
  reason: string
  counts: { moved: number; skipped: number }
  /** the WeCom side: external contacts handed to the successor, waiting until each is taken over */
  wecom: { requested: number; takenOver: number; waiting: number; failed: number }
  runBy: { id: string; name: string } | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  error: string | null
}

export interface HandoverItem {
  customerId: string
  customerName: string
  /** customer: an owned customer; seat: a co-follower seat on a colleague's customer */
  kind: 'customer' | 'seat'
  toUser: { id: string; name: string } | null
  outcome: 'moved' | 'skipped'
  note: string | null
}

export type WecomTransferStatus = 'pending' | 'waiting' | 'taken_over' | 'refused' | 'limit' | 'failed'

/** One WeCom customer (external_userid) or customer group (chat id) handed to a successor through WeCom. */
export interface HandoverWecomItem {
  /** contact: a WeCom customer; group: a customer group (externalUserId is then its chat id) */
  targetType: 'contact' | 'group'
  externalUserId: string
  /** the WeCom customer's name (客户群 for a group) */
  name: string
  customerName: string | null
  /** the CRM customer it is linked to; null for a customer group */
  customerId: string | null
  toUser: { id: string; name: string }
  status: WecomTransferStatus | string
  errcode: number | null
  /** WeCom's refusal, in words (客户拒绝转接…) */
  note: string | null
}

export interface HandoverDetail extends Handover {
  items: HandoverItem[]
  wecomItems?: HandoverWecomItem[]
}

export type HandoverTarget = { userId: string } | { userIds: string[] } | { pool: true }

export interface HandoverInput {
  fromUserId: string
  to: HandoverTarget
  /** a selection of the leaver's customers; without it, all of them (and their seats, approvals…) */
  customerIds?: string[]
  reason: string
  /** admins only: hand over even past the successors' holding caps */
  overrideCap?: boolean
}

const path = (id: string) => `/api/handovers/${encodeURIComponent(id)}`

export const previewHandover = (fromUserId: string) => api.get<HandoverPreview>('/api/handovers/preview', { fromUserId })

export const createHandover = (input: HandoverInput) => api.post<Handover>('/api/handovers', input)

export const getHandover = (id: string) => api.get<HandoverDetail>(path(id))

export const listHandovers = (query: { status?: HandoverStatus; page: number; pageSize: number }) =>
  api.get<Page<Handover>>('/api/handovers', { ...query })

/** The WeCom transfers that failed (refused, successor at the limit…) asked again: to the same successors, or all to `toUserId`. */
export const retryWecomTransfers = (id: string, toUserId?: string) =>
  api.post<Handover>(`${path(id)}/wecom/retry`, toUserId ? { toUserId } : {})
