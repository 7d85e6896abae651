import type { Customer } from '../../entities/customer.entity.ts';
import type { CustomerContact } from '../../entities/customer-contact.entity.ts';
import type { CustomerDays } from './rules/customer-days.ts';

export interface UserRef {
  id: string;
  name: string;
}

export interface ContactDto {
  id: string;
  name: string;
  title: string | null;
  phone: string | null;
  externalUserId: string | null;
  birthday: string | null;
  /** Detail only, for a contact linked to a WeCom customer: the members who follow them in WeCom. */
  wecomFollowers?: Array<{ userId: string | null; wecomUserId: string; name: string; remark: string | null }>;
}

/** A customer as the API answers it; its day counts (CustomerDays) come from the server's calendar. */
export interface CustomerDto extends CustomerDays {
  id: string;
  name: string;
  industry: string | null;
  size: string | null;
  region: string | null;
  source: string | null;
  level: string;
  stage: string;
  tags: string[];
  ownerId: string | null;
  owner: UserRef | null;
  /** The owner has left the company (the app shows 已离职 by their name); false when nobody owns it. */
  ownerLeft: boolean;
  /** The pool it sits in; null while someone owns it. */
  poolId: string | null;
  /** The pool it returns to when released or reclaimed. */
  homePoolId: string | null;
  inPool: boolean;
  contacts: ContactDto[];
  followers: UserRef[];
  lastFollowUpAt: string | null;
  claimedAt: string | null;
  lastDealAt: string | null;
  reclaimAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const iso = (d: Date | null | undefined): string | null => (d ? (d instanceof Date ? d : new Date(d)).toISOString() : null);
export const idOrNull = (v: number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

export function parseTags(raw: string): string[] {
  try {
    const tags = JSON.parse(raw);
    return Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function toContactDto(c: CustomerContact): ContactDto {
  return {
    id: String(c.id), name: c.name, title: c.title, phone: c.phone,
    externalUserId: c.externalUserId, birthday: c.birthday ?? null,
  };
}

export function toCustomerDto(
  c: Customer,
  related: { owner: UserRef | null; ownerLeft?: boolean; contacts: CustomerContact[]; followers: UserRef[]; reclaimAt?: Date | null; days: CustomerDays },
): CustomerDto {
  return {
    id: String(c.id),
    name: c.name,
    industry: c.industry,
    size: c.size,
    region: c.region,
    source: c.source,
    level: c.level,
    stage: c.stage,
    tags: parseTags(c.tags),
    ownerId: idOrNull(c.ownerId),
    owner: related.owner,
    ownerLeft: !!related.owner && !!related.ownerLeft,
    poolId: c.ownerId === null ? idOrNull(c.poolId) : null,
    homePoolId: idOrNull(c.poolId),
    inPool: c.ownerId === null,
    contacts: related.contacts.map(toContactDto),
    followers: related.followers,
    lastFollowUpAt: iso(c.lastFollowUpAt),
    claimedAt: iso(c.claimedAt),
    lastDealAt: iso(c.lastDealAt),
    reclaimAt: iso(related.reclaimAt ?? null),
    ...related.days,
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
  };
}
