import type { KeyValueStore } from './kv.ts';

/**
 * A version counter in the shared store that per-instance caches are checked against: a writer
 * bumps it after its commit, every reader compares the version its cache was loaded at with the
 * current one (one store read, no SQL) and reloads when it moved. Reads that overlap share one
 * store round trip: under load most requests find one in flight and wait for its answer, which
 * is at least as new as the moment they arrived minus that round trip.
 */
export class SharedVersion {
  private inFlight: Promise<string> | null = null;

  constructor(private readonly kv: KeyValueStore, readonly key: string) {}

  current(): Promise<string> {
    if (!this.inFlight) {
      const read = this.kv.get(this.key).then((v) => v ?? '0');
      this.inFlight = read;
      const clear = () => { if (this.inFlight === read) this.inFlight = null; };
      read.then(clear, clear);
    }
    return this.inFlight;
  }

  /** After a commit that changed what the caches hold: every instance reloads on its next read. */
  async bump(): Promise<void> {
    // A read already in flight may answer the old version: it is not shared with later readers.
    this.inFlight = null;
    await this.kv.incr(this.key, 365 * 86_400_000);
  }
}
