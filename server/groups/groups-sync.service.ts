import { In, type EntityManager } from 'typeorm';
import { CustomerGroup, CustomerGroupMember } from '../../entities/customer-group.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { WecomContact } from '../../entities/wecom-contact.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { isUniqueViolation, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { Customer } from '../../entities/customer.entity.ts';
import { customerIdOfJoinState, type GroupChatSource, type WecomGroupChatFacts } from './group-chat-source.ts';
import { memberChangeText, memberChanges, type MemberRow } from './rules/member-changes.ts';

export interface GroupsSyncSummary {
  job: 'wecom-groups-sync';
  affected: number;
  owners: number;
  groups: number;
  failed: number;
  skipped?: string;
}

/** WeCom: the chat does not exist or is not an external group (dismissed, or never ours). */
const GONE_ERRCODES = new Set([90501, 40050, 86001]);
const errcodeOf = (err: unknown): number | null => {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : null;
};

/**
 * Mirrors WeCom customer groups (客户群): every active member's groups (groupchat/list by owner,
 * then groupchat/get each) at start-up and nightly, and one group again after each
 * change_external_chat callback — WeCom processes group changes asynchronously, so the event
 * only says "look again"; what groupchat/get answers is stored. Members joining or leaving a
 * bound group go on the customer's history.
 */
export class GroupsSyncService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly source: GroupChatSource | undefined,
    private readonly logger: Logger,
  ) {}

  async fullSync(opts: { dryRun?: boolean } = {}): Promise<GroupsSyncSummary> {
    const base: GroupsSyncSummary = { job: 'wecom-groups-sync', affected: 0, owners: 0, groups: 0, failed: 0 };
    if (!this.source) return { ...base, skipped: 'no WeCom customer-group client' };
    const owners = (await this.db.manager.find(User, { where: { status: 'active' }, select: { wecomUserId: true } })).map((u) => u.wecomUserId);
    if (!owners.length) return base;
    const chats = await this.source.listGroupChats(owners, 0);
    const summary = { ...base, owners: owners.length, groups: chats.length };
    if (opts.dryRun) return summary;
    // Groups stored as active that WeCom no longer lists (dismissed while no callback came) are read
    // again too: groupchat/get then says they are gone.
    const listed = new Set(chats.map((c) => c.chat_id));
    const stale = (await this.db.manager.find(CustomerGroup, { where: { status: 'active' }, select: { chatId: true } }))
      .map((g) => g.chatId).filter((id) => !listed.has(id));
    for (const chatId of [...listed, ...stale]) {
      try {
        const changed = await this.refreshChat(chatId);
        if (changed !== 'unchanged') summary.affected++;
      } catch (err) {
        summary.failed++;
        this.logger.warn({ err, chatId }, 'customer group sync failed');
      }
    }
    return summary;
  }

  /** Reads one group again (groupchat/get) and stores it; a group WeCom no longer has is dismissed. */
  async refreshChat(chatId: string): Promise<'created' | 'updated' | 'unchanged' | 'dismissed' | 'skipped'> {
    if (!this.source) return 'skipped';
    let facts: WecomGroupChatFacts;
    try {
      facts = await this.source.getGroupChat(chatId);
    } catch (err) {
      const code = errcodeOf(err);
      if (code !== null && GONE_ERRCODES.has(code)) return (await this.dismiss(chatId)) ? 'dismissed' : 'unchanged';
      throw err;
    }
    const run = () => this.db.tx((em) => this.store(em, facts));
    try {
      return await run();
    } catch (err) {
      // A callback and the sync storing the same new group at once: the second goes again.
      if (!isUniqueViolation(err)) throw err;
      return run();
    }
  }

  /** The group was dismissed (change_external_chat dismiss): kept, marked, its customer told. */
  async dismiss(chatId: string): Promise<boolean> {
    const now = this.clock.now();
    return this.db.tx(async (em) => {
      const group = await em.findOneBy(CustomerGroup, { chatId });
      if (!group || group.status === 'dismissed') return false;
      await em.update(CustomerGroup, { id: group.id }, { status: 'dismissed', dismissedAt: now, syncedAt: now });
      if (group.customerId !== null) {
        await em.insert(OwnershipEvent, {
          customerId: group.customerId, type: 'group_dismissed', fromUserId: null, toUserId: null, byUserId: null,
          reason: [...`客户群「${group.name}」已解散`].slice(0, 255).join(''), rule: null, fromValue: null, toValue: null, at: now,
        });
      }
      return true;
    });
  }

  private async store(em: EntityManager, facts: WecomGroupChatFacts): Promise<'created' | 'updated' | 'unchanged'> {
    // A callback and the sync storing one group at once: the second waits, then sees the first's members
    // (no "joined"/"left" told twice). First statement of the transaction, so InnoDB's snapshot is taken
    // after the wait. A new group is guarded by the unique chat_id instead.
    if (em.connection.options.type === 'mysql') await em.query('SELECT id FROM customer_groups WHERE chat_id = ? FOR UPDATE', [facts.chat_id]);
    const now = this.clock.now();
    const members = await this.memberRows(em, facts);
    const name = [...(facts.name ?? '')].slice(0, 128).join('');
    const group = await em.findOneBy(CustomerGroup, { chatId: facts.chat_id });
    if (!group) {
      await em.insert(CustomerGroup, {
        chatId: facts.chat_id, name, ownerWecomUserId: facts.owner, status: 'active', customerId: null, boundBy: null, boundAt: null,
        memberCount: members.length, wecomCreatedAt: facts.create_time ? new Date(facts.create_time * 1000) : null, dismissedAt: null,
        syncedAt: now, createdAt: now,
      });
      if (members.length) await em.insert(CustomerGroupMember, members.map((m) => ({ chatId: facts.chat_id, ...m })));
      await this.bindByJoinState(em, facts, name, now);
      return 'created';
    }
    const before = await em.findBy(CustomerGroupMember, { chatId: facts.chat_id });
    const { joined, left } = memberChanges(before, members);
    const renamed = group.name !== name || group.ownerWecomUserId !== facts.owner;
    await em.update(CustomerGroup, { id: group.id }, {
      name, ownerWecomUserId: facts.owner, memberCount: members.length, syncedAt: now,
      ...(group.status === 'dismissed' ? { status: 'active' as const, dismissedAt: null } : {}),
    });
    if (left.length) await em.delete(CustomerGroupMember, { chatId: facts.chat_id, memberId: In(left.map((m) => m.memberId)) });
    if (joined.length) await em.insert(CustomerGroupMember, joined.map((m) => ({ chatId: facts.chat_id, ...m })));
    // Names and join facts of those who stayed follow WeCom too.
    for (const m of members) {
      const old = before.find((b) => b.memberId === m.memberId);
      if (old && (old.name !== m.name || old.type !== m.type)) await em.update(CustomerGroupMember, { id: old.id }, { name: m.name, type: m.type });
    }
    if (group.customerId !== null && (joined.length || left.length)) {
      const customerId = group.customerId;
      await em.insert(OwnershipEvent, [
        ...joined.map((m) => ({ m, change: 'joined' as const })),
        ...left.map((m) => ({ m, change: 'left' as const })),
      ].map(({ m, change }) => ({
        customerId, type: change === 'joined' ? 'group_joined' as const : 'group_left' as const,
        fromUserId: null, toUserId: null, byUserId: null, reason: memberChangeText(m, change, name), rule: null,
        fromValue: null, toValue: null, at: now,
      })));
    }
    const selfBound = group.customerId === null && (await this.bindByJoinState(em, facts, name, now));
    return joined.length || left.length || renamed || selfBound ? 'updated' : 'unchanged';
  }

  /**
   * A group whose customers joined through a customer's join way (member `state` = wecrm-c<id>)
   * binds itself to that customer, when it is unbound and the customer is owned (not in a pool).
   */
  private async bindByJoinState(em: EntityManager, facts: WecomGroupChatFacts, name: string, now: Date): Promise<boolean> {
    const customerId = (facts.member_list ?? []).map((m) => customerIdOfJoinState(m.state)).find((id) => id !== null) ?? null;
    if (customerId === null) return false;
    const customer = await em.findOne(Customer, { where: { id: customerId }, select: { id: true, ownerId: true } });
    if (!customer || customer.ownerId === null) return false;
    const res = await em.createQueryBuilder().update(CustomerGroup)
      .set({ customerId, boundBy: null, boundAt: now })
      .where('chat_id = :chatId AND customer_id IS NULL', { chatId: facts.chat_id }).execute();
    if (!res.affected) return false;
    await em.insert(OwnershipEvent, {
      customerId, type: 'group_bound', fromUserId: null, toUserId: null, byUserId: null,
      reason: [...`客户通过入群二维码加入，自动绑定客户群「${name || '未命名客户群'}」`].slice(0, 255).join(''), rule: null, fromValue: null, toValue: null, at: now,
    });
    return true;
  }

  /** Members as stored: internal names from the users table, external ones from WeCom or the contacts mirror. */
  private async memberRows(em: EntityManager, facts: WecomGroupChatFacts): Promise<Array<MemberRow & { joinedAt: Date | null; joinScene: number }>> {
    const list = facts.member_list ?? [];
    const internalIds = list.filter((m) => m.type === 1).map((m) => m.userid);
    const externalIds = list.filter((m) => m.type === 2).map((m) => m.userid);
    const users = internalIds.length ? await em.find(User, { where: { wecomUserId: In(internalIds) }, select: { wecomUserId: true, name: true } }) : [];
    const contacts = externalIds.length ? await em.find(WecomContact, { where: { externalUserId: In(externalIds) }, select: { externalUserId: true, name: true } }) : [];
    const userName = new Map(users.map((u) => [u.wecomUserId.toLowerCase(), u.name]));
    const contactName = new Map(contacts.map((c) => [c.externalUserId, c.name]));
    const seen = new Set<string>();
    const out: Array<MemberRow & { joinedAt: Date | null; joinScene: number }> = [];
    for (const m of list) {
      if (!m.userid || seen.has(m.userid)) continue;
      seen.add(m.userid);
      const name = (m.type === 1 ? userName.get(m.userid.toLowerCase()) : contactName.get(m.userid)) ?? m.name ?? m.group_nickname ?? m.userid;
      out.push({
        memberId: m.userid.slice(0, 64), type: m.type === 2 ? 2 : 1, name: [...name].slice(0, 64).join(''),
        joinedAt: m.join_time ? new Date(m.join_time * 1000) : null, joinScene: Number.isInteger(m.join_scene) ? m.join_scene : 0,
      });
    }
    return out;
  }
}
