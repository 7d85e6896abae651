import type { Actor } from '../auth/actor.ts';
import { ForbiddenError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { likePrefix, readQuery, sqlTime, type Database } from '../infra/db.ts';
import { startOfBusinessDay } from '../infra/time.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { CustomerDto } from '../customers/customers.dto.ts';
import { poolsWithPaths, rulesOf } from '../ownership/pools.repository.ts';
import { isLatestFollowUp } from '../follow-ups/latest-follow-up.repository.ts';
import type { TargetsService } from '../targets/targets.service.ts';

/** The team's target and pipeline forecast (the targets capability). */
export type TeamForecastSource = Pick<TargetsService, 'teamForecast'>;
export type TeamForecast = Awaited<ReturnType<TargetsService['teamForecast']>>;

export interface TeamCustomerRef {
  customerId: string;
  customerName: string;
  level: string;
  ownerId: string | null;
  ownerName: string;
  ownerLeft: boolean;
  reclaimAt: string | null;
  lastFollowUpAt: string | null;
}

export interface TeamMemberLoad {
  userId: string;
  name: string;
  role: string;
  /** Customers counted against the cap (exempt levels are not). */
  held: number;
  cap: number | null;
  followUpsThisWeek: number;
  overduePlans: number;
  soonReclaimed: number;
  forgotten: number;
  /** This month: won, and won + weighted open opportunities (null without the forecast). */
  wonFen: number | null;
  forecastFen: number | null;
}

export interface DepartedMember {
  userId: string;
  name: string;
  holding: number;
}

const LIST_SIZE = 50;

/** The members' figures travel in `members`; the forecast keeps the team's. */
function withoutMembers({ byUser: _members, ...team }: TeamForecast) {
  return team;
}

/** Monday 00:00 of the business week of `now`. */
function startOfBusinessWeek(now: Date, tz: string): Date {
  const today = startOfBusinessDay(now, tz);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short' }).format(now);
  const back = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday);
  return startOfBusinessDay(new Date(today.getTime() - Math.max(0, back) * 86_400_000 + 12 * 3_600_000), tz);
}

/**
 * The managers' home (GET /api/home/team): their subtree's customers about to be reclaimed and
 * forgotten ones (by rep), each member's load, and the people who left still holding customers.
 * Visibility: a manager's department subtree; an admin sees the whole company.
 */
export class TeamHomeService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly forgottenDays: number,
    private readonly customers: CustomersService,
  ) {}

  async team(actor: Actor, forecastSource?: TeamForecastSource) {
    if (actor.role !== 'manager' && actor.role !== 'admin') throw new ForbiddenError('团队首页仅对经理和管理员开放');
    const now = this.clock.now();
    const scope = actor.role === 'admin' ? 'all' as const : 'team' as const;
    const root = actor.role === 'admin' ? '/' : actor.departmentPath;
    const base = { scope, q: undefined, sort: 'lastFollowUpAt' as const, page: 1, pageSize: LIST_SIZE };
    const [soon, forgotten] = await Promise.all([
      this.customers.list(actor, { ...base, soon: true }),
      this.customers.list(actor, { ...base, soon: false, followUpOlderThanDays: this.forgottenDays }),
    ]);
    const owned = (c: CustomerDto) => c.ownerId !== null;
    const ref = (c: CustomerDto): TeamCustomerRef => ({
      customerId: c.id, customerName: c.name, level: c.level, ownerId: c.ownerId, ownerName: c.owner?.name ?? '', ownerLeft: c.ownerLeft,
      reclaimAt: c.reclaimAt ?? null, lastFollowUpAt: c.lastFollowUpAt,
    });
    const soonRefs = soon.items.filter(owned).map(ref);
    const forgottenRefs = forgotten.items.filter(owned).map(ref);

    const em = this.db.manager;
    const people = await readQuery<{ id: number | string; name: string; role: string; status: string; path: string }>(em,
      `SELECT u.id, u.name, u.role, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id
        WHERE d.path LIKE ? ESCAPE '!' ORDER BY u.id`, [likePrefix(root)]);
    const ids = people.map((p) => Number(p.id));
    const pools = (await poolsWithPaths(em)).sort((a, b) => b.path.length - a.path.length);
    const capOf = (path: string) => {
      const found = pools.find((p) => path.startsWith(p.path));
      return found ? rulesOf(found.pool) : null;
    };
    const inList = ids.map(() => '?').join(', ') || 'NULL';
    const holdings = ids.length ? await readQuery<{ owner_id: number | string; level: string; n: number | string }>(em,
      `SELECT owner_id, level, COUNT(*) AS n FROM customers WHERE owner_id IN (${inList}) GROUP BY owner_id, level`, ids) : [];
    const weekStart = startOfBusinessWeek(now, this.tz);
    const followUps = ids.length ? await readQuery<{ author_id: number | string; n: number | string }>(em,
      `SELECT author_id, COUNT(*) AS n FROM follow_ups WHERE author_id IN (${inList}) AND at >= ? GROUP BY author_id`, [...ids, sqlTime(weekStart)]) : [];
    const overdue = ids.length ? await readQuery<{ owner_id: number | string; n: number | string }>(em,
      `SELECT c.owner_id, COUNT(*) AS n FROM customers c JOIN follow_ups f ON f.customer_id = c.id
        WHERE c.owner_id IN (${inList}) AND f.next_follow_up_at < ? AND ${isLatestFollowUp('f')} GROUP BY c.owner_id`,
      [...ids, sqlTime(startOfBusinessDay(now, this.tz))]) : [];
    const forecast = forecastSource ? await forecastSource.teamForecast(actor) : null;
    const forecastOf = new Map((forecast?.byUser ?? []).map((u) => [u.userId, u]));
    const count = (rows: Array<{ n: number | string }>, pick: (r: any) => boolean) => rows.filter(pick).reduce((s, r) => s + Number(r.n), 0);

    const members: TeamMemberLoad[] = [];
    const departed: DepartedMember[] = [];
    for (const p of people) {
      const id = Number(p.id);
      const rules = capOf(p.path);
      const mine = holdings.filter((h) => Number(h.owner_id) === id);
      const total = count(mine, () => true);
      if (p.status === 'left') {
        if (total > 0) departed.push({ userId: String(id), name: p.name, holding: total });
        continue;
      }
      members.push({
        userId: String(id), name: p.name, role: p.role,
        held: count(mine, (h) => !(rules?.exemptLevels ?? []).includes(h.level)),
        cap: rules?.holdingCap ?? null,
        followUpsThisWeek: count(followUps, (r) => Number(r.author_id) === id),
        overduePlans: count(overdue, (r) => Number(r.owner_id) === id),
        soonReclaimed: soonRefs.filter((c) => c.ownerId === String(id)).length,
        forgotten: forgottenRefs.filter((c) => c.ownerId === String(id)).length,
        wonFen: forecast ? forecastOf.get(String(id))?.wonFen ?? 0 : null,
        forecastFen: forecast ? forecastOf.get(String(id))?.forecastFen ?? 0 : null,
      });
    }
    // Those needing attention first, then by name.
    members.sort((a, b) => (b.soonReclaimed + b.forgotten + b.overduePlans) - (a.soonReclaimed + a.forgotten + a.overduePlans) || a.name.localeCompare(b.name, 'zh-CN'));
    return {
      forgottenDays: this.forgottenDays,
      soonReclaimed: { total: soon.total, items: soonRefs },
      forgotten: { total: forgotten.total, items: forgottenRefs },
      members,
      departed,
      forecast: forecast ? withoutMembers(forecast) : null,
    };
  }
}
