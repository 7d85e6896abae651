import { defineModule } from '../modules/module.ts';
import { followUpRemindersJob } from './follow-up-reminders.job.ts';
import { forgottenCustomersJob } from './forgotten-customers.job.ts';
import { followUpDue, forgottenCustomer } from './reminders.notifications.ts';

export const remindersModule = defineModule({
  name: 'reminders',
  jobs: [forgottenCustomersJob, followUpRemindersJob],
  notifications: [forgottenCustomer, followUpDue],
});
