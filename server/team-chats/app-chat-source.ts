/**
 * What the team group needs from WeCom (WECOM.md §5, appchat): the typed client in bot/wecom
 * implements it; the runtime passes it in AppDeps.appChats (the server never imports bot/).
 */
export interface AppChatSource {
  createAppChat(request: { chatid: string; name: string; owner: string; userlist: string[] }): Promise<{ chatid: string }>;
  updateAppChat(request: { chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[] }): Promise<void>;
  sendAppChatText(chatid: string, content: string): Promise<void>;
}
