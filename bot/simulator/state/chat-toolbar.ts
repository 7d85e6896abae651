import type { Clock } from '../../../server/infra/clock.ts';

/** A chat the toolbar sidebar is opened in: one member with one customer, or a customer group. */
export type ToolbarChat = { kind: 'single'; userid: string; externalUserid: string } | { kind: 'group'; chatId: string };

export interface ToolbarMessage {
  msgid: string;
  /** The member who sent it (their click in the sidebar). */
  from: string;
  msgtype: 'text' | 'news' | 'image' | 'video' | 'file' | 'miniprogram';
  text?: { content: string };
  news?: { link: string; title?: string; desc?: string; imgUrl?: string };
  sentAt: string;
}

/** What members sent into their chats with `ww.sendChatMessage` from the sidebar. */
export class ChatToolbarMessages {
  private readonly byChat = new Map<string, ToolbarMessage[]>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  static key(chat: ToolbarChat): string {
    return chat.kind === 'single' ? `single:${chat.userid.toLowerCase()}:${chat.externalUserid}` : `group:${chat.chatId}`;
  }

  record(chat: ToolbarChat, from: string, message: Omit<ToolbarMessage, 'msgid' | 'from' | 'sentAt'>): ToolbarMessage {
    const key = ChatToolbarMessages.key(chat);
    const list = this.byChat.get(key) ?? [];
    const saved: ToolbarMessage = { msgid: `chat-${++this.seq}`, from, ...message, sentAt: this.clock.now().toISOString() };
    list.push(saved);
    this.byChat.set(key, list);
    return saved;
  }

  /** Newest first. */
  list(chat: ToolbarChat): ToolbarMessage[] {
    return [...(this.byChat.get(ChatToolbarMessages.key(chat)) ?? [])].reverse();
  }

  clear(): void {
    this.byChat.clear();
  }
}
