import type { ScheduledJob } from './job.ts';
import { reclaimJob } from './reclaim.job.ts';
import { reclaimWarningsJob } from './reclaim-warnings.job.ts';
import { forgottenCustomersJob } from './forgotten-customers.job.ts';
import { followUpRemindersJob } from './follow-up-reminders.job.ts';

export const JOBS: readonly ScheduledJob[] = [reclaimJob, reclaimWarningsJob, forgottenCustomersJob, followUpRemindersJob];

export function findJob(name: string): ScheduledJob | undefined {
  return JOBS.find((j) => j.name === name);
}
