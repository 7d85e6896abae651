import { defineModule } from '../modules/module.ts';
import { changeExternalContactHandler } from './contacts.callbacks.ts';
import { createFromCardAction, linkFromCardAction } from './contacts.card-actions.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { ContactsService } from './contacts.service.ts';
import { ContactsSyncService } from './contacts-sync.service.ts';
import { contactsSyncJob } from './contacts-sync.job.ts';

declare module '../modules/module.ts' {
  interface Services {
    contacts: ContactsService;
    contactsSync: ContactsSyncService;
  }
}

/** WeCom customer contacts ↔ customer records (issue 10 part 1). */
export const contactsModule = defineModule({
  name: 'contacts',
  services: ({ deps, services }) => ({
    contacts: new ContactsService(deps.db, deps.clock, services.customers),
    contactsSync: new ContactsSyncService(deps.db, deps.clock, deps.externalContacts, deps.logger),
  }),
  routes: ({ services }) => [contactsRoutes(services.contacts)],
  jobs: [contactsSyncJob],
  cardActions: ({ deps, services }) => [
    createFromCardAction(deps.db, services.customers, services.contacts),
    linkFromCardAction(deps.db, services.contacts),
  ],
  callbackEvents: ({ deps, services }) => ({
    change_external_contact: changeExternalContactHandler({ db: deps.db, clock: deps.clock, sync: services.contactsSync, contacts: services.contacts }),
  }),
});
