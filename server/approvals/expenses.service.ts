import type { Actor } from '../auth/actor.ts';
import { likePrefix, readQuery, type Database } from '../infra/db.ts';
import { requireVisibleCustomer } from '../customers/customer-access.ts';

export interface ExpenseItemDto {
  approvalId: string;
  type: string;
  amountFen: number;
  reason: string;
  occurredOn: string | null;
  requester: { id: string; name: string };
  approvedAt: string | null;
}

export interface ExpenseReportDto {
  month: string;
  scope: 'all' | 'team' | 'mine';
  totalFen: number;
  count: number;
  byRep: Array<{ user: { id: string; name: string }; totalFen: number; count: number }>;
  byCustomer: Array<{ customer: { id: string; name: string } | null; totalFen: number; count: number }>;
}

/** Approved expenses: a customer's, and a month's per rep and per customer (报表). */
export class ExpensesService {
  constructor(private readonly db: Database) {}

  async forCustomer(actor: Actor, customerId: number): Promise<{ totalFen: number; items: ExpenseItemDto[] }> {
    await requireVisibleCustomer(this.db.manager, actor, customerId);
    const rows = await readQuery<Record<string, unknown>>(this.db.manager,
      `SELECT a.id, a.type, a.amount_fen, a.reason, a.occurred_on, a.requester_id, a.finished_at, u.name AS requester_name
         FROM approval_requests a JOIN users u ON u.id = a.requester_id
        WHERE a.customer_id = ? AND a.status = 'approved' ORDER BY a.finished_at DESC, a.id DESC LIMIT 500`, [customerId]);
    const items = rows.map((r) => ({
      approvalId: String(r.id), type: String(r.type), amountFen: Number(r.amount_fen), reason: String(r.reason),
      occurredOn: (r.occurred_on as string | null) ?? null, requester: { id: String(r.requester_id), name: String(r.requester_name) },
      approvedAt: r.finished_at ? new Date(r.finished_at instanceof Date ? r.finished_at : `${String(r.finished_at).replace(' ', 'T')}Z`).toISOString() : null,
    }));
    const [sum] = await readQuery<{ total: number | string | null }>(this.db.manager,
      "SELECT SUM(amount_fen) AS total FROM approval_requests WHERE customer_id = ? AND status = 'approved'", [customerId]);
    return { totalFen: Number(sum?.total ?? 0), items };
  }

  /**
   * The month's approved expenses (by the day they happen) within the caller's reach: admins all,
   * managers their department subtree, reps their own.
   */
  async monthReport(actor: Actor, month: string): Promise<ExpenseReportDto> {
    let scope: ExpenseReportDto['scope'];
    let where = "a.status = 'approved' AND a.occurred_on LIKE ? ESCAPE '!'";
    const params: unknown[] = [likePrefix(`${month}-`)];
    if (actor.role === 'admin') {
      scope = 'all';
    } else if (actor.role === 'manager') {
      scope = 'team';
      where += " AND d.path LIKE ? ESCAPE '!'";
      params.push(likePrefix(actor.departmentPath));
    } else {
      scope = 'mine';
      where += ' AND a.requester_id = ?';
      params.push(actor.id);
    }
    const from = `FROM approval_requests a JOIN users u ON u.id = a.requester_id JOIN departments d ON d.id = u.department_id WHERE ${where}`;
    const byRep = await readQuery<Record<string, unknown>>(this.db.manager,
      `SELECT a.requester_id, MAX(u.name) AS name, SUM(a.amount_fen) AS total, COUNT(*) AS n ${from} GROUP BY a.requester_id ORDER BY total DESC, a.requester_id`, params);
    const byCustomer = await readQuery<Record<string, unknown>>(this.db.manager,
      `SELECT a.customer_id, MAX(c.name) AS name, SUM(a.amount_fen) AS total, COUNT(*) AS n
         FROM approval_requests a JOIN users u ON u.id = a.requester_id JOIN departments d ON d.id = u.department_id
         LEFT JOIN customers c ON c.id = a.customer_id WHERE ${where} GROUP BY a.customer_id ORDER BY total DESC, a.customer_id`, params);
    const reps = byRep.map((r) => ({ user: { id: String(r.requester_id), name: String(r.name) }, totalFen: Number(r.total), count: Number(r.n) }));
    return {
      month, scope,
      totalFen: reps.reduce((s, r) => s + r.totalFen, 0),
      count: reps.reduce((s, r) => s + r.count, 0),
      byRep: reps,
      byCustomer: byCustomer.map((r) => ({
        customer: r.customer_id === null ? null : { id: String(r.customer_id), name: String(r.name ?? '') }, totalFen: Number(r.total), count: Number(r.n),
      })),
    };
  }
}
