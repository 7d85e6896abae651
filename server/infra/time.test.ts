import { describe, expect, it } from 'vitest';
import { businessDate, startOfBusinessDay, tzOffsetMs, zonedTimeToUtc } from './time.ts';

describe('business time zone helpers', () => {
  it('should place 09:00 Shanghai at 01:00 UTC when converting', () => {
    expect(zonedTimeToUtc('2026-11-26', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-26T01:00:00.000Z');
  });

  it('should give the Shanghai date when UTC is still the previous day', () => {
    expect(businessDate(new Date('2026-11-25T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(businessDate(new Date('2026-11-25T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-25');
  });

  it('should start the business day at local midnight when asked', () => {
    expect(startOfBusinessDay(new Date('2026-11-25T17:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });

  it('should follow daylight saving time when the zone has it', () => {
    expect(zonedTimeToUtc('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedTimeToUtc('2026-01-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-01-01T08:00:00.000Z');
  });

  it('should give the exact offset at every instant, across transitions, whatever it cached before', () => {
    // The offset as Intl gives it, one instant at a time (what the cached tzOffsetMs must agree with).
    const formats = new Map<string, Intl.DateTimeFormat>();
    const exact = (at: Date, tz: string) => {
      let f = formats.get(tz);
      if (!f) formats.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
      const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
      return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - Math.floor(at.getTime() / 1000) * 1000;
    };
    // Zones with DST at various hours, a 30-minute DST (Lord Howe), odd offsets (Kathmandu, Chatham), none (Shanghai).
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'Asia/Shanghai'];
    const start = Date.UTC(2026, 0, 1);
    let checked = 0;
    for (const tz of zones) {
      // Every 29 minutes 13 seconds for a year, in a shuffled order so days are cached from any instant first.
      const instants: number[] = [];
      for (let t = start; t < start + 366 * 86_400_000; t += 1_753_000) instants.push(t);
      for (let i = instants.length - 1; i > 0; i -= 1) {
        const j = (i * 7919) % (i + 1);
        [instants[i], instants[j]] = [instants[j]!, instants[i]!];
      }
      for (const t of instants) {
        const at = new Date(t);
        const want = exact(at, tz);
        if (tzOffsetMs(at, tz) !== want) expect({ tz, at: at.toISOString(), offset: tzOffsetMs(at, tz) }).toEqual({ tz, at: at.toISOString(), offset: want });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100_000);
  });
});
