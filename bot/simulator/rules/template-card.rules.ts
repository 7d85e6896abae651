import type { TemplateCardType } from '../../wecom/wecom-types.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import {
  HTTP_URL,
  invalid,
  isObject,
  optionalArray,
  optionalEnum,
  optionalObject,
  optionalString,
  requiredString,
  type Json,
} from './field-checks.ts';

/**
 * The template_card limits of WECOM.md §2.2, as strict as WeCom documents them. Field
 * violations answer 40058 naming the field; a missing, malformed or too long task_id answers
 * 42014 (uniqueness is the state's job: it needs to remember every task_id of the app).
 */

/** task_id: letters, digits and `_-@`, 1–128 bytes (ASCII only, so bytes = characters). */
export const TASK_ID_PATTERN = /^[A-Za-z0-9_@-]{1,128}$/;

export const CARD_LIMITS = {
  sourceDesc: 20,
  mainTitle: 36,
  mainTitleDesc: 44,
  emphasisTitle: 14,
  emphasisDesc: 22,
  subTitleText: 160,
  horizontalItems: 6,
  horizontalKeyname: 5,
  horizontalValue: 30,
  jumpItems: 3,
  jumpTitle: 18,
  buttonItems: 6,
  buttonText: 10,
  keyBytes: 1024,
  actionMenuItems: 3,
  selectionOptions: 10,
  selectionOptionIdBytes: 128,
  selectionOptionText: 16,
  verticalItems: 4,
  urlBytes: 2048,
} as const;

/** Card types the simulator renders and clicks. vote/multiple_interaction are refused (40058). */
export const SIMULATED_CARD_TYPES: readonly TemplateCardType[] = ['text_notice', 'news_notice', 'button_interaction'];
/** Card types that carry buttons and get a response_code from message/send. */
export const INTERACTIVE_CARD_TYPES: readonly TemplateCardType[] = ['button_interaction', 'vote_interaction', 'multiple_interaction'];

export interface CheckedCard {
  cardType: TemplateCardType;
  taskId?: string;
  interactive: boolean;
}

/**
 * Validates a template_card. `purpose: 'update'` is mode B of update_template_card: the
 * replacement keeps the original card's task_id, so none is required and one given is ignored.
 */
export function checkTemplateCard(card: unknown, purpose: 'send' | 'update'): CheckedCard {
  const p = 'template_card';
  if (!isObject(card)) invalid(p, 'is required and must be an object');

  const cardType = card.card_type;
  if (typeof cardType !== 'string' || !SIMULATED_CARD_TYPES.includes(cardType as TemplateCardType)) {
    invalid(`${p}.card_type`, `must be one of ${SIMULATED_CARD_TYPES.join(', ')} (vote/multiple_interaction are not simulated)`);
  }
  const type = cardType as TemplateCardType;
  const interactive = INTERACTIVE_CARD_TYPES.includes(type);

  checkSource(card, p);
  const hasActionMenu = checkActionMenu(card, p);
  const mainTitle = checkMainTitle(card, p);
  checkQuoteArea(card, p);
  checkEmphasis(card, p);
  const subTitle = optionalString(card, 'sub_title_text', p, { maxChars: CARD_LIMITS.subTitleText });
  checkHorizontalContent(card, p);
  checkJumpList(card, p);
  const cardAction = checkCardAction(card, p, type);

  if (type === 'text_notice') {
    if (!mainTitle?.title && !subTitle) invalid(`${p}.main_title.title`, 'text_notice needs main_title.title or sub_title_text');
    if (!cardAction) invalid(`${p}.card_action`, 'is required for text_notice');
  }
  if (type === 'news_notice') {
    if (!mainTitle?.title) invalid(`${p}.main_title.title`, 'is required for news_notice');
    if (!cardAction) invalid(`${p}.card_action`, 'is required for news_notice');
    checkNewsNotice(card, p);
  }
  if (type === 'button_interaction') {
    if (!mainTitle?.title) invalid(`${p}.main_title.title`, 'is required for button_interaction');
    checkButtonSelection(card, p);
    checkButtonList(card, p);
  } else {
    for (const field of ['button_list', 'button_selection', 'replace_text']) {
      if (card[field] !== undefined) invalid(`${p}.${field}`, `is only for interactive cards, not ${type}`);
    }
  }
  if (card.replace_text !== undefined) {
    if (purpose === 'send') invalid(`${p}.replace_text`, 'is only accepted by update_template_card');
    requiredString(card, 'replace_text', p);
  }

  if (purpose === 'update') return { cardType: type, interactive };
  const taskId = checkTaskId(card, p, interactive || hasActionMenu);
  return { cardType: type, interactive, ...(taskId !== undefined ? { taskId } : {}) };
}

function checkTaskId(card: Json, p: string, required: boolean): string | undefined {
  const value = card.task_id;
  if (value === undefined || value === null) {
    if (required) invalid(`${p}.task_id`, 'is required for interactive cards and cards with action_menu', WecomErrcode.TASK_ID_INVALID);
    return undefined;
  }
  if (typeof value !== 'string' || !TASK_ID_PATTERN.test(value)) {
    invalid(`${p}.task_id`, 'taskid is empty, exceeds 128 bytes or has characters outside [A-Za-z0-9_@-]', WecomErrcode.TASK_ID_INVALID);
  }
  return value;
}

function checkSource(card: Json, p: string): void {
  const source = optionalObject(card, 'source', p);
  if (!source) return;
  optionalString(source, 'icon_url', `${p}.source`, { maxBytes: CARD_LIMITS.urlBytes, pattern: HTTP_URL });
  optionalString(source, 'desc', `${p}.source`, { maxChars: CARD_LIMITS.sourceDesc });
  optionalEnum(source, 'desc_color', `${p}.source`, [0, 1, 2, 3]);
}

function checkActionMenu(card: Json, p: string): boolean {
  const menu = optionalObject(card, 'action_menu', p);
  if (!menu) return false;
  const path = `${p}.action_menu`;
  optionalString(menu, 'desc', path);
  const list = optionalArray(menu, 'action_list', path, CARD_LIMITS.actionMenuItems, 1);
  if (!list) invalid(`${path}.action_list`, 'is required (1–3 items)');
  const keys = new Set<string>();
  list.forEach((item, i) => {
    const at = `${path}.action_list[${i}]`;
    if (!isObject(item)) invalid(at, 'must be an object');
    requiredString(item, 'text', at);
    const key = requiredString(item, 'key', at, { maxBytes: CARD_LIMITS.keyBytes });
    if (keys.has(key)) invalid(`${at}.key`, `duplicate key "${key}"`);
    keys.add(key);
  });
  return true;
}

function checkMainTitle(card: Json, p: string): Json | undefined {
  const title = optionalObject(card, 'main_title', p);
  if (!title) return undefined;
  optionalString(title, 'title', `${p}.main_title`, { maxChars: CARD_LIMITS.mainTitle });
  optionalString(title, 'desc', `${p}.main_title`, { maxChars: CARD_LIMITS.mainTitleDesc });
  return title;
}

function checkQuoteArea(card: Json, p: string): void {
  const quote = optionalObject(card, 'quote_area', p);
  if (!quote) return;
  const path = `${p}.quote_area`;
  const type = optionalEnum(quote, 'type', path, [0, 1, 2]);
  checkLinkTarget(quote, path, type ?? 0);
  optionalString(quote, 'title', path);
  optionalString(quote, 'quote_text', path);
}

function checkEmphasis(card: Json, p: string): void {
  const emphasis = optionalObject(card, 'emphasis_content', p);
  if (!emphasis) return;
  optionalString(emphasis, 'title', `${p}.emphasis_content`, { maxChars: CARD_LIMITS.emphasisTitle });
  optionalString(emphasis, 'desc', `${p}.emphasis_content`, { maxChars: CARD_LIMITS.emphasisDesc });
}

function checkHorizontalContent(card: Json, p: string): void {
  const list = optionalArray(card, 'horizontal_content_list', p, CARD_LIMITS.horizontalItems);
  list?.forEach((item, i) => {
    const at = `${p}.horizontal_content_list[${i}]`;
    if (!isObject(item)) invalid(at, 'must be an object');
    const type = optionalEnum(item, 'type', at, [0, 1, 2, 3]) ?? 0;
    requiredString(item, 'keyname', at, { maxChars: CARD_LIMITS.horizontalKeyname });
    optionalString(item, 'value', at, { maxChars: CARD_LIMITS.horizontalValue });
    if (type === 1) requiredString(item, 'url', at, { maxBytes: CARD_LIMITS.urlBytes, pattern: HTTP_URL });
    if (type === 2) requiredString(item, 'media_id', at);
    if (type === 3) requiredString(item, 'userid', at);
  });
}

function checkJumpList(card: Json, p: string): void {
  const list = optionalArray(card, 'jump_list', p, CARD_LIMITS.jumpItems);
  list?.forEach((item, i) => {
    const at = `${p}.jump_list[${i}]`;
    if (!isObject(item)) invalid(at, 'must be an object');
    const type = optionalEnum(item, 'type', at, [0, 1, 2]) ?? 0;
    requiredString(item, 'title', at, { maxChars: CARD_LIMITS.jumpTitle });
    checkLinkTarget(item, at, type);
  });
}

function checkCardAction(card: Json, p: string, cardType: TemplateCardType): Json | undefined {
  const action = optionalObject(card, 'card_action', p);
  if (!action) return undefined;
  const path = `${p}.card_action`;
  // Notices must jump somewhere; button_interaction may say 0 = no jump.
  const allowed = cardType === 'button_interaction' ? ([0, 1, 2] as const) : ([1, 2] as const);
  const type = optionalEnum(action, 'type', path, allowed);
  if (type === undefined && cardType !== 'button_interaction') invalid(`${path}.type`, 'is required (1 url, 2 mini-program)');
  checkLinkTarget(action, path, type ?? 0);
  return type === 0 || type === undefined ? undefined : action;
}

/** type 1 needs an absolute http(s) url; type 2 needs the mini-program appid. */
function checkLinkTarget(item: Json, path: string, type: number): void {
  if (type === 1) requiredString(item, 'url', path, { maxBytes: CARD_LIMITS.urlBytes, pattern: HTTP_URL });
  else optionalString(item, 'url', path, { maxBytes: CARD_LIMITS.urlBytes });
  if (type === 2) requiredString(item, 'appid', path);
  optionalString(item, 'pagepath', path);
}

function checkNewsNotice(card: Json, p: string): void {
  const image = optionalObject(card, 'card_image', p);
  const area = optionalObject(card, 'image_text_area', p);
  if (!image && !area) invalid(`${p}.card_image`, 'news_notice needs card_image or image_text_area');
  if (image) {
    requiredString(image, 'url', `${p}.card_image`, { maxBytes: CARD_LIMITS.urlBytes, pattern: HTTP_URL });
    const ratio = image.aspect_ratio;
    if (ratio !== undefined && (typeof ratio !== 'number' || ratio <= 1.3 || ratio >= 2.25)) {
      invalid(`${p}.card_image.aspect_ratio`, 'must be between 1.3 and 2.25 (exclusive)');
    }
  }
  if (area) {
    const type = optionalEnum(area, 'type', `${p}.image_text_area`, [0, 1, 2]) ?? 0;
    checkLinkTarget(area, `${p}.image_text_area`, type);
    requiredString(area, 'image_url', `${p}.image_text_area`, { maxBytes: CARD_LIMITS.urlBytes, pattern: HTTP_URL });
  }
  const vertical = optionalArray(card, 'vertical_content_list', p, CARD_LIMITS.verticalItems);
  vertical?.forEach((item, i) => {
    if (!isObject(item)) invalid(`${p}.vertical_content_list[${i}]`, 'must be an object');
    requiredString(item, 'title', `${p}.vertical_content_list[${i}]`);
  });
}

function checkButtonSelection(card: Json, p: string): void {
  const selection = optionalObject(card, 'button_selection', p);
  if (!selection) return;
  const path = `${p}.button_selection`;
  requiredString(selection, 'question_key', path, { maxBytes: CARD_LIMITS.keyBytes });
  optionalString(selection, 'title', path);
  const options = optionalArray(selection, 'option_list', path, CARD_LIMITS.selectionOptions, 1);
  if (!options) invalid(`${path}.option_list`, 'is required (1–10 options)');
  const ids = new Set<string>();
  options.forEach((option, i) => {
    const at = `${path}.option_list[${i}]`;
    if (!isObject(option)) invalid(at, 'must be an object');
    const id = requiredString(option, 'id', at, { maxBytes: CARD_LIMITS.selectionOptionIdBytes });
    if (ids.has(id)) invalid(`${at}.id`, `duplicate option id "${id}"`);
    ids.add(id);
    requiredString(option, 'text', at, { maxChars: CARD_LIMITS.selectionOptionText });
  });
  const selected = optionalString(selection, 'selected_id', path);
  if (selected && !ids.has(selected)) invalid(`${path}.selected_id`, 'is not one of the option ids');
}

function checkButtonList(card: Json, p: string): void {
  const list = optionalArray(card, 'button_list', p, CARD_LIMITS.buttonItems, 1);
  if (!list) invalid(`${p}.button_list`, 'is required for button_interaction (1–6 buttons)');
  const keys = new Set<string>();
  list.forEach((button, i) => {
    const at = `${p}.button_list[${i}]`;
    if (!isObject(button)) invalid(at, 'must be an object');
    const type = optionalEnum(button, 'type', at, [0, 1]) ?? 0;
    requiredString(button, 'text', at, { maxChars: CARD_LIMITS.buttonText });
    // style: "invalid or missing → 1" per WeCom, so any value is accepted.
    if (type === 1) {
      requiredString(button, 'url', at, { maxBytes: CARD_LIMITS.urlBytes, pattern: HTTP_URL });
      optionalString(button, 'key', at, { maxBytes: CARD_LIMITS.keyBytes });
      return;
    }
    const key = requiredString(button, 'key', at, { maxBytes: CARD_LIMITS.keyBytes });
    if (keys.has(key)) invalid(`${at}.key`, `duplicate key "${key}"`);
    keys.add(key);
  });
}
