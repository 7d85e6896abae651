import type { z } from 'zod';

/**
 * A kind of notification a capability sends (a card in the member's WeCom chat): its name, the
 * schema of its payload, and how the dispatcher treats it. Capabilities define their own next to
 * their code (`<capability>.notifications.ts`); the bot renders each kind with its card builder.
 */
export interface NotificationDefinition<S extends z.ZodType = z.ZodType> {
  kind: string;
  schema: S;
  /** A reminder that merges into one digest card when several are due for one member at once. */
  digestible: boolean;
  /** Skips quiet hours and digests (an approval waiting on someone). notify() may also set it per event. */
  urgent: boolean;
}

export function defineNotification<S extends z.ZodType>(
  kind: string, schema: S, opts: { digestible?: boolean; urgent?: boolean } = {},
): NotificationDefinition<S> {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(kind)) throw new Error(`notification kind "${kind}" must be lower-case words joined by "-" (≤ 32 chars)`);
  return { kind, schema, digestible: opts.digestible ?? false, urgent: opts.urgent ?? false };
}

/** The payload a producer passes for a definition (before the schema's transforms). */
export type NotificationInput<D extends NotificationDefinition> = z.input<D['schema']>;
/** The payload a card builder receives (after parsing). */
export type NotificationPayload<D extends NotificationDefinition> = z.output<D['schema']>;
