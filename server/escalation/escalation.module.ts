import { defineModule } from '../modules/module.ts';
import { escalationJob } from './escalation.job.ts';
import { escalationDigest } from './escalation.notifications.ts';
import { escalationRoutes } from './escalation.routes.ts';
import { EscalationSettingsService } from './escalation-settings.ts';

/** Managers hear about their team's ignored reclaim warnings (key / A customers) every morning. */
export const escalationModule = defineModule({
  name: 'escalation',
  routes: ({ deps }) => [escalationRoutes(new EscalationSettingsService(deps.db, deps.clock))],
  jobs: [escalationJob],
  notifications: [escalationDigest],
});
