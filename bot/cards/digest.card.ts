/**
 * Digest (text_notice): when more than 3 forgotten-customer / follow-up-due reminders for one
 * member are due together, the dispatcher sends this one card instead of many (WeCom drops
 * messages beyond 30/min per member, and a burst of cards buries the ones that matter).
 */
import { z } from 'zod';
import { appLink, customerIdSchema, customerLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { InvalidCardPayloadError } from './cards.errors.ts';
import { followUpDuePayloadSchema, followUpDueWord } from './follow-up-due.card.ts';
import { forgottenCustomerPayloadSchema } from './forgotten-customer.card.ts';
import { contractExpiringPayloadSchema, contractExpiringWord, paymentDuePayloadSchema, paymentDueWord } from './contract-cards.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, subTitle, source } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { fitAround, fitText } from './text.ts';

export const DIGEST_ITEM_KINDS = ['forgotten-customer', 'follow-up-due', 'payment-due', 'contract-expiring'] as const;

export const digestPayloadSchema = z.object({
  items: z
    .array(
      z.object({
        kind: z.enum(DIGEST_ITEM_KINDS),
        customerId: customerIdSchema,
        customerName: z.string(),
        /** Short status, e.g. "153天未联系", "明天需跟进". */
        line: z.string(),
      }),
    )
    .min(1),
  /** All reminders folded into this digest; may exceed items.length. */
  total: z.number().int().nonnegative(),
});
export type DigestPayload = z.output<typeof digestPayloadSchema>;

const kindLabel: Record<(typeof DIGEST_ITEM_KINDS)[number], string> = {
  'forgotten-customer': '久未联系', 'follow-up-due': '待跟进', 'payment-due': '回款', 'contract-expiring': '合同到期',
};

/** The status keeps at most this many characters so the customer's name still shows in a row. */
const LINE_IN_ROW = 12;

export function buildDigestCard(p: DigestPayload, ctx: CardContext): TemplateCardMessage {
  const shown = p.items.slice(0, CARD_LIMITS.horizontalContent.maxItems);
  const total = Math.max(p.total, p.items.length);
  const first = customerNameOf(p.items[0]!.customerName);
  const more = total - shown.length;
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 客户提醒'),
    main_title: {
      // Money reminders (回款, 合同到期) are not about following up: the title then counts reminders.
      title: p.items.some((i) => i.kind === 'payment-due' || i.kind === 'contract-expiring') ? `你有 ${total} 条提醒` : `你有 ${total} 个客户需要跟进`,
      desc: total > 1 ? fitAround(first, (n) => `${n} 等 ${total} 个客户`, CARD_LIMITS.mainTitle.descChars) : fitText(first, CARD_LIMITS.mainTitle.descChars),
    },
    horizontal_content_list: shown.map((item) => {
      const line = fitText(item.line, LINE_IN_ROW);
      const value = fitAround(customerNameOf(item.customerName), (n) => (line ? `${n} ${line}` : n), CARD_LIMITS.horizontalContent.valueChars);
      return row(kindLabel[item.kind], value, customerLink(ctx, item.customerId));
    }),
    ...subTitle(more > 0 ? `另有 ${more} 个客户未列出，点击卡片查看全部` : null),
    card_action: { type: 1, url: appLink(ctx) },
  });
}

/**
 * Folds the reminder rows the dispatcher holds for one member into a digest payload: follow-ups
 * due first (soonest first), then forgotten customers (longest silence first).
 * Throws InvalidCardPayloadError when a row is not a forgotten-customer / follow-up-due reminder.
 */
export function digestPayloadFromReminders(rows: Array<{ kind: string; payload: unknown }>, ctx: Pick<CardContext, 'now' | 'tz'>): DigestPayload {
  const tz = tzOf(ctx);
  const due: Array<{ at: number; item: DigestPayload['items'][number] }> = [];
  const forgotten: Array<{ days: number; item: DigestPayload['items'][number] }> = [];
  rows.forEach((row, i) => {
    if (row.kind === 'follow-up-due') {
      const p = followUpDuePayloadSchema.safeParse(row.payload);
      if (!p.success) throw new InvalidCardPayloadError('digest', [{ path: `rows.${i}`, message: p.error.issues[0]?.message ?? 'invalid' }]);
      const next = new Date(p.data.nextFollowUpAt);
      due.push({ at: next.getTime(), item: { kind: 'follow-up-due', customerId: p.data.customerId, customerName: p.data.customerName, line: followUpDueWord(next, ctx.now, tz) } });
    } else if (row.kind === 'forgotten-customer') {
      const p = forgottenCustomerPayloadSchema.safeParse(row.payload);
      if (!p.success) throw new InvalidCardPayloadError('digest', [{ path: `rows.${i}`, message: p.error.issues[0]?.message ?? 'invalid' }]);
      const days = Math.max(0, p.data.days);
      forgotten.push({ days, item: { kind: 'forgotten-customer', customerId: p.data.customerId, customerName: p.data.customerName, line: `${days}天未联系` } });
    } else if (row.kind === 'payment-due' || row.kind === 'contract-expiring') {
      // Money reminders sort with the follow-ups due, by their day.
      const p = row.kind === 'payment-due' ? paymentDuePayloadSchema.safeParse(row.payload) : contractExpiringPayloadSchema.safeParse(row.payload);
      if (!p.success) throw new InvalidCardPayloadError('digest', [{ path: `rows.${i}`, message: p.error.issues[0]?.message ?? 'invalid' }]);
      const dayOf = 'dueOn' in p.data ? p.data.dueOn : p.data.endOn;
      const line = 'dueOn' in p.data ? paymentDueWord(p.data.dueOn, ctx) : contractExpiringWord(p.data.endOn, ctx);
      due.push({ at: Date.parse(`${dayOf}T00:00:00Z`), item: { kind: row.kind, customerId: p.data.customerId, customerName: p.data.customerName, line } });
    } else {
      throw new InvalidCardPayloadError('digest', [{ path: `rows.${i}.kind`, message: `"${row.kind}" cannot go into a digest` }]);
    }
  });
  due.sort((a, b) => a.at - b.at);
  forgotten.sort((a, b) => b.days - a.days);
  return { items: [...due.map((d) => d.item), ...forgotten.map((f) => f.item)], total: rows.length };
}
