import { describe, expect, it } from 'vitest';
import { FixedClock } from '../infra/clock.ts';
import { MemoryKeyValueStore } from '../infra/memory-kv.ts';
import { JsapiTicketCache, JssdkUnavailableError, type JsapiTicketKind, type JsapiTicketSource } from './jsapi-tickets.ts';

/** A WeCom stand-in that counts fetches and answers after `delayMs`. */
function countingSource(delayMs = 20): JsapiTicketSource & { fetches: Record<JsapiTicketKind, number> } {
  const fetches = { corp: 0, agent: 0 };
  return {
    fetches,
    async fetchJsapiTicket(kind) {
      fetches[kind]++;
      await new Promise((r) => setTimeout(r, delayMs));
      return { ticket: `${kind}-${fetches[kind]}`, expiresIn: 7200 };
    },
  };
}

describe('JsapiTicketCache', () => {
  it('should fetch once when two processes sharing the store ask at the same time', async () => {
    const store = new MemoryKeyValueStore();
    const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
    const source = countingSource();
    const a = new JsapiTicketCache({ store, clock, source, keyPrefix: 't' });
    const b = new JsapiTicketCache({ store, clock, source, keyPrefix: 't' });
    const got = await Promise.all([a.get('corp'), b.get('corp'), a.get('corp'), b.get('corp')]);
    expect(new Set(got)).toEqual(new Set(['corp-1']));
    expect(source.fetches.corp).toBe(1);
  });

  it('should keep the ticket until five minutes before it expires and then fetch a new one', async () => {
    const store = new MemoryKeyValueStore();
    const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
    const source = countingSource(0);
    const cache = new JsapiTicketCache({ store, clock, source, keyPrefix: 't' });
    expect(await cache.get('agent')).toBe('agent-1');
    clock.advance(7200_000 - 5 * 60_000 - 1);
    expect(await cache.get('agent')).toBe('agent-1');
    clock.advance(2);
    expect(await cache.get('agent')).toBe('agent-2');
  });

  it('should answer 503 when no WeCom source is configured', async () => {
    const cache = new JsapiTicketCache({ store: new MemoryKeyValueStore(), clock: new FixedClock(new Date()), source: undefined, keyPrefix: 't' });
    await expect(cache.get('corp')).rejects.toBeInstanceOf(JssdkUnavailableError);
  });
});
