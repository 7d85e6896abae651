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
  /** Opens this customer in the app when the card is tapped (unless `page` is given). */
  customerId: customerIdSchema.optional(),
  /** An app page the card opens, e.g. "/pages/approval-detail/index?id=12". */
  page: z.string().regex(/^\/pages\/[a-z0-9-]+\/index(\?[A-Za-z0-9=&%._-]*)?$/).optional(),
  /**
   * A choice on the card whose answer comes with the click (WeCom button_selection): e.g. the
   * reason of a rejection. The placeholder is selected by default, so a careless tap chooses nothing.
   */
  selection: z.object({
    questionKey: z.string().min(1).max(64),
    title: z.string().min(1),
    placeholder: z.object({ id: z.string().min(1).max(32), text: z.string().min(1) }),
    options: z.array(z.object({ id: z.string().min(1).max(32), text: z.string().min(1) })).min(1).max(9),
  }).optional(),
}), { urgent: true });

/** The redraw state of a decision card whose button needed the selection first. */
export const SELECTION_REQUIRED_STATE = 'selection-required';
