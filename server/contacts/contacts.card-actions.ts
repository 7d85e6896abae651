import { CustomerContact } from '../../entities/customer-contact.entity.ts';
import { WecomContactFollow } from '../../entities/wecom-contact-follow.entity.ts';
import { WecomContact } from '../../entities/wecom-contact.entity.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { CustomerDuplicateError, type DuplicateDetails } from '../customers/customers.errors.ts';
import { AppError } from '../http/errors.ts';
import type { Database } from '../infra/db.ts';
import type { CardAction, CardActionResult } from '../notifications/card-actions.ts';
import { contactNameOf, firstRemarkPhone } from '../customers/wecom-contact-links.ts';
import type { ContactsService } from './contacts.service.ts';

/** 建档 on a "新客户 … 已添加" card: `wcc:create:<external_userid>`. */
export const CONTACT_CREATE_PREFIX = 'wcc:create:';
/** 关联已有: `wcc:link:<external_userid>`. */
export const CONTACT_LINK_PREFIX = 'wcc:link:';

const EXTERNAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

const done = (outcome: string, text: string): CardActionResult => ({ outcome, update: { mode: 'replace-name', text: [...text].slice(0, 20).join('') }, scope: 'clicker' });

/**
 * 建档 from chat: the record is created from the WeCom customer (company = corp name, else the
 * person's name; the contact with the remark mobile), through CustomersService.create with its
 * duplicate check. When the company already exists and is the member's (owned or co-followed)
 * the customer is linked to it instead; otherwise the card says who owns it and the card's page
 * (the app's link page) stays the way to go on.
 */
export function createFromCardAction(db: Database, customers: CustomersService, contacts: ContactsService): CardAction {
  return {
    prefix: CONTACT_CREATE_PREFIX,
    async handle(click) {
      const externalUserId = click.arg;
      const actor = click.actor;
      if (!actor || !EXTERNAL_ID.test(externalUserId)) return done('not-allowed', '无权操作');
      const em = db.manager;
      const linked = await em.findOneBy(CustomerContact, { externalUserId });
      if (linked) return done('linked', '已关联客户');
      const contact = await em.findOneBy(WecomContact, { externalUserId });
      const follows = await em.findBy(WecomContactFollow, { externalUserId });
      if (!contact || !follows.some((f) => f.wecomUserId.toLowerCase() === actor.wecomUserId.toLowerCase())) return done('gone', '客户已不在你的企业微信中');
      const name = contactNameOf(contact, follows, actor.wecomUserId);
      const phone = firstRemarkPhone(follows, actor.wecomUserId);
      try {
        await customers.create(actor, {
          name: contact.corpName ?? name, industry: null, size: null, region: null, source: '企业微信', level: 'C', stage: 'lead', tags: [],
          contacts: [{ name, title: null, phone: phone?.phone ?? null, birthday: null, externalUserId }],
        });
        return done('created', '已建档');
      } catch (err) {
        if (err instanceof CustomerDuplicateError) {
          const d = err.details as unknown as DuplicateDetails;
          try {
            await contacts.link(actor, externalUserId, Number(d.customerId));
            return done('linked', `已关联到 ${d.customerName}`);
          } catch {
            return done('duplicate', d.ownerName ? `客户已存在 · ${d.ownerName}负责` : d.inPool ? '客户已在公海' : '客户已存在');
          }
        }
        if (err instanceof AppError) return done('refused', err.message);
        throw err;
      }
    },
  };
}

/** 关联已有 from chat: linked at once when exactly one of the member's records matches; otherwise the card opens the link page. */
export function linkFromCardAction(db: Database, contacts: ContactsService): CardAction {
  return {
    prefix: CONTACT_LINK_PREFIX,
    async handle(click) {
      const externalUserId = click.arg;
      const actor = click.actor;
      if (!actor || !EXTERNAL_ID.test(externalUserId)) return done('not-allowed', '无权操作');
      if (await db.manager.findOneBy(CustomerContact, { externalUserId })) return done('linked', '已关联客户');
      let suggestions;
      try {
        suggestions = (await contacts.get(actor, externalUserId)).suggestions;
      } catch {
        return done('gone', '客户已不在你的企业微信中');
      }
      const mine = suggestions.filter((s) => s.ownerId === String(actor.id) || s.followers.some((f) => f.id === String(actor.id)));
      if (mine.length === 1) {
        await contacts.link(actor, externalUserId, Number(mine[0]!.id));
        return done('linked', `已关联到 ${mine[0]!.name}`);
      }
      // Several or none: the choice is made on the app's page (the card stays live).
      return { outcome: 'choose-in-app', update: null, scope: 'clicker' };
    },
  };
}
