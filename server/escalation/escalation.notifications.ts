import { z } from 'zod';
import { defineNotification } from '../notifications/notification.ts';
import { customerIdSchema, instantSchema } from '../notifications/payload-schemas.ts';

/**
 * A manager's morning digest: the team's key / A customers whose reclaim warning passed without a
 * follow-up. One card per manager per day; `rows` lists the first ones, `total` says how many.
 */
export const escalationDigest = defineNotification('escalation-digest', z.object({
  total: z.number().int().positive(),
  reps: z.number().int().positive(),
  rows: z.array(z.object({
    customerId: customerIdSchema,
    customerName: z.string(),
    ownerName: z.string(),
    level: z.string(),
    dueAt: instantSchema,
  })).min(1).max(20),
  at: instantSchema,
}));
