import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../../server/infra/clock.ts';
import { JsapiTicketRegistry } from './jsapi-tickets.ts';

describe('JsapiTicketRegistry', () => {
  it('should refuse the 101st fetch in an hour and allow it again when the hour has passed', () => {
    const clock = new AdjustableClock();
    clock.set(new Date('2026-03-02T02:00:00Z'));
    const reg = new JsapiTicketRegistry(clock);
    for (let i = 0; i < 100; i++) expect(reg.issue(i % 2 ? 'corp' : 'agent')).not.toBeNull();
    expect(reg.issue('corp')).toBeNull();
    clock.set(new Date('2026-03-02T03:00:01Z'));
    expect(reg.issue('corp')).not.toBeNull();
  });

  it('should reject a signature when the ticket has expired', () => {
    const clock = new AdjustableClock();
    clock.set(new Date('2026-03-02T02:00:00Z'));
    const reg = new JsapiTicketRegistry(clock);
    reg.issue('corp');
    // A signature with an unknown ticket never verifies.
    expect(reg.verify('corp', { nonceStr: 'n', timestamp: 1, url: 'https://x.test/', signature: 'deadbeef' })).toBe(false);
  });
});
