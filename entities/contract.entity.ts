import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './approval-request.entity.ts';

export const CONTRACT_STATUSES = ['draft', 'pending_approval', 'signed', 'completed', 'void'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const PAYMENT_PLAN_STATUSES = ['open', 'settled'] as const;
export type PaymentPlanStatus = (typeof PAYMENT_PLAN_STATUSES)[number];

/**
 * A contract (合同) with a customer: signed at once within the approval limit, otherwise after
 * its `contract` approval. Money in integer fen; days as `YYYY-MM-DD` in business time.
 * `opportunity_id` has no foreign key: opportunities are another capability's table.
 */
@Entity({ name: 'contracts' })
@Index('uq_contracts_number', ['number'], { unique: true })
@Index('idx_contracts_customer', ['customerId'])
@Index('idx_contracts_owner_status', ['ownerId', 'status'])
@Index('idx_contracts_status_signed', ['status', 'signedOn'])
@Index('idx_contracts_status_end', ['status', 'endOn'])
@Index('idx_contracts_approval', ['approvalId'])
export class Contract {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  @Column({ name: 'opportunity_id', type: 'int', nullable: true })
  opportunityId: number | null;

  @Column({ name: 'owner_id', type: 'int' })
  ownerId: number;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  /** Discount in basis points (1250 = 12.5% off). */
  @Column({ name: 'discount_bp', type: 'int', default: 0 })
  discountBp: number;

  @Column({ name: 'signed_on', type: 'varchar', length: 10, nullable: true })
  signedOn: string | null;

  /** When it became signed: the instant of the customer's deal (the deal rules compare instants). */
  @Column({ name: 'signed_at', type: 'datetime', precision: 3, nullable: true })
  signedAt: Date | null;

  @Column({ name: 'start_on', type: 'varchar', length: 10 })
  startOn: string;

  @Column({ name: 'end_on', type: 'varchar', length: 10 })
  endOn: string;

  @Column({ type: 'varchar', length: 20 })
  status: ContractStatus;

  @Column({ name: 'approval_id', type: 'int', nullable: true })
  approvalId: number | null;

  @Column({ name: 'created_by', type: 'int' })
  createdBy: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** An instalment (回款计划) of a contract: settled when fully paid. */
@Entity({ name: 'payment_plans' })
@Index('idx_payment_plans_contract', ['contractId'])
@Index('idx_payment_plans_status_due', ['status', 'dueOn'])
export class PaymentPlan {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'contract_id', type: 'int' })
  contractId: number;

  @Column({ name: 'due_on', type: 'varchar', length: 10 })
  dueOn: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ name: 'paid_fen', type: 'bigint', transformer: bigintNumber, default: 0 })
  paidFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: PaymentPlanStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A payment received (回款) against a plan. */
@Entity({ name: 'payments' })
@Index('idx_payments_plan', ['planId'])
@Index('idx_payments_contract', ['contractId'])
@Index('idx_payments_received', ['receivedOn'])
export class Payment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'plan_id', type: 'int' })
  planId: number;

  @Column({ name: 'contract_id', type: 'int' })
  contractId: number;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ name: 'received_on', type: 'varchar', length: 10 })
  receivedOn: string;

  @Column({ name: 'by_user_id', type: 'int' })
  byUserId: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/**
 * A monthly target (业绩目标) of a person or a department: `scope_key` is `u:<userId>` or
 * `d:<departmentId>`, unique per period. A department without its own row sums its people.
 */
@Entity({ name: 'sales_targets' })
@Index('uq_sales_targets_period_scope', ['period', 'scopeKey'], { unique: true })
export class SalesTarget {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** YYYY-MM */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ name: 'scope_key', type: 'varchar', length: 24 })
  scopeKey: string;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Column({ name: 'department_id', type: 'int', nullable: true })
  departmentId: number | null;

  @Column({ name: 'won_amount_fen', type: 'bigint', transformer: bigintNumber })
  wonAmountFen: number;

  @Column({ name: 'payments_fen', type: 'bigint', transformer: bigintNumber })
  paymentsFen: number;

  @Column({ name: 'updated_by', type: 'int' })
  updatedBy: number;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
