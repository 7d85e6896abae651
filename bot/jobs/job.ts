import type { Database } from '../../server/infra/db.ts';
import type { Clock } from '../../server/infra/clock.ts';
import type { Logger } from '../../server/infra/logger.ts';

/** What every job gets: injected, so tests and the CLI run jobs exactly as the scheduler does. */
export interface JobContext {
  db: Database;
  clock: Clock;
  tz: string;
  logger: Logger;
  /** FORGOTTEN_DAYS */
  forgottenDays: number;
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

/** A scheduled job selects its targets and fans out; it never calls HTTP handlers. */
export interface ScheduledJob {
  name: string;
  /** Cron pattern in the business time zone. WeCom advises against :00 and :30. */
  cron: string;
  description: string;
  run(ctx: JobContext, opts: JobRunOptions): Promise<JobSummary>;
}
