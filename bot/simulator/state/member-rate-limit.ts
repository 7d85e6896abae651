import type { Clock } from '../../../server/infra/clock.ts';

/** WeCom's per-member limits for one app's messages (WECOM.md §2.1): beyond them, silently dropped. */
export const MEMBER_MESSAGE_LIMITS = { perMinute: 30, perHour: 1000 } as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 3600_000;

/**
 * Counts messages delivered to each member in the trailing minute and hour by the simulator
 * clock. Sliding windows are the strict reading of "30 per minute": a sender that respects
 * them also respects any fixed-window reading, but not the other way round (30 at :59 and 30
 * at :00 pass fixed windows and are dropped here). Dropped messages do not count.
 */
export class MemberRateLimiter {
  /** Per member (lower-cased), delivery instants (epoch ms) of the last hour, oldest first. */
  private readonly deliveries = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: { perMinute: number; perHour: number } = MEMBER_MESSAGE_LIMITS,
  ) {}

  /** True (and counted) when a message to `userid` may be delivered now. */
  tryDeliver(userid: string): boolean {
    const now = this.clock.now().getTime();
    const key = userid.toLowerCase();
    let times = this.deliveries.get(key);
    if (!times) this.deliveries.set(key, (times = []));
    // After a jump back in time, deliveries "in the future" do not count against the present.
    let start = 0;
    while (start < times.length && times[start]! <= now - HOUR_MS) start++;
    if (start > 0) times.splice(0, start);
    const inHour = times.filter((t) => t <= now).length;
    let inMinute = 0;
    for (let i = times.length - 1; i >= 0 && inMinute < this.limits.perMinute; i--) {
      const t = times[i]!;
      if (t <= now && t > now - MINUTE_MS) inMinute++;
      else if (t <= now - MINUTE_MS) break;
    }
    if (inMinute >= this.limits.perMinute || inHour >= this.limits.perHour) return false;
    times.push(now);
    return true;
  }

  clear(): void {
    this.deliveries.clear();
  }
}
