import { In } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { FollowUp } from '../../entities/follow-up.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db.ts';
import { zonedTimeToUtc } from '../infra/time.ts';
import { businessDaysSince, businessTimeOnDayAfter, sameBusinessYear } from '../ownership/rules/business-calendar.ts';
import type { Actor } from '../auth/actor.ts';
import { ValidationError } from '../http/errors.ts';
import { requireFollowUpAccess, requireVisibleCustomer } from '../customers/customer-access.ts';
import { iso } from '../customers/customers.dto.ts';
import { factsAfterFollowUp } from '../customers/rules/customer-facts.ts';
import { notify } from '../notifications/notify.ts';
import { refreshWarningCards } from '../pool/warning-cards.ts';
import { coFollower } from './follow-ups.notifications.ts';
import type { CreateFollowUpInput } from './follow-ups.schemas.ts';

export interface FollowUpDto {
  id: string;
  customerId: string;
  type: string;
  content: string;
  at: string;
  nextFollowUpAt: string | null;
  checkIn: { lat: number; lng: number; address: string } | null;
  author: { id: string; name: string };
  createdAt: string;
  /** Whole business days since `at` (0: today, 1: yesterday), from the server's calendar. */
  daysAgo: number;
  /** Whether `at` falls in the current business year (the timeline then leaves the year out). */
  thisYear: boolean;
}

/** Planned follow-ups ("明天", "3天后" …) are due at this business time, as plain dates are (toInstant). */
const PLANNED_TIME = '09:00';

/** A follow-up may be back-dated (补录) but not written ahead of time; a small skew is tolerated. */
const FUTURE_SKEW_MS = 5 * 60_000;
const MAX_BACKDATE_MS = 366 * 24 * 3600_000;

export class FollowUpsService {
  constructor(private readonly db: Database, private readonly clock: Clock, private readonly tz: string) {}

  async create(actor: Actor, customerId: number, input: CreateFollowUpInput): Promise<FollowUpDto> {
    const now = this.clock.now();
    const at = input.at ? this.toInstant(input.at) : now;
    const next = input.nextFollowUpInDays !== undefined
      ? businessTimeOnDayAfter(now, input.nextFollowUpInDays, PLANNED_TIME, this.tz)
      : input.nextFollowUpAt ? this.toInstant(input.nextFollowUpAt) : null;
    if (at.getTime() > now.getTime() + FUTURE_SKEW_MS) throw new ValidationError({ at: '跟进时间不能晚于现在' });
    if (at.getTime() < now.getTime() - MAX_BACKDATE_MS) throw new ValidationError({ at: '只能补录一年内的跟进' });
    if (next && next.getTime() <= at.getTime()) throw new ValidationError({ nextFollowUpAt: '下次跟进时间必须晚于本次跟进时间' });

    const id = await this.db.tx(async (em) => {
      // Lock the customer row first: every writer of one customer then queues in the same order.
      const { customer } = await requireFollowUpAccess(em, actor, customerId, { lock: true });
      const result = await em.insert(FollowUp, {
        customerId, authorId: actor.id, type: input.type, content: input.content, at,
        nextFollowUpAt: next,
        checkInLat: input.checkIn?.lat ?? null,
        checkInLng: input.checkIn?.lng ?? null,
        checkInAddress: input.checkIn?.address ?? null,
        createdAt: now,
      });
      // A back-dated entry never moves the clock backwards (customer-facts.ts).
      const patch = factsAfterFollowUp(customer, at);
      await em.update(Customer, { id: customerId }, { ...patch, updatedAt: now });
      const followUpId = Number(result.identifiers[0]!.id);
      // The customer's team (owner and co-followers) hears of the new record, in the same transaction.
      const team: Array<{ wecom_user_id: string }> = await em.query(
        `SELECT u.wecom_user_id FROM users u WHERE u.status = 'active' AND u.id <> ?
           AND (u.id = ? OR u.id IN (SELECT f.user_id FROM customer_followers f WHERE f.customer_id = ?))`,
        [actor.id, customer.ownerId ?? 0, customerId],
      );
      await notify(em, coFollower, {
        customerId: String(customerId), customerName: customer.name, authorName: actor.name, followUpType: input.type, content: input.content, at: at.toISOString(),
      }, { to: team.map((t) => t.wecom_user_id), dedupeKey: `co-follower:${followUpId}`, customerId, now });
      // A reclaim warning the follow-up made untrue says so in the rep's chat.
      if (patch.lastFollowUpAt) await refreshWarningCards(em, { ...customer, lastFollowUpAt: patch.lastFollowUpAt }, this.tz, now);
      return followUpId;
    });
    // What was written, without reading it back (datetime(3) keeps the milliseconds a Date has).
    return toDto({
      id, customerId, authorId: actor.id, type: input.type, content: input.content, at, nextFollowUpAt: next,
      checkInLat: input.checkIn?.lat ?? null, checkInLng: input.checkIn?.lng ?? null, checkInAddress: input.checkIn?.address ?? null, createdAt: now,
    }, actor.name, now, this.tz);
  }

  /** The whole history, newest first, whoever wrote it (earlier owners included). */
  async list(actor: Actor, customerId: number): Promise<{ items: FollowUpDto[] }> {
    await requireVisibleCustomer(this.db.manager, actor, customerId);
    const rows = await this.db.manager.find(FollowUp, { where: { customerId }, order: { at: 'DESC', id: 'DESC' } });
    const authorIds = [...new Set(rows.map((r) => r.authorId))];
    const authors = authorIds.length ? await this.db.manager.find(User, { where: { id: In(authorIds) }, select: { id: true, name: true } }) : [];
    const names = new Map(authors.map((a) => [a.id, a.name]));
    const now = this.clock.now();
    return { items: rows.map((r) => toDto(r, names.get(r.authorId) ?? '', now, this.tz)) };
  }

  private toInstant(value: string): Date {
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? zonedTimeToUtc(value, PLANNED_TIME, this.tz) : new Date(value);
  }
}

function toDto(f: FollowUp, authorName: string, now: Date, tz: string): FollowUpDto {
  return {
    id: String(f.id),
    customerId: String(f.customerId),
    type: f.type,
    content: f.content,
    at: iso(f.at)!,
    nextFollowUpAt: iso(f.nextFollowUpAt),
    checkIn: f.checkInLat !== null && f.checkInLng !== null
      ? { lat: Number(f.checkInLat), lng: Number(f.checkInLng), address: f.checkInAddress ?? '' }
      : null,
    author: { id: String(f.authorId), name: authorName },
    createdAt: iso(f.createdAt)!,
    daysAgo: businessDaysSince(f.at, now, tz),
    thisYear: sameBusinessYear(f.at, now, tz),
  };
}
