import type { Clock } from '../infra/clock.ts';
import { LockBusyError, withLock, type KeyValueStore } from '../infra/kv.ts';
import { AppError } from '../http/errors.ts';

export type JsapiTicketKind = 'corp' | 'agent';

export interface IssuedJsapiTicket {
  ticket: string;
  /** Seconds, as WeCom's `expires_in`. */
  expiresIn: number;
}

/**
 * What the sidebar needs from WeCom (WECOM.md §7.4): the corp jsapi_ticket (`get_jsapi_ticket`)
 * and the app's (`ticket/get?type=agent_config`). The typed client in bot/wecom implements it;
 * the runtime passes it in AppDeps.jssdk — the server never imports bot/.
 */
export interface JsapiTicketSource {
  fetchJsapiTicket(kind: JsapiTicketKind): Promise<IssuedJsapiTicket>;
}

interface CachedTicket {
  ticket: string;
  /** Epoch ms by the injected Clock. */
  expiresAt: number;
  lifeMs: number;
}

const SAFETY_MARGIN_MS = 5 * 60_000;
const LOCK_TTL_MS = 20_000;

export class JssdkUnavailableError extends AppError {
  constructor(detail?: string) {
    super(503, 'WECOM_JSSDK_UNAVAILABLE', '暂时无法获取企业微信 JS-SDK 签名，请稍后重试', detail ? { detail } : undefined);
  }
}

/**
 * Both tickets, cached in the shared store with their absolute expiry and refreshed five
 * minutes (at most half their life) before it. WeCom allows 400 fetches an hour per corp and
 * 100 per app, so a refresh is single-flight within the process (one shared promise) and
 * across processes (a lock in the store, the cache re-read once it is held).
 */
export class JsapiTicketCache {
  private readonly inflight = new Map<JsapiTicketKind, Promise<string>>();

  constructor(
    private readonly opts: { store: KeyValueStore; clock: Clock; source: JsapiTicketSource | undefined; keyPrefix: string },
  ) {}

  async get(kind: JsapiTicketKind): Promise<string> {
    const fresh = await this.readFresh(kind);
    if (fresh) return fresh;
    let pending = this.inflight.get(kind);
    if (!pending) {
      pending = this.refresh(kind).finally(() => this.inflight.delete(kind));
      this.inflight.set(kind, pending);
    }
    return pending;
  }

  private key(kind: JsapiTicketKind): string {
    return `${this.opts.keyPrefix}:${kind}`;
  }

  private async refresh(kind: JsapiTicketKind): Promise<string> {
    const source = this.opts.source;
    if (!source) throw new JssdkUnavailableError('no WeCom ticket source configured');
    try {
      return await withLock(this.opts.store, `${this.key(kind)}:refresh`, { ttlMs: LOCK_TTL_MS, waitMs: LOCK_TTL_MS + 5_000 }, async () => {
        const meanwhile = await this.readFresh(kind);
        if (meanwhile) return meanwhile;
        const issued = await source.fetchJsapiTicket(kind);
        const lifeMs = issued.expiresIn * 1000;
        const entry: CachedTicket = { ticket: issued.ticket, expiresAt: this.opts.clock.now().getTime() + lifeMs, lifeMs };
        // The store's TTL only cleans up; freshness is judged by the Clock.
        await this.opts.store.set(this.key(kind), JSON.stringify(entry), lifeMs);
        return issued.ticket;
      });
    } catch (err) {
      if (err instanceof LockBusyError) throw new JssdkUnavailableError('ticket refresh lock busy');
      if (err instanceof AppError) throw err;
      throw new JssdkUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }

  private async readFresh(kind: JsapiTicketKind): Promise<string | null> {
    const raw = await this.opts.store.get(this.key(kind));
    if (!raw) return null;
    try {
      const c = JSON.parse(raw) as Partial<CachedTicket>;
      if (typeof c.ticket !== 'string' || typeof c.expiresAt !== 'number' || typeof c.lifeMs !== 'number') return null;
      const margin = Math.min(SAFETY_MARGIN_MS, c.lifeMs / 2);
      return this.opts.clock.now().getTime() < c.expiresAt - margin ? c.ticket : null;
    } catch {
      return null;
    }
  }
}
