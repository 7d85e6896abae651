import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import type { TemplateCard, TemplateCardType } from '../../wecom/wecom-types.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import { invalid, isObject, type Json } from '../rules/field-checks.ts';
import { checkAgentId, checkMessageSend, type RecipientSpec } from '../rules/message-send.rules.ts';
import { INTERACTIVE_CARD_TYPES, checkTemplateCard } from '../rules/template-card.rules.ts';
import { SimulatorError } from '../simulator-errors.ts';
import type { Directory } from './directory.ts';
import { DuplicateSendCheck } from './duplicate-sends.ts';
import { MemberRateLimiter } from './member-rate-limit.ts';
import { MessageLog, type ChatMessage } from './message-log.ts';
import { ResponseCodeRegistry } from './response-codes.ts';

const UPDATE_LIMITS = { userids: 1000, partyids: 100, tagids: 100 } as const;

/** What a member's click turns into: the facts of the template_card_event callback. */
export interface CardClick {
  message: ChatMessage;
  event: 'template_card_event' | 'template_card_menu_event';
  eventKey: string;
  taskId: string;
  cardType: TemplateCardType;
  responseCode: string;
  /** Answers of the card's button_selection, if it has one. */
  selectedItems: Array<{ questionKey: string; optionIds: string[] }>;
}

/**
 * The app's messages as WeCom keeps them: message/send (recipients, task_ids unique forever,
 * per-member rate limits, response_codes), message/update_template_card, and the clicks
 * members make on cards. Every refusal is a WecomSimError carrying WeCom's errcode.
 */
export class AppMessages {
  readonly log = new MessageLog();
  readonly responseCodes: ResponseCodeRegistry;
  readonly rateLimiter: MemberRateLimiter;
  private readonly duplicates: DuplicateSendCheck;
  /** task_id → msgid, for as long as the app exists (WeCom never frees a task_id). */
  private readonly taskIds = new Map<string, string>();

  constructor(
    private readonly opts: { agentId: number; directory: Directory; clock: Clock },
  ) {
    this.responseCodes = new ResponseCodeRegistry(opts.clock);
    this.rateLimiter = new MemberRateLimiter(opts.clock);
    this.duplicates = new DuplicateSendCheck(opts.clock);
  }

  /** message/send: the success payload (errcode/errmsg are added by the route). */
  send(body: unknown): Record<string, unknown> {
    const checked = checkMessageSend(body, this.opts.agentId);
    if (checked.duplicateCheckSeconds !== undefined) {
      const earlier = this.duplicates.find(body);
      if (earlier) {
        this.log.recordDuplicateSuppressed();
        return { invaliduser: '', msgid: earlier };
      }
    }
    const { content } = checked;
    const taskId = content.msgtype === 'template_card' ? content.card.taskId : undefined;
    if (taskId !== undefined && this.taskIds.has(taskId)) {
      throw new WecomSimError(WecomErrcode.TASK_ID_INVALID, 'taskid has existed');
    }

    const targets = this.resolveRecipients(checked.recipients);
    if (targets.users.length === 0) throw new WecomSimError(WecomErrcode.ALL_RECIPIENTS_INVALID);

    const msgid = randomBytes(24).toString('base64url');
    if (taskId !== undefined) this.taskIds.set(taskId, msgid);
    this.log.recordSend();
    const sentAt = this.opts.clock.now();
    for (const userid of targets.users) {
      // WeCom answers errcode 0 and silently drops what exceeds 30/min or 1000/h per member.
      if (!this.rateLimiter.tryDeliver(userid)) {
        this.log.drop(userid);
        continue;
      }
      this.log.deliver(
        content.msgtype === 'text'
          ? { msgid, touser: userid, msgtype: 'text', text: content.text, sentAt, ...(content.truncated ? { truncated: true } : {}) }
          : {
              msgid,
              touser: userid,
              msgtype: 'template_card',
              templateCard: content.template_card,
              cardType: content.card.cardType,
              sentAt,
              ...(taskId !== undefined ? { taskId } : {}),
            },
      );
    }
    if (checked.duplicateCheckSeconds !== undefined) this.duplicates.remember(body, msgid, checked.duplicateCheckSeconds);

    const interactive = content.msgtype === 'template_card' && content.card.interactive;
    return {
      invaliduser: targets.invalidUsers.join('|'),
      ...(checked.recipients.parties.length ? { invalidparty: targets.invalidParties.join('|') } : {}),
      ...(checked.recipients.tags.length ? { invalidtag: targets.invalidTags.join('|') } : {}),
      msgid,
      ...(interactive ? { response_code: this.responseCodes.issue(msgid, 'send') } : {}),
    };
  }

  /**
   * message/update_template_card. Mode A (`button.replace_name`) greys the buttons of an
   * interactive card; mode B (`template_card`) replaces the card, keeping its task_id. The
   * response_code is spent only when the update is applied.
   */
  updateTemplateCard(body: unknown): Record<string, unknown> {
    if (!isObject(body)) throw new WecomSimError(WecomErrcode.DATA_FORMAT_ERROR, 'body must be a JSON object');
    checkAgentId(body, this.opts.agentId);
    const code = body.response_code;
    if (typeof code !== 'string' || code === '') invalid('response_code', 'is required');
    const issued = this.responseCodes.check(code);
    if (!issued.ok) throw new WecomSimError(WecomErrcode.RESPONSE_CODE_INVALID, `response_code ${issued.reason}`);

    const copies = this.log.ofMessage(issued.msgid);
    const original = copies[0];
    if (!original || original.msgtype !== 'template_card') invalid('response_code', 'does not belong to a template card');

    const hasButton = body.button !== undefined && body.button !== null;
    const hasCard = body.template_card !== undefined && body.template_card !== null;
    if (hasButton === hasCard) invalid('button', 'give exactly one of button (mode A) or template_card (mode B)');
    let apply: (m: ChatMessage, now: Date) => void;
    if (hasButton) {
      const button = body.button;
      if (!isObject(button) || typeof button.replace_name !== 'string' || button.replace_name === '') {
        invalid('button.replace_name', 'is required');
      }
      if (!INTERACTIVE_CARD_TYPES.includes(original.cardType!)) {
        invalid('button', `greying buttons needs an interactive card, this one is ${original.cardType}`);
      }
      const label = button.replace_name;
      apply = (m, now) => {
        m.replaceName = label;
        m.updatedAt = now;
      };
    } else {
      const checked = checkTemplateCard(body.template_card, 'update');
      const replacement = body.template_card as TemplateCard;
      apply = (m, now) => {
        const { replace_text: replaceText, ...card } = replacement;
        m.templateCard = m.taskId !== undefined ? { ...card, task_id: m.taskId } : card;
        m.cardType = checked.cardType;
        if (replaceText !== undefined) m.replaceName = replaceText;
        else delete m.replaceName;
        m.updatedAt = now;
      };
    }

    const { targets, invalidUsers } = this.updateTargets(body, copies);
    if (targets.length === 0) throw new WecomSimError(WecomErrcode.ALL_RECIPIENTS_INVALID, 'no recipient of this card to update');
    const now = this.opts.clock.now();
    for (const m of targets) apply(m, now);
    this.responseCodes.spend(code);
    return { invaliduser: invalidUsers };
  }

  /**
   * A member presses a card button (or an action_menu entry): checks they hold that card and
   * that the key is live, then issues the click's own single-use response_code.
   */
  click(taskId: string, userid: string, key: string, selectedOptionId?: string): CardClick {
    const message = this.log.card(taskId, userid);
    if (!message || !message.templateCard) {
      throw new SimulatorError('NOT_FOUND', `成员 ${userid} 没有收到任务 ${taskId} 的卡片`, { taskId, userId: userid });
    }
    const card = message.templateCard;
    const button = card.button_list?.find((b) => (b.type ?? 0) === 0 && b.key === key);
    const menuItem = card.action_menu?.action_list.find((a) => a.key === key);
    if (!button && !menuItem) {
      const keys = [
        ...(card.button_list ?? []).filter((b) => (b.type ?? 0) === 0).map((b) => b.key),
        ...(card.action_menu?.action_list ?? []).map((a) => a.key),
      ];
      throw new SimulatorError('VALIDATION_FAILED', `卡片上没有 key 为 ${key} 的按钮`, { fields: { key: '不是该卡片的按钮' }, keys });
    }
    if (button && message.replaceName !== undefined) {
      throw new SimulatorError('CARD_INACTIVE', `卡片按钮已置灰（${message.replaceName}），不能再点击`, { taskId, replaceName: message.replaceName });
    }

    const selection = button ? card.button_selection : undefined;
    const selectedItems = selection
      ? [{ questionKey: selection.question_key, optionIds: [selectedOptionId ?? selection.selected_id ?? selection.option_list[0]!.id] }]
      : [];
    if (selection && !selection.option_list.some((o) => o.id === selectedItems[0]!.optionIds[0])) {
      throw new SimulatorError('VALIDATION_FAILED', '所选选项不在卡片的选项中', { fields: { selectedOptionId: '不是该卡片的选项' } });
    }
    return {
      message,
      event: button ? 'template_card_event' : 'template_card_menu_event',
      eventKey: key,
      taskId,
      cardType: message.cardType!,
      responseCode: this.responseCodes.issue(message.msgid, 'click'),
      selectedItems,
    };
  }

  clear(): void {
    this.log.clear();
    this.responseCodes.clear();
    this.rateLimiter.clear();
    this.duplicates.clear();
    this.taskIds.clear();
  }

  /** Active members named by the send, each once; everything else is reported back lower-cased. */
  private resolveRecipients(spec: RecipientSpec): { users: string[]; invalidUsers: string[]; invalidParties: string[]; invalidTags: string[] } {
    const { directory } = this.opts;
    const users = new Map<string, string>();
    const add = (userid: string) => users.set(userid.toLowerCase(), userid);
    const invalidUsers: string[] = [];
    const invalidParties: string[] = [];

    if (spec.all) {
      for (const u of directory.allUsers()) if (u.status === 1) add(u.userid);
    }
    for (const id of spec.users) {
      const user = directory.user(id);
      // Members who left, are disabled or never activated cannot receive messages.
      if (user && user.status === 1) add(user.userid);
      else invalidUsers.push(id.toLowerCase());
    }
    for (const id of spec.parties) {
      const departmentId = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : NaN;
      if (!directory.department(departmentId)) {
        invalidParties.push(id);
        continue;
      }
      for (const u of directory.usersInSubtree(departmentId)) if (u.status === 1) add(u.userid);
    }
    // The simulated corp has no tags: every tag id is invalid.
    return { users: [...users.values()], invalidUsers, invalidParties, invalidTags: [...spec.tags] };
  }

  private updateTargets(body: Json, copies: ChatMessage[]): { targets: ChatMessage[]; invalidUsers: string[] } {
    if (body.atall !== undefined && body.atall !== 0 && body.atall !== 1) invalid('atall', 'must be 0 or 1');
    if (body.atall === 1) return { targets: copies, invalidUsers: [] };

    const userids = idArray(body, 'userids', 'string', UPDATE_LIMITS.userids, WecomErrcode.INVALID_USERID_LIST_LENGTH);
    const partyids = idArray(body, 'partyids', 'number', UPDATE_LIMITS.partyids, WecomErrcode.INVALID_PARTY_LIST_LENGTH);
    const tagids = idArray(body, 'tagids', 'number', UPDATE_LIMITS.tagids, WecomErrcode.INVALID_TAG_LIST_LENGTH);
    if (userids.length + partyids.length + tagids.length === 0) invalid('userids', 'give userids, partyids, tagids or atall');

    const byUser = new Map(copies.map((m) => [m.touser.toLowerCase(), m]));
    const targets = new Map<string, ChatMessage>();
    const invalidUsers: string[] = [];
    for (const id of userids as string[]) {
      const copy = byUser.get(id.toLowerCase());
      if (copy) targets.set(id.toLowerCase(), copy);
      else invalidUsers.push(id.toLowerCase());
    }
    for (const departmentId of partyids as number[]) {
      for (const u of this.opts.directory.usersInSubtree(departmentId)) {
        const copy = byUser.get(u.userid.toLowerCase());
        if (copy) targets.set(u.userid.toLowerCase(), copy);
      }
    }
    return { targets: [...targets.values()], invalidUsers };
  }
}

function idArray(body: Json, key: string, kind: 'string' | 'number', max: number, tooLong: number): Array<string | number> {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== kind)) invalid(key, `must be an array of ${kind}s`);
  if (value.length > max) throw new WecomSimError(tooLong, `${key} has more than ${max} ids`);
  return value as Array<string | number>;
}
