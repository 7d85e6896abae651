import { In, type EntityManager } from 'typeorm';
import { CustomerContact } from '../../entities/customer-contact.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { WecomContactFollow } from '../../entities/wecom-contact-follow.entity.ts';
import { WecomContact } from '../../entities/wecom-contact.entity.ts';
import type { Actor } from '../auth/actor.ts';
import { NotFoundError } from '../http/errors.ts';
import { phoneKey } from './rules/normalize-name.ts';
import { likePrefix } from '../infra/db.ts';
import { updateCards } from '../notifications/card-updates.ts';
import { contactsMessages, WecomContactLinkedError } from './wecom-contact.errors.ts';

/**
 * The rules of a link between a WeCom customer (server/contacts mirrors them; customers owns the link column) and a record's contact, shared by the link
 * endpoint, customer creation with `externalUserId` and the card buttons. Everything runs
 * inside the caller's transaction.
 */

/** The WeCom customer, if the actor follows them (admins: anyone's); 404 otherwise. */
export async function requireOwnWecomContact(em: EntityManager, actor: Pick<Actor, 'role' | 'wecomUserId'>, externalUserId: string): Promise<{ contact: WecomContact; follows: WecomContactFollow[] }> {
  const contact = await em.findOneBy(WecomContact, { externalUserId });
  const follows = contact ? await em.findBy(WecomContactFollow, { externalUserId }) : [];
  const mine = follows.some((f) => f.wecomUserId.toLowerCase() === actor.wecomUserId.toLowerCase());
  if (!contact || (!mine && actor.role !== 'admin')) throw new NotFoundError(contactsMessages.notFound);
  return { contact, follows };
}

/** 409 when the WeCom customer is already a contact of another record (same record: fine). */
export async function assertNotLinkedElsewhere(em: EntityManager, externalUserId: string, customerId: number | null): Promise<CustomerContact | null> {
  const linked = await em.findOneBy(CustomerContact, { externalUserId });
  if (linked && linked.customerId !== customerId) {
    const row: Array<{ name: string }> = await em.query('SELECT name FROM customers WHERE id = ?', [linked.customerId]);
    throw new WecomContactLinkedError(String(linked.customerId), row[0]?.name ?? null);
  }
  return linked;
}

/** The remark a member gave, else WeCom's name: how the record names the person. */
export function contactNameOf(contact: WecomContact, follows: WecomContactFollow[], wecomUserId?: string): string {
  const own = follows.find((f) => wecomUserId && f.wecomUserId.toLowerCase() === wecomUserId.toLowerCase())?.remark;
  const name = own || contact.name;
  return [...name].slice(0, 64).join('');
}

/** The first remark mobile that keys to a phone, with its key. */
export function firstRemarkPhone(follows: WecomContactFollow[], wecomUserId?: string): { phone: string; key: string } | null {
  const ordered = [...follows].sort((a, b) => Number(b.wecomUserId === wecomUserId) - Number(a.wecomUserId === wecomUserId));
  for (const f of ordered) {
    for (const m of JSON.parse(f.remarkMobiles) as string[]) {
      const key = phoneKey(m);
      if (key && m.length <= 32) return { phone: m, key };
    }
  }
  return null;
}

/**
 * Links the WeCom customer to the record: an existing contact with the same phone (or the same
 * name) and no link yet takes the id; otherwise a new contact is added. Idempotent.
 */
export async function linkToCustomer(
  em: EntityManager, externalUserId: string, customerId: number, who: { wecomUserId: string }, now: Date,
): Promise<{ contactId: number; created: boolean; alreadyLinked: boolean }> {
  const existing = await assertNotLinkedElsewhere(em, externalUserId, customerId);
  if (existing) return { contactId: existing.id, created: false, alreadyLinked: true };
  const contact = await em.findOneByOrFail(WecomContact, { externalUserId });
  const follows = await em.findBy(WecomContactFollow, { externalUserId });
  const name = contactNameOf(contact, follows, who.wecomUserId);
  const phone = firstRemarkPhone(follows, who.wecomUserId);
  const own = await em.findBy(CustomerContact, { customerId });
  const match = own.find((c) => c.externalUserId === null && phone && c.phoneKey === phone.key)
    ?? own.find((c) => c.externalUserId === null && (c.name === name || c.name === contact.name));
  if (match) {
    await em.update(CustomerContact, { id: match.id }, { externalUserId });
    return { contactId: match.id, created: false, alreadyLinked: false };
  }
  // The phone goes along unless another record has it (the duplicate rule keys phones).
  const phoneTaken = phone ? await em.countBy(CustomerContact, { phoneKey: phone.key }) : 0;
  const result = await em.insert(CustomerContact, {
    customerId, name, title: null, phone: phone && !phoneTaken ? phone.phone : null, phoneKey: phone && !phoneTaken ? phone.key : null,
    externalUserId, birthday: null, createdAt: now,
  });
  return { contactId: Number(result.identifiers[0]!.id), created: true, alreadyLinked: false };
}

export interface WecomFollowerDto {
  userId: string | null;
  wecomUserId: string;
  name: string;
  remark: string | null;
}

/** Who follows each of these WeCom customers, with the members' names. */
export async function followersOf(em: EntityManager, externalUserIds: string[]): Promise<Map<string, WecomFollowerDto[]>> {
  const out = new Map<string, WecomFollowerDto[]>();
  if (!externalUserIds.length) return out;
  const follows = await em.find(WecomContactFollow, { where: { externalUserId: In(externalUserIds) }, order: { addedAt: 'ASC', id: 'ASC' } });
  const users = follows.length ? await em.find(User, { where: { wecomUserId: In([...new Set(follows.map((f) => f.wecomUserId))]) } }) : [];
  const byWecomId = new Map(users.map((u) => [u.wecomUserId.toLowerCase(), u]));
  for (const f of follows) {
    const u = byWecomId.get(f.wecomUserId.toLowerCase());
    const list = out.get(f.externalUserId) ?? [];
    list.push({ userId: u ? String(u.id) : null, wecomUserId: f.wecomUserId, name: u?.name ?? f.wecomUserId, remark: f.remark });
    out.set(f.externalUserId, list);
  }
  return out;
}

/** Every "新客户 … 已添加" card of this WeCom customer shows the outcome and loses its buttons. */
export async function closeAddedCards(em: EntityManager, externalUserId: string, text: string, now: Date): Promise<void> {
  const rows: Array<{ event_key: string }> = await em.query(
    "SELECT DISTINCT event_key FROM outbox_messages WHERE event_key LIKE ? ESCAPE '!' AND (outcome IS NULL OR outcome = 'choose-in-app') AND status IN ('pending', 'sending', 'sent')",
    [likePrefix(`wecom-contact-added:${externalUserId}:`)],
  );
  for (const r of rows) await updateCards(em, { eventKey: r.event_key }, { outcome: 'linked', update: { mode: 'replace-name', text } }, now);
}

/**
 * The WeCom customers a member follows, with the record each is linked to (null: 待建档) — what a
 * handover moves with transfer_customer / resigned/transfer_customer.
 */
export async function wecomContactsOfMember(em: EntityManager, wecomUserId: string): Promise<Array<{ externalUserId: string; customerId: number | null }>> {
  const rows: Array<{ external_user_id: string; customer_id: number | string | null }> = await em.query(
    `SELECT f.external_user_id, cc.customer_id FROM wecom_contact_follows f
       LEFT JOIN customer_contacts cc ON cc.external_user_id = f.external_user_id
      WHERE f.wecom_user_id = ? ORDER BY f.id`, [wecomUserId]);
  return rows.map((r) => ({ externalUserId: r.external_user_id, customerId: r.customer_id === null ? null : Number(r.customer_id) }));
}
