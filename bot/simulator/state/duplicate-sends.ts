import { createHash } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';

/**
 * message/send's `enable_duplicate_check`: an identical request JSON within the interval is
 * not delivered again. The answer is then errcode 0 with the first send's msgid and no
 * response_code (WeCom's exact answer for a suppressed duplicate is UNCONFIRMED).
 */
export class DuplicateSendCheck {
  private readonly seen = new Map<string, { msgid: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  /** The msgid of an identical send still inside its interval, if any. */
  find(body: unknown): string | undefined {
    const key = fingerprint(body);
    const hit = this.seen.get(key);
    if (!hit) return undefined;
    if (this.clock.now().getTime() < hit.expiresAt) return hit.msgid;
    this.seen.delete(key);
    return undefined;
  }

  remember(body: unknown, msgid: string, intervalSeconds: number): void {
    this.seen.set(fingerprint(body), { msgid, expiresAt: this.clock.now().getTime() + intervalSeconds * 1000 });
  }

  clear(): void {
    this.seen.clear();
  }
}

function fingerprint(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
