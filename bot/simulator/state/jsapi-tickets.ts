import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';

export type JsapiTicketKind = 'corp' | 'agent';

/** WeCom's `expires_in` for jsapi tickets (WECOM.md §7.4). */
export const JSAPI_TICKET_TTL_SECONDS = 7200;

/** Per enterprise ≤ 400 ticket fetches an hour, and ≤ 100 per app (WECOM.md §7.4). */
export const JSAPI_TICKET_LIMITS = { perCorpHour: 400, perAppHour: 100 } as const;

const HOUR_MS = 3600_000;

/**
 * The jsapi tickets the fake corp handed out (corp: get_jsapi_ticket; agent:
 * ticket/get?type=agent_config), with WeCom's hourly fetch limits in a sliding window by the
 * simulator clock. The `/sim/sidebar` host checks `ww.register` signatures against them.
 */
export class JsapiTicketRegistry {
  private readonly tickets = new Map<string, { kind: JsapiTicketKind; expiresAt: number }>();
  /** Fetch instants (epoch ms) of the last hour; the one simulated app shares the corp's count. */
  private fetches: number[] = [];

  constructor(private readonly clock: Clock, private readonly limits: { perCorpHour: number; perAppHour: number } = JSAPI_TICKET_LIMITS) {}

  /** A new ticket, or null when the hourly limit is used up (WeCom answers 45009). */
  issue(kind: JsapiTicketKind): { ticket: string; expires_in: number } | null {
    const now = this.clock.now().getTime();
    this.fetches = this.fetches.filter((t) => t > now - HOUR_MS && t <= now);
    if (this.fetches.length >= Math.min(this.limits.perAppHour, this.limits.perCorpHour)) return null;
    this.fetches.push(now);
    for (const [t, v] of this.tickets) if (v.expiresAt <= now) this.tickets.delete(t);
    const ticket = randomBytes(64).toString('base64url');
    this.tickets.set(ticket, { kind, expiresAt: now + JSAPI_TICKET_TTL_SECONDS * 1000 });
    return { ticket, expires_in: JSAPI_TICKET_TTL_SECONDS };
  }

  /** True when `signature` is a valid JS-SDK signature of `url` with a live ticket of that kind. */
  verify(kind: JsapiTicketKind, p: { nonceStr: string; timestamp: number | string; url: string; signature: string }): boolean {
    const now = this.clock.now().getTime();
    const hash = p.url.indexOf('#');
    const url = hash === -1 ? p.url : p.url.slice(0, hash);
    for (const [ticket, v] of this.tickets) {
      if (v.kind !== kind || v.expiresAt <= now) continue;
      const plain = `jsapi_ticket=${ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${url}`;
      if (createHash('sha1').update(plain, 'utf8').digest('hex') === p.signature) return true;
    }
    return false;
  }

  fetchesInLastHour(): number {
    const now = this.clock.now().getTime();
    return this.fetches.filter((t) => t > now - HOUR_MS && t <= now).length;
  }

  clear(): void {
    this.tickets.clear();
    this.fetches = [];
  }
}
