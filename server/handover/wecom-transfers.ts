import type { EntityManager } from 'typeorm';
import type { ExternalContactsDirectory } from '../contacts/external-contacts-directory.ts';
import { wecomContactsOfMember } from '../customers/wecom-contact-links.ts';
import { wecomErrcode } from '../auth/wecom-directory.ts';
import type { Clock } from '../infra/clock.ts';
import type { Logger } from '../infra/logger.ts';
import { execute, placeholders, readQuery, sqlTime, type Database } from '../infra/db.ts';

/** What a handover's WeCom side shows: how many were asked for, taken over, still waiting, failed. */
export interface WecomTransferCounts {
  requested: number;
  takenOver: number;
  waiting: number;
  failed: number;
}

/** WeCom takes at most 100 customers (or chats) per transfer call. */
const PER_CALL = 100;
const MESSAGE = '您好，您的服务已升级，后续将由我的同事继续为您服务。';

/** Why WeCom refused one customer of a transfer (WECOM.md §6; the simulator enforces them). */
export function transferErrorNote(errcode: number): string {
  switch (errcode) {
    case 40096: case 84061: return '该客户已不是离职成员的客户';
    case 40097: return '接替成员不在应用可见范围或未开通客户联系';
    case 40098: return '接替成员尚未实名认证或未激活';
    case 40100: return '接替成员的客户数已达上限';
    case 40127: case 40128: return '该客户 90 天内已转接 2 次，暂不能再转';
    case 40129: return '该客户正在转接中';
    case 40130: return '原成员与接替成员相同';
    case 90500: case 90501: case 90502: return '客户群转接失败：群主或接替成员不符合要求';
    default: return `企业微信拒绝转接（${errcode}）`;
  }
}

/**
 * The WeCom side of a handover: the leaver's WeCom customers linked to the moved customers go to
 * the customer's new owner through WeCom's transfer API (on-job while the leaver is active,
 * resigned after), their customer groups likewise. Rows are planned inside the handover's
 * transaction; WeCom is called after the commit (never inside a transaction), 100 per call; the
 * `handover-wecom` job asks transfer_result until each is taken over (24 h), refused or failed,
 * and transfer_fail callbacks say so at once. Failures can be retried or given to someone else.
 */
export class WecomTransfers {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly directory: ExternalContactsDirectory | undefined,
    private readonly logger: Logger,
  ) {}

  /** A failure after the CRM side committed: the rows stay pending and the job requests them again. */
  logFailure(err: unknown, handoverId: number): void {
    this.logger.error({ err, handoverId }, 'handover: requesting the WeCom transfers failed; the handover-wecom job will retry');
  }

  get available(): boolean {
    return !!this.directory;
  }

  /** The leaver's customer groups (owner), when WeCom can be asked; 0 otherwise. */
  async groupCount(ownerWecomUserId: string): Promise<number> {
    if (!this.directory) return 0;
    try {
      return (await this.directory.listGroupChats([ownerWecomUserId], 0)).length;
    } catch (err) {
      this.logger.warn({ err }, 'handover: groupchat/list failed');
      return 0;
    }
  }

  /** Plans the rows: each contact of the leaver linked to a customer this handover moved, to that customer's new owner. */
  async plan(em: EntityManager, handoverId: number, leaver: { wecomUserId: string; active: boolean }, now: Date): Promise<number> {
    if (!this.directory) return 0;
    const contacts = await wecomContactsOfMember(em, leaver.wecomUserId);
    const linked = contacts.filter((c) => c.customerId !== null);
    if (!linked.length) return 0;
    const moved = await readQuery<{ customer_id: number | string; to_user_id: number | string; wecom_user_id: string }>(em,
      `SELECT i.customer_id, i.to_user_id, u.wecom_user_id FROM handover_items i JOIN users u ON u.id = i.to_user_id
        WHERE i.handover_id = ? AND i.kind = 'customer' AND i.outcome = 'moved' AND i.to_user_id IS NOT NULL`, [handoverId]);
    const newOwner = new Map(moved.map((m) => [Number(m.customer_id), { id: Number(m.to_user_id), wecom: m.wecom_user_id }]));
    const rows = linked.flatMap((c) => {
      const to = newOwner.get(c.customerId!);
      return to ? [[handoverId, 'contact', c.externalUserId, c.customerId, leaver.wecomUserId, to.id, to.wecom, leaver.active ? 'onjob' : 'resigned', 'pending', sqlTime(now)]] : [];
    });
    for (let i = 0; i < rows.length; i += 200) {
      const part = rows.slice(i, i + 200);
      await em.query(
        `INSERT INTO handover_wecom_transfers (handover_id, target_type, target_id, customer_id, from_wecom_user, to_user_id, to_wecom_user, kind, status, updated_at)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, part.flat());
    }
    return rows.length;
  }

  /** Calls WeCom for the pending rows of a handover (or of all handovers), 100 per call, outside any transaction. */
  async request(handoverId: number | null): Promise<number> {
    if (!this.directory) return 0;
    const pending = await readQuery<{ id: number | string; target_id: string; from_wecom_user: string; to_wecom_user: string; kind: 'onjob' | 'resigned' }>(this.db.manager,
      `SELECT id, target_id, from_wecom_user, to_wecom_user, kind FROM handover_wecom_transfers
        WHERE status = 'pending' AND target_type = 'contact'${handoverId === null ? '' : ' AND handover_id = ?'} ORDER BY id LIMIT 5000`,
      handoverId === null ? [] : [handoverId]);
    const groups = new Map<string, typeof pending>();
    for (const p of pending) {
      const key = `${p.kind}\u0000${p.from_wecom_user}\u0000${p.to_wecom_user}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    let requested = 0;
    for (const rows of groups.values()) {
      for (let i = 0; i < rows.length; i += PER_CALL) {
        const part = rows.slice(i, i + PER_CALL);
        const { kind, from_wecom_user: from, to_wecom_user: to } = part[0]!;
        let outcomes: Array<{ external_userid: string; errcode: number }>;
        try {
          outcomes = await this.directory.transferCustomers(kind, {
            handoverUserid: from, takeoverUserid: to, externalUserids: part.map((p) => p.target_id), ...(kind === 'onjob' ? { transferSuccessMsg: MESSAGE } : {}),
          });
        } catch (err) {
          // The whole call failed (WeCom down, the pair refused): the rows stay pending for the next run, unless WeCom said why.
          const errcode = wecomErrcode(err);
          this.logger.warn({ err, errcode, from, to, count: part.length }, 'handover: WeCom transfer call failed');
          if (errcode !== undefined && errcode !== -1) await this.mark(part.map((p) => Number(p.id)), 'failed', errcode, transferErrorNote(errcode));
          continue;
        }
        const byId = new Map(outcomes.map((o) => [o.external_userid, o.errcode]));
        const started = part.filter((p) => byId.get(p.target_id) === 0).map((p) => Number(p.id));
        await this.mark(started, 'waiting', null, null, true);
        requested += started.length;
        for (const p of part.filter((r) => (byId.get(r.target_id) ?? -1) !== 0)) {
          const errcode = byId.get(p.target_id) ?? -1;
          await this.mark([Number(p.id)], 'failed', errcode, transferErrorNote(errcode));
        }
      }
    }
    return requested;
  }

  /**
   * The leaver's customer groups (as owner) to one successor: WeCom moves a group at once (no 24 h),
   * so each row is settled from the call's answer. Called after the commit, like every WeCom call.
   */
  async transferGroups(handoverId: number, from: { wecomUserId: string; active: boolean }, to: { id: number; wecomUserId: string }): Promise<number> {
    if (!this.directory) return 0;
    const kind = from.active ? 'onjob' : 'resigned';
    let chats: Array<{ chat_id: string }>;
    try {
      chats = await this.directory.listGroupChats([from.wecomUserId], 0);
    } catch (err) {
      this.logger.warn({ err, handoverId }, 'handover: groupchat/list failed');
      return 0;
    }
    const now = sqlTime(this.clock.now());
    let moved = 0;
    for (let i = 0; i < chats.length; i += PER_CALL) {
      const ids = chats.slice(i, i + PER_CALL).map((c) => c.chat_id);
      let failed: Array<{ chat_id: string; errcode: number }>;
      try {
        failed = await this.directory.transferGroupChats(kind, ids, to.wecomUserId);
      } catch (err) {
        this.logger.warn({ err, handoverId }, 'handover: groupchat transfer failed');
        failed = ids.map((chat_id) => ({ chat_id, errcode: wecomErrcode(err) ?? -1 }));
      }
      const errors = new Map(failed.map((f) => [f.chat_id, f.errcode]));
      for (const chatId of ids) {
        const errcode = errors.get(chatId) ?? 0;
        await this.db.manager.query(
          `INSERT INTO handover_wecom_transfers (handover_id, target_type, target_id, customer_id, from_wecom_user, to_user_id, to_wecom_user, kind, status, errcode, note, requested_at, updated_at)
           VALUES (?, 'group', ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [handoverId, chatId, from.wecomUserId, to.id, to.wecomUserId, kind, errcode === 0 ? 'taken_over' : 'failed', errcode || null,
            errcode === 0 ? null : transferErrorNote(errcode), now, now]);
        if (errcode === 0) moved++;
      }
    }
    return moved;
  }

  /** Asks WeCom how the waiting transfers went (transfer_result per pair): taken over, refused, at the successor's limit. */
  async poll(): Promise<{ checked: number; settled: number }> {
    if (!this.directory) return { checked: 0, settled: 0 };
    const waiting = await readQuery<{ id: number | string; target_id: string; from_wecom_user: string; to_wecom_user: string; kind: 'onjob' | 'resigned' }>(this.db.manager,
      "SELECT id, target_id, from_wecom_user, to_wecom_user, kind FROM handover_wecom_transfers WHERE status = 'waiting' AND target_type = 'contact' ORDER BY id LIMIT 20000");
    const pairs = new Map<string, typeof waiting>();
    for (const w of waiting) {
      const key = `${w.kind}\u0000${w.from_wecom_user}\u0000${w.to_wecom_user}`;
      pairs.set(key, [...(pairs.get(key) ?? []), w]);
    }
    let settled = 0;
    for (const rows of pairs.values()) {
      const { kind, from_wecom_user: from, to_wecom_user: to } = rows[0]!;
      let results: Array<{ external_userid: string; status: 1 | 2 | 3 | 4 | 5 }>;
      try {
        results = await this.directory.transferResults(kind, { handoverUserid: from, takeoverUserid: to });
      } catch (err) {
        this.logger.warn({ err, from, to }, 'handover: WeCom transfer_result failed');
        continue;
      }
      const status = new Map(results.map((r) => [r.external_userid, r.status]));
      for (const row of rows) {
        const s = status.get(row.target_id);
        const next = s === 1 ? 'taken_over' : s === 3 ? 'refused' : s === 4 ? 'limit' : null;
        if (!next) continue;
        await this.mark([Number(row.id)], next, null, next === 'refused' ? '客户拒绝转接' : next === 'limit' ? '接替成员的客户数已达上限' : null);
        settled++;
      }
    }
    return { checked: waiting.length, settled };
  }

  /** transfer_fail (WeCom's callback): the customer refused, or the successor is full. */
  async failed(failure: { takeoverUserid: string; externalUserId: string; reason: string }): Promise<void> {
    const status = failure.reason === 'customer_limit_exceed' ? 'limit' : 'refused';
    await execute(this.db.manager,
      `UPDATE handover_wecom_transfers SET status = ?, note = ?, updated_at = ? WHERE target_type = 'contact' AND target_id = ? AND to_wecom_user = ? AND status IN ('waiting', 'pending')`,
      [status, status === 'limit' ? '接替成员的客户数已达上限' : '客户拒绝转接', sqlTime(this.clock.now()), failure.externalUserId, failure.takeoverUserid]);
  }

  /** Failed rows again: to the same successor, or to another (their wecom id), then requested now. */
  async retry(handoverId: number, to: { id: number; wecomUserId: string } | null): Promise<number> {
    await execute(this.db.manager,
      `UPDATE handover_wecom_transfers SET status = 'pending', errcode = NULL, note = NULL, updated_at = ?${to ? ', to_user_id = ?, to_wecom_user = ?' : ''}
        WHERE handover_id = ? AND status IN ('failed', 'refused', 'limit')`,
      [sqlTime(this.clock.now()), ...(to ? [to.id, to.wecomUserId] : []), handoverId]);
    return this.request(handoverId);
  }

  async counts(em: EntityManager, handoverIds: readonly number[]): Promise<Map<number, WecomTransferCounts>> {
    const out = new Map<number, WecomTransferCounts>();
    if (!handoverIds.length) return out;
    const rows = await readQuery<{ handover_id: number | string; status: string; n: number | string }>(em,
      `SELECT handover_id, status, COUNT(*) AS n FROM handover_wecom_transfers WHERE handover_id IN (${placeholders(handoverIds.length)}) GROUP BY handover_id, status`, [...handoverIds]);
    for (const r of rows) {
      const c = out.get(Number(r.handover_id)) ?? { requested: 0, takenOver: 0, waiting: 0, failed: 0 };
      const n = Number(r.n);
      c.requested += n;
      if (r.status === 'taken_over') c.takenOver += n;
      else if (r.status === 'waiting' || r.status === 'pending') c.waiting += n;
      else c.failed += n;
      out.set(Number(r.handover_id), c);
    }
    return out;
  }

  async items(handoverId: number): Promise<Array<{
    targetType: 'contact' | 'group'; externalUserId: string; name: string; customerId: string | null; customerName: string | null;
    toUser: { id: string; name: string }; status: string; errcode: number | null; note: string | null;
  }>> {
    const rows = await readQuery<{
      target_type: 'contact' | 'group'; target_id: string; contact_name: string | null; customer_id: number | string | null; customer_name: string | null;
      to_user_id: number | string; name: string | null; status: string; errcode: number | string | null; note: string | null;
    }>(this.db.manager,
      `SELECT t.target_type, t.target_id, wc.name AS contact_name, t.customer_id, c.name AS customer_name, t.to_user_id, u.name, t.status, t.errcode, t.note
         FROM handover_wecom_transfers t LEFT JOIN users u ON u.id = t.to_user_id
         LEFT JOIN wecom_contacts wc ON wc.external_user_id = t.target_id AND t.target_type = 'contact'
         LEFT JOIN customers c ON c.id = t.customer_id
        WHERE t.handover_id = ? ORDER BY t.id LIMIT 2000`, [handoverId]);
    return rows.map((r) => ({
      targetType: r.target_type, name: r.contact_name ?? (r.target_type === 'group' ? '客户群' : ''), customerName: r.customer_name,
      externalUserId: r.target_id, customerId: r.customer_id === null ? null : String(r.customer_id),
      toUser: { id: String(r.to_user_id), name: r.name ?? '' }, status: r.status, errcode: r.errcode === null ? null : Number(r.errcode), note: r.note,
    }));
  }

  private async mark(ids: number[], status: string, errcode: number | null, note: string | null, requested = false): Promise<void> {
    if (!ids.length) return;
    const now = sqlTime(this.clock.now());
    await execute(this.db.manager,
      `UPDATE handover_wecom_transfers SET status = ?, errcode = ?, note = ?, updated_at = ?${requested ? ', requested_at = ?' : ''} WHERE id IN (${placeholders(ids.length)})`,
      [status, errcode, note, now, ...(requested ? [now] : []), ...ids]);
  }
}
