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
  member_list: Array<{ userid: string; type: 1 | 2; join_time: number; join_scene: number; name?: string; group_nickname?: string }>;
}

export interface GroupChatSource {
  listGroupChats(ownerUserids: string[], statusFilter?: 0 | 1 | 2 | 3): Promise<Array<{ chat_id: string; status: 0 | 1 | 2 | 3 }>>;
  getGroupChat(chatId: string): Promise<WecomGroupChatFacts>;
}
