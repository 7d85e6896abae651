import { z } from 'zod';

/** GET /sim/api/messages — one member's chat (or everyone's), newest first. */
export const messageListQuerySchema = z.strictObject({
  touser: z.string().min(1).max(64).optional(),
  taskId: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** POST /sim/api/cards/:taskId/click — what the member pressed. */
export const cardClickSchema = z.strictObject({
  userId: z.string().min(1).max(64),
  key: z.string().min(1).max(1024),
  /** For cards with a button_selection: the option picked (defaults to the card's selected_id). */
  selectedOptionId: z.string().min(1).max(128).optional(),
});

export type MessageListQuery = z.infer<typeof messageListQuerySchema>;
export type CardClick = z.infer<typeof cardClickSchema>;
