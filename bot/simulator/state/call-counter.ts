import { normalizeCgiPath } from './faults.ts';

/** How often each endpoint was called (failed calls included), for tests to assert on. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(path: string): void {
    const key = normalizeCgiPath(path);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  count(path: string): number {
    return this.counts.get(normalizeCgiPath(path)) ?? 0;
  }

  reset(): void {
    this.counts.clear();
  }
}
