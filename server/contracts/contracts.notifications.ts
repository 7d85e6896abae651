import { z } from 'zod';
import { defineNotification } from '../notifications/notification.ts';
import { customerIdSchema } from '../notifications/payload-schemas.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const PAYMENT_DUE_STAGES = ['due-soon', 'overdue', 'overdue-manager'] as const;

/** An instalment due in a few days, overdue (the owner), or overdue a week (the owner's manager). */
export const paymentDue = defineNotification('payment-due', z.object({
  contractId: customerIdSchema,
  contractNumber: z.string(),
  customerId: customerIdSchema,
  customerName: z.string(),
  planId: customerIdSchema,
  dueOn: day,
  amountFen: z.number().int(),
  remainingFen: z.number().int(),
  stage: z.enum(PAYMENT_DUE_STAGES),
  ownerName: z.string(),
}), { digestible: true });

/** A signed contract ending within the configured days (default 30). */
export const contractExpiring = defineNotification('contract-expiring', z.object({
  contractId: customerIdSchema,
  contractNumber: z.string(),
  customerId: customerIdSchema,
  customerName: z.string(),
  endOn: day,
  amountFen: z.number().int(),
}), { digestible: true });
