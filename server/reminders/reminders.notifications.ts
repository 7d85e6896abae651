import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';
import { defineNotification } from '../notifications/notification.ts';
import { customerIdSchema, instantSchema } from '../notifications/payload-schemas.ts';

/** "华为技术 已 153 天未联系" — many at once for one member become one digest. */
export const forgottenCustomer = defineNotification('forgotten-customer', z.object({
  customerId: customerIdSchema,
  customerName: z.string(),
  days: z.number().int(),
  lastFollowUpAt: instantSchema.nullable(),
  lastFollowUpSummary: z.string().nullable(),
  ownerName: z.string(),
}), { digestible: true });

export const FOLLOW_UP_DUE_TIERS = ['day-before', 'on-the-day'] as const;

/** A planned follow-up is due (key customers also the day before) — digestible like the above. */
export const followUpDue = defineNotification('follow-up-due', z.object({
  customerId: customerIdSchema,
  customerName: z.string(),
  nextFollowUpAt: instantSchema,
  level: z.enum(CUSTOMER_LEVELS),
  lastFollowUpSummary: z.string().nullable(),
  tier: z.enum(FOLLOW_UP_DUE_TIERS),
}), { digestible: true });
