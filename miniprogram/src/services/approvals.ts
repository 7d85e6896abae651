import { api, uploadFile, type LocalFile } from './api'
import type { Approval, ApprovalAttachment, ApprovalBox, ApprovalInput, ApprovalStatus, CustomerExpenses, ExpenseReport, Page } from './types'

// Approvals (审批), as in API.md "Approvals"; amounts are integer fen.

const path = (id: string) => `/api/approvals/${encodeURIComponent(id)}`

export interface ApprovalQuery {
  box: ApprovalBox
  status?: ApprovalStatus
  page: number
  pageSize: number
}

export const listApprovals = (query: ApprovalQuery) => api.get<Page<Approval>>('/api/approvals', { ...query })

/** How many requests wait on me now (the badge of 待我审批 and of the 审批 tab). */
export async function countTodo(): Promise<number> {
  const res = await listApprovals({ box: 'todo', page: 1, pageSize: 1 })
  return res.total
}

export const getApproval = (id: string) => api.get<Approval>(path(id))

export const createApproval = (input: ApprovalInput) => api.post<Approval>('/api/approvals', input)

export const decideApproval = (id: string, decision: 'approve' | 'reject', comment?: string) =>
  api.post<Approval>(`${path(id)}/decide`, { decision, ...(comment ? { comment } : {}) })

export const withdrawApproval = (id: string) => api.post<Approval>(`${path(id)}/withdraw`, {})

/** After a rejection: the edited request goes round again (a new round; earlier ones stay). */
export const resubmitApproval = (id: string, input: Partial<ApprovalInput>) => api.post<Approval>(`${path(id)}/resubmit`, input)

/** One receipt photo; its id goes into `attachmentIds` of the request. The server answers `{items:[attachment]}`. */
export async function uploadAttachment(file: LocalFile): Promise<ApprovalAttachment> {
  const res = await uploadFile<{ items?: ApprovalAttachment[] } & Partial<ApprovalAttachment>>('/api/approvals/attachments', file)
  const attachment = res.items?.[0] ?? (res.id ? (res as ApprovalAttachment) : undefined)
  if (!attachment) throw new Error('上传失败，请重试')
  return attachment
}

export const getCustomerExpenses = (customerId: string) =>
  api.get<CustomerExpenses>(`/api/customers/${encodeURIComponent(customerId)}/expenses`)

/** month: YYYY-MM */
export const getExpenseReport = (month: string) => api.get<ExpenseReport>('/api/reports/expenses', { month })
