import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import type { TemplateCard } from '../../wecom/wecom-types.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import { byteCount, invalid, isObject, type Json } from './field-checks.ts';
import { checkTemplateCard, type CheckedCard } from './template-card.rules.ts';

/** WECOM.md §2.1 envelope limits. */
export const SEND_LIMITS = {
  touser: 1000,
  toparty: 100,
  totag: 100,
  textContentBytes: 2048,
  duplicateCheckDefaultSeconds: 1800,
  duplicateCheckMaxSeconds: 4 * 3600,
} as const;

export interface RecipientSpec {
  /** true for touser "@all". */
  all: boolean;
  users: string[];
  parties: string[];
  tags: string[];
}

export type CheckedContent =
  | { msgtype: 'text'; text: { content: string }; truncated: boolean }
  | { msgtype: 'template_card'; template_card: TemplateCard; card: CheckedCard };

export interface CheckedSend {
  recipients: RecipientSpec;
  content: CheckedContent;
  /** Seconds; absent when enable_duplicate_check is off. */
  duplicateCheckSeconds?: number;
}

/**
 * Everything message/send can refuse without looking at the corp's state: the agent, the
 * message type and its payload, recipient list lengths. Order follows what a caller would
 * fix first; the first violation wins, as with WeCom.
 */
export function checkMessageSend(body: unknown, agentId: number): CheckedSend {
  if (!isObject(body)) throw new WecomSimError(WecomErrcode.DATA_FORMAT_ERROR, 'body must be a JSON object');
  checkAgentId(body, agentId);
  const recipients = checkRecipients(body);

  const msgtype = body.msgtype;
  let content: CheckedContent;
  if (msgtype === 'text') content = checkText(body);
  else if (msgtype === 'template_card') {
    const card = checkTemplateCard(body.template_card, 'send');
    content = { msgtype, template_card: body.template_card as TemplateCard, card };
  } else {
    throw new WecomSimError(
      WecomErrcode.INVALID_MSGTYPE,
      typeof msgtype === 'string' && msgtype !== '' ? `msgtype ${msgtype} is not simulated (text, template_card)` : 'msgtype missing',
    );
  }

  if (body.safe !== undefined && body.safe !== 0 && body.safe !== 1) invalid('safe', 'must be 0 or 1 (2 is only for mpnews)');
  for (const flag of ['enable_id_trans', 'enable_duplicate_check'] as const) {
    if (body[flag] !== undefined && body[flag] !== 0 && body[flag] !== 1) invalid(flag, 'must be 0 or 1');
  }
  if (body.enable_duplicate_check !== 1) return { recipients, content };
  const interval = body.duplicate_check_interval ?? SEND_LIMITS.duplicateCheckDefaultSeconds;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > SEND_LIMITS.duplicateCheckMaxSeconds) {
    invalid('duplicate_check_interval', `must be 1..${SEND_LIMITS.duplicateCheckMaxSeconds} seconds`);
  }
  return { recipients, content, duplicateCheckSeconds: interval };
}

/** agentid is required and must be this app's (41011 / 40056). */
export function checkAgentId(body: Json, agentId: number): void {
  const value = body.agentid;
  if (value === undefined || value === null || value === '') throw new WecomSimError(WecomErrcode.MISSING_AGENTID);
  if (value !== agentId) throw new WecomSimError(WecomErrcode.INVALID_AGENTID, `agentid ${String(value)} is not this app`);
}

function checkRecipients(body: Json): RecipientSpec {
  const users = splitIds(body, 'touser');
  const parties = splitIds(body, 'toparty');
  const tags = splitIds(body, 'totag');
  if (users.length > SEND_LIMITS.touser) throw new WecomSimError(WecomErrcode.INVALID_USERID_LIST_LENGTH, `touser has ${users.length} ids`);
  if (parties.length > SEND_LIMITS.toparty) throw new WecomSimError(WecomErrcode.INVALID_PARTY_LIST_LENGTH);
  if (tags.length > SEND_LIMITS.totag) throw new WecomSimError(WecomErrcode.INVALID_TAG_LIST_LENGTH);
  if (users.length + parties.length + tags.length === 0) invalid('touser', 'touser, toparty and totag cannot all be empty');
  const all = users.length === 1 && users[0] === '@all';
  // "@all" makes toparty and totag irrelevant.
  return all ? { all, users: [], parties: [], tags: [] } : { all, users, parties, tags };
}

function splitIds(body: Json, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') invalid(key, 'must be a "|"-joined string');
  return value
    .split('|')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** Empty content is 44004; WeCom truncates content beyond 2048 bytes rather than refuse it. */
function checkText(body: Json): CheckedContent {
  const text = body.text;
  const content = isObject(text) ? text.content : undefined;
  if (content !== undefined && content !== null && typeof content !== 'string') invalid('text.content', 'must be a string');
  if (typeof content !== 'string' || content.trim() === '') throw new WecomSimError(WecomErrcode.EMPTY_TEXT_CONTENT, 'empty content');
  if (byteCount(content) <= SEND_LIMITS.textContentBytes) return { msgtype: 'text', text: { content }, truncated: false };
  return { msgtype: 'text', text: { content: truncateUtf8(content, SEND_LIMITS.textContentBytes) }, truncated: true };
}

/** The longest prefix of whole characters within `maxBytes`. */
export function truncateUtf8(value: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of value) {
    const size = byteCount(ch);
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}
