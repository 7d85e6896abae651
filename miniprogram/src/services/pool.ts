import { api } from './api'
import type { Customer, Department, Holding, Level, Page, Pool, PoolCustomer, PoolRules } from './types'

// The public pool (公海): listing, claim / release, and the managers' assign / reclaim.

export interface PoolCustomerQuery {
  q?: string
  industry?: string
  region?: string
  level?: Level | ''
  lastOwnerId?: string
  minDaysInPool?: number
  maxDaysInPool?: number
  page: number
  pageSize: number
}

const customerPath = (id: string, action: string) => `/api/customers/${encodeURIComponent(id)}/${action}`

export const listPools = () => api.get<{ items: Pool[] }>('/api/pools')

/** Admins: a pool for a department (one per department); 409 POOL_EXISTS when it has one. */
export const createPool = (input: { name: string; departmentId: string; rules: PoolRules }) => api.post<Pool>('/api/pools', input)

/** Admins: the whole tree; managers: their subtree (reps are refused). Each says whether it has a pool. */
export const listDepartments = () => api.get<{ items: Department[] }>('/api/departments')

/** What the holding cap counts for me and what it leaves out, worded as the cap refusal words it. */
export const getMyHolding = () => api.get<Holding>('/api/me/holding')

export const updatePoolRules = (poolId: string, rules: PoolRules) =>
  api.put<Pool>(`/api/pools/${encodeURIComponent(poolId)}/rules`, rules)

export const listPoolCustomers = (poolId: string, query: PoolCustomerQuery) =>
  api.get<Page<PoolCustomer>>(`/api/pools/${encodeURIComponent(poolId)}/customers`, { ...query })

/** 409 refusals carry a zh-CN message meant for the rep (cap, cooldown, daily limit). */
export const claimCustomer = (id: string) => api.post<Customer>(customerPath(id, 'claim'))

export const releaseCustomer = (id: string, reason: string) => api.post<Customer>(customerPath(id, 'release'), { reason })

export const assignCustomer = (id: string, input: { userId: string; overrideCap?: boolean; reason?: string }) =>
  api.post<Customer>(customerPath(id, 'assign'), input)

export const reclaimToPool = (id: string, reason: string) => api.post<Customer>(customerPath(id, 'reclaim'), { reason })
