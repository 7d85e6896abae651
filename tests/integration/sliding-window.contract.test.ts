import { afterAll, describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../server/infra/kv.ts';
import { MemoryKeyValueStore } from '../../server/infra/memory-kv.ts';
import { RedisKeyValueStore } from '../../server/infra/redis-kv.ts';
import { MemberRateLimiter } from '../../bot/simulator/state/member-rate-limit.ts';
import { Rng } from '../../server/demo/prng.ts';

/**
 * One contract for the sliding window, written three times (the memory store, the Redis store's
 * Lua script, the simulator's per-member limiter): a hit at `now` is allowed, and recorded, when
 * fewer than `limit` recorded hits fall in (now − window, now]; a refused hit is not recorded.
 * Each implementation replays the same generated sequences (time never goes back) against this
 * reference. The Redis store runs when REDIS_URL is set (CI's MariaDB + Redis run).
 */
function reference() {
  const hits = new Map<string, number[]>();
  return (key: string, now: number, windowMs: number, limit: number): boolean => {
    const inWindow = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
    const allowed = inWindow.length < limit;
    if (allowed) inWindow.push(now);
    hits.set(key, inWindow);
    return allowed;
  };
}

interface Step { key: string; now: number; windowMs: number; limit: number }

/** Bursts, pauses, exact window edges and several keys with their own window and limit. */
function sequence(seed: number, length: number): Step[] {
  const rng = new Rng(seed);
  const keys = [{ key: 'a', windowMs: 60_000, limit: 28 }, { key: 'b', windowMs: 1_000, limit: 3 }, { key: 'c', windowMs: 3_600_000, limit: 990 }];
  const steps: Step[] = [];
  let now = 1_764_000_000_000;
  for (let i = 0; i < length; i++) {
    const k = rng.pick(keys);
    const roll = rng.next();
    // Same millisecond, a small step, exactly one window later, or a long pause.
    now += roll < 0.3 ? 0 : roll < 0.8 ? rng.int(1, 900) : roll < 0.9 ? k.windowMs : rng.int(1, 3) * k.windowMs + rng.int(0, 5);
    steps.push({ key: k.key, now, windowMs: k.windowMs, limit: k.limit });
  }
  return steps;
}

const stores: Array<[string, () => KeyValueStore]> = [['memory', () => new MemoryKeyValueStore()]];
if (process.env.REDIS_URL) {
  stores.push(['redis', () => RedisKeyValueStore.connect(process.env.REDIS_URL!, `wecrm:test:sw:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`)]);
}

describe('sliding-window contract', () => {
  const opened: KeyValueStore[] = [];
  afterAll(async () => { for (const s of opened) await s.close(); });

  it.each(stores)('should give the %s store the reference answer for every hit', async (_name, make) => {
    const store = make();
    opened.push(store);
    for (const seed of [1, 2, 3]) {
      const ref = reference();
      const answers: boolean[] = [];
      const expected: boolean[] = [];
      for (const s of sequence(seed, 1500)) {
        const key = `seed${seed}:${s.key}`;
        answers.push(await store.hitWindow(key, s.now, s.windowMs, s.limit));
        expected.push(ref(key, s.now, s.windowMs, s.limit));
      }
      expect(answers).toEqual(expected);
      // The sequences reach both answers, so agreement is not trivial.
      expect(new Set(expected)).toEqual(new Set([true, false]));
    }
  });

  it('should give the simulator\'s member limiter the reference answer of its two windows', () => {
    for (const seed of [4, 5]) {
      let now = 1_764_000_000_000;
      const limits = { perMinute: 5, perHour: 40 };
      const limiter = new MemberRateLimiter({ now: () => new Date(now) }, limits);
      // Both windows over one list of deliveries: allowed when both have room; a refusal records nothing.
      const deliveries = new Map<string, number[]>();
      const rng = new Rng(seed);
      const answers: boolean[] = [];
      const expected: boolean[] = [];
      for (let i = 0; i < 2000; i++) {
        now += rng.chance(0.6) ? rng.int(0, 3_000) : rng.int(0, 300_000);
        const member = rng.pick(['zhangsan', 'lisi']);
        const times = deliveries.get(member) ?? [];
        const allowed = times.filter((t) => t > now - 60_000).length < limits.perMinute && times.filter((t) => t > now - 3_600_000).length < limits.perHour;
        if (allowed) times.push(now);
        deliveries.set(member, times);
        expected.push(allowed);
        answers.push(limiter.tryDeliver(member));
      }
      expect(answers).toEqual(expected);
      expect(new Set(expected)).toEqual(new Set([true, false]));
    }
  });
});
