import { z } from 'zod';
import { defineNotification } from './notification.ts';
import { customerIdSchema } from './payload-schemas.ts';

/**
 * A plain notice about one customer (no buttons): a title with `{customer}` where its name goes,
 * a line of context and up to four rows; the card opens the customer. For events that only need
 * telling (a level request for the manager, its decision for the rep).
 */
export const notice = defineNotification('notice', z.object({
  /** The card's source line, e.g. "wecrm 客户等级". */
  topic: z.string(),
  customerId: customerIdSchema,
  customerName: z.string(),
  title: z.string(),
  desc: z.string().optional(),
  detail: z.string().optional(),
  rows: z.array(z.object({ key: z.string(), value: z.string() })).max(4).default([]),
}));
