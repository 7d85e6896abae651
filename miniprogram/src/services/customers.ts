import { api } from './api'
import type { Customer, CustomerInput, CustomerScope, FollowUp, FollowUpInput, Page, Stage } from './types'

export interface CustomerQuery {
  scope: CustomerScope
  q?: string
  stage?: Stage | ''
  page: number
  pageSize: number
}

export const listCustomers = (query: CustomerQuery) =>
  api.get<Page<Customer>>('/api/customers', { ...query })

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
