import { defineModule } from '../modules/module.ts';
import { decision } from './decision.notification.ts';
import { notice } from './notice.notification.ts';
import { pageNotice } from './page-notice.notification.ts';

/** The generic kinds any capability may send: a notice about a customer, a notice opening a page, a decision with buttons. */
export const notificationsModule = defineModule({
  name: 'notifications',
  notifications: [notice, pageNotice, decision],
});
