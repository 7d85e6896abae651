import { onApprovalOutcome } from '../approvals/approval-outcomes.ts';
import { defineModule } from '../modules/module.ts';
import { followOwnership } from '../ownership/change-owner.ts';
import { contractRemindersJob } from './contract-reminders.job.ts';
import { contractsFollowOwnership, contractsHeld } from './contracts.ownership.ts';
import { contractExpiring, paymentDue } from './contracts.notifications.ts';
import { contractsRoutes } from './contracts.routes.ts';
import { ContractsService } from './contracts.service.ts';

followOwnership('contracts', contractsFollowOwnership, contractsHeld);

declare module '../modules/module.ts' {
  interface Services {
    contracts: ContractsService;
  }
}

export const contractsModule = defineModule({
  name: 'contracts',
  services: ({ deps, services }) => {
    const contracts = new ContractsService(deps.db, deps.clock, deps.config.tzBusiness, services.approvals);
    // A `contract` approval's outcome signs its contract (or sends it back to draft).
    onApprovalOutcome('contract', (em, event) => contracts.applyApprovalOutcome(em, event));
    return { contracts };
  },
  routes: ({ services }) => [contractsRoutes(services.contracts)],
  jobs: [contractRemindersJob],
  notifications: [paymentDue, contractExpiring],
});
