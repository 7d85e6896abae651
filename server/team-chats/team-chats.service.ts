import { randomBytes } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { CustomerTeamChat, TeamChatPost } from '../../entities/customer-team-chat.entity.ts';
import type { FollowUpType } from '../../entities/follow-up.entity.ts';
import { writeAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { requireEditableCustomer } from '../customers/customer-access.ts';
import type { Clock } from '../infra/clock.ts';
import { isUniqueViolation, sqlTime, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { findLeaders } from '../org/leaders.repository.ts';
import type { AppChatSource } from './app-chat-source.ts';
import { TYPE_LABELS } from '../approvals/approvals.schemas.ts';
import { approvalPost, contractPost, followUpPost, historyPost, paymentPost, reclaimWarningPost, summaryPost } from './rules/post-texts.ts';
import { TeamChatInPoolError, TeamChatTooSmallError, TeamChatWecomError } from './team-chats.errors.ts';

/** WeCom: "chatid exists" — a create that reached WeCom before a crash or timeout. UNCONFIRMED number (simulator's). */
const CHAT_EXISTS = 86215;
/** A post claimed longer ago than this was claimed by a run that died: it is sent again. */
const SENDING_LEASE_MS = 5 * 60_000;
const errcodeOf = (err: unknown): number | null => {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : null;
};

interface Team {
  customerName: string;
  owner: { id: number; wecomUserId: string; name: string } | null;
  members: string[];
}

export interface TeamChatsRunSummary {
  job: 'team-chat-posts';
  affected: number;
  queued: number;
  sent: number;
  failed: number;
  membershipUpdates: number;
}

/**
 * The customer's team group (客户作战群): an app group chat (appchat) of the owner, the
 * co-followers and the owner's manager. The bot's posts — the summary first, then each new
 * follow-up and history event with its own text — are queued as rows (one per event, unique
 * key) and sent in order by the team-chat job, which also keeps the members following the team.
 * A send that fails stays queued and is retried; nothing is lost when WeCom fails.
 */
export class TeamChatsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly source: AppChatSource | undefined,
    private readonly logger: Logger,
  ) {}

  /** `POST /api/customers/:id/team-chat`: once per customer, idempotent. */
  async create(actor: Actor, customerId: number): Promise<{ chatId: string }> {
    const now = this.clock.now();
    const pending = await this.db.tx(async (em) => {
      const loaded = await requireEditableCustomer(em, actor, customerId, { lock: true });
      if (loaded.facts.inPool) throw new TeamChatInPoolError();
      const existing = await em.findOneBy(CustomerTeamChat, { customerId });
      if (existing) return existing;
      const team = await this.team(em, customerId);
      if (!team.owner || team.members.length < 2) throw new TeamChatTooSmallError();
      const row: Partial<CustomerTeamChat> = {
        customerId, chatId: `wecrm${customerId}x${randomBytes(4).toString('hex')}`.slice(0, 32),
        name: [...`${team.customerName}·作战群`].slice(0, 50).join(''), status: 'pending', ownerWecomUserId: team.owner.wecomUserId,
        memberIds: JSON.stringify(team.members), followUpCursor: 0, eventCursor: 0, createdBy: actor.id, createdAt: now,
      };
      await em.insert(CustomerTeamChat, row);
      await writeAudit(em, { actorId: actor.id, action: 'team_chat.create', entityType: 'customer', entityId: customerId, after: { chatId: row.chatId, members: team.members }, requestId: actor.requestId, at: now });
      return (await em.findOneByOrFail(CustomerTeamChat, { customerId }));
    }).catch(async (err) => {
      if (!isUniqueViolation(err)) throw err;
      return this.db.manager.findOneByOrFail(CustomerTeamChat, { customerId });
    });
    if (pending.status === 'active') return { chatId: pending.chatId };
    if (!this.source) throw new TeamChatWecomError(null);
    try {
      await this.source.createAppChat({ chatid: pending.chatId, name: pending.name, owner: pending.ownerWecomUserId, userlist: JSON.parse(pending.memberIds) as string[] });
    } catch (err) {
      const code = errcodeOf(err);
      if (code !== CHAT_EXISTS) {
        this.logger.warn({ err, customerId }, 'appchat/create failed');
        throw new TeamChatWecomError(code);
      }
    }
    await this.db.tx(async (em) => {
      const row = await em.findOneByOrFail(CustomerTeamChat, { id: pending.id });
      if (row.status === 'active') return;
      // Posts start from now: the summary, then what happens next.
      const [fu] = await em.query('SELECT COALESCE(MAX(id), 0) AS m FROM follow_ups WHERE customer_id = ?', [customerId]);
      const [oe] = await em.query('SELECT COALESCE(MAX(id), 0) AS m FROM ownership_events WHERE customer_id = ?', [customerId]);
      await em.update(CustomerTeamChat, { id: row.id }, { status: 'active', followUpCursor: Number(fu.m), eventCursor: Number(oe.m) });
      await this.queue(em, row, 'summary', await this.summary(em, customerId), now);
    });
    await this.deliver(pending.chatId).catch((err) => this.logger.warn({ err, customerId }, 'team chat summary not sent yet'));
    return { chatId: pending.chatId };
  }

  /** The team chat of a customer, for `GET /api/customers/:id/groups`. */
  async ofCustomer(em: EntityManager, customerId: number): Promise<CustomerTeamChat | null> {
    return em.findOneBy(CustomerTeamChat, { customerId, status: 'active' });
  }

  /** The job: queue posts for new events, update members, send what is queued. */
  async run(opts: { dryRun?: boolean } = {}): Promise<TeamChatsRunSummary> {
    const summary: TeamChatsRunSummary = { job: 'team-chat-posts', affected: 0, queued: 0, sent: 0, failed: 0, membershipUpdates: 0 };
    const chats = await this.db.manager.find(CustomerTeamChat, { where: { status: 'active' }, order: { id: 'ASC' } });
    if (opts.dryRun) return summary;
    for (const chat of chats) {
      summary.queued += await this.queueNewEvents(chat.id);
      try {
        if (await this.followTeam(chat.id)) summary.membershipUpdates++;
      } catch (err) {
        this.logger.warn({ err, chatId: chat.chatId }, 'team chat membership update failed');
      }
      const delivered = await this.deliver(chat.chatId).catch((err) => {
        this.logger.warn({ err, chatId: chat.chatId }, 'team chat posts not sent');
        return { sent: 0, failed: 1 };
      });
      summary.sent += delivered.sent;
      summary.failed += delivered.failed;
    }
    summary.affected = summary.sent + summary.membershipUpdates;
    return summary;
  }

  /** New follow-ups and history events since the chat's cursors become queued posts, in one transaction. */
  private async queueNewEvents(teamChatId: number): Promise<number> {
    const now = this.clock.now();
    return this.db.tx(async (em) => {
      const chat = await em.findOneByOrFail(CustomerTeamChat, { id: teamChatId });
      const [customer] = await em.query('SELECT name FROM customers WHERE id = ?', [chat.customerId]);
      if (!customer) return 0;
      let queued = 0;
      const followUps: Array<{ id: number | string; type: FollowUpType; content: string; author: string | null }> = await em.query(
        `SELECT f.id, f.type, f.content, u.name AS author FROM follow_ups f LEFT JOIN users u ON u.id = f.author_id
          WHERE f.customer_id = ? AND f.id > ? ORDER BY f.id LIMIT 200`, [chat.customerId, chat.followUpCursor]);
      for (const f of followUps) {
        if (await this.queue(em, chat, `fu:${f.id}`, followUpPost(customer.name, { author: f.author ?? '—', type: f.type, content: f.content }), now)) queued++;
      }
      const events: Array<{ id: number | string; type: string; reason: string | null; from_value: string | null; to_value: string | null; by_name: string | null; from_name: string | null; to_name: string | null }> = await em.query(
        `SELECT e.id, e.type, e.reason, e.from_value, e.to_value, b.name AS by_name, fu.name AS from_name, tu.name AS to_name
           FROM ownership_events e LEFT JOIN users b ON b.id = e.by_user_id LEFT JOIN users fu ON fu.id = e.from_user_id LEFT JOIN users tu ON tu.id = e.to_user_id
          WHERE e.customer_id = ? AND e.id > ? ORDER BY e.id LIMIT 200`, [chat.customerId, chat.eventCursor]);
      for (const e of events) {
        const text = historyPost(customer.name, { type: e.type, by: e.by_name, from: e.from_name, to: e.to_name, fromValue: e.from_value, toValue: e.to_value, reason: e.reason });
        if (text && (await this.queue(em, chat, `oe:${e.id}`, text, now))) queued++;
      }
      // Approvals decided since the group exists (one post per request, round and decision).
      const approvals: Array<{ id: number | string; type: string; amount_fen: number | string; status: 'approved' | 'rejected'; reason: string; round: number | string; requester: string | null }> = await em.query(
        `SELECT a.id, a.type, a.amount_fen, a.status, a.reason, a.round, u.name AS requester FROM approval_requests a LEFT JOIN users u ON u.id = a.requester_id
          WHERE a.customer_id = ? AND a.status IN ('approved', 'rejected') AND a.finished_at >= ? ORDER BY a.finished_at, a.id LIMIT 200`, [chat.customerId, sqlTime(chat.createdAt)]);
      for (const a of approvals) {
        const text = approvalPost(customer.name, { requester: a.requester ?? '—', typeLabel: TYPE_LABELS[a.type] ?? '费用', amountFen: Number(a.amount_fen), status: a.status, reason: a.reason });
        if (await this.queue(em, chat, `ap:${a.id}:${a.round}:${a.status}`, text, now)) queued++;
      }
      // Contracts signed and payments received since the group exists (the pipeline's tables).
      const since = sqlTime(chat.createdAt);
      const contracts: Array<{ id: number | string; number: string; amount_fen: number | string }> = await em.query(
        `SELECT id, number, amount_fen FROM contracts WHERE customer_id = ? AND status IN ('signed', 'completed') AND signed_at >= ? ORDER BY signed_at, id LIMIT 100`,
        [chat.customerId, since]);
      for (const c of contracts) {
        if (await this.queue(em, chat, `ct:${c.id}:signed`, contractPost(customer.name, { number: c.number, amountFen: Number(c.amount_fen) }), now)) queued++;
      }
      const payments: Array<{ id: number | string; amount_fen: number | string; received_on: string; number: string; by_name: string | null }> = await em.query(
        `SELECT p.id, p.amount_fen, p.received_on, c.number, u.name AS by_name FROM payments p JOIN contracts c ON c.id = p.contract_id
           LEFT JOIN users u ON u.id = p.by_user_id WHERE c.customer_id = ? AND p.created_at >= ? ORDER BY p.id LIMIT 100`,
        [chat.customerId, since]);
      for (const p of payments) {
        const text = paymentPost(customer.name, { number: p.number, amountFen: Number(p.amount_fen), receivedOn: p.received_on, by: p.by_name });
        if (await this.queue(em, chat, `pm:${p.id}`, text, now)) queued++;
      }
      // The pool's reclaim warnings (one per warning the owner got).
      const warnings: Array<{ id: number | string; payload: string }> = await em.query(
        `SELECT id, payload FROM outbox_messages WHERE customer_id = ? AND kind = 'reclaim-warning' AND created_at >= ? ORDER BY id LIMIT 50`,
        [chat.customerId, sqlTime(chat.createdAt)]);
      for (const w of warnings) {
        let p: { reason?: unknown; daysLeft?: unknown; dueAt?: unknown; rule?: unknown } = {};
        try { p = JSON.parse(w.payload) as typeof p; } catch { /* unreadable payload: generic words */ }
        const text = reclaimWarningPost(customer.name, { reason: typeof p.reason === 'string' ? p.reason : '即将到期', daysLeft: typeof p.daysLeft === 'number' ? p.daysLeft : 0 });
        // One post per warning, however many people the card went to.
        const key = typeof p.dueAt === 'string' ? `rw:${String(p.rule ?? '')}:${p.dueAt}` : `rw:${w.id}`;
        if (await this.queue(em, chat, key.slice(0, 60), text, now)) queued++;
      }
      const fuCursor = followUps.length ? Number(followUps[followUps.length - 1]!.id) : chat.followUpCursor;
      const evCursor = events.length ? Number(events[events.length - 1]!.id) : chat.eventCursor;
      if (fuCursor !== chat.followUpCursor || evCursor !== chat.eventCursor) {
        await em.update(CustomerTeamChat, { id: chat.id }, { followUpCursor: fuCursor, eventCursor: evCursor });
      }
      return queued;
    });
  }

  /** Members follow the team (owner changes, co-followers added or removed): appchat/update. */
  private async followTeam(teamChatId: number): Promise<boolean> {
    if (!this.source) return false;
    const chat = await this.db.manager.findOneByOrFail(CustomerTeamChat, { id: teamChatId });
    const team = await this.team(this.db.manager, chat.customerId);
    if (!team.owner || team.members.length < 2) return false; // back in the pool, or alone: the group stays as it is
    const current = JSON.parse(chat.memberIds) as string[];
    const add = team.members.filter((m) => !current.includes(m));
    const del = current.filter((m) => !team.members.includes(m));
    const ownerChanged = team.owner.wecomUserId !== chat.ownerWecomUserId;
    if (!add.length && !del.length && !ownerChanged) return false;
    await this.source.updateAppChat({
      chatid: chat.chatId,
      ...(ownerChanged ? { owner: team.owner.wecomUserId } : {}),
      ...(add.length ? { add_user_list: add } : {}),
      ...(del.length ? { del_user_list: del } : {}),
    });
    await this.db.manager.update(CustomerTeamChat, { id: chat.id }, { memberIds: JSON.stringify(team.members), ownerWecomUserId: team.owner.wecomUserId });
    return true;
  }

  /**
   * Sends the chat's queued posts in order; stops at the first failure (order kept, retried next
   * run). A post is claimed (`sending`) before the call so two runs never send it together; a
   * claim a crash left behind is taken again after SENDING_LEASE_MS (at least once rather than lost).
   */
  async deliver(chatId: string): Promise<{ sent: number; failed: number }> {
    if (!this.source) return { sent: 0, failed: 0 };
    let sent = 0;
    const posts = await this.db.manager.find(TeamChatPost, { where: { chatId, status: In(['pending', 'sending']) }, order: { id: 'ASC' }, take: 50 });
    for (const post of posts) {
      const now = this.clock.now();
      const claimed = await this.db.manager.createQueryBuilder().update(TeamChatPost)
        .set({ status: 'sending', sentAt: now, attempts: post.attempts + 1 })
        .where("id = :id AND (status = 'pending' OR (status = 'sending' AND sent_at < :stale))", { id: post.id, stale: sqlTime(new Date(now.getTime() - SENDING_LEASE_MS)) })
        .execute();
      if (!claimed.affected) {
        if (post.status === 'sending') return { sent, failed: 0 }; // another run is on it: keep the order
        continue;
      }
      try {
        await this.source.sendAppChatText(chatId, post.content);
      } catch (err) {
        await this.db.manager.update(TeamChatPost, { id: post.id }, { status: 'pending', sentAt: null, lastError: String(errcodeOf(err) ?? (err instanceof Error ? err.message : err)).slice(0, 255) });
        return { sent, failed: 1 };
      }
      await this.db.manager.update(TeamChatPost, { id: post.id }, { status: 'sent', lastError: null });
      sent++;
    }
    return { sent, failed: 0 };
  }

  private async queue(em: EntityManager, chat: CustomerTeamChat, key: string, content: string, now: Date): Promise<boolean> {
    const eventKey = `${chat.chatId}:${key}`;
    if (await em.findOneBy(TeamChatPost, { eventKey })) return false;
    await em.insert(TeamChatPost, { chatId: chat.chatId, customerId: chat.customerId, eventKey, content, status: 'pending', attempts: 0, lastError: null, createdAt: now, sentAt: null });
    return true;
  }

  /** Owner, co-followers (active), and the owner's manager; the owner first. */
  private async team(em: EntityManager, customerId: number): Promise<Team> {
    const [c] = await em.query(
      `SELECT c.name, u.id AS owner_id, u.wecom_user_id, u.name AS owner_name, u.status AS owner_status, d.path
         FROM customers c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments d ON d.id = u.department_id WHERE c.id = ?`, [customerId]);
    if (!c) return { customerName: '', owner: null, members: [] };
    if (c.owner_id === null || c.owner_status !== 'active') return { customerName: c.name, owner: null, members: [] };
    const owner = { id: Number(c.owner_id), wecomUserId: String(c.wecom_user_id), name: String(c.owner_name) };
    const followers: Array<{ wecom_user_id: string }> = await em.query(
      `SELECT u.wecom_user_id FROM customer_followers f JOIN users u ON u.id = f.user_id WHERE f.customer_id = ? AND u.status = 'active' ORDER BY f.user_id`, [customerId]);
    const leaders = c.path ? await findLeaders(em, String(c.path), [owner.id]) : [];
    const members = [owner.wecomUserId];
    for (const id of [...followers.map((f) => f.wecom_user_id), ...leaders.slice(0, 1).map((l) => l.wecomUserId)]) if (!members.includes(id)) members.push(id);
    return { customerName: c.name, owner, members };
  }

  private async summary(em: EntityManager, customerId: number): Promise<string> {
    const [c] = await em.query('SELECT c.name, c.stage, c.level, u.name AS owner FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?', [customerId]);
    const followers: Array<{ name: string }> = await em.query('SELECT u.name FROM customer_followers f JOIN users u ON u.id = f.user_id WHERE f.customer_id = ? ORDER BY f.user_id', [customerId]);
    const [last] = await em.query('SELECT f.content, u.name AS author FROM follow_ups f LEFT JOIN users u ON u.id = f.author_id WHERE f.customer_id = ? ORDER BY f.at DESC, f.id DESC LIMIT 1', [customerId]);
    return summaryPost({
      name: c.name, owner: c.owner ?? null, stage: c.stage, level: c.level ?? null, followers: followers.map((f) => f.name),
      lastFollowUp: last ? `${last.author ?? '—'}：${[...String(last.content)].slice(0, 200).join('')}` : null,
    });
  }
}
