import type { EntityManager } from 'typeorm';
import type { ContractStatus, PaymentPlanStatus } from '../../entities/contract.entity.ts';
import { forUpdate, fromSqlTime, placeholders, readQuery } from '../infra/db.ts';
import { bpToPercent } from './rules/money.ts';
import { isOverdue } from './rules/contract-rules.ts';

export interface ContractRow {
  id: number;
  number: string;
  customerId: number;
  opportunityId: number | null;
  ownerId: number;
  amountFen: number;
  discountBp: number;
  signedOn: string | null;
  startOn: string;
  endOn: string;
  status: ContractStatus;
  approvalId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const kindOf = (em: EntityManager): 'mysql' | 'sqlite' => (em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite');

export function contractOf(r: Record<string, unknown>): ContractRow {
  return {
    id: Number(r.id), number: String(r.number), customerId: Number(r.customer_id), opportunityId: numOrNull(r.opportunity_id), ownerId: Number(r.owner_id),
    amountFen: Number(r.amount_fen), discountBp: Number(r.discount_bp), signedOn: (r.signed_on as string | null) ?? null, startOn: String(r.start_on),
    endOn: String(r.end_on), status: r.status as ContractStatus, approvalId: numOrNull(r.approval_id),
    createdAt: fromSqlTime(r.created_at as string | Date), updatedAt: fromSqlTime(r.updated_at as string | Date),
  };
}

export async function findContract(em: EntityManager, id: number, opts: { lock?: boolean } = {}): Promise<ContractRow | null> {
  const rows = await readQuery(em, `SELECT * FROM contracts WHERE id = ?${opts.lock ? forUpdate(kindOf(em)) : ''}`, [id]);
  return rows[0] ? contractOf(rows[0]) : null;
}

export interface PlanRow {
  id: number;
  contractId: number;
  dueOn: string;
  amountFen: number;
  paidFen: number;
  status: PaymentPlanStatus;
}

const planOf = (r: Record<string, unknown>): PlanRow => ({
  id: Number(r.id), contractId: Number(r.contract_id), dueOn: String(r.due_on), amountFen: Number(r.amount_fen), paidFen: Number(r.paid_fen),
  status: r.status as PaymentPlanStatus,
});

export async function findPlan(em: EntityManager, id: number, opts: { lock?: boolean } = {}): Promise<PlanRow | null> {
  const rows = await readQuery(em, `SELECT * FROM payment_plans WHERE id = ?${opts.lock ? forUpdate(kindOf(em)) : ''}`, [id]);
  return rows[0] ? planOf(rows[0]) : null;
}

export interface PlanDto {
  id: string;
  contractId: string;
  dueOn: string;
  amountFen: number;
  paidFen: number;
  remainingFen: number;
  status: PaymentPlanStatus;
  overdue: boolean;
  payments: Array<{ id: string; amountFen: number; receivedOn: string; by: { id: string; name: string }; createdAt: string }>;
}

export interface ContractDto {
  id: string;
  number: string;
  customer: { id: string; name: string };
  opportunityId: string | null;
  owner: { id: string; name: string };
  amountFen: number;
  discountPct: number;
  signedOn: string | null;
  startOn: string;
  endOn: string;
  status: ContractStatus;
  approvalId: string | null;
  plannedFen: number;
  paidFen: number;
  overdueFen: number;
  createdAt: string;
  updatedAt: string;
  plans?: PlanDto[];
}

/** Contracts as the API shows them, in the order of `ids`; with `detail`, their plans and payments. */
export async function contractDtos(em: EntityManager, ids: readonly number[], today: string, opts: { detail?: boolean } = {}): Promise<ContractDto[]> {
  if (!ids.length) return [];
  const rows = await readQuery(em,
    `SELECT ct.*, c.name AS customer_name, u.name AS owner_name FROM contracts ct
       JOIN customers c ON c.id = ct.customer_id LEFT JOIN users u ON u.id = ct.owner_id
     WHERE ct.id IN (${placeholders(ids.length)})`, [...ids]);
  const planRows = await readQuery(em, `SELECT * FROM payment_plans WHERE contract_id IN (${placeholders(ids.length)}) ORDER BY due_on, id`, [...ids]);
  const plans = new Map<number, PlanRow[]>();
  for (const r of planRows) {
    const p = planOf(r);
    plans.set(p.contractId, [...(plans.get(p.contractId) ?? []), p]);
  }
  const payments = new Map<number, PlanDto['payments']>();
  if (opts.detail && planRows.length) {
    const pay = await readQuery<Record<string, unknown>>(em,
      `SELECT p.id, p.plan_id, p.amount_fen, p.received_on, p.by_user_id, p.created_at, u.name AS by_name FROM payments p
         LEFT JOIN users u ON u.id = p.by_user_id WHERE p.contract_id IN (${placeholders(ids.length)}) ORDER BY p.received_on, p.id`, [...ids]);
    for (const r of pay) {
      const planId = Number(r.plan_id);
      payments.set(planId, [...(payments.get(planId) ?? []), {
        id: String(r.id), amountFen: Number(r.amount_fen), receivedOn: String(r.received_on),
        by: { id: String(r.by_user_id), name: String(r.by_name ?? '') }, createdAt: fromSqlTime(r.created_at as string | Date).toISOString(),
      }]);
    }
  }
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const c = contractOf(r);
    const ps = plans.get(id) ?? [];
    const dto: ContractDto = {
      id: String(c.id), number: c.number, customer: { id: String(c.customerId), name: String(r.customer_name) },
      opportunityId: c.opportunityId === null ? null : String(c.opportunityId), owner: { id: String(c.ownerId), name: String(r.owner_name ?? '') },
      amountFen: c.amountFen, discountPct: bpToPercent(c.discountBp), signedOn: c.signedOn, startOn: c.startOn, endOn: c.endOn, status: c.status,
      approvalId: c.approvalId === null ? null : String(c.approvalId),
      plannedFen: ps.reduce((a, p) => a + p.amountFen, 0), paidFen: ps.reduce((a, p) => a + p.paidFen, 0),
      overdueFen: ps.filter((p) => isOverdue(p, today)).reduce((a, p) => a + p.amountFen - p.paidFen, 0),
      createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
    };
    if (opts.detail) dto.plans = ps.map((p) => planDto(p, today, payments.get(p.id) ?? []));
    return [dto];
  });
}

export function planDto(p: PlanRow, today: string, payments: PlanDto['payments'] = []): PlanDto {
  return {
    id: String(p.id), contractId: String(p.contractId), dueOn: p.dueOn, amountFen: p.amountFen, paidFen: p.paidFen,
    remainingFen: p.amountFen - p.paidFen, status: p.status, overdue: isOverdue(p, today), payments,
  };
}
