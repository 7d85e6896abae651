import { describe, expect, it } from 'vitest';
import { MODULES } from '../../../server/modules/index.ts';
import { allJobs } from '../../../server/modules/module.ts';
import { fireTimes } from './cron-fire-times.ts';
import { planTravel, replayOf, type TravelStep } from './travel-plan.ts';

const TZ = 'Asia/Shanghai';
const QUIET = { start: '21:00', end: '08:00' };
const sh = (local: string) => new Date(`${local}+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
const show = (steps: TravelStep[]) => steps.map((s) => `${local(s.at)} ${s.kind === 'job' ? s.job : `(${s.reason})`}`);

describe('planTravel', () => {
  it('should order one business day: night sweeps, the morning dispatch, then the morning jobs in module order', () => {
    const jobs = [
      { name: 'reclaim', cron: '5 * * * *' },
      { name: 'reclaim-warnings', cron: '10 9 * * *' },
      { name: 'escalation', cron: '15 9 * * *' },
      { name: 'contract-reminders', cron: '25 9 * * *' },
      { name: 'approval-reminders', cron: '25 9 * * 1-5' },
    ];
    const steps = planTravel(jobs, sh('2026-03-02T06:30:00'), sh('2026-03-02T10:00:00'), TZ, QUIET);
    expect(show(steps)).toEqual([
      '03-02 07:05 reclaim',
      '03-02 08:00 (quiet-hours-end)',
      '03-02 08:05 reclaim',
      '03-02 09:05 reclaim',
      '03-02 09:10 reclaim-warnings',
      '03-02 09:15 escalation',
      '03-02 09:25 contract-reminders',
      '03-02 09:25 approval-reminders',
      '03-02 10:00 (arrival)',
    ]);
  });

  it('should replay a job firing more than once an hour once per business hour, at its first fire time', () => {
    // No kind declared: the pattern alone makes them polls.
    const jobs = [{ name: 'team-chat-posts', cron: '* * * * *' }, { name: 'handover-wecom', cron: '7,37 * * * *' }];
    const steps = planTravel(jobs, sh('2026-03-02T10:00:00'), sh('2026-03-02T12:30:00'), TZ, null);
    expect(show(steps)).toEqual([
      '03-02 10:01 team-chat-posts',
      '03-02 10:07 handover-wecom',
      '03-02 11:00 team-chat-posts',
      '03-02 11:07 handover-wecom',
      '03-02 12:00 team-chat-posts',
      '03-02 12:07 handover-wecom',
      '03-02 12:30 (arrival)',
    ]);
    expect(steps.filter((s) => s.kind === 'job').every((s) => s.kind === 'job' && s.replay === 'hourly')).toBe(true);
  });

  it('should keep one week of every job within a few hundred runs, each daily job once a day', () => {
    const jobs = allJobs(MODULES);
    const steps = planTravel(jobs, sh('2026-03-02T10:00:00'), sh('2026-03-09T10:00:00'), TZ, QUIET);
    const runs = (name: string) => steps.filter((s) => s.kind === 'job' && s.job === name).length;
    expect(runs('reclaim')).toBe(7 * 24);
    expect(runs('reclaim-warnings')).toBe(7);
    expect(runs('escalation')).toBe(7);
    expect(runs('approval-reminders')).toBe(5); // weekdays only
    expect(runs('directory-sync')).toBe(1); // hourly, but a reconciliation: once
    expect(runs('wecom-contacts-sync')).toBe(1);
    expect(runs('team-chat-posts')).toBe(7 * 24 + 1); // 10:01 on the first day … 10:00 on the last: 169 business hours touched
    // Every morning the outbox is dispatched at 08:00 sharp (here by the :00 run of team-chat-posts).
    expect(new Set(steps.filter((s) => local(s.at).endsWith(' 08:00')).map((s) => local(s.at))).size).toBe(7);
    expect(steps.length).toBeLessThan(600);
    expect(steps.every((s, i) => i === 0 || s.at >= steps[i - 1]!.at)).toBe(true);
    expect(steps.at(-1)!.at).toEqual(sh('2026-03-09T10:00:00'));
  });

  it('should understand every cron pattern our jobs use and fire each at least once a week', () => {
    const jobs = allJobs(MODULES);
    expect(jobs.length).toBeGreaterThan(5);
    for (const job of jobs) {
      expect(fireTimes(job.cron, sh('2026-03-02T00:00:00'), sh('2026-03-09T00:00:00'), TZ).length, job.name).toBeGreaterThan(0);
    }
    // The business jobs are replayed at each fire time; the polls hourly, the WeCom reconciliations once.
    const by = (replay: string) => jobs.filter((j) => replayOf(j) === replay).map((j) => j.name).sort();
    expect(by('hourly')).toEqual(['handover-wecom', 'team-chat-posts']);
    expect(by('once')).toEqual(['directory-sync', 'wecom-contacts-sync', 'wecom-groups-sync']);
    expect(by('each')).toEqual(expect.arrayContaining(['reclaim', 'reclaim-warnings', 'escalation', 'follow-up-reminders']));
  });
});
