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
 * The key WeCom's retries share: messages by MsgId, events by sender + time + event
 * (plus the card and button for card events, so two different clicks never collapse).
 */
export function callbackDedupeKey(m: CallbackMessage): string {
  if (m.MsgId) return `msg:${m.MsgId}`;
  const parts = [m.FromUserName ?? '', m.CreateTime ?? '', m.Event ?? m.MsgType ?? ''];
  if (m.TaskId) parts.push(m.TaskId, m.EventKey ?? '');
  if (m.ChangeType) parts.push(m.ChangeType, m.UserID ?? '', m.ExternalUserID ?? '');
  return `evt:${parts.join('|')}`.slice(0, 191);
}
