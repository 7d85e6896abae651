import type { CallbackEventHandler } from '../modules/module.ts';
import type { GroupsSyncService } from './groups-sync.service.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * change_external_chat (WECOM.md §3.6, §12): create and update (add_member, del_member,
 * change_owner, change_name, change_notice) read the group again with groupchat/get — WeCom
 * applies group changes asynchronously, so the stored state is whatever get answers, and the
 * nightly sync repairs a read that came too early; dismiss keeps the group, marked dismissed.
 */
export function changeExternalChatHandler(sync: GroupsSyncService): CallbackEventHandler {
  return async (event) => {
    const chatId = text(event.ChatId);
    const changeType = text(event.ChangeType);
    if (!chatId) return 'ignored: no ChatId';
    switch (changeType) {
      case 'create':
      case 'update':
        return `${changeType}${event.UpdateDetail ? ` ${text(event.UpdateDetail)}` : ''}: ${await sync.refreshChat(chatId)}`;
      case 'dismiss':
        return `dismiss: ${(await sync.dismiss(chatId)) ? 'dismissed' : 'unchanged'}`;
      default:
        return `ignored: ${changeType || 'no ChangeType'}`;
    }
  };
}
