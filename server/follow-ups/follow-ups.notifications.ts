import { z } from 'zod';
import { FOLLOW_UP_TYPES } from '../../entities/follow-up.entity.ts';
import { defineNotification } from '../notifications/notification.ts';
import { customerIdSchema, instantSchema } from '../notifications/payload-schemas.ts';

/** A teammate logged a follow-up on a customer you also follow (销售团队). */
export const coFollower = defineNotification('co-follower', z.object({
  customerId: customerIdSchema,
  customerName: z.string(),
  authorName: z.string(),
  followUpType: z.enum(FOLLOW_UP_TYPES),
  content: z.string(),
  at: instantSchema,
}));
