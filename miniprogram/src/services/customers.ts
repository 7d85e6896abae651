import { api, takeEarlyData } from './api'
import type { Customer, CustomerInput, Level, CustomerScope, FollowUp, FollowUpInput, OwnershipEvent, Page, Stage } from './types'

export interface CustomerQuery {
  scope: CustomerScope
  q?: string
  stage?: Stage | ''
  /** only customers in the warning window of their pool (即将回收) */
  soon?: boolean
  /** only the customers this member owns (managers over them, admins) */
  ownerId?: string
  level?: Level | ''
  /** only customers not followed up for this many days (or never, since they were claimed) */
  followUpOlderThanDays?: number
  page: number
  pageSize: number
}

const customersQuery = ({ soon, level, ownerId, followUpOlderThanDays, ...query }: CustomerQuery) => ({
  ...query,
  soon: soon ? 'true' : undefined,
  level: level || undefined,
  ownerId: ownerId || undefined,
  followUpOlderThanDays: followUpOlderThanDays || undefined
})

export const listCustomers = (query: CustomerQuery) => api.get<Page<Customer>>('/api/customers', customersQuery(query))

/** H5: this page of customers when index.html has already fetched it (see takeEarlyData), else null. */
export const takeEarlyCustomers = (query: CustomerQuery) => takeEarlyData<Page<Customer>>('/api/customers', customersQuery(query))

export const getCustomer = (id: string) => api.get<Customer>(`/api/customers/${encodeURIComponent(id)}`)

export const createCustomer = (input: CustomerInput) => api.post<Customer>('/api/customers', input)

export const updateCustomer = (id: string, input: Partial<CustomerInput>) =>
  api.patch<Customer>(`/api/customers/${encodeURIComponent(id)}`, input)

export const listFollowUps = (id: string) =>
  api.get<{ items: FollowUp[] }>(`/api/customers/${encodeURIComponent(id)}/follow-ups`)

export const createFollowUp = (id: string, input: FollowUpInput) =>
  api.post<FollowUp>(`/api/customers/${encodeURIComponent(id)}/follow-ups`, input)

export const addFollower = (id: string, userId: string) =>
  api.post<unknown>(`/api/customers/${encodeURIComponent(id)}/followers`, { userId })

export const removeFollower = (id: string, userId: string) =>
  api.del<unknown>(`/api/customers/${encodeURIComponent(id)}/followers/${encodeURIComponent(userId)}`)

/** Ownership events (created, claimed, released, reclaimed, assigned, transferred), newest first. */
export const listOwnershipHistory = (id: string) =>
  api.get<{ items: OwnershipEvent[] }>(`/api/customers/${encodeURIComponent(id)}/history`)
