import { authModule } from '../auth/auth.module.ts';
import { contactsModule } from '../contacts/contacts.module.ts';
import { customersModule } from '../customers/customers.module.ts';
import { followUpsModule } from '../follow-ups/follow-ups.module.ts';
import { healthModule } from '../health/health.module.ts';
import { homeModule } from '../home/home.module.ts';
import { poolModule } from '../pool/pool.module.ts';
import { remindersModule } from '../reminders/reminders.module.ts';
import { usersModule } from '../users/users.module.ts';
import { notificationsModule } from '../notifications/notifications.module.ts';
import { ownershipModule } from '../ownership/ownership.module.ts';
import { approvalsModule } from '../approvals/approvals.module.ts';
import { handoverModule } from '../handover/handover.module.ts';
import { opportunitiesModule } from '../opportunities/opportunities.module.ts';
import { contractsModule } from '../contracts/contracts.module.ts';
import { targetsModule } from '../targets/targets.module.ts';
import { groupsModule } from '../groups/groups.module.ts';
import { teamChatsModule } from '../team-chats/team-chats.module.ts';
import { sidebarModule } from '../sidebar/sidebar.module.ts';
import { escalationModule } from '../escalation/escalation.module.ts';
import type { CapabilityModule } from './module.ts';

/**
 * Every capability, in dependency order (a module may use the services of those above it).
 * The app, the runtime (jobs, card actions, callback events) and the CLI loop over this list:
 * a new capability is a new folder and one line here.
 */
export const MODULES: readonly CapabilityModule[] = [
  healthModule,
  notificationsModule,
  authModule,
  usersModule,
  ownershipModule,
  customersModule,
  contactsModule,
  followUpsModule,
  poolModule,
  remindersModule,
  homeModule,
  approvalsModule,
  handoverModule,
  opportunitiesModule,
  contractsModule,
  targetsModule,
  sidebarModule,
  groupsModule,
  teamChatsModule,
  escalationModule,
];
