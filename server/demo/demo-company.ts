import type { CustomerLevel, CustomerStage } from '../../entities/customer.entity.ts';
import type { FollowUpType } from '../../entities/follow-up.entity.ts';
import type { OwnershipEventType } from '../../entities/ownership-event.entity.ts';
import type { UserRole, UserStatus } from '../../entities/user.entity.ts';
import { customerNameKey, phoneKey } from '../customers/rules/normalize-name.ts';
import { Rng } from './prng.ts';
import {
  BRANDS, BUILDINGS, CITIES, CONTACT_TITLES, GIVEN_NAMES, INDUSTRIES, MOBILE_PREFIXES, NOTES, POOL_ASSIGN_REASON,
  POOL_SOURCE, PRODUCTS, RECLAIM_REASON, RELEASE_REASONS, ROADS, SIZES, SOURCES, SURNAMES, TAGS, TRANSFER_REASONS,
  type City, type Industry, type NotePhase, type NoteTemplate, type SalesGroup,
} from './demo-vocabulary.ts';

/**
 * The demo company 星河科技: a B2B software vendor with two sales groups, a customer-success
 * colleague and one rep who has just left, plus ~340 customers with 6–9 months of history.
 * Pure and deterministic: the same `now` gives the same company, so docs and tests can rely
 * on it, and every timestamp (except planned next follow-ups) lies before `now`.
 *
 * People are referenced by wecomUserId; the seeder turns those into database ids.
 */

export interface DemoDepartment {
  id: number;
  name: string;
  parentId: number | null;
  /** Materialised path, "/1/2/3/". */
  path: string;
  sortOrder: number;
}

export interface DemoUser {
  wecomUserId: string;
  name: string;
  role: UserRole;
  departmentId: number;
  status: UserStatus;
  position: string;
  createdAt: Date;
  /** When a departed member left (not a column; it shapes the history). */
  leftAt: Date | null;
}

export interface DemoContact {
  name: string;
  title: string;
  phone: string;
  phoneKey: string;
  birthday: string | null;
  createdAt: Date;
}

export interface DemoCheckIn {
  lat: number;
  lng: number;
  address: string;
}

export interface DemoFollowUp {
  /** wecomUserId of the author: the owner at that time, or a co-follower. */
  author: string;
  type: FollowUpType;
  content: string;
  at: Date;
  nextFollowUpAt: Date | null;
  checkIn: DemoCheckIn | null;
}

export interface DemoOwnershipEvent {
  type: OwnershipEventType;
  from: string | null;
  to: string | null;
  /** null when the reclaim job made the change. */
  by: string | null;
  reason: string | null;
  at: Date;
}

export interface DemoFollower {
  user: string;
  since: Date;
}

export interface DemoCustomer {
  name: string;
  nameKey: string;
  industry: string;
  size: string;
  region: string;
  source: string;
  level: CustomerLevel;
  stage: CustomerStage;
  tags: string[];
  /** wecomUserId of the current owner. */
  owner: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastFollowUpAt: Date | null;
  claimedAt: Date;
  lastDealAt: Date | null;
  contacts: DemoContact[];
  followers: DemoFollower[];
  /** Oldest first. */
  followUps: DemoFollowUp[];
  /** Oldest first; the first is always `created`. */
  ownershipEvents: DemoOwnershipEvent[];
}

export interface DemoCompany {
  name: string;
  now: Date;
  departments: DemoDepartment[];
  users: DemoUser[];
  customers: DemoCustomer[];
}

export const DEMO_COMPANY_NAME = '星河科技';
const SEED = 0x5eed_2025;
/** The reclaim card needs some customers nobody has touched for ~half a year. */
const FORGOTTEN_COUNT = 26;
const DEPARTED_DAYS_AGO = 21;
const NEW_REP_DAYS_AGO = 95;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China has one offset and no daylight saving time. */
const SHANGHAI_OFFSET = 8 * HOUR;

interface DepartmentSeed { id: number; name: string; parentId: number | null; sortOrder: number }
const DEPARTMENT_SEEDS: readonly DepartmentSeed[] = [
  { id: 1, name: DEMO_COMPANY_NAME, parentId: null, sortOrder: 0 },
  { id: 2, name: '销售部', parentId: 1, sortOrder: 100 },
  { id: 3, name: '华东销售组', parentId: 2, sortOrder: 90 },
  { id: 4, name: '华南销售组', parentId: 2, sortOrder: 80 },
  { id: 5, name: '客户成功部', parentId: 1, sortOrder: 60 },
];

interface UserSeed {
  wecomUserId: string;
  name: string;
  role: UserRole;
  departmentId: number;
  position: string;
  joinedDaysAgo: number;
  leftDaysAgo?: number;
  /** Sales group and relative share of new customers, for reps who own customers. */
  sells?: { group: SalesGroup; weight: number };
}

const USER_SEEDS: readonly UserSeed[] = [
  { wecomUserId: 'boss', name: '陈总', role: 'admin', departmentId: 1, position: '总经理', joinedDaysAgo: 420 },
  { wecomUserId: 'manager.east', name: '王经理', role: 'manager', departmentId: 3, position: '华东销售经理', joinedDaysAgo: 400 },
  { wecomUserId: 'manager.south', name: '李经理', role: 'manager', departmentId: 4, position: '华南销售经理', joinedDaysAgo: 390 },
  { wecomUserId: 'zhangsan', name: '张三', role: 'rep', departmentId: 3, position: '高级销售', joinedDaysAgo: 380, sells: { group: 'east', weight: 1.2 } },
  { wecomUserId: 'lisi', name: '李四', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: 350, sells: { group: 'east', weight: 1 } },
  { wecomUserId: 'wangfang', name: '王芳', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: 330, sells: { group: 'east', weight: 1 } },
  { wecomUserId: 'liuyang', name: '刘洋', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: NEW_REP_DAYS_AGO, sells: { group: 'east', weight: 1.4 } },
  { wecomUserId: 'zhaolei', name: '赵磊', role: 'rep', departmentId: 4, position: '高级销售', joinedDaysAgo: 370, sells: { group: 'south', weight: 1.1 } },
  { wecomUserId: 'chenjing', name: '陈静', role: 'rep', departmentId: 4, position: '销售代表', joinedDaysAgo: 340, sells: { group: 'south', weight: 1 } },
  { wecomUserId: 'huangwei', name: '黄伟', role: 'rep', departmentId: 4, position: '销售代表', joinedDaysAgo: 310, sells: { group: 'south', weight: 0.9 } },
  {
    wecomUserId: 'sunhao', name: '孙浩', role: 'rep', departmentId: 4, position: '销售代表', joinedDaysAgo: 360,
    leftDaysAgo: DEPARTED_DAYS_AGO, sells: { group: 'south', weight: 1 },
  },
  { wecomUserId: 'zhoumin', name: '周敏', role: 'rep', departmentId: 5, position: '客户成功经理', joinedDaysAgo: 300 },
];

const CUSTOMER_SUCCESS = 'zhoumin';
const DEPARTED = 'sunhao';
const MANAGER_OF: Record<SalesGroup, string> = { east: 'manager.east', south: 'manager.south' };

export interface DemoLoginHint {
  wecomUserId: string;
  name: string;
  role: UserRole;
  note: string;
}

/** Who to log in as when showing the demo (printed at start-up). */
export const DEMO_LOGIN_HINTS: readonly DemoLoginHint[] = [
  { wecomUserId: 'boss', note: '老板/管理员：看全公司的客户、跟进和报表' },
  { wecomUserId: 'manager.east', note: '华东销售经理：看本组客户和跟进动态，可分配、转派' },
  { wecomUserId: 'zhangsan', note: '华东销售：客户最多，有待办跟进提醒和被遗忘的客户' },
  { wecomUserId: 'zhaolei', note: '华南销售：接手了离职同事孙浩的部分客户' },
].map(({ wecomUserId, note }) => {
  const user = USER_SEEDS.find((u) => u.wecomUserId === wecomUserId)!;
  return { wecomUserId, name: user.name, role: user.role, note };
});

const STAGE_QUOTA: ReadonlyArray<readonly [CustomerStage, number]> = [
  ['lead', 18], ['contacted', 82], ['opportunity', 72], ['deal', 62], ['repeat', 40], ['dormant', 40], ['lost', 26],
];

/** Follow-up count and how recently the last one happened, per stage ("normal" customers). */
const STAGE_SHAPE: Record<CustomerStage, { count: [number, number]; normalLast: [number, number]; recentShare: number }> = {
  lead: { count: [0, 0], normalLast: [0, 0], recentShare: 0 },
  contacted: { count: [2, 5], normalLast: [11, 60], recentShare: 0.4 },
  opportunity: { count: [4, 9], normalLast: [11, 45], recentShare: 0.55 },
  deal: { count: [6, 12], normalLast: [11, 90], recentShare: 0.4 },
  repeat: { count: [9, 15], normalLast: [11, 75], recentShare: 0.45 },
  dormant: { count: [3, 6], normalLast: [60, 140], recentShare: 0 },
  lost: { count: [3, 7], normalLast: [15, 140], recentShare: 0 },
};

const LEVEL_BY_SIZE: Record<string, ReadonlyArray<readonly [CustomerLevel, number]>> = {
  '1-49人': [['A', 6], ['B', 40], ['C', 54]],
  '50-199人': [['key', 1], ['A', 14], ['B', 45], ['C', 40]],
  '200-999人': [['key', 6], ['A', 30], ['B', 40], ['C', 24]],
  '1000人以上': [['key', 25], ['A', 40], ['B', 25], ['C', 10]],
};

type Profile = 'never' | 'recent' | 'normal' | 'forgotten';

interface Segment { owner: string | null; from: number }

/** Builds the whole demo company for the instant `now`. */
export function generateDemoCompany(now: Date): DemoCompany {
  return new CompanyBuilder(now).build();
}

class CompanyBuilder {
  private readonly rng = new Rng(SEED);
  private readonly nowMs: number;
  private readonly usedNameKeys = new Set<string>();
  private readonly usedPhones = new Set<string>();
  private readonly joinedAt = new Map<string, number>();
  private readonly leftAt = new Map<string, number>();
  private birthdaysSoon = 0;

  constructor(now: Date) {
    this.nowMs = now.getTime();
  }

  build(): DemoCompany {
    const departments = this.departments();
    const users = this.users();
    const stages = this.rng.shuffle(STAGE_QUOTA.flatMap(([stage, count]) => Array<CustomerStage>(count).fill(stage)));
    const forgettable = stages.map((s, i) => [s, i] as const).filter(([s]) => s === 'contacted' || s === 'opportunity' || s === 'dormant');
    const forgotten = new Set(this.rng.sample(forgettable, FORGOTTEN_COUNT).map(([, i]) => i));
    const customers = stages.map((stage, i) => this.customer(stage, forgotten.has(i)));
    return { name: DEMO_COMPANY_NAME, now: new Date(this.nowMs), departments, users, customers };
  }

  // ---- organisation -------------------------------------------------------------------

  private departments(): DemoDepartment[] {
    const byId = new Map(DEPARTMENT_SEEDS.map((d) => [d.id, d]));
    const pathOf = (id: number): string => {
      const parent = byId.get(id)!.parentId;
      return parent === null ? `/${id}/` : `${pathOf(parent)}${id}/`;
    };
    return DEPARTMENT_SEEDS.map((d) => ({ ...d, path: pathOf(d.id) }));
  }

  private users(): DemoUser[] {
    return USER_SEEDS.map((u) => {
      const joined = this.dayStart(u.joinedDaysAgo) + 9.5 * HOUR;
      this.joinedAt.set(u.wecomUserId, joined);
      const left = u.leftDaysAgo === undefined ? null : this.dayStart(u.leftDaysAgo) + 18 * HOUR;
      if (left !== null) this.leftAt.set(u.wecomUserId, left);
      return {
        wecomUserId: u.wecomUserId, name: u.name, role: u.role, departmentId: u.departmentId,
        status: left === null ? 'active' : 'left', position: u.position, createdAt: new Date(joined), leftAt: left === null ? null : new Date(left),
      };
    });
  }

  /** Reps of `group` who could be given a customer at `at` (joined, not yet gone). */
  private repsAt(group: SalesGroup, at: number, opts: { includeDeparted: boolean }): Array<readonly [string, number]> {
    return USER_SEEDS.filter((u) => u.sells?.group === group)
      .filter((u) => this.joinedAt.get(u.wecomUserId)! <= at)
      .filter((u) => (opts.includeDeparted ? (this.leftAt.get(u.wecomUserId) ?? Infinity) > at : !this.leftAt.has(u.wecomUserId)))
      .map((u) => [u.wecomUserId, u.sells!.weight] as const);
  }

  // ---- one customer -------------------------------------------------------------------

  private customer(stage: CustomerStage, forgotten: boolean): DemoCustomer {
    const rng = this.rng;
    const group: SalesGroup = rng.chance(0.54) ? 'east' : 'south';
    const city = rng.weighted(CITIES.filter((c) => c.group === group).map((c) => [c, c.weight] as const));
    const industry = rng.weighted(INDUSTRIES.map((ind) => [ind, ind.weight] as const));
    const size = rng.weighted(SIZES.map((s) => [s, s.weight] as const));
    const level = rng.weighted(LEVEL_BY_SIZE[size.size]!);
    const name = this.companyName(city, industry, size.size);
    const profile: Profile = stage === 'lead' ? 'never' : forgotten ? 'forgotten' : rng.chance(STAGE_SHAPE[stage].recentShare) ? 'recent' : 'normal';

    const times = this.followUpTimes(stage, profile);
    // The deal phase of each follow-up depends only on the stage and how many there are.
    const phases = this.phases(stage, times.length);
    const poolOrigin = times.length > 0 && rng.chance(0.06);
    let createdAt = profile === 'never' ? this.businessTime(rng.int(0, 45)) : this.businessTime(rng.int(0, 3) + this.daysAgo(times[0]!));
    if (poolOrigin) createdAt = this.businessTime(this.daysAgo(times[0]!) + rng.int(2, 12));
    if (times.length && createdAt >= times[0]! - 10 * MINUTE) createdAt = times[0]! - rng.int(10, 90) * MINUTE;

    // Ownership: who held the customer when; follow-ups are written by the holder.
    const events: DemoOwnershipEvent[] = [];
    const segments: Segment[] = [];
    const manager = MANAGER_OF[group];
    const give = (e: DemoOwnershipEvent) => {
      events.push(e);
      segments.push({ owner: e.to, from: e.at.getTime() });
    };
    let creator: string;
    if (poolOrigin) {
      creator = manager;
      give({ type: 'created', from: null, to: null, by: manager, reason: '展会名单批量导入公海', at: new Date(createdAt) });
      const claimAt = toMinute(createdAt + 5 * MINUTE + rng.next() * (times[0]! - createdAt - 10 * MINUTE));
      const claimer = rng.weighted(this.repsAt(group, claimAt, { includeDeparted: true }));
      give({ type: 'claimed', from: null, to: claimer, by: claimer, reason: null, at: new Date(claimAt) });
    } else {
      creator = rng.weighted(this.repsAt(group, createdAt, { includeDeparted: true }));
      give({ type: 'created', from: null, to: creator, by: creator, reason: null, at: new Date(createdAt) });
      if (creator !== DEPARTED && times.length >= 2) {
        const roll = rng.next();
        if (roll < 0.09) this.poolDetour(group, creator, times, phases, give);
        else if (roll < 0.17) this.transfer(group, creator, times, give);
      }
    }
    const handedOver = this.handOverIfDeparted(group, segments, times, give);
    times.sort((a, b) => a - b);
    const ownerAt = (t: number) => segments.filter((s) => s.from <= t).at(-1)!.owner!;
    const owner = segments.at(-1)!.owner!;
    const claimedAt = segments.at(-1)!.from;

    // Story: notes, co-followers.
    const contacts = this.contacts(size.size, level, createdAt, times);
    const address = this.address(city);
    const seats = rng.int(size.seats[0], size.seats[1]);
    const quoted = rng.int(size.amount[0], size.amount[1]);
    const product = rng.pick(PRODUCTS);
    const fill = (text: string, phase: NotePhase) => text
      .replaceAll('{c}', this.addressAs(rng.chance(0.75) ? contacts[0]! : rng.pick(contacts)))
      .replaceAll('{p}', rng.chance(0.7) ? product : rng.pick(PRODUCTS))
      .replaceAll('{need}', rng.pick(industry.needs))
      // Deals close a little under the quote; an add-on order is a fraction of the first.
      .replaceAll('{amt}', String(phase === 'renew' ? Math.max(1, Math.round(quoted * 0.3)) : phase === 'sign' ? Math.max(1, Math.round(quoted * 0.9)) : quoted))
      .replaceAll('{n}', String(phase === 'renew' ? Math.max(2, Math.round(seats * 0.3)) : seats));

    const followers: DemoFollower[] = [];
    const owners = new Set(segments.map((s) => s.owner).filter((o): o is string => o !== null));
    const firstSign = phases.indexOf('sign');
    if (firstSign >= 0 && rng.chance(0.55)) {
      const signedAt = times[firstSign]!;
      const since = Math.min(signedAt + rng.int(1, 5) * DAY, Math.max(signedAt + MINUTE, this.nowMs - rng.int(10, 120) * MINUTE));
      followers.push({ user: CUSTOMER_SUCCESS, since: new Date(since) });
    }
    const firstMid = phases.indexOf('mid');
    let assistAt = -1;
    if (firstMid >= 0 && (level === 'key' || level === 'A') && rng.chance(0.3)) {
      const since = Math.max(createdAt + MINUTE, times[firstMid]! - rng.int(60, 600) * MINUTE);
      const mates = this.repsAt(group, since, { includeDeparted: false }).filter(([u]) => !owners.has(u));
      if (mates.length) {
        followers.push({ user: rng.weighted(mates), since: new Date(since) });
        if (rng.chance(0.6)) assistAt = firstMid;
      }
    }

    // Who wrote each note: the holder, or now and then a co-follower.
    const success = followers.find((f) => f.user === CUSTOMER_SUCCESS);
    const written = times.map((t, i): { author: string; phase: NotePhase } => {
      if (i === assistAt) return { author: followers.find((f) => f.user !== CUSTOMER_SUCCESS)!.user, phase: 'assist' };
      if (phases[i] === 'post' && success && success.since.getTime() < t && rng.chance(0.35)) return { author: CUSTOMER_SUCCESS, phase: 'success' };
      return { author: ownerAt(t), phase: phases[i]! };
    });
    const templates = this.storyline(written.map((w) => w.phase));
    const followUps = times.map((t, i): DemoFollowUp => {
      const { author, phase } = written[i]!;
      const template = templates[i]!;
      const next = i + 1 < times.length ? this.plannedNext(t, times[i + 1]!) : this.lastNext(stage, profile, t);
      return {
        author, type: template.type, content: fill(template.text, phase), at: new Date(t), nextFollowUpAt: next === null ? null : new Date(next),
        checkIn: template.type === 'visit' && rng.chance(0.85) ? this.checkIn(address) : null,
      };
    });

    const dealTimes = times.filter((_, i) => phases[i] === 'sign' || phases[i] === 'renew');
    const lastFollowUpAt = times.length ? times[times.length - 1]! : null;
    const updatedAt = Math.max(createdAt, lastFollowUpAt ?? 0, claimedAt, ...followers.map((f) => f.since.getTime()));
    return {
      name,
      nameKey: customerNameKey(name),
      industry: industry.name,
      size: size.size,
      region: city.name,
      source: poolOrigin ? POOL_SOURCE : rng.weighted(SOURCES),
      level,
      stage,
      tags: this.tags(stage, profile, handedOver),
      owner,
      createdBy: creator,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
      lastFollowUpAt: lastFollowUpAt === null ? null : new Date(lastFollowUpAt),
      claimedAt: new Date(claimedAt),
      lastDealAt: dealTimes.length ? new Date(dealTimes[dealTimes.length - 1]!) : null,
      contacts,
      followers,
      followUps,
      ownershipEvents: events,
    };
  }

  /** Follow-up instants, oldest first; none for a fresh lead, the latest ~half a year back when forgotten. */
  private followUpTimes(stage: CustomerStage, profile: Profile): number[] {
    if (profile === 'never') return [];
    const rng = this.rng;
    const shape = STAGE_SHAPE[stage];
    const count = profile === 'forgotten' ? rng.int(2, 6) : rng.int(shape.count[0], shape.count[1]);
    const last = profile === 'forgotten' ? rng.int(152, 220)
      : profile === 'recent' ? rng.weighted([[0, 3], [1, 4], [2, 3], [3, 2], [4, 2], [5, 2], [6, 1], [7, 1], [8, 1], [9, 1], [10, 1]] as const)
        : rng.int(shape.normalLast[0], shape.normalLast[1]);
    const longHistory = stage === 'deal' || stage === 'repeat';
    const minSpan = Math.max(count * (longHistory ? 9 : 5), longHistory ? 90 : 14);
    const room = 258 - last - minSpan;
    const first = Math.min(258, last + minSpan + (room > 0 ? rng.int(0, room) : 0));
    const days = [last, first];
    for (let i = 2; i < count; i++) days.push(rng.int(last, first));
    const seen = new Set<number>();
    return days
      .map((d, i) => this.businessTime(d, i > 0))
      .map((t) => {
        while (seen.has(t)) t -= 7 * MINUTE;
        seen.add(t);
        return t;
      })
      .sort((a, b) => a - b);
  }

  /** Released or reclaimed into the public pool in a long silence, then claimed or assigned. */
  private poolDetour(group: SalesGroup, from: string, times: number[], phases: NotePhase[], give: (e: DemoOwnershipEvent) => void): void {
    const rng = this.rng;
    // Nobody lets a customer go to the pool in the middle of signing or right after.
    const prospecting = (p: NotePhase | undefined) => p === 'early' || p === 'mid';
    const gaps = times.slice(1).map((_, i) => i)
      .filter((i) => times[i + 1]! - times[i]! >= 20 * DAY && prospecting(phases[i]) && prospecting(phases[i + 1]));
    if (!gaps.length) return;
    const i = rng.pick(gaps);
    const reclaimed = rng.chance(0.6);
    const outAt = reclaimed
      ? this.dayStart(this.daysAgo(times[i]!) - 16) + 2 * HOUR // the nightly sweep, day 16 of silence
      : toMinute(times[i]! + rng.int(1, 6) * DAY + rng.int(0, 120) * MINUTE);
    const latestIn = times[i + 1]! - HOUR;
    if (outAt + DAY >= latestIn) return;
    const inAt = toMinute(outAt + DAY + rng.next() * (latestIn - outAt - DAY));
    const candidates = this.repsAt(group, inAt, { includeDeparted: false }).filter(([u]) => u !== from);
    if (!candidates.length) return;
    const to = rng.weighted(candidates);
    give(reclaimed
      ? { type: 'reclaimed', from, to: null, by: null, reason: RECLAIM_REASON, at: new Date(outAt) }
      : { type: 'released', from, to: null, by: from, reason: rng.pick(RELEASE_REASONS), at: new Date(outAt) });
    give(rng.chance(0.6)
      ? { type: 'claimed', from: null, to, by: to, reason: null, at: new Date(inAt) }
      : { type: 'assigned', from: null, to, by: MANAGER_OF[group], reason: POOL_ASSIGN_REASON.replace('{to}', this.nameOf(to)), at: new Date(inAt) });
  }

  /** The manager moves the customer to a colleague between two follow-ups. */
  private transfer(group: SalesGroup, from: string, times: number[], give: (e: DemoOwnershipEvent) => void): void {
    const rng = this.rng;
    const i = rng.int(0, times.length - 2);
    const at = toMinute(times[i]! + (times[i + 1]! - times[i]!) * (0.3 + 0.4 * rng.next()));
    const candidates = this.repsAt(group, at, { includeDeparted: false }).filter(([u]) => u !== from);
    if (!candidates.length || at <= times[i]! || at >= times[i + 1]!) return;
    const to = rng.weighted(candidates);
    const reason = rng.pick(TRANSFER_REASONS).replace('{from}', this.nameOf(from)).replace('{to}', this.nameOf(to));
    give({ type: 'transferred', from, to, by: MANAGER_OF[group], reason, at: new Date(at) });
  }

  /**
   * The departed rep keeps the customers nobody touched since they left (the handover
   * demo); where the history goes on, the manager handed the customer over a few days after.
   */
  private handOverIfDeparted(group: SalesGroup, segments: Segment[], times: number[], give: (e: DemoOwnershipEvent) => void): boolean {
    const left = this.leftAt.get(DEPARTED)!;
    if (segments.at(-1)!.owner !== DEPARTED || !times.some((t) => t >= left)) return false;
    const rng = this.rng;
    const at = this.businessTime(DEPARTED_DAYS_AGO - rng.int(1, 4), false);
    const to = rng.weighted(this.repsAt(group, at, { includeDeparted: false }));
    give({ type: 'transferred', from: DEPARTED, to, by: MANAGER_OF[group], reason: `${this.nameOf(DEPARTED)}离职，客户交接给${this.nameOf(to)}`, at: new Date(at) });
    const taken = new Set(times);
    times.forEach((t, i) => {
      if (t < left || t > at) return;
      // The successor picks the thread up in the days after the handover.
      let moved = Math.max(this.businessTime(this.daysAgo(at) - rng.int(1, 3), false), at + 30 * MINUTE);
      while (taken.has(moved)) moved += 7 * MINUTE;
      taken.add(moved);
      times[i] = moved;
    });
    return true;
  }

  /** The deal phase of each follow-up, oldest first. */
  private phases(stage: CustomerStage, n: number): NotePhase[] {
    if (n === 0) return [];
    const rng = this.rng;
    const out: NotePhase[] = Array<NotePhase>(n).fill('early');
    const split = (from: number, share: number) => Math.max(from + 1, Math.min(n - 1, Math.round(n * share)));
    switch (stage) {
      case 'contacted':
        break;
      case 'opportunity':
        out.fill('mid', split(0, 0.35));
        break;
      case 'dormant':
      case 'lost': {
        out.fill('mid', split(0, 0.35));
        const tail = stage === 'lost' ? 1 : rng.int(1, 2);
        out.fill(stage, Math.max(1, n - tail));
        break;
      }
      case 'deal':
      case 'repeat': {
        const mid = split(0, 0.25);
        out.fill('mid', mid);
        const sign = Math.max(mid + 1, n - 1 - rng.int(1, stage === 'repeat' ? 5 : 3));
        out.fill('post', sign);
        out[Math.min(sign, n - 1)] = 'sign';
        if (stage === 'repeat') {
          const renew = Math.max(sign + 1, n - 1 - rng.int(0, 1));
          if (renew < n) out[renew] = 'renew';
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  /**
   * A note for each follow-up. Within a phase, notes are drawn without repeats and kept in
   * the order NOTES lists them, so the demo gets to know a customer before quoting.
   */
  private storyline(phases: NotePhase[]): NoteTemplate[] {
    const out: NoteTemplate[] = [];
    for (const phase of new Set(phases)) {
      const slots = phases.flatMap((p, i) => (p === phase ? [i] : []));
      const options = NOTES[phase];
      const picks: number[] = [];
      while (picks.length < slots.length) {
        const round = this.rng.sample(options.map((_, i) => i), Math.min(options.length, slots.length - picks.length));
        picks.push(...round.sort((a, b) => a - b));
      }
      slots.forEach((slot, k) => {
        out[slot] = options[picks[k]!]!;
      });
    }
    return out;
  }

  /** When a rep plans the next touch: the day they did come back (reminders that were honoured). */
  private plannedNext(at: number, nextAt: number): number | null {
    if (!this.rng.chance(0.35)) return null;
    const planned = this.dayStart(this.daysAgo(nextAt)) + 9 * HOUR;
    return planned > at ? planned : null;
  }

  /** The open reminder on the latest follow-up: mostly the coming days, some already overdue. */
  private lastNext(stage: CustomerStage, profile: Profile, at: number): number | null {
    const rng = this.rng;
    const active = stage === 'contacted' || stage === 'opportunity' || stage === 'deal' || stage === 'repeat';
    if (active && profile === 'recent' && rng.chance(0.7)) return this.dayStart(-rng.int(1, 10)) + rng.int(9, 17) * HOUR;
    if (active && profile === 'normal' && rng.chance(0.3)) return this.dayStart(this.daysAgo(at) - rng.int(3, 14)) + 10 * HOUR;
    if (stage === 'dormant' && rng.chance(0.4)) return this.dayStart(this.daysAgo(at) - rng.int(60, 120)) + 10 * HOUR;
    return null;
  }

  private tags(stage: CustomerStage, profile: Profile, handedOver: boolean): string[] {
    const rng = this.rng;
    const pool: string[] = [...TAGS.general];
    if (stage === 'opportunity' || stage === 'deal') pool.push(...TAGS.opportunity, ...TAGS.opportunity);
    if (stage === 'deal' || stage === 'repeat') pool.push(...TAGS.won, ...TAGS.won);
    if (stage === 'lost') pool.push(...TAGS.lost, ...TAGS.lost);
    const count = rng.weighted([[0, 2], [1, 4], [2, 3], [3, 1]] as const);
    const tags = new Set<string>();
    for (let i = 0; i < count * 3 && tags.size < count; i++) tags.add(rng.pick(pool));
    if (stage === 'repeat' && rng.chance(0.5)) tags.add('续约');
    if (handedOver && rng.chance(0.5)) tags.add('离职交接');
    if (profile === 'recent' && stage === 'opportunity' && rng.chance(0.4)) tags.add('高意向');
    return [...tags];
  }

  // ---- names, contacts, places -------------------------------------------------------

  private companyName(city: City, industry: Industry, size: string): string {
    const rng = this.rng;
    for (let attempt = 0; attempt < 200; attempt++) {
      const brand = rng.pick(BRANDS);
      let word = rng.pick(industry.words);
      if (!word.includes('科技') && !word.includes('技术') && rng.chance(0.15)) word += '科技';
      const big = size === '1000人以上' || size === '200-999人';
      const suffix = size === '1000人以上' && rng.chance(0.4) ? '集团有限公司' : big && rng.chance(0.3) ? '股份有限公司' : '有限公司';
      const style = rng.next();
      const name = style < 0.62 ? `${city.name}${brand}${word}${suffix}`
        : style < 0.87 ? `${brand}${word}（${city.name}）${suffix}`
          : `${brand}${word}${suffix}`;
      const key = customerNameKey(name);
      if (this.usedNameKeys.has(key)) continue;
      this.usedNameKeys.add(key);
      return name;
    }
    throw new Error('demo company: ran out of distinct company names');
  }

  private contacts(size: string, level: CustomerLevel, createdAt: number, times: number[]): DemoContact[] {
    const rng = this.rng;
    const big = size === '200-999人' || size === '1000人以上';
    const count = rng.weighted(big ? [[1, 2], [2, 4], [3, 4]] as const : [[1, 5], [2, 4], [3, 1]] as const);
    const titles = new Set<string>();
    const out: DemoContact[] = [];
    for (let i = 0; i < count; i++) {
      let title = rng.weighted(CONTACT_TITLES.map((t) => [t.title, t.weight] as const));
      for (let tries = 0; titles.has(title) && tries < 8; tries++) title = rng.weighted(CONTACT_TITLES.map((t) => [t.title, t.weight] as const));
      titles.add(title);
      const phone = this.mobile();
      const added = i === 0 || times.length === 0 ? createdAt : rng.pick(times);
      out.push({
        name: rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES), title, phone, phoneKey: phoneKey(phone)!,
        birthday: i === 0 && (level === 'key' || level === 'A') ? this.birthday() : null, createdAt: new Date(added),
      });
    }
    return out;
  }

  private mobile(): string {
    for (;;) {
      const phone = this.rng.pick(MOBILE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.usedPhones.has(phone)) {
        this.usedPhones.add(phone);
        return phone;
      }
    }
  }

  /** A few key contacts have their birthday this week, so the birthday card has something to show. */
  private birthday(): string {
    const rng = this.rng;
    const year = rng.int(1966, 1992);
    let month: number;
    let day: number;
    if (this.birthdaysSoon < 5) {
      this.birthdaysSoon++;
      const d = new Date(this.dayStart(-rng.int(0, 6)) + SHANGHAI_OFFSET);
      month = d.getUTCMonth() + 1;
      day = d.getUTCDate();
    } else {
      month = rng.int(1, 12);
      day = rng.int(1, 28);
    }
    const leapYearNeeded = month === 2 && day === 29;
    return `${leapYearNeeded ? 1988 : year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  /** How a rep refers to a contact in notes: 王总, 李经理, 张工, or the full name. */
  private addressAs(contact: DemoContact): string {
    const suffix = CONTACT_TITLES.find((t) => t.title === contact.title)?.address ?? '';
    return suffix ? contact.name.slice(0, 1) + suffix : contact.name;
  }

  private address(city: City): DemoCheckIn {
    const rng = this.rng;
    return {
      lat: city.lat + (rng.next() - 0.5) * 0.16,
      lng: city.lng + (rng.next() - 0.5) * 0.16,
      address: `${city.name}市${rng.pick(city.districts)}${rng.pick(ROADS)}${rng.int(1, 999)}号${rng.pick(BUILDINGS)}`,
    };
  }

  /** A check-in a few dozen metres from the customer's address, as phones report it. */
  private checkIn(at: DemoCheckIn): DemoCheckIn {
    const jitter = () => (this.rng.next() - 0.5) * 0.0008;
    return { lat: round6(at.lat + jitter()), lng: round6(at.lng + jitter()), address: at.address };
  }

  private nameOf(wecomUserId: string): string {
    return USER_SEEDS.find((u) => u.wecomUserId === wecomUserId)!.name;
  }

  // ---- time ---------------------------------------------------------------------------

  /** Midnight (Asia/Shanghai) of the day `daysAgo` days before today; negative is the future. */
  private dayStart(daysAgo: number): number {
    const today = Math.floor((this.nowMs + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
    return today - daysAgo * DAY;
  }

  private daysAgo(at: number): number {
    return Math.round((this.dayStart(0) - (Math.floor((at + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET)) / DAY);
  }

  /** Office hours on that day (weekends mostly moved to the Friday before), never after now. */
  private businessTime(daysAgo: number, avoidWeekend = true): number {
    let day = this.dayStart(daysAgo);
    const weekday = new Date(day + SHANGHAI_OFFSET).getUTCDay();
    if (avoidWeekend && (weekday === 0 || weekday === 6) && this.rng.chance(0.85)) day -= (weekday === 0 ? 2 : 1) * DAY;
    const at = day + this.rng.int(9 * 60, 18 * 60 + 30) * MINUTE;
    return at < this.nowMs ? at : this.nowMs - this.rng.int(5, 90) * MINUTE;
  }
}

function toMinute(ms: number): number {
  return Math.round(ms / MINUTE) * MINUTE;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
