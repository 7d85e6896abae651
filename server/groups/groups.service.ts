import { In, type EntityManager } from 'typeorm';
import { CustomerGroup, CustomerGroupMember } from '../../entities/customer-group.entity.ts';
import { CustomerTeamChat } from '../../entities/customer-team-chat.entity.ts';
import { OwnershipEvent } from '../../entities/ownership-event.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { writeAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { loadAccessFacts, requireVisibleCustomer } from '../customers/customer-access.ts';
import type { CustomerDto } from '../customers/customers.dto.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { canLogFollowUp, canViewCustomer } from '../customers/rules/visibility.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db.ts';
import { GroupAlreadyBoundError, GroupBindForbiddenError, GroupDismissedError, GroupNotFoundError } from './groups.errors.ts';

export interface GroupMemberDto {
  id: string;
  type: 'internal' | 'external';
  name: string;
  customerId: string | null;
}

export interface GroupDto {
  chatId: string;
  name: string;
  owner: { wecomUserId: string; name: string } | null;
  members: GroupMemberDto[];
  customer: CustomerDto | null;
  suggestions: CustomerDto[];
  dismissed: boolean;
}

const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Customer groups bound to customer records (API.md "Chat sidebar and group chats"). A group is
 * seen by its internal members and by whoever sees its bound customer; the customer, a member's
 * linked customer and the suggestions only when the caller may see that customer.
 */
export class GroupsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly customers: Pick<CustomersService, 'hydrateByIds'>,
  ) {}

  async assertVisible(actor: Actor, chatId: string): Promise<void> {
    await this.requireVisibleGroup(this.db.manager, actor, chatId);
  }

  async get(actor: Actor, chatId: string): Promise<GroupDto> {
    const em = this.db.manager;
    const { group, members } = await this.requireVisibleGroup(em, actor, chatId);
    return this.dto(em, actor, group, members);
  }

  async bind(actor: Actor, chatId: string, customerId: number): Promise<GroupDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { group } = await this.requireVisibleGroup(em, actor, chatId);
      const loaded = await requireVisibleCustomer(em, actor, customerId, { lock: true });
      if (!canLogFollowUp(actor, loaded.facts)) throw new GroupBindForbiddenError();
      if (group.customerId === customerId) return;
      if (group.customerId !== null) throw new GroupAlreadyBoundError();
      if (group.status === 'dismissed') throw new GroupDismissedError();
      // Conditional on still being unbound: two binders at once, one wins.
      const res = await em.createQueryBuilder().update(CustomerGroup)
        .set({ customerId, boundBy: actor.id, boundAt: now })
        .where('id = :id AND customer_id IS NULL', { id: group.id }).execute();
      if (!res.affected) throw new GroupAlreadyBoundError();
      await em.insert(OwnershipEvent, {
        customerId, type: 'group_bound', fromUserId: null, toUserId: null, byUserId: actor.id,
        reason: [...`绑定客户群「${group.name || '未命名客户群'}」`].slice(0, 255).join(''), rule: null, fromValue: null, toValue: null, at: now,
      });
      await writeAudit(em, {
        actorId: actor.id, action: 'group.bind', entityType: 'customer_group', entityId: group.id,
        before: { customerId: null }, after: { customerId, chatId }, requestId: actor.requestId, at: now,
      });
    });
    return this.get(actor, chatId);
  }

  async unbind(actor: Actor, chatId: string): Promise<GroupDto> {
    const now = this.clock.now();
    await this.db.tx(async (em) => {
      const { group } = await this.requireVisibleGroup(em, actor, chatId);
      if (group.customerId === null) return;
      const loaded = await loadAccessFacts(em, group.customerId, { lock: true });
      if (loaded && !canLogFollowUp(actor, loaded.facts)) throw new GroupBindForbiddenError();
      const customerId = group.customerId;
      await em.update(CustomerGroup, { id: group.id }, { customerId: null, boundBy: null, boundAt: null });
      if (loaded) {
        await em.insert(OwnershipEvent, {
          customerId, type: 'group_unbound', fromUserId: null, toUserId: null, byUserId: actor.id,
          reason: [...`解除绑定客户群「${group.name || '未命名客户群'}」`].slice(0, 255).join(''), rule: null, fromValue: null, toValue: null, at: now,
        });
      }
      await writeAudit(em, {
        actorId: actor.id, action: 'group.unbind', entityType: 'customer_group', entityId: group.id,
        before: { customerId, chatId }, after: { customerId: null }, requestId: actor.requestId, at: now,
      });
    });
    return this.get(actor, chatId);
  }

  /** `GET /api/groups?bound=false`: the active customer groups the caller is in that no customer has yet (to bind from a customer page). */
  async listUnboundOfMine(actor: Actor) {
    const rows: Array<{ chat_id: string; name: string; owner_wecom_user_id: string; member_count: number | string }> = await this.db.manager.query(
      `SELECT g.chat_id, g.name, g.owner_wecom_user_id, g.member_count FROM customer_groups g
        WHERE g.status = 'active' AND g.customer_id IS NULL
          AND (g.owner_wecom_user_id = ? OR EXISTS (SELECT 1 FROM customer_group_members m WHERE m.chat_id = g.chat_id AND m.type = 1 AND m.member_id = ?))
        ORDER BY g.id DESC LIMIT 100`, [actor.wecomUserId, actor.wecomUserId]);
    const owners = await this.userNames(this.db.manager, rows.map((r) => r.owner_wecom_user_id));
    return {
      items: rows.map((r) => ({
        chatId: r.chat_id, name: r.name, owner: { wecomUserId: r.owner_wecom_user_id, name: owners.get(r.owner_wecom_user_id.toLowerCase()) ?? r.owner_wecom_user_id },
        memberCount: Number(r.member_count), kind: 'external' as const, dismissed: false,
      })),
    };
  }

  /** `GET /api/customers/:id/groups`: the customer's bound groups (dismissed ones kept, marked). */
  async listForCustomer(actor: Actor, customerId: number) {
    const em = this.db.manager;
    await requireVisibleCustomer(em, actor, customerId);
    const groups = await em.find(CustomerGroup, { where: { customerId }, order: { status: 'ASC', id: 'ASC' } });
    // The customer's internal team group (客户作战群), once WeCom created it.
    const team = await em.findOneBy(CustomerTeamChat, { customerId, status: 'active' });
    const owners = await this.userNames(em, [...groups.map((g) => g.ownerWecomUserId), ...(team ? [team.ownerWecomUserId] : [])]);
    const owner = (id: string) => ({ wecomUserId: id, name: owners.get(id.toLowerCase()) ?? id });
    return {
      items: [
        ...(team ? [{ chatId: team.chatId, name: team.name, owner: owner(team.ownerWecomUserId), memberCount: (JSON.parse(team.memberIds) as string[]).length, kind: 'team' as const, dismissed: false }] : []),
        ...groups.map((g) => ({
          chatId: g.chatId, name: g.name, owner: owner(g.ownerWecomUserId), memberCount: g.memberCount, kind: 'external' as const, dismissed: g.status === 'dismissed',
        })),
      ],
    };
  }

  /** 404 unless the caller is an internal member (or the owner) of the group, or sees its bound customer. */
  private async requireVisibleGroup(em: EntityManager, actor: Actor, chatId: string) {
    const group = await em.findOneBy(CustomerGroup, { chatId });
    if (!group) throw new GroupNotFoundError();
    const members = await em.find(CustomerGroupMember, { where: { chatId }, order: { type: 'ASC', id: 'ASC' } });
    const inGroup = sameUser(group.ownerWecomUserId, actor.wecomUserId)
      || members.some((m) => m.type === 1 && sameUser(m.memberId, actor.wecomUserId));
    if (inGroup) return { group, members };
    if (group.customerId !== null) {
      const loaded = await loadAccessFacts(em, group.customerId);
      if (loaded && canViewCustomer(actor, loaded.facts)) return { group, members };
    }
    throw new GroupNotFoundError();
  }

  private async dto(em: EntityManager, actor: Actor, group: CustomerGroup, members: CustomerGroupMember[]): Promise<GroupDto> {
    const externalIds = members.filter((m) => m.type === 2).map((m) => m.memberId);
    const links: Array<{ external_user_id: string; customer_id: number | string }> = externalIds.length
      ? await em.query(`SELECT external_user_id, customer_id FROM customer_contacts WHERE external_user_id IN (${externalIds.map(() => '?').join(',')})`, externalIds)
      : [];
    const linkedIds = [...new Set(links.map((l) => Number(l.customer_id)))];
    const visible = new Set<number>();
    for (const id of new Set([...linkedIds, ...(group.customerId !== null ? [group.customerId] : [])])) {
      const loaded = await loadAccessFacts(em, id);
      if (loaded && canViewCustomer(actor, loaded.facts)) visible.add(id);
    }
    const linkOf = new Map(links.map((l) => [l.external_user_id, Number(l.customer_id)]));
    const suggestionIds = group.customerId === null ? linkedIds.filter((id) => visible.has(id)).slice(0, 5) : [];
    const wanted = [...new Set([...(group.customerId !== null && visible.has(group.customerId) ? [group.customerId] : []), ...suggestionIds])];
    const hydrated = wanted.length ? await this.customers.hydrateByIds(em, wanted) : [];
    const byId = new Map(hydrated.map((c) => [Number(c.id), c]));
    const owners = await this.userNames(em, [group.ownerWecomUserId]);
    return {
      chatId: group.chatId,
      name: group.name,
      owner: { wecomUserId: group.ownerWecomUserId, name: owners.get(group.ownerWecomUserId.toLowerCase()) ?? group.ownerWecomUserId },
      members: members.map((m) => {
        const linked = m.type === 2 ? linkOf.get(m.memberId) : undefined;
        return {
          id: m.memberId, type: m.type === 1 ? 'internal' as const : 'external' as const, name: m.name,
          customerId: linked !== undefined && visible.has(linked) ? String(linked) : null,
        };
      }),
      customer: group.customerId !== null ? byId.get(group.customerId) ?? null : null,
      suggestions: suggestionIds.map((id) => byId.get(id)).filter((c): c is CustomerDto => !!c),
      dismissed: group.status === 'dismissed',
    };
  }

  private async userNames(em: EntityManager, wecomUserIds: string[]): Promise<Map<string, string>> {
    if (!wecomUserIds.length) return new Map();
    const users = await em.find(User, { where: { wecomUserId: In([...new Set(wecomUserIds)]) }, select: { wecomUserId: true, name: true } });
    return new Map(users.map((u) => [u.wecomUserId.toLowerCase(), u.name]));
  }
}
