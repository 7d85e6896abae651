import { api } from './api'
import type { Page } from './types'

// Contracts, payment plans, payments and targets (API.md "Pipeline"); money is integer fen.

export type ContractStatus = 'draft' | 'pending_approval' | 'signed' | 'completed' | 'void'
export type ContractScope = 'mine' | 'team' | 'all'

export interface Payment {
  id: string
  amountFen: number
  receivedOn: string
  by: { id: string; name: string }
  createdAt: string
}

export interface PaymentPlan {
  id: string
  contractId: string
  dueOn: string
  amountFen: number
  paidFen: number
  remainingFen: number
  status: 'open' | 'settled'
  overdue: boolean
  payments: Payment[]
}

export interface Contract {
  id: string
  number: string
  customer: { id: string; name: string }
  opportunityId: string | null
  owner: { id: string; name: string }
  amountFen: number
  discountPct: number
  signedOn: string | null
  startOn: string
  endOn: string
  status: ContractStatus
  approvalId: string | null
  plannedFen: number
  paidFen: number
  overdueFen: number
  createdAt: string
  updatedAt: string
  plans?: PaymentPlan[]
}

export interface ContractInput {
  customerId: string
  opportunityId?: string | null
  number: string
  amountFen: number
  discountPct?: number
  signedOn?: string | null
  startOn: string
  endOn: string
}

export interface Figures {
  wonAmountFen: number
  paymentsFen: number
}

export interface Progress {
  wonPct: number | null
  paymentsPct: number | null
}

export interface TargetRow {
  type: 'user' | 'department'
  id: string
  name: string
  departmentId: string | null
  target: Figures | null
  derived: boolean
  actual: Figures
  progress: Progress
}

export interface Targets {
  period: string
  canEdit: boolean
  items: TargetRow[]
}

export interface TargetCard {
  period: string
  me: { target: Figures | null; actual: Figures; progress: Progress }
  paymentsDue: {
    count: number
    remainingFen: number
    items: Array<{ planId: string; contractId: string; contractNumber: string; customerName: string; dueOn: string; remainingFen: number; overdue: boolean }>
  }
  department: null | {
    id: string
    name: string
    target: Figures | null
    derived: boolean
    actual: Figures
    progress: Progress
    ranking: Array<{ rank: number; userId: string; name: string; actual: Figures; target: Figures | null; progress: Progress }>
  }
}

const path = (id: string) => `/api/contracts/${encodeURIComponent(id)}`

export const listContracts = (query: { scope: ContractScope; status?: ContractStatus; customerId?: string; q?: string; page: number; pageSize: number }) =>
  api.get<Page<Contract>>('/api/contracts', { ...query })

export const getContract = (id: string) => api.get<Contract>(path(id))

export const createContract = (input: ContractInput) => api.post<Contract>('/api/contracts', input)

export const updateContract = (id: string, patch: Partial<Omit<ContractInput, 'customerId'>> & { status?: 'completed' | 'void' }) =>
  api.patch<Contract>(path(id), patch)

export const addPaymentPlan = (contractId: string, input: { dueOn: string; amountFen: number }) =>
  api.post<PaymentPlan>(`${path(contractId)}/payment-plans`, input)

export const recordPayment = (planId: string, input: { amountFen: number; receivedOn: string }) =>
  api.post<Payment & { plan: PaymentPlan }>(`/api/payment-plans/${encodeURIComponent(planId)}/payments`, input)

export const getTargets = (period: string) => api.get<Targets>('/api/targets', { period })

export const putTargets = (period: string, items: Array<{ userId?: string; departmentId?: string; wonAmountFen: number | null; paymentsFen: number | null }>) =>
  api.put<Targets>('/api/targets', { period, items })

/** The fixed card of the home page: my target and progress this month, payments due, my department. */
export const getTargetCard = async (): Promise<TargetCard | null> => (await api.get<{ target: TargetCard | null }>('/api/home')).target
