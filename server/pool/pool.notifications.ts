import { z } from 'zod';
import { defineNotification } from '../notifications/notification.ts';
import { customerIdSchema, instantSchema } from '../notifications/payload-schemas.ts';

export const RECLAIM_RULES = ['no_follow_up', 'no_deal', 'no_repeat_deal'] as const;

/** A customer about to go back to the pool (a card with 写跟进 and 放弃客户 with a reason). */
export const reclaimWarning = defineNotification('reclaim-warning', z.object({
  customerId: customerIdSchema,
  customerName: z.string(),
  ownerId: z.union([z.string().min(1), z.number().int()]).transform(String),
  dueAt: instantSchema,
  rule: z.enum(RECLAIM_RULES),
  reason: z.string(),
  daysLeft: z.number().int(),
  lastFollowUpAt: instantSchema.nullable(),
}));

/** A customer went back to the pool: the previous owner is told why. */
export const reclaimed = defineNotification('reclaimed', z.object({
  customerId: customerIdSchema,
  customerName: z.string(),
  reason: z.string(),
  at: instantSchema,
}));

/**
 * One sweep's reclaimed customers of one owner, in one card (a sweep may take dozens from one
 * rep: one card says it, dozens would bury everything else). `customers` lists the first ones;
 * `total` says how many went.
 */
export const reclaimedDigest = defineNotification('reclaimed-digest', z.object({
  customers: z.array(z.object({ customerId: customerIdSchema, customerName: z.string(), reason: z.string() })).min(1).max(20),
  total: z.number().int().positive(),
  at: instantSchema,
}));
