/**
 * What server/groups needs from WeCom's customer-group API (WECOM.md §6): groupchat/list by
 * owner and groupchat/get. The typed client in bot/wecom implements it; the runtime passes it
 * in AppDeps.groupChats (the server never imports bot/). Field names are WeCom's.
 */
export interface WecomGroupChatFacts {
  chat_id: string;
  name: string;
  owner: string;
  /** Seconds. */
  create_time: number;
  member_list: Array<{ userid: string; type: 1 | 2; join_time: number; join_scene: number; name?: string; group_nickname?: string; state?: string }>;
}

/**
 * The join-way `state` wecrm gives a customer's group QR code (add_join_way, ≤ 30 chars): a group
 * whose customers joined through it binds itself to that customer.
 */
export const customerJoinState = (customerId: number): string => `wecrm-c${customerId}`;
export function customerIdOfJoinState(state: string | undefined): number | null {
  const m = /^wecrm-c([1-9]\d{0,9})$/.exec(state ?? '');
  return m ? Number(m[1]) : null;
}

export interface GroupChatSource {
  listGroupChats(ownerUserids: string[], statusFilter?: 0 | 1 | 2 | 3): Promise<Array<{ chat_id: string; status: 0 | 1 | 2 | 3 }>>;
  getGroupChat(chatId: string): Promise<WecomGroupChatFacts>;
}
