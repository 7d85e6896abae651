import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from './memory-kv.ts';
import { SharedVersion } from './shared-version.ts';

/** A store that counts its reads and answers them only when told to. */
function slowStore() {
  const store = new MemoryKeyValueStore();
  const waiting: Array<() => void> = [];
  let reads = 0;
  const get = store.get.bind(store);
  store.get = async (key: string) => {
    reads++;
    await new Promise<void>((resolve) => waiting.push(resolve));
    return get(key);
  };
  return { store, reads: () => reads, answer: () => { for (const r of waiting.splice(0)) r(); } };
}

describe('SharedVersion', () => {
  it('should share one store read between readers that overlap', async () => {
    const s = slowStore();
    const version = new SharedVersion(s.store, 'org:version');
    const readers = [version.current(), version.current(), version.current()];
    expect(s.reads()).toBe(1);
    s.answer();
    expect(await Promise.all(readers)).toEqual(['0', '0', '0']);
    // Once answered, the next reader asks the store again.
    const later = version.current();
    expect(s.reads()).toBe(2);
    s.answer();
    expect(await later).toBe('0');
  });

  it('should not hand a read that started before a bump to readers that come after it', async () => {
    const s = slowStore();
    const version = new SharedVersion(s.store, 'org:version');
    const before = version.current();
    await version.bump();
    const after = version.current();
    expect(s.reads()).toBe(2);
    s.answer();
    expect(await after).toBe('1');
    // The early read may answer either: it was in flight while the bump happened.
    expect(['0', '1']).toContain(await before);
  });

  it('should move for every instance sharing the store', async () => {
    const store = new MemoryKeyValueStore();
    const a = new SharedVersion(store, 'org:version');
    const b = new SharedVersion(store, 'org:version');
    expect(await b.current()).toBe('0');
    await a.bump();
    await a.bump();
    expect(await b.current()).toBe('2');
  });
});
