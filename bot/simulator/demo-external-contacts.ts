import type { Database } from '../../server/infra/db.ts';
import { demoUnlinkedContacts } from '../../server/demo/demo-wecom-contacts.ts';
import { fromSqlTime } from '../../server/infra/db.ts';
import type { Simulator } from './simulator.ts';
import { SimulatorError } from './simulator-errors.ts';

/**
 * The simulator's WeCom customers at boot (its state lives in memory, like the directory): every
 * record contact linked to a WeCom customer is that customer, followed by the record's owner; in
 * the demo each rep also has a few customers no record knows yet (待建档). The contacts sync then
 * reads them like any WeCom corp's. Returns how many were added.
 */
export async function loadSimulatorExternalContacts(db: Database, simulator: Pick<Simulator, 'state'>, opts: { demo: boolean }): Promise<number> {
  const ec = simulator.state.externalContacts;
  const rows: Array<{ external_user_id: string; name: string; phone: string | null; customer_name: string; wecom_user_id: string; created_at: string | Date }> = await db.manager.query(
    `SELECT cc.external_user_id, cc.name, cc.phone, c.name AS customer_name, u.wecom_user_id, cc.created_at
       FROM customer_contacts cc JOIN customers c ON c.id = cc.customer_id JOIN users u ON u.id = c.owner_id
      WHERE cc.external_user_id IS NOT NULL AND u.status = 'active' ORDER BY cc.id`,
  );
  let added = 0;
  const add = (input: Parameters<typeof ec.addContact>[0]) => {
    if (!simulator.state.directory.user(input.userid)) return;
    try {
      ec.addContact(input);
      added++;
    } catch (err) {
      // Already there (a restart that kept the simulator): nothing to add.
      if (!(err instanceof SimulatorError)) throw err;
    }
  };
  for (const r of rows) {
    add({
      userid: r.wecom_user_id, name: r.name, corpName: r.customer_name, ...(r.phone ? { mobile: r.phone } : {}),
      externalUserid: r.external_user_id, addedAt: fromSqlTime(r.created_at),
    });
  }
  if (opts.demo) {
    const reps: Array<{ wecom_user_id: string }> = await db.manager.query("SELECT wecom_user_id FROM users WHERE role = 'rep' AND status = 'active' ORDER BY id");
    for (const rep of reps) {
      for (const c of demoUnlinkedContacts(rep.wecom_user_id)) {
        add({ userid: rep.wecom_user_id, name: c.name, corpName: c.corpName, mobile: c.mobile, externalUserid: c.externalUserId });
      }
    }
  }
  return added;
}
