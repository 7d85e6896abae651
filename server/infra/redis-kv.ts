import { Redis } from 'ioredis';
import type { KeyValueStore } from './kv.ts';

const DEL_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Sorted set of hit times; members are made unique with a random suffix.
const HIT_WINDOW = `redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[1], ARGV[1] .. ':' .. ARGV[4])
redis.call('pexpire', KEYS[1], ARGV[2])
return 1`;
const INCR_WITH_TTL = `local v = redis.call('incr', KEYS[1]) if v == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return v`;

/** Shared store for any number of instances. Keys are namespaced with `prefix`. */
export class RedisKeyValueStore implements KeyValueStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'wecrm:',
  ) {}

  static connect(url: string, prefix?: string): RedisKeyValueStore {
    const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    // Errors surface on the commands themselves (and /healthz); do not crash on emitted ones.
    redis.on('error', () => {});
    return new RedisKeyValueStore(redis, prefix);
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs) await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
    else await this.redis.set(this.prefix + key, value);
  }

  async del(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async delIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.redis.eval(DEL_IF_EQUALS, 1, this.prefix + key, value)) === 1;
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    return Number(await this.redis.eval(INCR_WITH_TTL, 1, this.prefix + key, String(ttlMs)));
  }

  async hitWindow(key: string, nowMs: number, windowMs: number, limit: number): Promise<boolean> {
    const token = Math.random().toString(36).slice(2);
    return (await this.redis.eval(HIT_WINDOW, 1, this.prefix + key, String(nowMs), String(windowMs), String(limit), token)) === 1;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
