import type { Clock } from '../../../server/infra/clock.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import type { Directory } from './directory.ts';

/**
 * appchat errcodes (WECOM.md §5). The doc's error table is not in WECOM.md: these numbers are
 * the ones WeCom's global code list gives for chats (UNCONFIRMED for appchat specifically).
 */
export const APPCHAT_ERRCODES = {
  /** chatid does not exist (or was not created by this app). */
  CHAT_NOT_FOUND: 86003,
  /** A chat with this chatid exists already. */
  CHAT_EXISTS: 86215,
  /** A member id is not a valid, active member. */
  INVALID_MEMBER: 86216,
  /** Chat parameters invalid (too few members, owner not a member…). */
  INVALID_CHAT_PARAMS: 86220,
} as const;

export const APPCHAT_LIMITS = { minMembers: 2, maxMembers: 2000, createsPerDay: 1000, updatesPerHour: 1000, nameChars: 50, textBytes: 2048 } as const;

export interface SimAppChat {
  chatid: string;
  name: string;
  owner: string;
  userlist: string[];
}

export interface SimAppChatMessage {
  msgid: string;
  chatid: string;
  msgtype: string;
  text?: { content: string };
  markdown?: { content: string };
  textcard?: { title: string; description: string; url: string };
  sentAt: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The app's internal group chats (appchat/*), strict about members, ids, sizes and limits. */
export class AppChats {
  private readonly chats = new Map<string, SimAppChat>();
  private readonly messages = new Map<string, SimAppChatMessage[]>();
  private creates: number[] = [];
  private updates: number[] = [];
  private seq = 0;

  constructor(private readonly directory: Directory, private readonly clock: Clock) {}

  create(body: Record<string, unknown>): { chatid: string } {
    const now = this.clock.now().getTime();
    this.creates = this.creates.filter((t) => t > now - DAY_MS && t <= now);
    if (this.creates.length >= APPCHAT_LIMITS.createsPerDay) throw new WecomSimError(WecomErrcode.API_FREQUENCY_LIMIT, 'appchat create limit per day');
    const userlist = this.members(body.userlist, 'userlist');
    if (userlist.length < APPCHAT_LIMITS.minMembers || userlist.length > APPCHAT_LIMITS.maxMembers) {
      throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'userlist needs 2 to 2000 members');
    }
    let chatid: string;
    if (body.chatid !== undefined) {
      if (typeof body.chatid !== 'string' || !/^[0-9a-zA-Z]{1,32}$/.test(body.chatid)) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'chatid: up to 32 of 0-9a-zA-Z');
      if (this.chats.has(body.chatid)) throw new WecomSimError(APPCHAT_ERRCODES.CHAT_EXISTS, 'chatid exists');
      chatid = body.chatid;
    } else {
      chatid = `wrc${Date.now().toString(36)}${(++this.seq).toString(36)}`;
    }
    let owner = userlist[0]!;
    if (body.owner !== undefined) {
      const o = this.members([body.owner], 'owner')[0]!;
      if (!userlist.includes(o)) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'owner not in userlist');
      owner = o;
    }
    const name = typeof body.name === 'string' ? [...body.name].slice(0, APPCHAT_LIMITS.nameChars).join('') : '';
    this.chats.set(chatid, { chatid, name, owner, userlist });
    this.creates.push(now);
    return { chatid };
  }

  update(body: Record<string, unknown>): void {
    const chat = this.require(body.chatid);
    const now = this.clock.now().getTime();
    this.updates = this.updates.filter((t) => t > now - HOUR_MS && t <= now);
    if (this.updates.length >= APPCHAT_LIMITS.updatesPerHour) throw new WecomSimError(WecomErrcode.API_FREQUENCY_LIMIT, 'appchat update limit per hour');
    const add = body.add_user_list === undefined ? [] : this.members(body.add_user_list, 'add_user_list');
    const del = body.del_user_list === undefined ? [] : this.members(body.del_user_list, 'del_user_list', false);
    const owner = body.owner === undefined ? undefined : this.members([body.owner], 'owner')[0]!;
    if (del.includes(chat.owner) && owner === undefined) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'owner required when removing the owner');
    const next = [...chat.userlist.filter((u) => !del.includes(u)), ...add.filter((u) => !chat.userlist.includes(u))];
    if (next.length > APPCHAT_LIMITS.maxMembers) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'more than 2000 members');
    const newOwner = owner ?? chat.owner;
    if (!next.includes(newOwner)) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'owner not a member');
    if (typeof body.name === 'string') chat.name = [...body.name].slice(0, APPCHAT_LIMITS.nameChars).join('');
    chat.userlist = next;
    chat.owner = newOwner;
    this.updates.push(now);
  }

  get(chatid: string | undefined): SimAppChat {
    return { ...this.require(chatid) };
  }

  send(body: Record<string, unknown>): { msgid: string } {
    const chat = this.require(body.chatid);
    const msgtype = body.msgtype;
    const saved: SimAppChatMessage = { msgid: `appchat-${++this.seq}`, chatid: chat.chatid, msgtype: String(msgtype), sentAt: this.clock.now().toISOString() };
    if (msgtype === 'text' || msgtype === 'markdown') {
      const content = (body[msgtype] as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || content === '') throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, `${msgtype}.content missing`);
      if (Buffer.byteLength(content, 'utf8') > APPCHAT_LIMITS.textBytes) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'content longer than 2048 bytes');
      saved[msgtype] = { content };
    } else if (msgtype === 'textcard') {
      const card = body.textcard as { title?: unknown; description?: unknown; url?: unknown } | undefined;
      if (!card || typeof card.title !== 'string' || typeof card.description !== 'string' || typeof card.url !== 'string') {
        throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'textcard needs title, description and url');
      }
      saved.textcard = { title: card.title, description: card.description, url: card.url };
    } else {
      throw new WecomSimError(40008, 'invalid message type');
    }
    const list = this.messages.get(chat.chatid) ?? [];
    list.push(saved);
    this.messages.set(chat.chatid, list);
    return { msgid: saved.msgid };
  }

  list(): Array<SimAppChat & { messageCount: number }> {
    return [...this.chats.values()].map((c) => ({ ...c, messageCount: this.messages.get(c.chatid)?.length ?? 0 }));
  }

  /** Newest first. */
  messagesOf(chatid: string): SimAppChatMessage[] | null {
    if (!this.chats.has(chatid)) return null;
    return [...(this.messages.get(chatid) ?? [])].reverse();
  }

  clear(): void {
    this.chats.clear();
    this.messages.clear();
    this.creates = [];
    this.updates = [];
  }

  private require(chatid: unknown): SimAppChat {
    if (typeof chatid !== 'string' || chatid === '') throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, 'chatid missing');
    const chat = this.chats.get(chatid);
    if (!chat) throw new WecomSimError(APPCHAT_ERRCODES.CHAT_NOT_FOUND, 'chatid not exists');
    return chat;
  }

  /** Active members' userids as WeCom spells them; anyone else fails the call. */
  private members(value: unknown, field: string, mustBeActive = true): string[] {
    if (!Array.isArray(value)) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS, `${field} must be a list`);
    const out: string[] = [];
    for (const v of value) {
      const user = typeof v === 'string' ? this.directory.user(v) : undefined;
      if (!user || (mustBeActive && user.status !== 1)) throw new WecomSimError(APPCHAT_ERRCODES.INVALID_MEMBER, `invalid member ${String(v)}`);
      if (!out.includes(user.userid)) out.push(user.userid);
    }
    return out;
  }
}
