import { z } from 'zod';
import { defineNotification } from './notification.ts';

/**
 * A plain notice that opens an app page (no buttons): a title, a line of context and up to five
 * rows. For events about no single customer (a handover done, a member who left).
 */
export const pageNotice = defineNotification('page-notice', z.object({
  /** The card's source line, e.g. "wecrm 交接". */
  topic: z.string(),
  title: z.string().min(1),
  desc: z.string().optional(),
  detail: z.string().optional(),
  rows: z.array(z.object({ key: z.string(), value: z.string() })).max(5).default([]),
  /** The app page the card opens, e.g. "/pages/handover/index?id=3". */
  page: z.string().regex(/^\/pages\/[a-z0-9-]+\/index(\?[A-Za-z0-9=&%._-]*)?$/),
}));
