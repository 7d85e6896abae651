import { join } from 'node:path';
import { defineModule } from '../modules/module.ts';
import { participateInHandover } from '../ownership/handover-participants.ts';
import { approvalsHandover } from './approvals.handover.ts';
import { approvalCardAction } from './approvals.card-actions.ts';
import { approvalNotice } from './approvals.notifications.ts';
import { approvalFileRoutes, approvalsRoutes } from './approvals.routes.ts';
import { ApprovalsService } from './approvals.service.ts';
import { approvalRemindersJob } from './approval-reminders.job.ts';
import { AttachmentsService } from './attachments/attachments.service.ts';
import { DirectoryFileStore } from './attachments/file-store.ts';
import { signFileLink } from './attachments/signed-links.ts';
import { ExpensesService } from './expenses.service.ts';

participateInHandover('approvals', approvalsHandover);

declare module '../modules/module.ts' {
  interface Services {
    approvals: ApprovalsService;
    approvalAttachments: AttachmentsService;
    expenses: ExpensesService;
  }
}

export const approvalsModule = defineModule({
  name: 'approvals',
  services: ({ deps }) => {
    const secret = deps.config.sessionSecret;
    const link = (attachmentId: number, now: Date) => signFileLink(secret, attachmentId, now);
    return {
      approvals: new ApprovalsService(deps.db, deps.clock, deps.config.tzBusiness, link),
      approvalAttachments: new AttachmentsService(deps.db, deps.clock, new DirectoryFileStore(join(deps.config.dataDir, 'files')), secret, link),
      expenses: new ExpensesService(deps.db),
    };
  },
  publicRoutes: ({ services }) => [approvalFileRoutes(services.approvalAttachments)],
  routes: ({ services }) => [approvalsRoutes(services.approvals, services.approvalAttachments, services.expenses, services.customers)],
  jobs: [approvalRemindersJob],
  notifications: [approvalNotice],
  cardActions: ({ deps, services }) => [approvalCardAction(deps.db, deps.clock, services.approvals)],
});
