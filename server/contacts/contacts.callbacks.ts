import { CustomerContact } from '../../entities/customer-contact.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { WecomContactFollow } from '../../entities/wecom-contact-follow.entity.ts';
import { WecomContact } from '../../entities/wecom-contact.entity.ts';
import type { Actor } from '../auth/actor.ts';
import { Department } from '../../entities/department.entity.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db.ts';
import type { CallbackEventHandler } from '../modules/module.ts';
import { decision } from '../notifications/decision.notification.ts';
import { notify } from '../notifications/notify.ts';
import { CONTACT_CREATE_PREFIX, CONTACT_LINK_PREFIX } from './contacts.card-actions.ts';
import type { ContactsSyncService } from './contacts-sync.service.ts';
import { addedCardEventKey, type ContactsService } from './contacts.service.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * change_external_contact (WECOM.md §3.6, §12), incremental and idempotent: add and edit refetch
 * the customer (externalcontact/get) and store what WeCom says now; del_external_contact and
 * del_follow_user drop that member's follow; transfer_fail refetches (the follower did not change).
 * A member who adds a customer not yet on any record gets a card: 新客户 王总 (某某公司) 已添加.
 */
export function changeExternalContactHandler(deps: { db: Database; clock: Clock; sync: ContactsSyncService; contacts: ContactsService }): CallbackEventHandler {
  return async (event) => {
    const changeType = text(event.ChangeType);
    const userid = text(event.UserID);
    const externalUserId = text(event.ExternalUserID);
    if (!externalUserId) return 'ignored: no ExternalUserID';
    switch (changeType) {
      case 'add_external_contact':
      case 'add_half_external_contact': {
        const change = await deps.sync.refreshContact(externalUserId);
        const carded = userid ? await cardNewCustomer(deps, userid, externalUserId) : false;
        return `${changeType}: ${change}${carded ? ', card' : ''}`;
      }
      case 'edit_external_contact':
        return `edit_external_contact: ${await deps.sync.refreshContact(externalUserId)}`;
      case 'del_external_contact':
      case 'del_follow_user':
        return `${changeType}: ${await deps.sync.removeFollow(userid, externalUserId)}`;
      case 'transfer_fail': {
        // The followers did not change; whoever tracks transfers (the handover) is told (onTransferFail).
        const reason = text(event.FailReason) || 'unknown';
        return `transfer_fail ${reason}: ${await deps.sync.transferFailed({ takeoverUserid: userid, externalUserId, reason })}`;
      }
      default:
        return `ignored: ${changeType || 'no ChangeType'}`;
    }
  };
}

async function cardNewCustomer(deps: { db: Database; clock: Clock; contacts: ContactsService }, userid: string, externalUserId: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.tx(async (em) => {
    const user = await em.findOneBy(User, { wecomUserId: userid });
    if (!user || user.status !== 'active') return false;
    const contact = await em.findOneBy(WecomContact, { externalUserId });
    const follows = await em.findBy(WecomContactFollow, { externalUserId });
    // Not following any more (deleted meanwhile), or already on a record: nothing to ask.
    const mine = follows.find((f) => f.wecomUserId.toLowerCase() === userid.toLowerCase());
    if (!contact || !mine) return false;
    // Handed over by a transfer (add_way 202): the handover tells the successor, not a "new customer" card.
    if (mine.addWay === 202) return false;
    if (await em.countBy(CustomerContact, { externalUserId })) return false;
    const dept = await em.findOneBy(Department, { id: user.departmentId });
    const actor: Actor = { id: user.id, role: user.role, departmentPath: dept?.path ?? '/', wecomUserId: user.wecomUserId, name: user.name, departmentId: user.departmentId };
    const suggestions = await deps.contacts.suggestionsFor(em, actor, contact, follows);
    const who = contact.corpName ? `${contact.name} (${contact.corpName})` : contact.name;
    const rows = suggestions.slice(0, 3).map((s) => ({ key: '可能是', value: `${s.name} · ${s.owner ? s.owner.name : '公海'}` }));
    await notify(em, decision, {
      topic: 'wecrm 客户联系',
      title: `新客户 ${who} 已添加`,
      desc: suggestions.length ? '已有相似客户，可关联到已有客户' : '尚未建档，建档后可跟进与交接',
      rows,
      buttons: [
        { key: `${CONTACT_CREATE_PREFIX}${externalUserId}`, text: '建档', style: 1 },
        { key: `${CONTACT_LINK_PREFIX}${externalUserId}`, text: '关联已有', style: 2 },
      ],
      page: `/pages/wecom-contact/index?externalUserId=${externalUserId}`,
    }, { to: [user.wecomUserId], dedupeKey: addedCardEventKey(externalUserId, user.wecomUserId), now });
    return true;
  });
}
