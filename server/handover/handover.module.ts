import { defineModule } from '../modules/module.ts';
import { HandoverService } from './handover.service.ts';
import { handoverRoutes } from './handover.routes.ts';
import { handoverPoolAction } from './handover.card-actions.ts';
import { directorySyncJob, handoverFallbackJob, handoverWecomJob } from './handover-fallback.job.ts';
import { WecomTransfers } from './wecom-transfers.ts';

declare module '../modules/module.ts' {
  interface Services {
    handover: HandoverService;
  }
}

/** Statuses in WeCom's directory that mean the member is gone (2 disabled, 5 left). */
const GONE_STATUSES = new Set(['2', '5']);

/**
 * Handover (离职交接 / 转派). Listed after every capability that participates (approvals, WeCom
 * contacts …): it moves what they register (server/ownership/handover-participants.ts).
 */
export const handoverModule = defineModule({
  name: 'handover',
  services: ({ deps, services }) => {
    const transfers = new WecomTransfers(deps.db, deps.clock, deps.externalContacts, deps.logger);
    // transfer_fail arrives on the contacts capability's event; it tells us.
    services.contactsSync.onTransferFail((failure) => transfers.failed(failure));
    return { handover: new HandoverService(deps.db, deps.clock, services.pools, services.orgVersion, deps.wecom, transfers) };
  },
  routes: ({ services }) => [handoverRoutes(services.handover)],
  jobs: [handoverFallbackJob, directorySyncJob, handoverWecomJob],
  cardActions: ({ services }) => [handoverPoolAction(services.handover)],
  callbackEvents: ({ services, deps }) => ({
    // Sent to the contacts-sync assistant and some apps (WECOM.md §3.6): a member deleted, or disabled.
    async change_contact(event) {
      const type = String(event.ChangeType ?? '');
      const userId = String(event.UserID ?? '');
      if (!userId) return 'ignored';
      if (type === 'delete_user' || (type === 'update_user' && GONE_STATUSES.has(String(event.Status ?? '')))) {
        const result = await services.handover.onDeparture(userId);
        deps.logger.info({ wecomUserId: userId, ...result }, 'member left WeCom');
        return result ? 'departed' : 'unknown-member';
      }
      return 'ignored';
    },
  }),
});
