import type { ContractStatus } from '../services/contracts'
import { businessNow } from './time'
export { addCalendarDays as addDays } from './wall-clock'

export const CONTRACT_STATUS: Record<ContractStatus, { label: string; tone: 'info' | 'warning' | 'success' | 'muted' }> = {
  draft: { label: '草稿', tone: 'muted' },
  pending_approval: { label: '审批中', tone: 'warning' },
  signed: { label: '已签订', tone: 'success' },
  completed: { label: '已完成', tone: 'info' },
  void: { label: '已作废', tone: 'muted' }
}

/** "2026-03" → "2026年3月" */
export function periodLabel(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`
}

/** The business month of now, YYYY-MM (the server's clock, in the business time zone). */
export function currentPeriod(): string {
  return businessNow().date.slice(0, 7)
}

/** Today as YYYY-MM-DD (the server's clock, in the business time zone). */
export function todayDate(): string {
  return businessNow().date
}

/** A bar's width: 0–100 (a progress beyond the target fills the bar). */
export const barWidth = (pct: number | null): number => (pct === null ? 0 : Math.max(0, Math.min(100, pct)))

/** "25% 折扣" from a discount percentage (0 → 无折扣). */
export const discountText = (pct: number): string => (pct > 0 ? `${pct}% 折扣` : '无折扣')

