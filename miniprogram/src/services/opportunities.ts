import { api } from './api'
import type { Page } from './types'

// The sales pipeline (商机): stages, opportunities, gated stage moves, forecast and funnel.

export type FieldType = 'text' | 'number' | 'date' | 'choice' | 'amount'
export type StageKind = 'open' | 'won' | 'lost'
export type OpportunityScope = 'mine' | 'team' | 'all'

export interface RequiredField {
  key: string
  label: string
  type: FieldType
  options?: string[]
}

export interface Stage {
  id: string
  name: string
  winRate: number
  kind: StageKind
  requiredFields: RequiredField[]
}

export interface Ref {
  id: string
  name: string
}

export interface Opportunity {
  id: string
  customerId: string
  customer: Ref
  ownerId: string | null
  owner: Ref | null
  /** the owner left the company: 已离职 by the name */
  ownerLeft?: boolean
  name: string
  amountFen: number
  expectedCloseOn: string | null
  stageId: string
  stage: { id: string; name: string; kind: StageKind; winRate: number }
  status: StageKind
  probability: number
  probabilityOverride: number | null
  weightedFen: number
  notes: string | null
  source: string | null
  wonAt: string | null
  lostAt: string | null
  lostReason: string | null
  stageEnteredAt: string
  createdAt: string
  updatedAt: string
}

export interface StageMove {
  id: string
  fromStage: Ref | null
  toStage: Ref
  by: Ref | null
  at: string
  feedback: Array<{ key: string; label: string; type: FieldType; value: string | number }>
}

export interface OpportunityDetail extends Opportunity {
  timeline: StageMove[]
  next: { stage: Ref; requiredFields: RequiredField[] } | null
}

export interface OpportunityQuery {
  scope?: OpportunityScope
  customerId?: string
  stageId?: string
  status?: StageKind
  closingThisMonth?: boolean
  q?: string
  page?: number
  pageSize?: number
}

export interface OpportunityInput {
  customerId?: string
  name?: string
  amountFen?: number
  expectedCloseOn?: string | null
  stageId?: string
  probability?: number | null
  notes?: string | null
  source?: string | null
  feedback?: Record<string, string | number>
}

export interface ForecastLine {
  count: number
  amountFen: number
  weightedFen: number
  wonCount: number
  wonFen: number
}

export interface Forecast {
  month: string
  scope: OpportunityScope
  total: ForecastLine
  byOwner: Array<ForecastLine & { owner: Ref | null }>
  byDepartment: Array<ForecastLine & { department: Ref | null }>
}

export interface Funnel {
  scope: OpportunityScope
  items: Array<{ stage: { id: string; name: string; kind: StageKind; winRate: number }; count: number; amountFen: number; weightedFen: number }>
  open: { count: number; amountFen: number; weightedFen: number }
}

const path = (id: string) => `/api/opportunities/${encodeURIComponent(id)}`

export const listStages = () => api.get<{ items: Stage[] }>('/api/stages')
export const saveStages = (items: Array<Omit<Stage, 'id'> & { id?: string }>) => api.put<{ items: Stage[] }>('/api/stages', { items })

export const listOpportunities = (q: OpportunityQuery) =>
  api.get<Page<Opportunity>>('/api/opportunities', {
    scope: q.scope,
    customerId: q.customerId,
    stageId: q.stageId,
    status: q.status,
    closingThisMonth: q.closingThisMonth ? 'true' : undefined,
    q: q.q,
    page: q.page,
    pageSize: q.pageSize
  })
export const getOpportunity = (id: string) => api.get<OpportunityDetail>(path(id))
export const createOpportunity = (input: OpportunityInput) => api.post<OpportunityDetail>('/api/opportunities', input)
export const updateOpportunity = (id: string, input: OpportunityInput) => api.patch<OpportunityDetail>(path(id), input)
/** 422 STAGE_FEEDBACK_REQUIRED (details.missing, details.fields) when the stage asks for feedback not given. */
export const moveOpportunity = (id: string, stageId: string, feedback: Record<string, string | number>) =>
  api.post<OpportunityDetail>(`${path(id)}/stage`, { stageId, feedback })
export const getForecast = (scope: OpportunityScope, month?: string) => api.get<Forecast>('/api/opportunities/forecast', { scope, month })
export const getFunnel = (scope: OpportunityScope) => api.get<Funnel>('/api/opportunities/funnel', { scope })

/** "¥12,345.00" from integer fen (no floats in the arithmetic). */
export function formatFen(fen: number): string {
  const negative = fen < 0
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const cents = String(abs % 100).padStart(2, '0')
  return `${negative ? '-' : ''}¥${yuan}.${cents}`
}

/** "12,345.6" typed in 元 → integer fen, or null when it is not an amount (at most two decimals). */
export function parseYuan(text: string): number | null {
  const t = text.replace(/[,，\s¥]/g, '')
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** fen → the 元 text an input shows ("1234.5" → "1234.50"). */
export const fenToYuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
