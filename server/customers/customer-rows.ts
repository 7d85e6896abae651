import type { EntityManager } from 'typeorm';
import type { Customer, CustomerLevel, CustomerStage } from '../../entities/customer.entity.ts';
import type { CustomerContact } from '../../entities/customer-contact.entity.ts';
import type { Pool } from '../../entities/pool.entity.ts';
import { fromSqlTime, placeholders, readQuery } from '../infra/db.ts';
import { rulesOf } from '../ownership/pools.repository.ts';
import { reclaimDueAt } from '../ownership/rules/reclaim-due.ts';
import type { PoolRules } from '../ownership/rules/pool-rules.ts';
import { toCustomerDto, type CustomerDto, type UserRef } from './customers.dto.ts';
import { customerDays } from './rules/customer-days.ts';

/**
 * A page of customers as DTOs in two statements whatever its length: the rows with their
 * owner's name and their pool's rules (one join, usually inside the list query itself), then
 * the contacts and the co-followers of the whole page (one UNION ALL).
 */
/** The customer's own columns of a CustomerRow (`c`). */
export const CUSTOMER_COLUMNS = [
  'c.id, c.name, c.industry, c.size, c.region, c.source, c.level, c.stage, c.tags, c.owner_id, c.pool_id',
  'c.last_follow_up_at, c.claimed_at, c.last_deal_at, c.last_owner_id, c.pool_entered_at, c.pool_reason, c.created_by, c.created_at, c.updated_at',
].join(', ');

export const CUSTOMER_ROW_SELECT = {
  columns: [
    CUSTOMER_COLUMNS,
    'u.name AS owner_name, u.status AS owner_status, od.path AS owner_department_path, lu.name AS last_owner_name, pd.path AS pool_department_path',
    'p.id AS p_id, p.no_follow_up_days, p.no_deal_days, p.no_repeat_deal_days, p.warn_days_before, p.holding_cap, p.claim_cooldown_days, p.daily_claim_limit, p.exempt_levels',
  ].join(', '),
  joins: 'LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments od ON od.id = u.department_id LEFT JOIN users lu ON lu.id = c.last_owner_id LEFT JOIN pools p ON p.id = c.pool_id LEFT JOIN departments pd ON pd.id = p.department_id',
};

/** A customer's own columns (CUSTOMER_COLUMNS) and its last owner's name. */
export interface CustomerOwnRow extends Record<string, unknown> {
  id: number | string;
  name: string;
  industry: string | null;
  size: string | null;
  region: string | null;
  source: string | null;
  level: CustomerLevel;
  stage: CustomerStage;
  tags: string;
  owner_id: number | string | null;
  pool_id: number | string | null;
  last_follow_up_at: string | Date | null;
  claimed_at: string | Date | null;
  last_deal_at: string | Date | null;
  last_owner_id: number | string | null;
  pool_entered_at: string | Date | null;
  pool_reason: string | null;
  created_by: number | string | null;
  created_at: string | Date;
  updated_at: string | Date;
  last_owner_name: string | null;
}

/** A row of CUSTOMER_ROW_SELECT: the customer with its owner, its pool and the pool's rules. */
export interface CustomerRow extends CustomerOwnRow {
  owner_name: string | null;
  owner_status?: string | null;
  owner_department_path: string | null;
  /** The department of the pool it belongs to (who sees it while it sits in the pool). */
  pool_department_path: string | null;
  p_id: number | string | null;
  no_follow_up_days: number | string | null;
  no_deal_days: number | string | null;
  no_repeat_deal_days: number | string | null;
  warn_days_before: number | string | null;
  holding_cap: number | string | null;
  claim_cooldown_days: number | string | null;
  daily_claim_limit: number | string | null;
  exempt_levels: string | null;
}

const num = (v: number | string | null): number | null => (v === null || v === undefined ? null : Number(v));

/** The row as the entity the pure rules and DTO builders take. */
export function customerOf(r: CustomerRow): Customer {
  return {
    id: Number(r.id), name: r.name, nameKey: '', industry: r.industry, size: r.size, region: r.region, source: r.source,
    level: r.level, stage: r.stage, tags: r.tags, ownerId: num(r.owner_id), poolId: num(r.pool_id),
    lastFollowUpAt: fromSqlTime(r.last_follow_up_at), claimedAt: fromSqlTime(r.claimed_at), lastDealAt: fromSqlTime(r.last_deal_at),
    lastOwnerId: num(r.last_owner_id), poolEnteredAt: fromSqlTime(r.pool_entered_at), poolReason: r.pool_reason,
    createdBy: num(r.created_by), createdAt: fromSqlTime(r.created_at), updatedAt: fromSqlTime(r.updated_at),
    searchText: null, searchPhones: null,
  };
}

function poolOf(r: CustomerRow): Pool | null {
  if (r.p_id === null) return null;
  return {
    id: Number(r.p_id), name: '', departmentId: 0,
    noFollowUpDays: Number(r.no_follow_up_days), noDealDays: Number(r.no_deal_days), noRepeatDealDays: num(r.no_repeat_deal_days),
    warnDaysBefore: Number(r.warn_days_before), holdingCap: Number(r.holding_cap), claimCooldownDays: Number(r.claim_cooldown_days),
    dailyClaimLimit: Number(r.daily_claim_limit), exemptLevels: r.exempt_levels ?? '[]', createdAt: new Date(0), updatedAt: new Date(0),
  };
}

/** Loads the rows of these customers (any order) in one statement. */
export async function loadCustomerRows(em: EntityManager, ids: readonly number[]): Promise<CustomerRow[]> {
  if (!ids.length) return [];
  return readQuery<CustomerRow>(em,
    `SELECT ${CUSTOMER_ROW_SELECT.columns} FROM customers c ${CUSTOMER_ROW_SELECT.joins} WHERE c.id IN (${placeholders(ids.length)})`,
    [...ids],
  );
}

/** Contacts and co-followers (with names) of a page of customers. */
export interface CustomerRelations {
  contactsOf: Map<number, CustomerContact[]>;
  followersOf: Map<number, UserRef[]>;
}

export async function loadRelations(em: EntityManager, ids: readonly number[]): Promise<CustomerRelations> {
  const contactsOf = new Map<number, CustomerContact[]>();
  const followersOf = new Map<number, UserRef[]>();
  if (!ids.length) return { contactsOf, followersOf };
  const list = placeholders(ids.length);
  // Contacts and co-followers in one statement (a statement costs more than its rows here).
  const rows = await readQuery<{
    kind: string; customer_id: number | string; id: number | string; name: string; title: string | null; phone: string | null;
    external_user_id: string | null; birthday: string | Date | null; user_id: number | string | null;
  }>(em,
    `SELECT 'c' AS kind, k.customer_id, k.id, k.name, k.title, k.phone, k.external_user_id, k.birthday, NULL AS user_id
       FROM customer_contacts k WHERE k.customer_id IN (${list})
     UNION ALL
     SELECT 'f' AS kind, f.customer_id, f.id, u.name, NULL, NULL, NULL, NULL, f.user_id
       FROM customer_followers f JOIN users u ON u.id = f.user_id WHERE f.customer_id IN (${list})
     ORDER BY kind, id`,
    [...ids, ...ids],
  );
  for (const r of rows) {
    const id = Number(r.customer_id);
    if (r.kind === 'c') {
      push(contactsOf, id, {
        id: Number(r.id), customerId: id, name: r.name, title: r.title, phone: r.phone, phoneKey: null,
        externalUserId: r.external_user_id, birthday: dateOnly(r.birthday), createdAt: new Date(0),
      });
    } else {
      push(followersOf, id, { id: String(r.user_id), name: r.name });
    }
  }
  return { contactsOf, followersOf };
}

/** One customer's contacts in id order (the claim reads them with its row, in the same round trip). */
export const CONTACTS_OF_CUSTOMER_SQL =
  'SELECT k.id, k.name, k.title, k.phone, k.external_user_id, k.birthday FROM customer_contacts k WHERE k.customer_id = ? ORDER BY k.id';

export interface ContactRow {
  id: number | string; name: string; title: string | null; phone: string | null; external_user_id: string | null; birthday: string | Date | null;
}

/** The relations of one customer from CONTACTS_OF_CUSTOMER_SQL's rows (no co-followers). */
export function relationsFromContactRows(customerId: number, rows: readonly ContactRow[]): CustomerRelations {
  const contacts: CustomerContact[] = rows.map((r) => ({
    id: Number(r.id), customerId, name: r.name, title: r.title, phone: r.phone, phoneKey: null,
    externalUserId: r.external_user_id, birthday: dateOnly(r.birthday), createdAt: new Date(0),
  }));
  return { contactsOf: new Map(contacts.length ? [[customerId, contacts]] : []), followersOf: new Map() };
}

/**
 * DTOs of a page of rows, in the rows' order: one more statement (contacts and co-followers).
 * `now` (the Clock's) and `tz` give the day counts the app shows.
 */
export async function hydrateRows(em: EntityManager, rows: readonly CustomerRow[], tz: string, now: Date): Promise<CustomerDto[]> {
  if (!rows.length) return [];
  return toCustomerDtos(rows, await loadRelations(em, rows.map((r) => Number(r.id))), tz, now);
}

export function toCustomerDtos(rows: readonly CustomerRow[], relations: CustomerRelations, tz: string, now: Date): CustomerDto[] {
  // A page's customers share one or two pools: their rules parsed once.
  const rulesByPool = new Map<number, PoolRules>();
  const rulesFor = (r: CustomerRow): PoolRules | null => {
    if (r.p_id === null) return null;
    const id = Number(r.p_id);
    let rules = rulesByPool.get(id);
    if (!rules) rulesByPool.set(id, (rules = rulesOf(poolOf(r)!)));
    return rules;
  };
  return rows.map((r) => {
    const c = customerOf(r);
    const rules = c.ownerId === null || !c.claimedAt ? null : rulesFor(r);
    const reclaimAt = !rules || !c.claimedAt
      ? null
      : reclaimDueAt({ level: c.level, claimedAt: c.claimedAt, lastFollowUpAt: c.lastFollowUpAt, lastDealAt: c.lastDealAt }, rules, tz)?.at ?? null;
    return toCustomerDto(c, {
      owner: c.ownerId === null ? null : { id: String(c.ownerId), name: r.owner_name ?? '' },
      ownerLeft: r.owner_status === 'left',
      contacts: relations.contactsOf.get(c.id) ?? [],
      followers: relations.followersOf.get(c.id) ?? [],
      reclaimAt,
      days: customerDays(c, reclaimAt && rules ? { at: reclaimAt, rules } : null, now, tz),
    });
  });
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A DATE column: mysql2 gives a Date at UTC midnight (timezone 'Z'), SQLite the text. */
function dateOnly(v: string | Date | null): string | null {
  if (v === null) return null;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}
