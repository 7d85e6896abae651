import { describe, expect, it } from 'vitest';
import { customerNameKey, phoneKey } from '../customers/rules/normalize-name.ts';
import { generateDemoCompany, type DemoCompany, type DemoCustomer } from './demo-company.ts';
import { CITIES } from './demo-vocabulary.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-25T04:00:00Z');

/** Every instant that must lie in the past (planned next follow-ups may not). */
function pastInstants(company: DemoCompany): Date[] {
  return [
    ...company.users.flatMap((u) => [u.createdAt, ...(u.leftAt ? [u.leftAt] : [])]),
    ...company.customers.flatMap((c) => [
      c.createdAt, c.updatedAt, c.claimedAt,
      ...(c.lastFollowUpAt ? [c.lastFollowUpAt] : []),
      ...(c.lastDealAt ? [c.lastDealAt] : []),
      ...c.contacts.map((k) => k.createdAt),
      ...c.followers.map((f) => f.since),
      ...c.followUps.map((f) => f.at),
      ...c.ownershipEvents.map((e) => e.at),
    ]),
  ];
}

function daysSinceLastFollowUp(c: DemoCustomer, now: Date): number | null {
  return c.lastFollowUpAt ? (now.getTime() - c.lastFollowUpAt.getTime()) / DAY : null;
}

describe('generateDemoCompany', () => {
  const company = generateDemoCompany(NOW);

  it('should return the same company when called twice with the same now', () => {
    expect(generateDemoCompany(new Date(NOW))).toEqual(company);
  });

  it('should build the 星河科技 department tree with materialised paths when generating', () => {
    expect(company.departments.map((d) => [d.id, d.name, d.path])).toEqual([
      [1, '星河科技', '/1/'],
      [2, '销售部', '/1/2/'],
      [3, '华东销售组', '/1/2/3/'],
      [4, '华南销售组', '/1/2/4/'],
      [5, '客户成功部', '/1/5/'],
    ]);
  });

  it('should have one admin, two managers, six or more active sales reps and one departed rep when generating', () => {
    const { users } = company;
    const salesRep = (u: (typeof users)[number]) => u.role === 'rep' && (u.departmentId === 3 || u.departmentId === 4);
    expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(users.filter((u) => u.role === 'manager').map((u) => u.departmentId).sort()).toEqual([3, 4]);
    expect(users.filter((u) => salesRep(u) && u.status === 'active').length).toBeGreaterThanOrEqual(6);
    expect(users.filter((u) => u.departmentId === 5 && u.status === 'active')).toHaveLength(1);
    const departed = users.filter((u) => u.status === 'left');
    expect(departed).toHaveLength(1);
    expect(company.customers.filter((c) => c.owner === departed[0]!.wecomUserId).length).toBeGreaterThan(0);
    expect(new Set(users.map((u) => u.wecomUserId)).size).toBe(users.length);
    for (const u of users) expect(u.wecomUserId).toMatch(/^[a-z0-9._-]+$/);
  });

  it('should have at least 300 customers with distinct, correctly derived name keys when generating', () => {
    expect(company.customers.length).toBeGreaterThanOrEqual(300);
    const keys = company.customers.map((c) => c.nameKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of company.customers) expect(c.nameKey).toBe(customerNameKey(c.name));
  });

  it('should give every contact a distinct mobile number with its phone key when generating', () => {
    const contacts = company.customers.flatMap((c) => c.contacts);
    for (const c of company.customers) expect(c.contacts.length).toBeGreaterThanOrEqual(1);
    for (const c of company.customers) expect(c.contacts.length).toBeLessThanOrEqual(3);
    for (const k of contacts) {
      expect(k.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(k.phoneKey).toBe(phoneKey(k.phone));
    }
    expect(new Set(contacts.map((k) => k.phoneKey)).size).toBe(contacts.length);
  });

  it('should spread customers over every stage and level with few key accounts when generating', () => {
    const count = (pick: (c: DemoCustomer) => string) =>
      company.customers.reduce<Record<string, number>>((m, c) => ({ ...m, [pick(c)]: (m[pick(c)] ?? 0) + 1 }), {});
    const stages = count((c) => c.stage);
    for (const stage of ['lead', 'contacted', 'opportunity', 'deal', 'repeat', 'dormant', 'lost']) expect(stages[stage]).toBeGreaterThan(0);
    const levels = count((c) => c.level);
    expect(levels.key).toBeGreaterThan(0);
    expect(levels.key!).toBeLessThan(levels.A!);
    expect(levels.A!).toBeLessThan(levels.B! + levels.C!);
  });

  it('should place each customer in a city of its owner\'s sales group when generating', () => {
    const groupOfDepartment: Record<number, string> = { 3: 'east', 4: 'south' };
    const departmentOf = new Map(company.users.map((u) => [u.wecomUserId, u.departmentId]));
    for (const c of company.customers) {
      const city = CITIES.find((x) => x.name === c.region);
      expect(city?.group).toBe(groupOfDepartment[departmentOf.get(c.owner)!]);
    }
  });

  it('should have at least 15 customers not followed up for 150 days or more when generating', () => {
    const forgotten = company.customers.filter((c) => (daysSinceLastFollowUp(c, NOW) ?? 0) >= 150);
    expect(forgotten.length).toBeGreaterThanOrEqual(15);
    const recent = company.customers.filter((c) => (daysSinceLastFollowUp(c, NOW) ?? Infinity) <= 7);
    expect(recent.length).toBeGreaterThanOrEqual(30);
    expect(company.customers.filter((c) => c.followUps.length === 0).length).toBeGreaterThan(0);
  });

  it('should keep 6 to 9 months of history when generating', () => {
    const oldest = Math.min(...company.customers.flatMap((c) => c.followUps.map((f) => f.at.getTime())));
    expect((NOW.getTime() - oldest) / DAY).toBeGreaterThan(180);
    expect((NOW.getTime() - oldest) / DAY).toBeLessThan(280);
    for (const c of company.customers) {
      if (c.followUps.length) expect(c.followUps.length).toBeGreaterThanOrEqual(2);
      expect(c.followUps.length).toBeLessThanOrEqual(15);
    }
  });

  it('should leave open reminders in the coming days when generating', () => {
    const upcoming = company.customers.filter((c) => {
      const next = c.followUps.at(-1)?.nextFollowUpAt;
      return next && next > NOW && next.getTime() - NOW.getTime() <= 10 * DAY;
    });
    expect(upcoming.length).toBeGreaterThanOrEqual(20);
  });

  it('should keep ownership history for reassigned and pooled customers when generating', () => {
    const types = new Set(company.customers.flatMap((c) => c.ownershipEvents.map((e) => e.type)));
    expect([...types].sort()).toEqual(['assigned', 'claimed', 'created', 'reclaimed', 'released', 'transferred']);
    const handovers = company.customers.filter((c) => c.ownershipEvents.some((e) => e.type === 'transferred' && e.from === 'sunhao'));
    expect(handovers.length).toBeGreaterThan(0);
    for (const e of company.customers.flatMap((c) => c.ownershipEvents)) {
      if (e.type === 'transferred' || e.type === 'assigned' || e.type === 'released') expect(e.reason).toBeTruthy();
    }
  });

  it('should give some customers a co-follower who also writes follow-ups when generating', () => {
    const followed = company.customers.filter((c) => c.followers.length > 0);
    expect(followed.length).toBeGreaterThan(20);
    expect(followed.some((c) => c.followUps.some((f) => c.followers.some((x) => x.user === f.author)))).toBe(true);
  });

  describe.each([
    ['a Wednesday noon in Shanghai', NOW],
    ['a Sunday just before midnight in Shanghai', new Date('2026-03-01T15:59:00Z')],
    ['a Saturday morning before office hours in Shanghai', new Date('2026-06-06T00:30:00Z')],
  ])('invariants when now is %s', (_label, now) => {
    const generated = generateDemoCompany(now);

    it('should put no timestamp after now when generating', () => {
      for (const at of pastInstants(generated)) expect(at.getTime()).toBeLessThanOrEqual(now.getTime());
    });

    it('should set lastFollowUpAt to the latest follow-up when generating', () => {
      for (const c of generated.customers) {
        const latest = c.followUps.length ? Math.max(...c.followUps.map((f) => f.at.getTime())) : null;
        expect(c.lastFollowUpAt?.getTime() ?? null).toBe(latest);
      }
    });

    it('should order each history and plan next follow-ups after their follow-up when generating', () => {
      for (const c of generated.customers) {
        const ats = c.followUps.map((f) => f.at.getTime());
        expect(ats).toEqual([...ats].sort((a, b) => a - b));
        expect(new Set(ats).size).toBe(ats.length);
        if (ats.length) expect(c.createdAt.getTime()).toBeLessThan(ats[0]!);
        for (const f of c.followUps) if (f.nextFollowUpAt) expect(f.nextFollowUpAt.getTime()).toBeGreaterThan(f.at.getTime());
        expect(c.lastDealAt !== null).toBe(c.stage === 'deal' || c.stage === 'repeat');
      }
    });

    it('should chain ownership events and have follow-ups written by the owner of the day or a co-follower when generating', () => {
      for (const c of generated.customers) {
        const events = c.ownershipEvents;
        expect(events[0]!.type).toBe('created');
        expect(events[0]!.at).toEqual(c.createdAt);
        events.slice(1).forEach((e, i) => {
          expect(e.from).toBe(events[i]!.to);
          expect(e.at.getTime()).toBeGreaterThan(events[i]!.at.getTime());
        });
        expect(events.at(-1)!.to).toBe(c.owner);
        expect(events.at(-1)!.at).toEqual(c.claimedAt);
        for (const f of c.followUps) {
          const ownerThen = events.filter((e) => e.at <= f.at).at(-1)!.to;
          const follower = c.followers.find((x) => x.user === f.author);
          expect(f.author === ownerThen || (follower !== undefined && follower.since <= f.at)).toBe(true);
        }
        expect(c.followers.some((x) => x.user === c.owner)).toBe(false);
      }
    });
  });
});
