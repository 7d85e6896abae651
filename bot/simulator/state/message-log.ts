import type { TemplateCard, TemplateCardType } from '../../wecom/wecom-types.ts';

/** One message as one member's chat shows it. A send to three members is three of these. */
export interface ChatMessage {
  msgid: string;
  /** The member's userid as the directory spells it. */
  touser: string;
  msgtype: 'text' | 'template_card';
  text?: { content: string };
  /** The card as the member sees it now: the sent one, or the last mode-B replacement. */
  templateCard?: TemplateCard;
  taskId?: string;
  cardType?: TemplateCardType;
  sentAt: Date;
  updatedAt?: Date;
  /** Set once an update greyed the buttons: mode A's replace_name or mode B's replace_text. */
  replaceName?: string;
  /** Text content was cut at 2048 bytes, as WeCom does. */
  truncated?: boolean;
}

/** `GET /sim/api/messages` item. */
export interface ChatMessageJson {
  msgid: string;
  touser: string;
  msgtype: 'text' | 'template_card';
  text?: { content: string };
  template_card?: TemplateCard;
  sentAt: string;
  taskId?: string;
  updatedAt?: string;
  replaceName?: string;
  truncated?: true;
}

export interface MemberMessageCounts {
  delivered: number;
  /** Silently dropped by the per-member rate limit (errcode 0 all the same). */
  dropped: number;
}

export interface MessageStats {
  members: Record<string, MemberMessageCounts>;
  totals: MemberMessageCounts & { sends: number; duplicatesSuppressed: number };
}

/**
 * What each member's WeCom chat holds, in delivery order, plus per-member delivered/dropped
 * counts so reliability tests can assert "the rate limit was never exceeded" (dropped = 0).
 */
export class MessageLog {
  private readonly chronological: ChatMessage[] = [];
  private readonly byUser = new Map<string, ChatMessage[]>();
  private readonly byMsgid = new Map<string, ChatMessage[]>();
  /** task_id → member (lower-cased) → that member's copy of the card. */
  private readonly byTask = new Map<string, Map<string, ChatMessage>>();
  private readonly counts = new Map<string, MemberMessageCounts & { userid: string }>();
  private sends = 0;
  private duplicatesSuppressed = 0;

  recordSend(): void {
    this.sends++;
  }

  recordDuplicateSuppressed(): void {
    this.duplicatesSuppressed++;
  }

  deliver(message: ChatMessage): void {
    const key = message.touser.toLowerCase();
    this.chronological.push(message);
    push(this.byUser, key, message);
    push(this.byMsgid, message.msgid, message);
    if (message.taskId) {
      let members = this.byTask.get(message.taskId);
      if (!members) this.byTask.set(message.taskId, (members = new Map()));
      members.set(key, message);
    }
    this.countsFor(message.touser).delivered++;
  }

  drop(userid: string): void {
    this.countsFor(userid).dropped++;
  }

  /** Newest first; all members when `touser` is absent. */
  list(opts: { touser?: string; taskId?: string; limit?: number } = {}): ChatMessage[] {
    let source = opts.touser === undefined ? this.chronological : (this.byUser.get(opts.touser.toLowerCase()) ?? []);
    if (opts.taskId !== undefined) source = source.filter((m) => m.taskId === opts.taskId);
    const limit = opts.limit ?? source.length;
    const out: ChatMessage[] = [];
    for (let i = source.length - 1; i >= 0 && out.length < limit; i--) out.push(source[i]!);
    return out;
  }

  /** Every member's copy of one message. */
  ofMessage(msgid: string): ChatMessage[] {
    return this.byMsgid.get(msgid) ?? [];
  }

  /** The copy of task `taskId`'s card that `userid` received. */
  card(taskId: string, userid: string): ChatMessage | undefined {
    return this.byTask.get(taskId)?.get(userid.toLowerCase());
  }

  stats(): MessageStats {
    const members: Record<string, MemberMessageCounts> = {};
    let delivered = 0;
    let dropped = 0;
    for (const c of this.counts.values()) {
      members[c.userid] = { delivered: c.delivered, dropped: c.dropped };
      delivered += c.delivered;
      dropped += c.dropped;
    }
    return { members, totals: { delivered, dropped, sends: this.sends, duplicatesSuppressed: this.duplicatesSuppressed } };
  }

  clear(): void {
    this.chronological.length = 0;
    this.byUser.clear();
    this.byMsgid.clear();
    this.byTask.clear();
    this.counts.clear();
    this.sends = 0;
    this.duplicatesSuppressed = 0;
  }

  private countsFor(userid: string): MemberMessageCounts {
    const key = userid.toLowerCase();
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { userid, delivered: 0, dropped: 0 }));
    return c;
  }
}

export function chatMessageJson(m: ChatMessage): ChatMessageJson {
  return {
    msgid: m.msgid,
    touser: m.touser,
    msgtype: m.msgtype,
    ...(m.text ? { text: m.text } : {}),
    ...(m.templateCard ? { template_card: m.templateCard } : {}),
    sentAt: m.sentAt.toISOString(),
    ...(m.taskId ? { taskId: m.taskId } : {}),
    ...(m.updatedAt ? { updatedAt: m.updatedAt.toISOString() } : {}),
    ...(m.replaceName !== undefined ? { replaceName: m.replaceName } : {}),
    ...(m.truncated ? { truncated: true as const } : {}),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
