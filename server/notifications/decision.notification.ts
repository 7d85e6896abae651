import { z } from 'zod';
import { defineNotification } from './notification.ts';
import { customerIdSchema } from './payload-schemas.ts';

/**
 * A card that asks for a decision: a title, rows, and up to three callback buttons whose keys a
 * capability's card action owns (`<prefix><id>`). Several recipients of one decision form one
 * event, so when one of them decides, every card of the event shows the outcome.
 */
export const decision = defineNotification('decision', z.object({
  /** The card's source line, e.g. "wecrm 审批". */
  topic: z.string(),
  title: z.string(),
  desc: z.string().optional(),
  rows: z.array(z.object({ key: z.string(), value: z.string() })).max(6).default([]),
  buttons: z.array(z.object({
    key: z.string().min(1).max(1024),
    text: z.string().min(1),
    style: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(1),
  })).min(1).max(3),
  /** Opens this customer in the app when the card is tapped. */
  customerId: customerIdSchema.optional(),
}), { urgent: true });
