import type { AppConfig } from '../../config/config.ts';
import type { Database } from '../infra/db.ts';
import type { Clock } from '../infra/clock.ts';
import type { Logger } from '../infra/logger.ts';
import type { Services } from '../modules/module.ts';

/**
 * What every job gets, built once by the runtime: the scheduler, the CLI (`wecrm job run`) and
 * the simulator's job button run a job with the same context.
 */
export interface JobContext {
  db: Database;
  clock: Clock;
  /** TZ_BUSINESS */
  tz: string;
  logger: Logger;
  config: AppConfig;
  /** Every capability's services (a job may use its own capability's service). */
  services: Services;
}

export interface JobRunOptions {
  now: Date;
  dryRun: boolean;
}

/** A job's summary: always `{job, affected, …}` (API.md /sim/api/jobs/:name/run). */
export interface JobSummary {
  job: string;
  affected: number;
}

/** A scheduled job selects its targets and fans out; it never calls HTTP handlers. Capabilities list theirs in their module. */
export interface ScheduledJob {
  name: string;
  /** Cron pattern in the business time zone. WeCom advises against :00 and :30. */
  cron: string;
  description: string;
  run(ctx: JobContext, opts: JobRunOptions): Promise<JobSummary>;
  /** Also run once when the background starts (`start`/`worker`), e.g. a sync that must not wait for the night. */
  runAtStart?: boolean;
  /**
   * What kind of work this is, for whoever replays time (the simulator's time travel,
   * bot/simulator/README.md): `business` (the default) must run at each fire time — warnings,
   * sweeps, digests; `poll` picks up work queued elsewhere, so a later run only adds latency
   * (a pattern firing more than once an hour is a poll whatever it says); `reconcile` re-reads
   * WeCom to repair what a missed callback left behind.
   */
  kind?: 'business' | 'poll' | 'reconcile';
}
