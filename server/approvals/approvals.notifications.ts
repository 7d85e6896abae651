import { z } from 'zod';
import { defineNotification } from '../notifications/notification.ts';

/**
 * A notice about one approval (text_notice opening the request in the app): the requester told
 * of a level passed or the final outcome, approvers reminded, a manager told that a request of
 * their team waits too long. Not urgent: quiet hours hold reminders until the morning.
 */
export const approvalNotice = defineNotification('approval-notice', z.object({
  topic: z.string(),
  approvalId: z.union([z.string().regex(/^[1-9][0-9]{0,9}$/), z.number().int().positive()]).transform(String),
  title: z.string(),
  desc: z.string().optional(),
  detail: z.string().optional(),
  rows: z.array(z.object({ key: z.string(), value: z.string() })).max(5).default([]),
}));
