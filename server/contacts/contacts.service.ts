import type { EntityManager } from 'typeorm';
import { Department } from '../../entities/department.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { WecomContactFollow } from '../../entities/wecom-contact-follow.entity.ts';
import type { WecomContact } from '../../entities/wecom-contact.entity.ts';
import { writeAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { requireVisibleCustomer } from '../customers/customer-access.ts';
import { reindexCustomerSearch } from '../customers/customer-search.index.ts';
import type { CustomerDto } from '../customers/customers.dto.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { canViewCustomer, isInSubtree } from '../customers/rules/visibility.ts';
import { loadAccessFacts } from '../customers/customer-access.ts';
import { NotFoundError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import { fromSqlTime, placeholders, readQuery, type Database } from '../infra/db.ts';
import { closeAddedCards, followersOf, linkToCustomer, requireOwnWecomContact, type WecomFollowerDto } from '../customers/wecom-contact-links.ts';
import { contactsMessages } from '../customers/wecom-contact.errors.ts';
import type { ListWecomContactsQuery } from './contacts.schemas.ts';
import { remarkPhoneKeys } from './rules/contact-rows.ts';

export interface WecomContactDto {
  externalUserId: string;
  name: string;
  corpName: string | null;
  type: number;
  addedAt: string | null;
  followedBy: WecomFollowerDto[];
  customerId: string | null;
  /** One customer's view only: the numbers members typed as remark mobiles (the caller's first). */
  mobiles?: string[];
}

/** The event key of the "新客户 … 已添加" card one member got for one WeCom customer. */
export const addedCardEventKey = (externalUserId: string, wecomUserId: string) => `wecom-contact-added:${externalUserId}:${wecomUserId.toLowerCase()}`;

/**
 * WeCom customers as CRM material: a member's list (待建档 = not linked to any record), one
 * customer with the records it may be (same company name key or a remark mobile on a record's
 * contact), and the link to a record the member owns or co-follows.
 */
export class ContactsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly customers: CustomersService,
  ) {}

  async list(actor: Actor, query: ListWecomContactsQuery): Promise<{ items: WecomContactDto[]; total: number; page: number; pageSize: number }> {
    const em = this.db.manager;
    const member = await this.memberInScope(em, actor, query.userId);
    const where = ['f.wecom_user_id = ?'];
    const params: unknown[] = [member.wecomUserId];
    if (query.linked === false) where.push('cc.id IS NULL');
    if (query.linked === true) where.push('cc.id IS NOT NULL');
    const from = `FROM wecom_contact_follows f JOIN wecom_contacts c ON c.external_user_id = f.external_user_id
      LEFT JOIN customer_contacts cc ON cc.external_user_id = c.external_user_id WHERE ${where.join(' AND ')}`;
    const [count] = await readQuery<{ n: number | string }>(em, `SELECT COUNT(*) AS n ${from}`, params);
    const rows = await readQuery<{ external_user_id: string; name: string; corp_name: string | null; type: number | string; added_at: string | Date | null; customer_id: number | string | null }>(em,
      `SELECT c.external_user_id, c.name, c.corp_name, c.type, f.added_at, cc.customer_id ${from}
       ORDER BY f.added_at DESC, c.id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`, params);
    const followers = await followersOf(em, rows.map((r) => r.external_user_id));
    return {
      items: rows.map((r) => ({
        externalUserId: r.external_user_id, name: r.name, corpName: r.corp_name, type: Number(r.type),
        addedAt: fromSqlTime(r.added_at)?.toISOString() ?? null,
        followedBy: followers.get(r.external_user_id) ?? [],
        customerId: r.customer_id === null ? null : String(r.customer_id),
      })),
      total: Number(count?.n ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** One WeCom customer of the caller: the record it is linked to (if visible) and the records it may be. */
  async get(actor: Actor, externalUserId: string): Promise<{ contact: WecomContactDto; customer: CustomerDto | null; suggestions: CustomerDto[] }> {
    const em = this.db.manager;
    const { contact, follows } = await requireOwnWecomContact(em, actor, externalUserId);
    const linked: Array<{ customer_id: number | string }> = await em.query('SELECT customer_id FROM customer_contacts WHERE external_user_id = ?', [externalUserId]);
    const linkedId = linked[0] ? Number(linked[0].customer_id) : null;
    let customer: CustomerDto | null = null;
    if (linkedId !== null) {
      const facts = await loadAccessFacts(em, linkedId);
      if (facts && canViewCustomer(actor, facts.facts)) customer = (await this.customers.hydrateByIds(em, [linkedId]))[0] ?? null;
    }
    const suggestions = linkedId === null ? await this.suggestionsFor(em, actor, contact, follows) : [];
    const followers = await followersOf(em, [externalUserId]);
    return {
      contact: {
        externalUserId, name: contact.name, corpName: contact.corpName, type: contact.type,
        addedAt: contact.addedAt ? new Date(contact.addedAt).toISOString() : null,
        followedBy: followers.get(externalUserId) ?? [], customerId: linkedId === null ? null : String(linkedId),
        mobiles: [...new Set([...follows].sort((a, b) => Number(b.wecomUserId === actor.wecomUserId) - Number(a.wecomUserId === actor.wecomUserId))
          .flatMap((f) => JSON.parse(f.remarkMobiles) as string[]))],
      },
      customer,
      suggestions,
    };
  }

  /**
   * Records this WeCom customer may be, visible to the actor: the same company (name key) or a
   * contact whose phone is one of the remark mobiles. At most 5.
   */
  async suggestionsFor(em: EntityManager, actor: Actor, contact: Pick<WecomContact, 'corpKey'>, follows: WecomContactFollow[]): Promise<CustomerDto[]> {
    const ids = new Set<number>();
    if (contact.corpKey) {
      const rows: Array<{ id: number | string }> = await em.query('SELECT id FROM customers WHERE name_key = ? LIMIT 5', [contact.corpKey]);
      rows.forEach((r) => ids.add(Number(r.id)));
    }
    const phones = remarkPhoneKeys(follows);
    if (phones.length) {
      const rows: Array<{ customer_id: number | string }> = await em.query(
        `SELECT DISTINCT customer_id FROM customer_contacts WHERE phone_key IN (${placeholders(phones.length)}) LIMIT 5`, phones);
      rows.forEach((r) => ids.add(Number(r.customer_id)));
    }
    const visible: number[] = [];
    for (const id of ids) {
      const facts = await loadAccessFacts(em, id);
      if (facts && canViewCustomer(actor, facts.facts)) visible.push(id);
    }
    return visible.length ? this.customers.hydrateByIds(em, visible.slice(0, 5)) : [];
  }

  /**
   * Links the caller's WeCom customer to a record they own or co-follow. A hidden record is 404,
   * a visible one that is not theirs 404 too (nothing to link it to); linked elsewhere → 409.
   */
  async link(actor: Actor, externalUserId: string, customerId: number): Promise<{ externalUserId: string; customerId: string; contactId: string }> {
    const now = this.clock.now();
    const result = await this.db.tx(async (em) => {
      const { facts } = await requireVisibleCustomer(em, actor, customerId, { lock: true });
      await requireOwnWecomContact(em, actor, externalUserId);
      if (facts.ownerId !== actor.id && !facts.followerIds.includes(actor.id)) throw new NotFoundError(contactsMessages.customerNotYours);
      const linked = await linkToCustomer(em, externalUserId, customerId, actor, now);
      if (!linked.alreadyLinked) {
        await reindexCustomerSearch(em, [customerId]);
        await writeAudit(em, {
          actorId: actor.id, action: 'customer.contact.link', entityType: 'customer', entityId: customerId,
          after: { externalUserId, contactId: linked.contactId }, requestId: actor.requestId, at: now,
        });
        await closeAddedCards(em, externalUserId, '已关联客户', now);
      }
      return linked;
    });
    return { externalUserId, customerId: String(customerId), contactId: String(result.contactId) };
  }

  /** The member whose list is asked: the caller, or for managers someone in their subtree (admins: anyone); else 404. */
  private async memberInScope(em: EntityManager, actor: Actor, userId: string | undefined): Promise<{ wecomUserId: string }> {
    if (userId === undefined || Number(userId) === actor.id) return actor;
    if (actor.role === 'rep') throw new NotFoundError(contactsMessages.userNotFound);
    const user = await em.findOneBy(User, { id: Number(userId) });
    if (!user) throw new NotFoundError(contactsMessages.userNotFound);
    if (actor.role === 'admin') return user;
    const dept = await em.findOneBy(Department, { id: user.departmentId });
    if (!dept || !isInSubtree(dept.path, actor.departmentPath)) throw new NotFoundError(contactsMessages.userNotFound);
    return user;
  }
}

