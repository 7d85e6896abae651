import type { Database } from '../../server/infra/db.ts';
import { demoUnlinkedContacts } from '../../server/demo/demo-wecom-contacts.ts';
import { fromSqlTime } from '../../server/infra/db.ts';
import type { Simulator } from './simulator.ts';
import { SimulatorError } from './simulator-errors.ts';
import { customerJoinState } from '../../server/groups/group-chat-source.ts';

/**
 * The simulator's WeCom customers at boot (its state lives in memory, like the directory): every
 * record contact linked to a WeCom customer is that customer, followed by the record's owner; in
 * the demo each rep also has a few customers no record knows yet (待建档). The contacts sync then
 * reads them like any WeCom corp's. Returns how many were added.
 */
export async function loadSimulatorExternalContacts(db: Database, simulator: Pick<Simulator, 'state'>, opts: { demo: boolean }): Promise<number> {
  const ec = simulator.state.externalContacts;
  const rows: Array<{ external_user_id: string; name: string; phone: string | null; customer_id: number | string; customer_name: string; wecom_user_id: string; created_at: string | Date }> = await db.manager.query(
    `SELECT cc.external_user_id, cc.name, cc.phone, c.id AS customer_id, c.name AS customer_name, u.wecom_user_id, cc.created_at
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
      addDemoGroups(simulator, rep.wecom_user_id, rows.filter((r) => r.wecom_user_id === rep.wecom_user_id));
    }
  }
  return added;
}

/**
 * The demo's customer groups (issue 11), two per rep, in a stable order (so their chat ids repeat
 * on every start): one its customers joined through the first customer's join way (it binds
 * itself to that customer at the start-up sync), one not bound yet, with a linked contact in it
 * (the sidebar suggests that contact's customer). The start-up group sync mirrors them.
 */
function addDemoGroups(simulator: Pick<Simulator, 'state'>, rep: string, linked: Array<{ external_user_id: string; customer_id: number | string; customer_name: string }>): void {
  const ec = simulator.state.externalContacts;
  const [first, second] = linked;
  const unlinked = demoUnlinkedContacts(rep)[0];
  if (!first || !simulator.state.directory.user(rep)) return;
  try {
    ec.createGroup({ owner: rep, name: `${first.customer_name.slice(0, 20)}项目群`, externalUserIds: [first.external_user_id], state: customerJoinState(Number(first.customer_id)) });
    const others = [second?.external_user_id, unlinked && ec.contact(unlinked.externalUserId) ? unlinked.externalUserId : undefined].filter((x): x is string => !!x);
    if (others.length) ec.createGroup({ owner: rep, name: `${(second?.customer_name ?? unlinked?.corpName ?? '客户').slice(0, 20)}交流群`, externalUserIds: others });
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
  }
}
