import { api } from './api'
import type { Customer, Page, WecomContact } from './types'

/** My WeCom customers; `linked: false` is the 待建档 list. */
export const listWecomContacts = (query: { linked?: boolean; page: number; pageSize: number; userId?: string }) =>
  api.get<Page<WecomContact>>('/api/wecom-contacts', {
    linked: query.linked === undefined ? undefined : String(query.linked),
    page: query.page,
    pageSize: query.pageSize,
    userId: query.userId
  })

/** One WeCom customer, the record it is linked to and the records it may be. */
export const getWecomContact = (externalUserId: string) =>
  api.get<{ contact: WecomContact; customer: Customer | null; suggestions: Customer[] }>(`/api/wecom-contacts/${encodeURIComponent(externalUserId)}`)

export const linkWecomContact = (externalUserId: string, customerId: string) =>
  api.post<{ externalUserId: string; customerId: string; contactId: string }>(`/api/wecom-contacts/${encodeURIComponent(externalUserId)}/link`, { customerId })
