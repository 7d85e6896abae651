/**
 * Cache, locks and rate limits behind one small interface: Redis when REDIS_URL is set
 * (shared by every instance), in-process otherwise (single instance only).
 */
export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Sets the key only when absent (Redis SET NX PX). True when this caller set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only when it still holds `value` (safe lock release). */
  delIfEquals(key: string, value: string): Promise<boolean>;
  /** Increments a counter; the TTL is set when the counter is created. Returns the new value. */
  incr(key: string, ttlMs: number): Promise<number>;
  /**
   * Sliding-window rate limit: records a hit at `nowMs` and returns true when fewer than
   * `limit` hits fall in the window (nowMs - windowMs, nowMs]; otherwise records nothing.
   */
  hitWindow(key: string, nowMs: number, windowMs: number, limit: number): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class LockBusyError extends Error {
  constructor(readonly key: string) {
    super(`lock busy: ${key}`);
    this.name = 'LockBusyError';
  }
}

/**
 * Runs fn while holding a lock; waits up to waitMs for it. The token guards against
 * releasing a lock that expired and was taken by someone else.
 */
export async function withLock<T>(
  store: KeyValueStore,
  key: string,
  opts: { ttlMs: number; waitMs?: number; retryMs?: number },
  fn: () => Promise<T>,
): Promise<T> {
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  const lockKey = `lock:${key}`;
  for (;;) {
    if (await store.setIfAbsent(lockKey, token, opts.ttlMs)) break;
    if (Date.now() >= deadline) throw new LockBusyError(key);
    await new Promise((r) => setTimeout(r, opts.retryMs ?? 25));
  }
  try {
    return await fn();
  } finally {
    await store.delIfEquals(lockKey, token);
  }
}
