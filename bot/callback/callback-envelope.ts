import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Decrypted callback XML as a flat record of strings (WeCom's fields are all leaves but SelectedItems). */
export type CallbackMessage = Record<string, string> & { SelectedItems?: unknown };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // keep MsgId and timestamps as exact strings
  trimValues: true,
  processEntities: false, // no entity expansion from untrusted input
  cdataPropName: false,
});

/** Parses `<xml>…</xml>`; null for anything that is not well-formed WeCom-shaped XML. */
export function parseCallbackXml(xml: string): CallbackMessage | null {
  if (xml.length > 256 * 1024 || !xml.trimStart().startsWith('<xml') || /<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  if (XMLValidator.validate(xml) !== true) return null;
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const root = (doc as { xml?: unknown })?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root)) out[k] = typeof v === 'object' && v !== null ? v : String(v ?? '');
  return out as CallbackMessage;
}

/**
 * The key WeCom's retries share: messages by MsgId, events by sender + time + event (plus the
 * card, the button and the click's single-use ResponseCode for card events, so two clicks in
 * the same second — "放弃客户" without a reason, then with one — never collapse; a retry
 * repeats the same XML and so the same code). Keys longer than the column are hashed.
 */
export function callbackDedupeKey(m: CallbackMessage): string {
  if (m.MsgId) return `msg:${m.MsgId}`.slice(0, 191);
  const parts = [m.FromUserName ?? '', m.CreateTime ?? '', m.Event ?? m.MsgType ?? ''];
  if (m.TaskId) parts.push(m.TaskId, m.EventKey ?? '', m.ResponseCode ?? '');
  if (m.ChangeType) parts.push(m.ChangeType, m.UserID ?? '', m.ExternalUserID ?? '');
  // change_external_chat: two groups (or two member changes of one) in the same second are two events.
  if (m.ChatId) parts.push(String(m.ChatId), String(m.UpdateDetail ?? ''), m.MemChangeList ? JSON.stringify(m.MemChangeList) : '');
  const key = `evt:${parts.join('|')}`;
  return key.length <= 191 ? key : `evt#${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The option ids a card click carried for one question (`SelectedItems`, WECOM.md §3.6). The XML
 * parser gives one element as an object and several as an array, at both levels.
 */
export function selectedOptionIds(m: CallbackMessage, questionKey: string): string[] {
  const list = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  const container = m.SelectedItems as { SelectedItem?: unknown } | undefined;
  if (!container || typeof container !== 'object') return [];
  for (const item of list(container.SelectedItem)) {
    if (!item || typeof item !== 'object') continue;
    const { QuestionKey, OptionIds } = item as { QuestionKey?: unknown; OptionIds?: { OptionId?: unknown } };
    if (String(QuestionKey ?? '') !== questionKey) continue;
    const ids = OptionIds && typeof OptionIds === 'object' ? list(OptionIds.OptionId) : [];
    return ids.filter((id): id is string | number => typeof id === 'string' || typeof id === 'number').map(String);
  }
  return [];
}

/** Every question's chosen option ids on a card click (question key → ids). */
export function selections(m: CallbackMessage): Record<string, string[]> {
  const list = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  const container = m.SelectedItems as { SelectedItem?: unknown } | undefined;
  const out: Record<string, string[]> = {};
  if (!container || typeof container !== 'object') return out;
  for (const item of list(container.SelectedItem)) {
    if (!item || typeof item !== 'object') continue;
    const key = String((item as { QuestionKey?: unknown }).QuestionKey ?? '');
    if (key) out[key] = selectedOptionIds(m, key);
  }
  return out;
}
