/**
 * What every builder needs besides its payload. The dispatcher supplies it: the instant the
 * card is built (cards held by quiet hours must still say "明天" correctly), the business time
 * zone, the H5 links and, for each send, a fresh task_id.
 */
import { CARD_LIMITS } from './card-limits.ts';
import { InvalidCardLinkError, InvalidTaskIdError } from './cards.errors.ts';
import { DEFAULT_BUSINESS_TZ } from './time-words.ts';
import { utf8Length } from './text.ts';

export interface CardLinks {
  /** H5 page of one customer, e.g. `${PUBLIC_BASE_URL}/#/pages/customer-detail/index?id=123`. */
  customerUrl(customerId: string): string;
  /** H5 home of the app. */
  appUrl: string;
  /** Any H5 page, e.g. `/pages/approval-detail/index?id=12` → `${PUBLIC_BASE_URL}/#/pages/…`. */
  pageUrl?(path: string): string;
}

export interface CardContext {
  now: Date;
  /** Business time zone (TZ_BUSINESS); Asia/Shanghai when absent. */
  tz?: string;
  links: CardLinks;
  /**
   * Unique per app and send (WeCom answers 42014 to a reused one). Required by interactive
   * cards; put on every card when given so deliveries can be told apart by task_id.
   */
  taskId?: string;
}

export const tzOf = (ctx: Pick<CardContext, 'tz'>): string => ctx.tz ?? DEFAULT_BUSINESS_TZ;

export { customerIdSchema, instantSchema } from '../../server/notifications/payload-schemas.ts';

export function isValidTaskId(taskId: unknown): taskId is string {
  return typeof taskId === 'string' && CARD_LIMITS.taskId.pattern.test(taskId) && utf8Length(taskId) <= CARD_LIMITS.taskId.maxBytes;
}

/** `{task_id}` to spread into a card: required → throws when missing or malformed. */
export function taskIdField(ctx: CardContext, required: boolean): { task_id?: string } {
  if (ctx.taskId === undefined && !required) return {};
  if (!isValidTaskId(ctx.taskId)) throw new InvalidTaskIdError(ctx.taskId);
  return { task_id: ctx.taskId };
}

export function isValidCardUrl(url: unknown): url is string {
  return typeof url === 'string' && CARD_LIMITS.url.pattern.test(url) && utf8Length(url) <= CARD_LIMITS.url.maxBytes;
}

function checked(url: string): string {
  if (!isValidCardUrl(url)) throw new InvalidCardLinkError(url);
  return url;
}

/**
 * Adds `name=value` to a URL's query. H5 routes live in the hash (`/#/pages/…?id=1`), so a
 * URL with a hash gets the parameter inside the hash, where the router reads it.
 */
export function withQueryParam(url: string, name: string, value: string): string {
  const param = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const hashAt = url.indexOf('#');
  const target = hashAt >= 0 ? url.slice(hashAt) : url;
  return `${url}${target.includes('?') ? '&' : '?'}${param}`;
}

export function customerLink(ctx: CardContext, customerId: string): string {
  return checked(ctx.links.customerUrl(customerId));
}

/** The customer page opening the follow-up sheet. */
export function followUpLink(ctx: CardContext, customerId: string): string {
  return checked(withQueryParam(ctx.links.customerUrl(customerId), 'action', 'follow-up'));
}

/** An app page when the links know how to reach one, else the app's home. */
export function pageLink(ctx: CardContext, path: string): string {
  return ctx.links.pageUrl ? checked(ctx.links.pageUrl(path)) : appLink(ctx);
}

export function appLink(ctx: CardContext): string {
  return checked(ctx.links.appUrl);
}
