import type { Clock } from '../../server/infra/clock.ts';
import { LockBusyError, withLock, type KeyValueStore } from '../../server/infra/kv.ts';
import { WecomApiError } from './wecom-api-error.ts';

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds, as WeCom's `expires_in`. */
  expiresIn: number;
}

interface CachedToken {
  token: string;
  /** Absolute expiry in epoch ms by the injected Clock (so simulator time travel expires it too). */
  expiresAt: number;
  /** The token's whole life (expires_in), to size the safety margin. */
  lifeMs: number;
}

export interface AccessTokenCacheOptions {
  store: KeyValueStore;
  clock: Clock;
  /** Cache key; one per (corpid, app) because each app's token only works for that app. */
  key: string;
  fetchToken: () => Promise<IssuedAccessToken>;
  /** Refresh this long before expiry, so a call never races the token's last seconds. */
  safetyMarginMs?: number;
  /** How long one refresh may hold the cross-process lock (covers a slow gettoken). */
  lockTtlMs?: number;
  /** How long to wait for another process's refresh before giving up. */
  lockWaitMs?: number;
}

const DEFAULT_SAFETY_MARGIN_MS = 5 * 60_000;

/**
 * The app's access token, cached in the shared store with its absolute expiry.
 *
 * WeCom frequency-blocks callers that hit gettoken too often (WECOM.md §1), so a refresh is
 * single-flight twice over: callers in this process share one in-flight promise, and
 * processes sharing the store take a lock and re-read the cache once they hold it (the
 * process that held the lock before has usually refreshed it already).
 */
export class AccessTokenCache {
  private inflight: Promise<string> | null = null;
  private readonly lockKey: string;

  constructor(private readonly opts: AccessTokenCacheOptions) {
    this.lockKey = `${opts.key}:refresh`;
  }

  async get(): Promise<string> {
    const cached = await this.readFresh();
    if (cached) return cached;
    if (!this.inflight) {
      this.inflight = this.refresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /**
   * WeCom refused `token` (40014/42001). Drop it, but only if the cache still holds that
   * very token: a concurrent caller may already have stored a fresh one.
   */
  async invalidate(token: string): Promise<void> {
    const cached = await this.read();
    if (cached?.token === token) await this.opts.store.del(this.opts.key);
  }

  private async refresh(): Promise<string> {
    const lockTtlMs = this.opts.lockTtlMs ?? 15_000;
    try {
      return await withLock(
        this.opts.store,
        this.lockKey,
        { ttlMs: lockTtlMs, waitMs: this.opts.lockWaitMs ?? lockTtlMs + 5_000 },
        async () => {
          const refreshedMeanwhile = await this.readFresh();
          if (refreshedMeanwhile) return refreshedMeanwhile;
          const issued = await this.opts.fetchToken();
          await this.write(issued);
          return issued.accessToken;
        },
      );
    } catch (err) {
      if (err instanceof LockBusyError) {
        throw WecomApiError.transport('gettoken', 'lock-busy', 'access token refresh lock busy', { cause: err });
      }
      throw err;
    }
  }

  private async readFresh(): Promise<string | null> {
    const cached = await this.read();
    if (!cached) return null;
    return this.opts.clock.now().getTime() < cached.expiresAt - this.marginFor(cached) ? cached.token : null;
  }

  private marginFor(cached: CachedToken): number {
    // A token issued with an unusually short life still gets at least half of it.
    const margin = this.opts.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
    return Math.min(margin, cached.lifeMs / 2);
  }

  private async read(): Promise<CachedToken | null> {
    const raw = await this.opts.store.get(this.opts.key);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<CachedToken>;
      if (typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number' && typeof parsed.lifeMs === 'number') {
        return { token: parsed.token, expiresAt: parsed.expiresAt, lifeMs: parsed.lifeMs };
      }
    } catch {
      // A corrupt entry is treated as absent and overwritten by the next refresh.
    }
    return null;
  }

  private async write(issued: IssuedAccessToken): Promise<void> {
    const lifeMs = issued.expiresIn * 1000;
    const entry: CachedToken = {
      token: issued.accessToken,
      expiresAt: this.opts.clock.now().getTime() + lifeMs,
      lifeMs,
    };
    // The store's own TTL (wall time) only cleans up; freshness is always judged by the Clock.
    await this.opts.store.set(this.opts.key, JSON.stringify(entry), lifeMs);
  }
}
