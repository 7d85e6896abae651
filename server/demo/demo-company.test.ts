import { describe, expect, it } from 'vitest';
import { customerNameKey, phoneKey } from '../customers/rules/normalize-name.ts';
import { calendarDaysBetween } from '../ownership/rules/business-calendar.ts';
import { DEFAULT_POOL_RULES, reclaimReason, type ReclaimRule } from '../ownership/rules/pool-rules.ts';
import { reclaimDueAt, warningOpensAt, type ReclaimDue } from '../ownership/rules/reclaim-due.ts';
import { generateDemoCompany, type DemoCompany, type DemoCustomer } from './demo-company.ts';
import { CITIES } from './demo-vocabulary.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T04:00:00Z');
const TZ = 'Asia/Shanghai';
const RULES = DEFAULT_POOL_RULES;
const RULE_NAMES: ReclaimRule[] = ['no_follow_up', 'no_deal', 'no_repeat_deal'];

/** Every instant that must lie in the past (planned next follow-ups may not). */
function pastInstants(company: DemoCompany): Date[] {
  return [
    company.pool.createdAt,
    ...company.users.flatMap((u) => [u.createdAt, ...(u.leftAt ? [u.leftAt] : [])]),
    ...company.customers.flatMap((c) => [
      c.createdAt, c.updatedAt,
      ...[c.claimedAt, c.poolEnteredAt, c.lastFollowUpAt, c.lastDealAt].filter((d): d is Date => d !== null),
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

/** When the pool takes an owned customer back, by the app's own rule; null for exempt levels. */
function dueOf(c: DemoCustomer): ReclaimDue | null {
  return reclaimDueAt({ level: c.level, claimedAt: c.claimedAt!, lastFollowUpAt: c.lastFollowUpAt, lastDealAt: c.lastDealAt }, RULES, TZ);
}

const owned = (company: DemoCompany) => company.customers.filter((c) => c.owner !== null);
const inPool = (company: DemoCompany) => company.customers.filter((c) => c.owner === null);
const isExempt = (c: DemoCustomer) => RULES.exemptLevels.includes(c.level);

/** Owned customers whose reclaim warning the warnings job sends at `now`. */
function inWarningWindow(company: DemoCompany, now: Date): Array<{ c: DemoCustomer; due: ReclaimDue }> {
  return owned(company).flatMap((c) => {
    const due = dueOf(c);
    return due && due.at > now && warningOpensAt(due.at, RULES, TZ) <= now ? [{ c, due }] : [];
  });
}

describe('generateDemoCompany', () => {
  const company = generateDemoCompany(NOW);
  const activeUsers = new Set(company.users.filter((u) => u.status === 'active').map((u) => u.wecomUserId));

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

  it('should spread customers over every stage and level with fewer key accounts than A when generating', () => {
    const count = (pick: (c: DemoCustomer) => string) =>
      company.customers.reduce<Record<string, number>>((m, c) => ({ ...m, [pick(c)]: (m[pick(c)] ?? 0) + 1 }), {});
    const stages = count((c) => c.stage);
    for (const stage of ['lead', 'contacted', 'opportunity', 'deal', 'repeat', 'dormant', 'lost']) expect(stages[stage]).toBeGreaterThan(0);
    const levels = count((c) => c.level);
    expect(levels.key).toBeGreaterThan(0);
    expect(levels.key!).toBeLessThan(levels.A!);
    expect(levels.A!).toBeLessThan(levels.B! + levels.C!);
  });

  it('should place each customer in a city of its (last) owner\'s sales group when generating', () => {
    const groupOfDepartment: Record<number, string> = { 3: 'east', 4: 'south' };
    const departmentOf = new Map(company.users.map((u) => [u.wecomUserId, u.departmentId]));
    for (const c of company.customers) {
      const city = CITIES.find((x) => x.name === c.region);
      expect(city?.group).toBe(groupOfDepartment[departmentOf.get((c.owner ?? c.lastOwner)!)!]);
    }
  });

  it('should have at least 15 forgotten key accounts, owned by active reps, and plenty of recent follow-ups when generating', () => {
    const forgotten = company.customers.filter((c) => (daysSinceLastFollowUp(c, NOW) ?? 0) >= 150);
    expect(forgotten.length).toBeGreaterThanOrEqual(15);
    for (const c of forgotten) {
      expect(daysSinceLastFollowUp(c, NOW)).toBeLessThanOrEqual(221);
      expect(c.level).toBe('key');
      expect(activeUsers.has(c.owner!)).toBe(true);
      expect(dueOf(c)).toBeNull();
    }
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
    for (const c of inPool(company)) expect(c.followUps.at(-1)?.nextFollowUpAt ?? null).toBeNull();
  });

  it('should keep ownership history for reassigned and pooled customers when generating', () => {
    const types = new Set(company.customers.flatMap((c) => c.ownershipEvents.map((e) => e.type)));
    expect([...types].sort()).toEqual(['assigned', 'claimed', 'created', 'reclaimed', 'released', 'transferred']);
    const handovers = company.customers.filter((c) => c.ownershipEvents.some((e) => e.type === 'transferred' && e.from === 'sunhao'));
    expect(handovers.length).toBeGreaterThan(0);
    expect(handovers.filter((c) => c.owner === 'zhaolei').length).toBeGreaterThanOrEqual(2);
    for (const e of company.customers.flatMap((c) => c.ownershipEvents)) {
      if (e.type === 'transferred' || e.type === 'assigned' || e.type === 'released' || e.type === 'reclaimed') expect(e.reason).toBeTruthy();
      expect(e.rule !== null).toBe(e.type === 'reclaimed');
    }
  });

  it('should give some customers a co-follower who also writes follow-ups when generating', () => {
    const followed = company.customers.filter((c) => c.followers.length > 0);
    expect(followed.length).toBeGreaterThan(20);
    expect(followed.some((c) => c.followUps.some((f) => c.followers.some((x) => x.user === f.author)))).toBe(true);
  });

  describe('the pool story at now', () => {
    it('should set up one company pool at the root department with the default rules', () => {
      const root = company.departments.find((d) => d.parentId === null)!;
      expect(company.pool).toMatchObject({ name: '公司公海', departmentId: root.id });
      expect(company.pool.rules).toEqual(DEFAULT_POOL_RULES);
    });

    it('should have 100 to 130 customers in the pool, each with who had it, since when and why', () => {
      const pool = inPool(company);
      expect(pool.length).toBeGreaterThanOrEqual(100);
      expect(pool.length).toBeLessThanOrEqual(130);
      for (const c of pool) {
        expect(c.claimedAt).toBeNull();
        expect(c.followers).toEqual([]);
        expect(company.users.some((u) => u.wecomUserId === c.lastOwner && u.role === 'rep')).toBe(true);
        const days = calendarDaysBetween(c.poolEnteredAt!, NOW, TZ);
        expect(days).toBeGreaterThanOrEqual(1);
        expect(days).toBeLessThanOrEqual(120);
        expect(c.poolReason).toBeTruthy();
        // Nothing happened to it since it came back.
        if (c.lastFollowUpAt) expect(c.lastFollowUpAt.getTime()).toBeLessThan(c.poolEnteredAt!.getTime());
      }
    });

    it('should explain every pool customer\'s reason with its last ownership event', () => {
      const byHow: Record<string, number> = {};
      for (const c of inPool(company)) {
        const last = c.ownershipEvents.at(-1)!;
        expect(last.to).toBeNull();
        expect(last.from).toBe(c.lastOwner);
        expect(last.at).toEqual(c.poolEnteredAt);
        expect(last.reason).toBe(c.poolReason);
        if (last.type === 'released') {
          expect(last.by).toBe(c.lastOwner);
          expect(last.rule).toBeNull();
          expect(RULE_NAMES.map((r) => reclaimReason(r, RULES))).not.toContain(last.reason);
        } else {
          expect(last.type).toBe('reclaimed');
          expect(last.by).toBeNull();
          expect(RULE_NAMES).toContain(last.rule);
          expect(last.reason).toBe(reclaimReason(last.rule!, RULES));
        }
        const how = last.type === 'released' ? 'released' : last.rule!;
        byHow[how] = (byHow[how] ?? 0) + 1;
      }
      expect(byHow.released).toBeGreaterThanOrEqual(30);
      expect(byHow.no_follow_up).toBeGreaterThanOrEqual(10);
      expect(byHow.no_deal).toBeGreaterThanOrEqual(5);
    });

    it('should have the sweep reclaim only when and by the rule the pool rules say, in every history', () => {
      let checked = 0;
      for (const c of company.customers) {
        c.ownershipEvents.forEach((e, i) => {
          if (e.type !== 'reclaimed') return;
          const claimedAt = c.ownershipEvents[i - 1]!.at;
          const before = c.followUps.filter((f) => f.at < e.at).at(-1)?.at ?? null;
          const due = reclaimDueAt({
            level: c.level, claimedAt, lastFollowUpAt: before, lastDealAt: c.lastDealAt && c.lastDealAt < e.at ? c.lastDealAt : null,
          }, RULES, TZ)!;
          expect(e.rule).toBe(due.rule);
          // The hourly sweep takes it within the hour after it falls due.
          expect(e.at.getTime()).toBeGreaterThanOrEqual(due.at.getTime());
          expect(e.at.getTime() - due.at.getTime()).toBeLessThan(HOUR);
          checked++;
        });
      }
      expect(checked).toBeGreaterThanOrEqual(30);
    });

    it('should keep every owned customer claimed and none of the non-exempt ones due for reclaim at now', () => {
      const held = owned(company);
      expect(held.length).toBeGreaterThanOrEqual(170);
      for (const c of held) {
        expect(c.claimedAt).not.toBeNull();
        expect(c.poolEnteredAt).toBeNull();
        expect(c.poolReason).toBeNull();
        const due = dueOf(c);
        if (isExempt(c)) expect(due).toBeNull();
        else expect(due!.at.getTime(), `${c.name} (${c.owner})`).toBeGreaterThan(NOW.getTime());
      }
    });

    it('should keep the last follow-up or claim of owned non-exempt customers out of the window except for those warned', () => {
      const warned = new Set(inWarningWindow(company, NOW).map(({ c }) => c));
      for (const c of owned(company).filter((x) => !isExempt(x) && !warned.has(x))) {
        const anchor = Math.max(c.claimedAt!.getTime(), c.lastFollowUpAt?.getTime() ?? 0);
        expect(calendarDaysBetween(new Date(anchor), NOW, TZ)).toBeLessThanOrEqual(12);
        const dealSinceClaim = c.lastDealAt !== null && c.lastDealAt >= c.claimedAt!;
        if (!dealSinceClaim) expect(calendarDaysBetween(c.claimedAt!, NOW, TZ)).toBeLessThanOrEqual(27);
      }
    });

    it('should put 6 to 10 owned customers in the warning window, at least 2 of zhangsan\'s and 1 or 2 due tomorrow', () => {
      const warned = inWarningWindow(company, NOW);
      expect(warned.length).toBeGreaterThanOrEqual(6);
      expect(warned.length).toBeLessThanOrEqual(10);
      expect(warned.filter(({ c }) => c.owner === 'zhangsan').length).toBeGreaterThanOrEqual(2);
      expect(new Set(warned.map(({ c }) => c.owner)).size).toBeGreaterThanOrEqual(5);
      for (const { c } of warned) expect(activeUsers.has(c.owner!)).toBe(true);
      const tomorrow = warned.filter(({ due }) => calendarDaysBetween(NOW, due.at, TZ) === 1);
      expect(tomorrow.length).toBeGreaterThanOrEqual(1);
      expect(tomorrow.length).toBeLessThanOrEqual(2);
      expect(warned.some(({ due }) => due.rule === 'no_deal')).toBe(true);
    });

    it('should leave every active rep room under the holding cap, zhangsan with 8 to 12 non-exempt customers', () => {
      const holding = (user: string) => owned(company).filter((c) => c.owner === user && !isExempt(c)).length;
      for (const user of activeUsers) expect(holding(user), user).toBeLessThanOrEqual(15);
      expect(holding('zhangsan')).toBeGreaterThanOrEqual(8);
      expect(holding('zhangsan')).toBeLessThanOrEqual(12);
      expect(15).toBeLessThan(RULES.holdingCap);
    });

    it('should leave the departed rep only key accounts and won customers customer success keeps calling', () => {
      const departed = company.users.find((u) => u.status === 'left')!;
      const theirs = owned(company).filter((c) => c.owner === departed.wecomUserId);
      expect(theirs.length).toBeGreaterThanOrEqual(5);
      for (const c of theirs) {
        expect(c.level === 'key' || c.stage === 'deal' || c.stage === 'repeat').toBe(true);
        const due = dueOf(c);
        if (due) expect(warningOpensAt(due.at, RULES, TZ).getTime()).toBeGreaterThan(NOW.getTime());
        // Nothing written by the departed rep after they left.
        for (const f of c.followUps) if (f.author === departed.wecomUserId) expect(f.at.getTime()).toBeLessThan(departed.leftAt!.getTime());
      }
    });

    it('should remember the last owner of owned customers that came from the pool', () => {
      for (const c of owned(company)) {
        const lastLoss = c.ownershipEvents.filter((e) => e.type === 'released' || e.type === 'reclaimed').at(-1);
        expect(c.lastOwner).toBe(lastLoss?.from ?? null);
      }
    });
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

    it('should have no owned non-exempt customer due for reclaim and some in the warning window when generating', () => {
      for (const c of owned(generated)) {
        const due = reclaimDueAt({ level: c.level, claimedAt: c.claimedAt!, lastFollowUpAt: c.lastFollowUpAt, lastDealAt: c.lastDealAt }, RULES, TZ);
        if (due) expect(due.at.getTime(), c.name).toBeGreaterThan(now.getTime());
      }
      expect(inWarningWindow(generated, now).length).toBeGreaterThanOrEqual(6);
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
        expect(events.at(-1)!.at).toEqual(c.owner === null ? c.poolEnteredAt : c.claimedAt);
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
