import type { EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import { Customer } from '../../entities/customer.entity.ts';
import { CustomerContact } from '../../entities/customer-contact.entity.ts';
import { demoExternalUserId, isLinkedInDemo } from './demo-wecom-contacts.ts';
import { reindexCustomerSearch } from '../customers/customer-search.index.ts';
import { CustomerFollower } from '../../entities/customer-follower.entity.ts';
import { Department } from '../../entities/department.entity.ts';
import { FollowUp } from '../../entities/follow-up.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { isUniqueViolation, type Database } from '../infra/db.ts';
import { ruleColumns } from '../ownership/pools.repository.ts';
import { generateDemoCompany, type DemoCompany } from './demo-company.ts';
import { seedDemoApprovals } from './seed-demo-approvals.ts';
import { seedDemoOpportunities } from './seed-demo-opportunities.ts';
import { seedDemoContracts } from './seed-demo-contracts.ts';

export { DEMO_LOGIN_HINTS, type DemoLoginHint } from './demo-company.ts';

export interface SeedDemoResult {
  seeded: boolean;
  departments: number;
  users: number;
  customers: number;
  /** Of those, how many sit in the company pool. */
  inPool: number;
  followUps: number;
}

/** Rows per INSERT: well under SQLite's and MySQL's placeholder limits, few round trips. */
const CHUNK = 200;

const NOT_SEEDED: SeedDemoResult = { seeded: false, departments: 0, users: 0, customers: 0, inPool: 0, followUps: 0 };

/**
 * Loads the demo company 星河科技 into an empty database, as of `clock.now()`: its people, its
 * company pool (公司公海, default rules) and its customers, each at home in that pool. A database
 * that already has users (a real corp, or a demo seeded before) is left alone. Everything is
 * written in one transaction with multi-row inserts, so a half-seeded demo cannot exist.
 */
export async function seedDemoCompany(db: Database, clock: Clock): Promise<SeedDemoResult> {
  const company = generateDemoCompany(clock.now());
  try {
    const result = await db.tx(async (em) => {
      const [row] = await em.query('SELECT COUNT(*) AS n FROM users') as Array<{ n: number | string }>;
      if (Number(row?.n ?? 0) > 0) return NOT_SEEDED;
      return insertCompany(em, company);
    });
    // A few approvals in every state, filed through the service like real ones (their cards included).
    if (result.seeded) await seedDemoApprovals(db, clock);
    // The pipeline: opportunities across the stages, wins where the customers have their deals.
    if (result.seeded) await seedDemoOpportunities(db, clock);
    // Contracts with plans and payments, this month's targets (the home page's target card).
    if (result.seeded) await seedDemoContracts(db, clock);
    return result;
  } catch (err) {
    // Two processes seeding one empty database at once: the other one won.
    if (isUniqueViolation(err)) return NOT_SEEDED;
    throw err;
  }
}

async function insertCompany(em: EntityManager, company: DemoCompany): Promise<SeedDemoResult> {
  await insertRows(em, Department, company.departments.map((d) => ({
    id: d.id, name: d.name, parentId: d.parentId, path: d.path, sortOrder: d.sortOrder,
  })));
  await insertRows(em, User, company.users.map((u) => ({
    wecomUserId: u.wecomUserId, name: u.name, role: u.role, departmentId: u.departmentId,
    status: u.status, position: u.position, createdAt: u.createdAt,
  })));
  const users = await idsBy(em, 'SELECT id, wecom_user_id AS k FROM users');
  const userId = (wecomUserId: string): number => {
    const id = users.get(wecomUserId);
    if (id === undefined) throw new Error(`demo seed: unknown user ${wecomUserId}`);
    return id;
  };
  const userIdOrNull = (wecomUserId: string | null) => (wecomUserId === null ? null : userId(wecomUserId));

  // The pool before the customers: it is every customer's home pool.
  const { pool } = company;
  await em.insert(Pool, {
    name: pool.name, departmentId: pool.departmentId, ...ruleColumns(pool.rules), createdAt: pool.createdAt, updatedAt: pool.createdAt,
  });
  const poolId = (await em.findOneByOrFail(Pool, { departmentId: pool.departmentId })).id;

  await insertRows(em, Customer, company.customers.map((c) => ({
    name: c.name, nameKey: c.nameKey, industry: c.industry, size: c.size, region: c.region, source: c.source,
    level: c.level, stage: c.stage, tags: JSON.stringify(c.tags), ownerId: userIdOrNull(c.owner), poolId,
    lastFollowUpAt: c.lastFollowUpAt, claimedAt: c.claimedAt, lastDealAt: c.lastDealAt,
    lastOwnerId: userIdOrNull(c.lastOwner), poolEnteredAt: c.poolEnteredAt, poolReason: c.poolReason,
    createdBy: userId(c.createdBy), createdAt: c.createdAt, updatedAt: c.updatedAt,
  })));
  const customers = await idsBy(em, 'SELECT id, name_key AS k FROM customers');
  const withId = company.customers.map((c) => ({ c, id: customers.get(c.nameKey)! }));

  // Most owned customers' first contact is also the owner's WeCom customer (demo-wecom-contacts.ts).
  await insertRows(em, CustomerContact, withId.flatMap(({ c, id }) => c.contacts.map((k, i) => ({
    customerId: id, name: k.name, title: k.title, phone: k.phone, phoneKey: k.phoneKey,
    externalUserId: i === 0 && c.owner !== null && isLinkedInDemo(c.nameKey) ? demoExternalUserId(`customer:${c.nameKey}`) : null,
    birthday: k.birthday, createdAt: k.createdAt,
  }))));
  await insertRows(em, CustomerFollower, withId.flatMap(({ c, id }) => c.followers.map((f) => ({
    customerId: id, userId: userId(f.user), createdAt: f.since,
  }))));
  const followUps = withId.flatMap(({ c, id }) => c.followUps.map((f) => ({
    customerId: id, authorId: userId(f.author), type: f.type, content: f.content, at: f.at,
    nextFollowUpAt: f.nextFollowUpAt, checkInLat: f.checkIn?.lat ?? null, checkInLng: f.checkIn?.lng ?? null,
    checkInAddress: f.checkIn?.address ?? null, createdAt: f.at,
  })));
  await insertRows(em, FollowUp, followUps);
  await reindexCustomerSearch(em, [...customers.values()]);
  await insertRows(em, OwnershipEvent, withId.flatMap(({ c, id }) => c.ownershipEvents.map((e) => ({
    customerId: id, type: e.type, fromUserId: userIdOrNull(e.from), toUserId: userIdOrNull(e.to),
    byUserId: userIdOrNull(e.by), reason: e.reason, rule: e.rule, at: e.at,
  }))));

  return {
    seeded: true,
    departments: company.departments.length,
    users: company.users.length,
    customers: company.customers.length,
    inPool: company.customers.filter((c) => c.owner === null).length,
    followUps: followUps.length,
  };
}

/** Multi-row INSERTs without reading generated values back (updateEntity(false)). */
async function insertRows<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Array<Partial<T>>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await em.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + CHUNK) as never).updateEntity(false).execute();
  }
}

async function idsBy(em: EntityManager, sql: string): Promise<Map<string, number>> {
  const rows = await em.query(sql) as Array<{ id: number | string; k: string }>;
  return new Map(rows.map((r) => [r.k, Number(r.id)]));
}
