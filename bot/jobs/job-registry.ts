import type { ScheduledJob } from './job.ts';
import { reclaimJob } from './reclaim.job.ts';
import { reclaimWarningsJob } from './reclaim-warnings.job.ts';

export const JOBS: readonly ScheduledJob[] = [reclaimJob, reclaimWarningsJob];

export function findJob(name: string): ScheduledJob | undefined {
  return JOBS.find((j) => j.name === name);
}
