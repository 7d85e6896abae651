import type { CustomerLevel, CustomerStage } from '../../entities/customer.entity.ts';
import type { FollowUpType } from '../../entities/follow-up.entity.ts';
import type { OwnershipEventType } from '../../entities/ownership-event.entity.ts';
import type { UserRole, UserStatus } from '../../entities/user.entity.ts';
import { customerNameKey, phoneKey } from '../customers/rules/normalize-name.ts';
import { DEFAULT_POOL_RULES, reclaimReason, type PoolRules, type ReclaimRule } from '../ownership/rules/pool-rules.ts';
import { reclaimDueAt } from '../ownership/rules/reclaim-due.ts';
import { Rng } from './prng.ts';
import {
  BRANDS, BUILDINGS, CITIES, CONTACT_TITLES, GIVEN_NAMES, HANDOVER_REASON, INDUSTRIES, MOBILE_PREFIXES, NOTES,
  POOL_ASSIGN_REASON, POOL_IMPORT_REASON, POOL_SOURCE, PRODUCTS, RELEASE_REASONS, ROADS, SIZES, SOURCES, SURNAMES, TAGS,
  TRANSFER_REASONS, type City, type Industry, type NotePhase, type NoteTemplate, type SalesGroup,
} from './demo-vocabulary.ts';

/**
 * The demo company 星河科技: a B2B software vendor with two sales groups, a customer-success
 * colleague and one rep who has just left, ~310 customers with 6–9 months of history, and a
 * company pool (公海) run by the default rules. Pure and deterministic: the same `now` gives
 * the same company, so docs and tests can rely on it, and every timestamp (except planned next
 * follow-ups) lies before `now`.
 *
 * The pool story holds at `now` (business time zone Asia/Shanghai): about 130 customers sit in
 * the pool, released by a rep or reclaimed by the sweep; no owned customer is due for reclaim,
 * a handful are in their warning window (two of them due tomorrow), every active rep can still
 * claim (at most 15 non-exempt customers against a cap of 20), and the customers nobody called
 * for half a year are key accounts, which the rules never reclaim.
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
  /** null when the reclaim sweep made the change. */
  by: string | null;
  reason: string | null;
  /** The pool rule that fired, for the sweep's `reclaimed` events. */
  rule: ReclaimRule | null;
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
  /** wecomUserId of the current owner; null while the customer sits in the pool. */
  owner: string | null;
  /** Who held it when it last went to the pool (kept after a later claim, as the app does). */
  lastOwner: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastFollowUpAt: Date | null;
  /** When the current owner got it; null in the pool. */
  claimedAt: Date | null;
  lastDealAt: Date | null;
  /** Set while in the pool: when it entered and why (the release or reclaim reason). */
  poolEnteredAt: Date | null;
  poolReason: string | null;
  contacts: DemoContact[];
  followers: DemoFollower[];
  /** Oldest first. */
  followUps: DemoFollowUp[];
  /** Oldest first; the first is always `created`. */
  ownershipEvents: DemoOwnershipEvent[];
}

/** The company pool at the root department; every customer's home pool. */
export interface DemoPool {
  name: string;
  departmentId: number;
  rules: PoolRules;
  createdAt: Date;
}

export interface DemoCompany {
  name: string;
  now: Date;
  departments: DemoDepartment[];
  users: DemoUser[];
  pool: DemoPool;
  customers: DemoCustomer[];
}

export const DEMO_COMPANY_NAME = '星河科技';
export const DEMO_POOL_NAME = '公司公海';
/** The pool rules the demo is built for, and the business time zone they count days in. */
export const DEMO_POOL_RULES: PoolRules = DEFAULT_POOL_RULES;
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

const SEED = 0x5eed_2025;
const DEPARTED_DAYS_AGO = 21;
const NEW_REP_DAYS_AGO = 95;
/** The oldest follow-up lies at most this many days back (6–9 months of history). */
const MAX_HISTORY_DAYS = 258;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China has one offset and no daylight saving time. */
const SHANGHAI_OFFSET = 8 * HOUR;
/** The reclaim job runs hourly at :05; a customer due at 00:00 goes back at 00:05. */
const SWEEP_MINUTE = 5 * MINUTE;

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
  /** Sales group and relative share of customers, for reps who own customers. */
  sells?: { group: SalesGroup; weight: number };
}

const USER_SEEDS: readonly UserSeed[] = [
  { wecomUserId: 'boss', name: '陈总', role: 'admin', departmentId: 1, position: '总经理', joinedDaysAgo: 420 },
  { wecomUserId: 'manager.east', name: '王经理', role: 'manager', departmentId: 3, position: '华东销售经理', joinedDaysAgo: 400 },
  { wecomUserId: 'manager.south', name: '李经理', role: 'manager', departmentId: 4, position: '华南销售经理', joinedDaysAgo: 390 },
  { wecomUserId: 'zhangsan', name: '张三', role: 'rep', departmentId: 3, position: '高级销售', joinedDaysAgo: 380, sells: { group: 'east', weight: 1.2 } },
  { wecomUserId: 'lisi', name: '李四', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: 350, sells: { group: 'east', weight: 1 } },
  { wecomUserId: 'wangfang', name: '王芳', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: 330, sells: { group: 'east', weight: 1 } },
  { wecomUserId: 'wujun', name: '吴军', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: 210, sells: { group: 'east', weight: 0.9 } },
  { wecomUserId: 'liuyang', name: '刘洋', role: 'rep', departmentId: 3, position: '销售代表', joinedDaysAgo: NEW_REP_DAYS_AGO, sells: { group: 'east', weight: 0.8 } },
  { wecomUserId: 'zhaolei', name: '赵磊', role: 'rep', departmentId: 4, position: '高级销售', joinedDaysAgo: 370, sells: { group: 'south', weight: 1.1 } },
  { wecomUserId: 'chenjing', name: '陈静', role: 'rep', departmentId: 4, position: '销售代表', joinedDaysAgo: 340, sells: { group: 'south', weight: 1 } },
  { wecomUserId: 'huangwei', name: '黄伟', role: 'rep', departmentId: 4, position: '销售代表', joinedDaysAgo: 310, sells: { group: 'south', weight: 0.9 } },
  { wecomUserId: 'linna', name: '林娜', role: 'rep', departmentId: 4, position: '销售代表', joinedDaysAgo: 150, sells: { group: 'south', weight: 0.8 } },
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

const seedOf = (wecomUserId: string): UserSeed => USER_SEEDS.find((u) => u.wecomUserId === wecomUserId)!;
const DEPARTED_SEED = seedOf(DEPARTED);
/** The manager of the departed rep's group: the one who can hand his customers over. */
const DEPARTED_MANAGER = USER_SEEDS.find((u) => u.role === 'manager' && u.departmentId === DEPARTED_SEED.departmentId)!.wecomUserId;

/** Handing over the departed rep's customers: only for the manager of the group he was in. */
const handoverNote = (manager: string) => (manager === DEPARTED_MANAGER
  ? `；离职的${DEPARTED_SEED.name}仍持有客户，在首页或「我的 → 离职交接」一键交接` : '');

/**
 * Who to log in as when showing the demo (printed at start-up). Each note promises only what
 * this demo holds (seed-demo.integration.test.ts checks it against the seeded database).
 */
export const DEMO_LOGIN_HINTS: readonly DemoLoginHint[] = [
  { wecomUserId: 'boss', note: '老板/管理员：全公司的客户、公海和审批；设置公海规则、商机阶段和业绩目标，看费用报表' },
  { wecomUserId: 'manager.east', note: `华东销售经理：首页看团队即将回收、被遗忘的客户；张三的报销待他审批（/sim 里的审批卡片上也能一键同意）${handoverNote('manager.east')}` },
  { wecomUserId: 'manager.south', note: `华南销售经理：首页看团队即将回收、被遗忘的客户${handoverNote('manager.south')}` },
  { wecomUserId: 'zhangsan', note: '华东销售：首页看回收预警和被遗忘的客户；写跟进并约好下次跟进的日期和时间；公海领取；提交费用审批、推进商机；在 /sim 打开聊天侧边栏' },
  { wecomUserId: 'zhaolei', note: `华南销售：接手了离职同事${DEPARTED_SEED.name}的部分客户；有客户即将到期回收（首页的回收预警）` },
].map(({ wecomUserId, note }) => {
  const user = seedOf(wecomUserId);
  return { wecomUserId, name: user.name, role: user.role, note };
});

// ---- the cast of customers ---------------------------------------------------------------

/**
 * Non-exempt customers each active rep holds: under the holding cap (20) with room to claim
 * from the pool. zhangsan, the demo login, sits in the middle of the field.
 */
const HELD_QUOTA: Readonly<Record<string, number>> = {
  zhangsan: 11, lisi: 15, wangfang: 14, wujun: 13, liuyang: 14, zhaolei: 14, chenjing: 14, huangwei: 15, linna: 13,
};
/** Key accounts (exempt from reclaim and from the cap) each rep looks after. */
const KEY_QUOTA: Readonly<Record<string, number>> = {
  zhangsan: 6, lisi: 2, wangfang: 3, wujun: 2, liuyang: 1, zhaolei: 3, chenjing: 4, huangwei: 3, linna: 2,
};
/** Key accounts nobody called for ~half a year: the forgotten-customer card. Owners joined long ago. */
const FORGOTTEN_QUOTA: Readonly<Record<string, number>> = {
  zhangsan: 4, lisi: 3, wangfang: 3, wujun: 1, zhaolei: 3, chenjing: 3, huangwei: 3,
};

type Warning =
  | { via: 'follow_up'; daysAgo: number }
  | { via: 'claim'; daysAgo: number }
  | { via: 'no_deal'; claimDaysAgo: number };

/**
 * Owned customers in their reclaim warning window at `now` (15 days without follow-up: last
 * touched 13–15 days ago is due in 3–1 days; claimed 29 days ago without a deal is due in 2).
 */
const WARNED: ReadonlyArray<{ rep: string; stage: CustomerStage; warning: Warning }> = [
  { rep: 'zhangsan', stage: 'opportunity', warning: { via: 'follow_up', daysAgo: 15 } }, // due tomorrow
  { rep: 'zhangsan', stage: 'contacted', warning: { via: 'claim', daysAgo: 13 } }, // claimed from the pool, never called
  { rep: 'lisi', stage: 'deal', warning: { via: 'follow_up', daysAgo: 14 } },
  { rep: 'wangfang', stage: 'contacted', warning: { via: 'follow_up', daysAgo: 13 } },
  { rep: 'liuyang', stage: 'opportunity', warning: { via: 'no_deal', claimDaysAgo: 29 } },
  { rep: 'zhaolei', stage: 'contacted', warning: { via: 'follow_up', daysAgo: 15 } }, // due tomorrow
  { rep: 'chenjing', stage: 'lead', warning: { via: 'claim', daysAgo: 14 } },
  { rep: 'huangwei', stage: 'repeat', warning: { via: 'follow_up', daysAgo: 13 } },
];

/** The departed rep's customers the south manager handed over a few days after he left. */
const HANDED_OVER: ReadonlyArray<{ rep: string; stage: CustomerStage; key: boolean }> = [
  { rep: 'zhaolei', stage: 'opportunity', key: false },
  { rep: 'zhaolei', stage: 'deal', key: false },
  { rep: 'zhaolei', stage: 'deal', key: true },
  { rep: 'chenjing', stage: 'contacted', key: false },
  { rep: 'huangwei', stage: 'opportunity', key: false },
  { rep: 'linna', stage: 'repeat', key: false },
];

/** What the departed rep still owns: key accounts nobody handed over, and won customers customer success looks after. */
const DEPARTED_KEEPS: ReadonlyArray<{ stage: CustomerStage; key: boolean }> = [
  { stage: 'contacted', key: true }, { stage: 'contacted', key: true },
  { stage: 'opportunity', key: true }, { stage: 'opportunity', key: true }, { stage: 'opportunity', key: true },
  { stage: 'deal', key: true }, { stage: 'deal', key: true }, { stage: 'repeat', key: true }, { stage: 'dormant', key: true },
  { stage: 'deal', key: false }, { stage: 'deal', key: false }, { stage: 'deal', key: false },
];

const HELD_STAGES: ReadonlyArray<readonly [CustomerStage, number]> = [['lead', 10], ['contacted', 28], ['opportunity', 30], ['deal', 20], ['repeat', 12]];
const KEY_STAGES: ReadonlyArray<readonly [CustomerStage, number]> = [['contacted', 3], ['opportunity', 7], ['deal', 7], ['repeat', 6], ['dormant', 2], ['lost', 1]];
const FORGOTTEN_STAGES: ReadonlyArray<readonly [CustomerStage, number]> = [['contacted', 5], ['opportunity', 6], ['dormant', 5], ['deal', 2], ['repeat', 2]];
/** Customers in the pool, by stage. */
const POOL_STAGES: ReadonlyArray<readonly [CustomerStage, number]> = [['lead', 6], ['contacted', 42], ['opportunity', 26], ['dormant', 30], ['lost', 24]];

type PoolEntry = 'released' | ReclaimRule;
/** How pool customers got there, by stage: reps release dead ends, the sweep takes the neglected. */
const POOL_ENTRY: Record<string, ReadonlyArray<readonly [PoolEntry, number]>> = {
  lead: [['released', 3], ['no_follow_up', 7]],
  contacted: [['released', 50], ['no_follow_up', 35], ['no_deal', 15]],
  opportunity: [['released', 40], ['no_follow_up', 30], ['no_deal', 30]],
  dormant: [['released', 75], ['no_follow_up', 25]],
  lost: [['released', 90], ['no_follow_up', 10]],
};

/** Follow-up count and how recently the last one happened, per stage (key accounts). */
const STAGE_SHAPE: Record<CustomerStage, { count: [number, number]; normalLast: [number, number] }> = {
  lead: { count: [0, 0], normalLast: [0, 0] },
  contacted: { count: [2, 5], normalLast: [11, 60] },
  opportunity: { count: [4, 9], normalLast: [11, 45] },
  deal: { count: [6, 12], normalLast: [11, 90] },
  repeat: { count: [9, 15], normalLast: [11, 75] },
  dormant: { count: [3, 6], normalLast: [60, 140] },
  lost: { count: [3, 7], normalLast: [15, 140] },
};

/** Levels of non-key customers by company size. */
const LEVEL_BY_SIZE: Record<string, ReadonlyArray<readonly [CustomerLevel, number]>> = {
  '1-49人': [['A', 16], ['B', 40], ['C', 44]],
  '50-199人': [['A', 30], ['B', 42], ['C', 28]],
  '200-999人': [['A', 48], ['B', 36], ['C', 16]],
  '1000人以上': [['A', 65], ['B', 27], ['C', 8]],
};
/** Key accounts are mostly the big companies. */
const KEY_SIZE_WEIGHT: Record<string, number> = { '1-49人': 0, '50-199人': 15, '200-999人': 45, '1000人以上': 40 };

type Kind = 'held' | 'key' | 'forgotten' | 'departed' | 'pool';
type Profile = 'never' | 'recent' | 'normal' | 'forgotten';

interface Plan {
  kind: Kind;
  stage: CustomerStage;
  /** The owner; for a pool customer, who held it last. */
  rep: string;
  key: boolean;
  warning?: Warning;
  handedOver?: boolean;
}

/** Who held the customer and what was written, before notes and people are filled in. */
interface History {
  creator: string;
  createdAt: number;
  poolOrigin: boolean;
  events: DemoOwnershipEvent[];
  /** Follow-up instants, oldest first. */
  times: number[];
  phases: NotePhase[];
  profile: Profile;
  handedOver: boolean;
  /** Follow-ups from this instant on are customer success's (the owner has left). */
  successFrom: number | null;
}

/** An earlier stint that ends with the customer in the pool. */
interface Prefix {
  creator: string;
  createdAt: number;
  poolOrigin: boolean;
  events: DemoOwnershipEvent[];
  times: number[];
}

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
    const pool: DemoPool = { name: DEMO_POOL_NAME, departmentId: DEPARTMENT_SEEDS[0]!.id, rules: DEMO_POOL_RULES, createdAt: users[0]!.createdAt };
    const customers = this.plans().map((plan) => this.customer(plan));
    return { name: DEMO_COMPANY_NAME, now: new Date(this.nowMs), departments, users, pool, customers };
  }

  /** Who owns what at `now`, in a shuffled order (ids should not group by story). */
  private plans(): Plan[] {
    const rng = this.rng;
    const plans: Plan[] = [];
    for (const [rep, count] of Object.entries(HELD_QUOTA)) {
      const own: Plan[] = [
        ...WARNED.filter((w) => w.rep === rep).map((w): Plan => ({ kind: 'held', stage: w.stage, rep, key: false, warning: w.warning })),
        ...HANDED_OVER.filter((h) => h.rep === rep && !h.key).map((h): Plan => ({ kind: 'held', stage: h.stage, rep, key: false, handedOver: true })),
      ];
      while (own.length < count) own.push({ kind: 'held', stage: rng.weighted(HELD_STAGES), rep, key: false });
      plans.push(...own);
    }
    for (const [rep, count] of Object.entries(KEY_QUOTA)) {
      const own = HANDED_OVER.filter((h) => h.rep === rep && h.key).map((h): Plan => ({ kind: 'key', stage: h.stage, rep, key: true, handedOver: true }));
      while (own.length < count) own.push({ kind: 'key', stage: rng.weighted(KEY_STAGES), rep, key: true });
      plans.push(...own);
    }
    for (const [rep, count] of Object.entries(FORGOTTEN_QUOTA)) {
      for (let i = 0; i < count; i++) plans.push({ kind: 'forgotten', stage: rng.weighted(FORGOTTEN_STAGES), rep, key: true });
    }
    for (const d of DEPARTED_KEEPS) plans.push({ kind: 'departed', stage: d.stage, rep: DEPARTED, key: d.key });
    const sellers = USER_SEEDS.filter((u) => u.sells).map((u) => [u.wecomUserId, u.sells!.weight] as const);
    for (const [stage, count] of POOL_STAGES) {
      for (let i = 0; i < count; i++) plans.push({ kind: 'pool', stage, rep: rng.weighted(sellers), key: false });
    }
    return rng.shuffle(plans);
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

  /** Reps of `group` who worked there from day `fromDay` through day `untilDay` (days ago). */
  private repsThrough(group: SalesGroup, fromDay: number, untilDay: number): Array<readonly [string, number]> {
    return USER_SEEDS.filter((u) => u.sells?.group === group)
      .filter((u) => u.joinedDaysAgo > fromDay && (u.leftDaysAgo === undefined || u.leftDaysAgo < untilDay))
      .map((u) => [u.wecomUserId, u.sells!.weight] as const);
  }

  private seedOf(rep: string): UserSeed {
    return USER_SEEDS.find((u) => u.wecomUserId === rep)!;
  }

  private groupOf(rep: string): SalesGroup {
    return this.seedOf(rep).sells!.group;
  }

  /** The last day (days ago) a rep could write a first follow-up: the day after joining. */
  private firstDayFor(rep: string): number {
    return Math.min(MAX_HISTORY_DAYS, this.seedOf(rep).joinedDaysAgo - 1);
  }

  // ---- one customer -------------------------------------------------------------------

  private customer(plan: Plan): DemoCustomer {
    const rng = this.rng;
    const { stage } = plan;
    const group = this.groupOf(plan.rep);
    const city = rng.weighted(CITIES.filter((c) => c.group === group).map((c) => [c, c.weight] as const));
    const industry = rng.weighted(INDUSTRIES.map((ind) => [ind, ind.weight] as const));
    const size = plan.key
      ? rng.weighted(SIZES.map((s) => [s, KEY_SIZE_WEIGHT[s.size]!] as const))
      : rng.weighted(SIZES.map((s) => [s, s.weight] as const));
    const level: CustomerLevel = plan.key ? 'key' : rng.weighted(LEVEL_BY_SIZE[size.size]!);
    const name = this.companyName(city, industry, size.size);

    const history = this.history(plan, group);
    const { times, phases, events, createdAt, profile } = history;
    const last = events.at(-1)!;
    const inPool = last.to === null;
    const owner = last.to;
    const ownerAt = (t: number): string => {
      const holder = events.filter((e) => e.at.getTime() <= t).at(-1)?.to;
      if (!holder) throw new Error(`demo company: follow-up of ${name} while nobody owned it`);
      return holder;
    };

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

    // The team of a customer goes with it to the pool: co-followers only since the last claim from it.
    const followers: DemoFollower[] = [];
    if (!inPool) {
      const fromPool = events.filter((e) => (e.type === 'claimed' || e.type === 'assigned')).at(-1)?.at.getTime() ?? -Infinity;
      const owners = new Set(events.map((e) => e.to).filter((o): o is string => o !== null));
      const firstSign = phases.indexOf('sign');
      if (firstSign >= 0 && times[firstSign]! > fromPool && (history.successFrom !== null || rng.chance(0.55))) {
        const signedAt = times[firstSign]!;
        const since = Math.min(signedAt + rng.int(1, 5) * DAY, Math.max(signedAt + MINUTE, this.nowMs - rng.int(10, 120) * MINUTE), history.successFrom ?? Infinity);
        followers.push({ user: CUSTOMER_SUCCESS, since: new Date(since) });
      }
      const mid = phases.findIndex((p, i) => p === 'mid' && times[i]! > fromPool + HOUR);
      if (mid >= 0 && (level === 'key' || level === 'A') && rng.chance(0.3)) {
        const since = Math.max(createdAt + MINUTE, fromPool + MINUTE, times[mid]! - rng.int(60, 600) * MINUTE);
        const mates = this.repsAt(group, since, { includeDeparted: false }).filter(([u]) => !owners.has(u));
        if (mates.length) followers.push({ user: rng.weighted(mates), since: new Date(since) });
      }
    }
    const success = followers.find((f) => f.user === CUSTOMER_SUCCESS);
    const assistant = followers.find((f) => f.user !== CUSTOMER_SUCCESS);
    const assistAt = assistant && rng.chance(0.6) ? times.findIndex((t, i) => phases[i] === 'mid' && t >= assistant.since.getTime()) : -1;

    // Who wrote each note: the holder, or now and then a co-follower.
    const written = times.map((t, i): { author: string; phase: NotePhase } => {
      if (history.successFrom !== null && t >= history.successFrom) return { author: CUSTOMER_SUCCESS, phase: 'success' };
      if (i === assistAt) return { author: assistant!.user, phase: 'assist' };
      if (phases[i] === 'post' && success && success.since.getTime() < t && rng.chance(0.35)) return { author: CUSTOMER_SUCCESS, phase: 'success' };
      return { author: ownerAt(t), phase: phases[i]! };
    });
    const templates = this.storyline(written.map((w) => w.phase));
    const followUps = times.map((t, i): DemoFollowUp => {
      const { author, phase } = written[i]!;
      const template = templates[i]!;
      const next = i + 1 < times.length ? this.plannedNext(t, times[i + 1]!)
        : inPool ? null
          : plan.warning ? this.overdueNext(t)
            : this.lastNext(stage, profile, t);
      return {
        author, type: template.type, content: fill(template.text, phase), at: new Date(t), nextFollowUpAt: next === null ? null : new Date(next),
        checkIn: template.type === 'visit' && rng.chance(0.85) ? this.checkIn(address) : null,
      };
    });

    const dealTimes = times.filter((_, i) => phases[i] === 'sign' || phases[i] === 'renew');
    const lastFollowUpAt = times.length ? times[times.length - 1]! : null;
    const lastLoss = events.filter((e) => e.type === 'released' || e.type === 'reclaimed').at(-1);
    const updatedAt = Math.max(createdAt, lastFollowUpAt ?? 0, last.at.getTime(), ...followers.map((f) => f.since.getTime()));
    return {
      name,
      nameKey: customerNameKey(name),
      industry: industry.name,
      size: size.size,
      region: city.name,
      source: history.poolOrigin ? POOL_SOURCE : rng.weighted(SOURCES),
      level,
      stage,
      tags: this.tags(stage, profile, history.handedOver),
      owner,
      lastOwner: lastLoss?.from ?? null,
      createdBy: history.creator,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
      lastFollowUpAt: lastFollowUpAt === null ? null : new Date(lastFollowUpAt),
      claimedAt: inPool ? null : last.at,
      lastDealAt: dealTimes.length ? new Date(dealTimes[dealTimes.length - 1]!) : null,
      poolEnteredAt: inPool ? last.at : null,
      poolReason: inPool ? last.reason : null,
      contacts,
      followers,
      followUps,
      ownershipEvents: events,
    };
  }

  // ---- histories ------------------------------------------------------------------------

  private history(plan: Plan, group: SalesGroup): History {
    if (plan.handedOver) return this.handoverHistory(plan, group);
    switch (plan.kind) {
      case 'pool': return this.poolHistory(plan, group);
      case 'held': return plan.stage === 'deal' || plan.stage === 'repeat' ? this.wonHistory(plan, group) : this.prospectHistory(plan, group);
      case 'departed': return this.departedHistory(plan);
      case 'forgotten': return this.keptHistory(plan, group, 'forgotten');
      case 'key': return this.keptHistory(plan, group, plan.stage === 'dormant' || plan.stage === 'lost' || this.rng.chance(0.5) ? 'normal' : 'recent');
    }
  }

  private done(stage: CustomerStage, h: Omit<History, 'phases' | 'handedOver' | 'successFrom' | 'profile'> & Partial<History>): History {
    return {
      profile: 'recent', handedOver: false, successFrom: null, ...h,
      phases: h.phases ?? this.phases(stage, h.times.length),
    };
  }

  /**
   * A lead, contacted or opportunity customer a rep holds now. Without a deal the pool takes it
   * back 30 days after the claim, so the current owner got it within the last 27 days: created
   * it, claimed it (or was assigned it) from the pool after earlier owners, or — see
   * handoverHistory — took it over from the departed rep.
   */
  private prospectHistory(plan: Plan, group: SalesGroup): History {
    const rng = this.rng;
    const { rep, stage, warning } = plan;
    const manager = MANAGER_OF[group];
    const warnClaim = warning?.via === 'claim' ? warning.daysAgo : null;
    const warnFollowUp = warning?.via === 'follow_up' ? warning.daysAgo : null;
    const noDealClaim = warning?.via === 'no_deal' ? warning.claimDaysAgo : null;
    const lastDay = warnFollowUp ?? this.recentDay();

    if (stage === 'lead') {
      // Nobody has called yet: the claim (or creation) is the anchor.
      const claimDay = warnClaim ?? rng.int(0, 10);
      const claimAt = this.businessTime(claimDay, false);
      if (rng.chance(0.3)) {
        const importAt = this.businessTime(claimDay + rng.int(1, 20), false);
        return this.done(stage, {
          creator: manager, createdAt: importAt, poolOrigin: true, times: [], profile: 'never',
          events: [this.created(null, manager, importAt, POOL_IMPORT_REASON), this.takeFromPool(rep, group, claimAt)],
        });
      }
      return this.done(stage, { creator: rep, createdAt: claimAt, poolOrigin: false, times: [], profile: 'never', events: [this.created(rep, rep, claimAt)] });
    }

    const repick = warnClaim !== null || rng.chance(0.5);
    // Claimed from the pool a few days ago and not called yet (the claim is the anchor).
    const silent = warnClaim !== null || (warning === undefined && repick && stage === 'contacted' && rng.chance(0.3));
    const claimDay = warnClaim ?? noDealClaim ?? (silent ? rng.int(0, 10) : rng.int(lastDay + (repick ? 1 : 2), 27));
    const claimAt = this.businessTime(claimDay, false);
    let opening: Prefix;
    if (repick) {
      const prior = this.priorStint(group, claimDay + rng.int(7, 45), rng.chance(0.2) ? null : rep, !silent);
      opening = { ...prior, events: [...prior.events, this.takeFromPool(rep, group, claimAt)] };
    } else if (rng.chance(0.25)) {
      const importAt = this.businessTime(claimDay + rng.int(1, 15), false);
      opening = {
        creator: manager, createdAt: importAt, poolOrigin: true, times: [],
        events: [this.created(null, manager, importAt, POOL_IMPORT_REASON), this.takeFromPool(rep, group, claimAt)],
      };
    } else {
      opening = { creator: rep, createdAt: claimAt, poolOrigin: false, times: [], events: [this.created(rep, rep, claimAt)] };
    }
    const times = [...opening.times];
    if (!silent) {
      const [lo, hi] = stage === 'contacted' ? (repick ? [1, 2] : [2, 5]) : (repick ? [1, 3] : [3, 7]);
      const count = Math.max(rng.int(lo, hi), 2 - times.length);
      const firstDay = Math.max(lastDay, claimDay - rng.int(0, 2));
      times.push(...this.spread(count, firstDay, lastDay, { after: claimAt, exactLast: warnFollowUp !== null }));
    }
    return this.done(stage, { ...opening, times });
  }

  /**
   * A won customer (deal, repeat) a rep holds now. Its deal came after the current owner got
   * it, so only the 15-days-without-follow-up rule applies, and the last follow-up is recent.
   * Before the sign it may have passed through the pool or been transferred.
   */
  private wonHistory(plan: Plan, group: SalesGroup): History {
    const rng = this.rng;
    const { rep, stage, warning } = plan;
    const exactLast = warning?.via === 'follow_up';
    const lastDay = warning?.via === 'follow_up' ? warning.daysAgo : this.recentDay();
    const variant = rng.weighted([['own', 70], ['pool', 15], ['transfer', 15]] as const);
    if (variant !== 'own') {
      const times = this.historyTimes(stage, this.count(stage), lastDay, MAX_HISTORY_DAYS, exactLast);
      const phases = this.phases(stage, times.length);
      const sign = phases.indexOf('sign');
      const split = variant === 'pool' ? this.poolDetour(group, rep, times, phases, sign) : this.transferIn(group, rep, times, sign);
      if (split) return this.done(stage, { ...split, times, phases });
    }
    const times = this.historyTimes(stage, this.count(stage), lastDay, this.firstDayFor(rep), exactLast);
    const createdAt = this.createdBy(rep, times[0]!);
    return this.done(stage, { creator: rep, createdAt, poolOrigin: false, times, events: [this.created(rep, rep, createdAt)] });
  }

  /** A key account (exempt from reclaim) an active rep looks after, busy or forgotten. */
  private keptHistory(plan: Plan, group: SalesGroup, profile: Profile): History {
    const rng = this.rng;
    const { rep, stage } = plan;
    const count = profile === 'forgotten' && stage !== 'deal' && stage !== 'repeat' ? rng.int(2, 6) : this.count(stage);
    const lastDay = this.profileLastDay(stage, profile);
    if (plan.kind === 'key' && rng.chance(0.2)) {
      const times = this.historyTimes(stage, count, lastDay, MAX_HISTORY_DAYS, false);
      const phases = this.phases(stage, times.length);
      const split = this.transferIn(group, rep, times, times.length - 1);
      if (split) return this.done(stage, { ...split, times, phases, profile });
    }
    const times = this.historyTimes(stage, count, lastDay, this.firstDayFor(rep), false);
    const createdAt = this.createdBy(rep, times[0]!);
    return this.done(stage, { creator: rep, createdAt, poolOrigin: false, times, profile, events: [this.created(rep, rep, createdAt)] });
  }

  /**
   * What the departed rep still owns: key accounts nobody has handed over yet (last touched
   * before he left), and won customers that customer success kept calling since.
   */
  private departedHistory(plan: Plan): History {
    const rng = this.rng;
    const { stage } = plan;
    const rep = DEPARTED;
    if (plan.key) {
      const lastDay = Math.max(DEPARTED_DAYS_AGO + 1, this.profileLastDay(stage, 'normal'));
      const times = this.historyTimes(stage, this.count(stage), lastDay, this.firstDayFor(rep), false);
      const createdAt = this.createdBy(rep, times[0]!);
      return this.done(stage, { creator: rep, createdAt, poolOrigin: false, times, profile: 'normal', events: [this.created(rep, rep, createdAt)] });
    }
    const ownTimes = this.historyTimes(stage, this.count(stage) - 1, rng.int(DEPARTED_DAYS_AGO + 1, 50), this.firstDayFor(rep), false);
    const successFrom = this.leftAt.get(DEPARTED)!;
    const times = [...ownTimes, this.businessTime(rng.int(1, 10))];
    const createdAt = this.createdBy(rep, times[0]!);
    return this.done(stage, { creator: rep, createdAt, poolOrigin: false, times, profile: 'normal', successFrom, events: [this.created(rep, rep, createdAt)] });
  }

  /**
   * The departed rep's customer, handed over by the manager a few days after he left; the
   * successor picked the thread up since (a key account may still wait for its first call).
   */
  private handoverHistory(plan: Plan, group: SalesGroup): History {
    const rng = this.rng;
    const { rep, stage } = plan;
    const long = stage === 'deal' || stage === 'repeat';
    const handDay = rng.int(DEPARTED_DAYS_AGO - 4, DEPARTED_DAYS_AGO - 1);
    const handAt = this.businessTime(handDay, false);
    const after = plan.key ? rng.int(0, 2) : rng.int(1, 2);
    const total = long ? this.count(stage) : rng.int(3, 7);
    const theirs = this.historyTimes(stage, Math.max(2, total - after), rng.int(DEPARTED_DAYS_AGO + 1, DEPARTED_DAYS_AGO + 25), this.firstDayFor(DEPARTED), false);
    const lastDay = plan.warning?.via === 'follow_up' ? plan.warning.daysAgo : this.recentDay();
    const ours = this.spread(after, Math.max(lastDay, handDay - rng.int(1, 3)), lastDay, { after: handAt, exactLast: plan.warning !== undefined });
    const createdAt = this.createdBy(DEPARTED, theirs[0]!);
    const reason = HANDOVER_REASON.replace('{from}', this.nameOf(DEPARTED)).replace('{to}', this.nameOf(rep));
    return this.done(stage, {
      creator: DEPARTED, createdAt, poolOrigin: false, times: [...theirs, ...ours], handedOver: true,
      profile: after ? 'recent' : 'normal',
      events: [this.created(DEPARTED, DEPARTED, createdAt), this.event('transferred', DEPARTED, rep, MANAGER_OF[group], reason, handAt)],
    });
  }

  /**
   * A customer in the pool now. Its last holder released it with a reason, or the sweep took
   * it back: 15 days after the last follow-up (or the claim), or 30 days after a claim without
   * a deal. The history of earlier holders stays with it; its team does not.
   */
  private poolHistory(plan: Plan, group: SalesGroup): History {
    const rng = this.rng;
    const { rep, stage } = plan;
    const joined = this.seedOf(rep).joinedDaysAgo;
    const departed = rep === DEPARTED;
    let entry = rng.weighted(POOL_ENTRY[stage]!);
    // Days ago it entered the pool, within what the holder's time at the company allows.
    const range = (e: PoolEntry): [number, number] => e === 'released' ? [departed ? DEPARTED_DAYS_AGO + 1 : 1, Math.min(120, joined - 20)]
      : e === 'no_follow_up' ? [departed ? DEPARTED_DAYS_AGO - 15 : 1, Math.min(120, joined - 40)]
        : [departed ? DEPARTED_DAYS_AGO + 2 : 1, Math.min(110, joined - 40)];
    if (range(entry)[0] > range(entry)[1]) entry = 'released';
    const enteredDay = rng.int(...range(entry));

    if (entry === 'no_deal') {
      // Claimed 31 days before, followed up every week or two, never signed.
      const claimDay = enteredDay + DEMO_POOL_RULES.noDealDays + 1;
      const claimAt = this.businessTime(claimDay, false);
      const days: number[] = [];
      for (let d = claimDay; ;) {
        const next = d - rng.int(4, 12);
        if (next <= enteredDay + DEMO_POOL_RULES.noFollowUpDays - 1) {
          days.push(Math.max(next, enteredDay + 2));
          break;
        }
        days.push(next);
        d = next;
      }
      const prior = this.priorStint(group, claimDay + rng.int(7, 40), rep, true);
      const theirs = days.map((d) => this.businessTime(d, false));
      return this.done(stage, {
        ...prior, times: [...prior.times, ...theirs], profile: 'normal',
        events: [...prior.events, this.takeFromPool(rep, group, claimAt), this.sweep(rep, claimAt, theirs.at(-1)!)],
      });
    }

    const reclaim = entry === 'no_follow_up';
    if (stage === 'lead') {
      const createdAt = this.businessTime(reclaim ? enteredDay + DEMO_POOL_RULES.noFollowUpDays + 1 : enteredDay + rng.int(1, 12), false);
      const out = reclaim ? this.sweep(rep, createdAt, null) : this.released(rep, createdAt, enteredDay, RELEASE_REASONS.lead);
      return this.done(stage, { creator: rep, createdAt, poolOrigin: false, times: [], profile: 'never', events: [this.created(rep, rep, createdAt), out] });
    }
    const lastDay = reclaim ? enteredDay + DEMO_POOL_RULES.noFollowUpDays + 1 : enteredDay + rng.int(0, 10);
    const count = stage === 'opportunity' ? rng.int(4, 8) : this.count(stage);
    const reasons = stage === 'dormant' ? RELEASE_REASONS.dormant : stage === 'lost' ? RELEASE_REASONS.lost : RELEASE_REASONS.prospect;
    if (reclaim) {
      // Claimed (or created) at most two weeks before the last call, then forgotten: 15 days
      // later the sweep takes it back, before the 30-days-without-deal rule would.
      const startDay = lastDay + rng.int(1, DEMO_POOL_RULES.noFollowUpDays - 1);
      const startAt = this.businessTime(startDay, false);
      let opening: Prefix;
      if (stage === 'contacted' && rng.chance(0.4)) {
        opening = { creator: rep, createdAt: startAt, poolOrigin: false, times: [], events: [this.created(rep, rep, startAt)] };
      } else {
        const prior = this.priorStint(group, startDay + rng.int(7, 40), rep, true);
        opening = { ...prior, events: [...prior.events, this.takeFromPool(rep, group, startAt)] };
      }
      const own = this.spread(Math.max(rng.int(1, 3), 2 - opening.times.length), startDay, lastDay, { after: startAt, exactLast: true });
      return this.done(stage, {
        ...opening, times: [...opening.times, ...own], profile: 'normal',
        events: [...opening.events, this.sweep(rep, startAt, own.at(-1)!)],
      });
    }
    const claimDay = lastDay + rng.int(3, 25);
    let opening: Prefix;
    let times: number[];
    if (rng.chance(0.35) && claimDay < joined - 1) {
      const claimAt = this.businessTime(claimDay, false);
      const prior = this.priorStint(group, claimDay + rng.int(7, 40), rep, true);
      const ownCount = rng.int(2, Math.max(2, count - 1));
      times = [...prior.times, ...this.spread(ownCount, Math.max(lastDay, claimDay - rng.int(1, 3)), lastDay, { after: claimAt })];
      opening = { ...prior, events: [...prior.events, this.takeFromPool(rep, group, claimAt)] };
    } else {
      const firstDay = Math.min(this.firstDayFor(rep), lastDay + Math.max(count * 6, 14) + rng.int(0, 60));
      times = this.spread(count, firstDay, lastDay);
      const createdAt = this.createdBy(rep, times[0]!);
      opening = { creator: rep, createdAt, poolOrigin: false, times, events: [this.created(rep, rep, createdAt)] };
    }
    const out = this.released(rep, times.at(-1)!, enteredDay, reasons);
    return this.done(stage, { ...opening, times, profile: 'normal', events: [...opening.events, out] });
  }

  /**
   * An earlier holder's stint that ends with the customer entering the pool on day `endDay`:
   * released with a reason, or — a short stint, then silence — reclaimed by the sweep 15 days
   * after the last follow-up. Sometimes the customer came from a list a manager imported into
   * the pool instead.
   */
  private priorStint(group: SalesGroup, endDay: number, exclude: string | null, allowImport: boolean): Prefix {
    const rng = this.rng;
    const manager = MANAGER_OF[group];
    const imported = (): Prefix => {
      const at = this.businessTime(endDay, false);
      return { creator: manager, createdAt: at, poolOrigin: true, times: [], events: [this.created(null, manager, at, POOL_IMPORT_REASON)] };
    };
    if (allowImport && rng.chance(0.2)) return imported();
    const reclaim = rng.chance(0.45);
    const lastDay = reclaim ? endDay + DEMO_POOL_RULES.noFollowUpDays + 1 : endDay + rng.int(0, 8);
    const count = reclaim ? rng.int(2, 3) : rng.int(2, 4);
    const firstWanted = Math.min(MAX_HISTORY_DAYS, reclaim ? lastDay + rng.int(count, 10) : lastDay + rng.int(count * 4, count * 4 + 30));
    const holders = this.repsThrough(group, lastDay + count, reclaim ? lastDay : endDay).filter(([u]) => u !== exclude);
    if (!holders.length || lastDay + count > MAX_HISTORY_DAYS) {
      if (allowImport) return imported();
      throw new Error('demo company: no earlier holder fits');
    }
    const holder = rng.weighted(holders);
    const times = this.spread(count, Math.max(lastDay + count, Math.min(firstWanted, this.firstDayFor(holder))), lastDay, { exactLast: reclaim });
    const createdAt = this.createdBy(holder, times[0]!);
    const out = reclaim ? this.sweep(holder, createdAt, times.at(-1)!) : this.released(holder, times.at(-1)!, endDay, RELEASE_REASONS.prospect);
    return { creator: holder, createdAt, poolOrigin: false, times, events: [this.created(holder, holder, createdAt), out] };
  }

  /**
   * Someone else held the customer first and it went to the pool in a long silence before the
   * sign; `rep` claimed it (or was assigned it) and closed. Null when no gap fits.
   */
  private poolDetour(group: SalesGroup, rep: string, times: number[], phases: NotePhase[], lastSplit: number): Omit<History, 'phases' | 'times' | 'profile' | 'handedOver' | 'successFrom'> | null {
    const rng = this.rng;
    const prospecting = (p: NotePhase | undefined) => p === 'early' || p === 'mid';
    const gaps = times.map((_, b) => b).filter((b) => b >= 1 && b <= lastSplit && times[b]! - times[b - 1]! >= 20 * DAY && prospecting(phases[b - 1]) && prospecting(phases[b]));
    if (!gaps.length) return null;
    const b = rng.pick(gaps);
    const prevDay = this.daysAgo(times[b - 1]!);
    const nextDay = this.daysAgo(times[b]!);
    // Still with the company a few days after their last call (when they might release it).
    const holders = this.repsThrough(group, this.daysAgo(times[0]!) + 1, prevDay - 6).filter(([u]) => u !== rep);
    if (!holders.length) return null;
    const holder = rng.weighted(holders);
    const createdAt = this.createdBy(holder, times[0]!);
    // The sweep only when silence, not the 30 days without a deal, ended a short stint.
    const reclaim = rng.chance(0.5) && this.daysAgo(createdAt) - prevDay < DEMO_POOL_RULES.noFollowUpDays;
    const out = reclaim ? this.sweep(holder, createdAt, times[b - 1]!) : this.released(holder, times[b - 1]!, prevDay - rng.int(1, 6), RELEASE_REASONS.prospect);
    const outDay = this.daysAgo(out.at.getTime());
    if (outDay - 1 < nextDay + 1 || this.seedOf(rep).joinedDaysAgo <= outDay) return null;
    const inAt = this.businessTime(rng.int(nextDay + 1, outDay - 1), false);
    return {
      creator: holder, createdAt, poolOrigin: false,
      events: [this.created(holder, holder, createdAt), out, this.takeFromPool(rep, group, inAt)],
    };
  }

  /** A colleague held the customer first; the manager moved it to `rep` between two follow-ups up to index `lastSplit`. */
  private transferIn(group: SalesGroup, rep: string, times: number[], lastSplit: number): Omit<History, 'phases' | 'times' | 'profile' | 'handedOver' | 'successFrom'> | null {
    const rng = this.rng;
    const splits = times.map((_, b) => b).filter((b) => b >= 1 && b <= lastSplit && this.daysAgo(times[b - 1]!) - this.daysAgo(times[b]!) >= 2);
    if (!splits.length) return null;
    const b = rng.pick(splits);
    const day = rng.int(this.daysAgo(times[b]!) + 1, this.daysAgo(times[b - 1]!) - 1);
    if (this.seedOf(rep).joinedDaysAgo <= day) return null;
    const holders = this.repsThrough(group, this.daysAgo(times[0]!) + 1, day).filter(([u]) => u !== rep);
    if (!holders.length) return null;
    const holder = rng.weighted(holders);
    const createdAt = this.createdBy(holder, times[0]!);
    const at = this.businessTime(day, false);
    const reason = rng.pick(TRANSFER_REASONS).replace('{from}', this.nameOf(holder)).replace('{to}', this.nameOf(rep));
    return {
      creator: holder, createdAt, poolOrigin: false,
      events: [this.created(holder, holder, createdAt), this.event('transferred', holder, rep, MANAGER_OF[group], reason, at)],
    };
  }

  // ---- ownership events -----------------------------------------------------------------

  private event(type: OwnershipEventType, from: string | null, to: string | null, by: string | null, reason: string | null, at: number, rule: ReclaimRule | null = null): DemoOwnershipEvent {
    return { type, from, to, by, reason, rule, at: new Date(at) };
  }

  private created(to: string | null, by: string, at: number, reason: string | null = null): DemoOwnershipEvent {
    return this.event('created', null, to, by, reason, at);
  }

  /** A rep claims it from the pool, or their manager assigns it to them. */
  private takeFromPool(rep: string, group: SalesGroup, at: number): DemoOwnershipEvent {
    return this.rng.chance(0.65)
      ? this.event('claimed', null, rep, rep, null, at)
      : this.event('assigned', null, rep, MANAGER_OF[group], POOL_ASSIGN_REASON.replace('{to}', this.nameOf(rep)), at);
  }

  /** The holder releases it on day `day`, after their last follow-up at `after`. */
  private released(from: string, after: number, day: number, reasons: readonly string[]): DemoOwnershipEvent {
    let at = this.businessTime(day, false);
    if (at <= after) at = after + this.rng.int(10, 180) * MINUTE;
    return this.event('released', from, null, from, this.rng.pick(reasons), at);
  }

  /**
   * The sweep takes back a customer `from` held since `claimAt` (no deal since): at the first
   * hourly run after the pool rules make it due, by the rule that fired.
   */
  private sweep(from: string, claimAt: number, lastFollowUpAt: number | null): DemoOwnershipEvent {
    const due = reclaimDueAt({
      level: 'B', claimedAt: new Date(claimAt), lastFollowUpAt: lastFollowUpAt === null ? null : new Date(lastFollowUpAt), lastDealAt: null,
    }, DEMO_POOL_RULES, DEMO_TIME_ZONE)!;
    const at = due.at.getTime() + SWEEP_MINUTE;
    if (at >= this.nowMs) throw new Error('demo company: a reclaim in the future');
    return this.event('reclaimed', from, null, null, reclaimReason(due.rule, DEMO_POOL_RULES), at, due.rule);
  }

  /** A rep creates the customer shortly before its first follow-up, after joining. */
  private createdBy(rep: string, first: number): number {
    const rng = this.rng;
    let at = this.businessTime(this.daysAgo(first) + rng.int(0, 3));
    if (at >= first - 10 * MINUTE) at = first - rng.int(10, 90) * MINUTE;
    const joined = this.joinedAt.get(rep)!;
    if (at <= joined) at = Math.min(joined + rng.int(30, 240) * MINUTE, first - 10 * MINUTE);
    return at;
  }

  // ---- follow-up times ------------------------------------------------------------------

  private count(stage: CustomerStage): number {
    const [lo, hi] = STAGE_SHAPE[stage].count;
    return this.rng.int(lo, hi);
  }

  /** How many days ago the last follow-up was, for a key account's profile. */
  private profileLastDay(stage: CustomerStage, profile: Profile): number {
    const rng = this.rng;
    if (profile === 'forgotten') return rng.int(152, 220);
    if (profile === 'recent') return this.recentDay();
    const [lo, hi] = STAGE_SHAPE[stage].normalLast;
    return rng.int(lo, hi);
  }

  /** Days ago of a recent follow-up: mostly this week, never more than 10 (12 with the weekend). */
  private recentDay(): number {
    return this.rng.weighted([[0, 3], [1, 4], [2, 3], [3, 2], [4, 2], [5, 2], [6, 1], [7, 1], [8, 1], [9, 1], [10, 1]] as const);
  }

  /** A whole history of `count` follow-ups ending `lastDay` days ago, starting no earlier than `maxFirst` days ago. */
  private historyTimes(stage: CustomerStage, count: number, lastDay: number, maxFirst: number, exactLast: boolean): number[] {
    const rng = this.rng;
    const longHistory = stage === 'deal' || stage === 'repeat';
    const minSpan = Math.max(count * (longHistory ? 9 : 5), longHistory ? 90 : 14);
    const room = MAX_HISTORY_DAYS - lastDay - minSpan;
    const first = Math.max(lastDay + 1, Math.min(maxFirst, MAX_HISTORY_DAYS, lastDay + minSpan + (room > 0 ? rng.int(0, room) : 0)));
    return this.spread(count, first, lastDay, { exactLast });
  }

  /**
   * `count` follow-up instants, oldest first: the last on day `lastDay` (exactly that day when
   * `exactLast`, else maybe moved off a weekend), one on `firstDay`, the rest between; all after `after`.
   */
  private spread(count: number, firstDay: number, lastDay: number, opts: { after?: number; exactLast?: boolean } = {}): number[] {
    const rng = this.rng;
    if (count <= 0) return [];
    const after = opts.after ?? -Infinity;
    const top = Math.max(firstDay, lastDay);
    const days = [lastDay];
    if (count > 1) days.push(top);
    for (let i = 2; i < count; i++) days.push(rng.int(lastDay, top));
    const seen = new Set<number>();
    return days
      .map((d, i) => {
        let t = this.businessTime(d, !(i === 0 && opts.exactLast));
        if (t <= after) t = this.businessTime(d, false);
        if (t <= after) t = Math.min(after + rng.int(10, 120) * MINUTE, this.nowMs - MINUTE);
        while (seen.has(t)) t -= 7 * MINUTE;
        seen.add(t);
        return t;
      })
      .sort((a, b) => a - b);
  }

  // ---- notes ----------------------------------------------------------------------------

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

  /** A customer about to be reclaimed: the rep planned to call back days ago and did not. */
  private overdueNext(at: number): number | null {
    if (!this.rng.chance(0.7)) return null;
    return this.dayStart(this.daysAgo(at) - this.rng.int(3, 7)) + 10 * HOUR;
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

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
