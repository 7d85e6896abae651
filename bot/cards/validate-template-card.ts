/**
 * Checks a template card against every limit WECOM.md §2.2 states. Returns the problems found
 * (empty = fine). Used by the builders' tests, by `buildCard` as a last guard before a row is
 * sent, and by the simulator to reject what WeCom would reject.
 *
 * Accepts a `message/send` body (`{msgtype, template_card}`), an update_template_card mode-B
 * fragment (`{template_card}`) or a bare card, as untyped JSON.
 */
import { CARD_LIMITS as L } from './card-limits.ts';
import { isValidCardUrl, isValidTaskId } from './card-context.ts';
import { textLength, utf8Length } from './text.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBlank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';
const INTERACTIVE = ['button_interaction', 'vote_interaction', 'multiple_interaction'];

class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }

  /** Optional text: when present it must be a string within `max` characters. */
  chars(path: string, value: unknown, max: number, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'required');
      return;
    }
    if (typeof value !== 'string') return this.add(path, 'must be a string');
    if (required && value.trim() === '') return this.add(path, 'must not be empty');
    if (textLength(value) > max) this.add(path, `${textLength(value)} characters, limit ${max}`);
  }

  bytes(path: string, value: unknown, max: number, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'required');
      return;
    }
    if (typeof value !== 'string') return this.add(path, 'must be a string');
    if (required && value === '') return this.add(path, 'must not be empty');
    if (utf8Length(value) > max) this.add(path, `${utf8Length(value)} bytes, limit ${max}`);
  }

  oneOf(path: string, value: unknown, allowed: readonly number[], fallback?: number): number | undefined {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !allowed.includes(value)) {
      this.add(path, `must be one of ${allowed.join('/')}`);
      return undefined;
    }
    return value;
  }

  url(path: string, value: unknown): void {
    if (value === undefined || value === '') return this.add(path, 'required');
    if (!isValidCardUrl(value)) this.add(path, `must be an http(s) URL of at most ${L.url.maxBytes} bytes`);
  }

  items(path: string, value: unknown, min: number, max: number): unknown[] {
    if (value === undefined) {
      if (min > 0) this.add(path, 'required');
      return [];
    }
    if (!Array.isArray(value)) {
      this.add(path, 'must be an array');
      return [];
    }
    if (value.length < min || value.length > max) this.add(path, `${value.length} items, allowed ${min}–${max}`);
    return value;
  }

  uniqueKeys(path: string, keys: string[]): void {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) this.add(path, `duplicate key "${key}"`);
      seen.add(key);
    }
  }
}

/** A link target (`type` 1 url / 2 mini-program) as card_action, jump_list and quote_area use it. */
function checkTarget(p: Problems, path: string, item: Json, type: number | undefined): void {
  if (type === 1) p.url(`${path}.url`, item.url);
  if (type === 2 && isBlank(item.appid)) p.add(`${path}.appid`, 'required when type is 2');
}

export function validateTemplateCard(input: unknown): string[] {
  const p = new Problems();
  let card: unknown = input;
  if (isObject(input) && 'template_card' in input) {
    if ('msgtype' in input && input.msgtype !== 'template_card') p.add('msgtype', 'must be "template_card"');
    card = input.template_card;
  }
  if (!isObject(card)) {
    p.add('template_card', 'must be an object');
    return p.list;
  }
  const type = card.card_type;
  if (typeof type !== 'string' || !(L.cardTypes as readonly string[]).includes(type)) {
    p.add('card_type', `must be one of ${L.cardTypes.join('/')}`);
    return p.list;
  }
  const interactive = INTERACTIVE.includes(type);

  if (card.source !== undefined) {
    if (!isObject(card.source)) p.add('source', 'must be an object');
    else {
      p.chars('source.desc', card.source.desc, L.source.descChars);
      p.oneOf('source.desc_color', card.source.desc_color, L.source.descColors);
      if (card.source.icon_url !== undefined) p.url('source.icon_url', card.source.icon_url);
    }
  }

  if (card.action_menu !== undefined) {
    if (!isObject(card.action_menu)) p.add('action_menu', 'must be an object');
    else {
      const actions = p.items('action_menu.action_list', card.action_menu.action_list, L.actionMenu.minItems, L.actionMenu.maxItems);
      actions.forEach((a, i) => {
        if (!isObject(a)) return p.add(`action_menu.action_list[${i}]`, 'must be an object');
        p.chars(`action_menu.action_list[${i}].text`, a.text, Infinity, true);
        p.bytes(`action_menu.action_list[${i}].key`, a.key, L.actionMenu.keyBytes, true);
      });
      p.uniqueKeys('action_menu.action_list', actions.filter(isObject).map((a) => String(a.key)));
    }
  }

  // An empty, duplicate or over-long task_id on an interactive card is errcode 42014.
  if (card.task_id !== undefined || interactive || card.action_menu !== undefined) {
    if (card.task_id === undefined) {
      // Update payloads (mode B) replace a sent card and carry no task_id.
      if (!(isObject(input) && !('msgtype' in input) && 'template_card' in input)) p.add('task_id', 'required for interactive cards and cards with action_menu');
    } else if (!isValidTaskId(card.task_id)) {
      p.add('task_id', `only letters, digits and _-@, at most ${L.taskId.maxBytes} bytes`);
    }
  }

  const main = card.main_title;
  if (main !== undefined && !isObject(main)) p.add('main_title', 'must be an object');
  const mainTitle = isObject(main) ? main.title : undefined;
  if (isObject(main)) {
    const limits = type === 'vote_interaction' ? L.voteMainTitle : type === 'multiple_interaction' ? L.multipleMainTitle : L.mainTitle;
    p.chars('main_title.title', main.title, limits.titleChars);
    p.chars('main_title.desc', main.desc, limits.descChars);
  }
  if (type === 'text_notice') {
    if (isBlank(mainTitle) && isBlank(card.sub_title_text)) p.add('main_title.title', 'main_title.title or sub_title_text is required');
  } else if (isBlank(mainTitle)) {
    p.add('main_title.title', 'required');
  }

  if (card.emphasis_content !== undefined) {
    if (!isObject(card.emphasis_content)) p.add('emphasis_content', 'must be an object');
    else {
      p.chars('emphasis_content.title', card.emphasis_content.title, L.emphasisContent.titleChars);
      p.chars('emphasis_content.desc', card.emphasis_content.desc, L.emphasisContent.descChars);
    }
  }

  p.chars('sub_title_text', card.sub_title_text, L.subTitleText.chars);

  if (card.quote_area !== undefined) {
    if (!isObject(card.quote_area)) p.add('quote_area', 'must be an object');
    else checkTarget(p, 'quote_area', card.quote_area, p.oneOf('quote_area.type', card.quote_area.type, L.quoteArea.types, 0));
  }

  const rows = p.items('horizontal_content_list', card.horizontal_content_list, 0, L.horizontalContent.maxItems);
  rows.forEach((row, i) => {
    const path = `horizontal_content_list[${i}]`;
    if (!isObject(row)) return p.add(path, 'must be an object');
    p.chars(`${path}.keyname`, row.keyname, L.horizontalContent.keynameChars, true);
    p.chars(`${path}.value`, row.value, L.horizontalContent.valueChars);
    const rowType = p.oneOf(`${path}.type`, row.type, L.horizontalContent.types, 0);
    if (rowType === 1) p.url(`${path}.url`, row.url);
    if (rowType === 2 && isBlank(row.media_id)) p.add(`${path}.media_id`, 'required when type is 2');
    if (rowType === 3 && isBlank(row.userid)) p.add(`${path}.userid`, 'required when type is 3');
  });

  const jumps = p.items('jump_list', card.jump_list, 0, L.jumpList.maxItems);
  jumps.forEach((jump, i) => {
    const path = `jump_list[${i}]`;
    if (!isObject(jump)) return p.add(path, 'must be an object');
    p.chars(`${path}.title`, jump.title, L.jumpList.titleChars, true);
    checkTarget(p, path, jump, p.oneOf(`${path}.type`, jump.type, L.jumpList.types, 0));
  });

  const notice = type === 'text_notice' || type === 'news_notice';
  if (card.card_action === undefined) {
    if (notice) p.add('card_action', `required for ${type}`);
  } else if (!isObject(card.card_action)) {
    p.add('card_action', 'must be an object');
  } else {
    const actionType = p.oneOf('card_action.type', card.card_action.type, L.cardAction.types, 0);
    if (notice && actionType === 0) p.add('card_action.type', `must be 1 or 2 for ${type}`);
    checkTarget(p, 'card_action', card.card_action, actionType);
  }

  if (type === 'news_notice') {
    if (card.card_image === undefined && card.image_text_area === undefined) p.add('card_image', 'card_image or image_text_area is required');
    if (isObject(card.card_image)) {
      p.url('card_image.url', card.card_image.url);
      const ratio = card.card_image.aspect_ratio;
      if (ratio !== undefined && (typeof ratio !== 'number' || !(ratio > L.cardImage.minAspectRatioExclusive && ratio < L.cardImage.maxAspectRatioExclusive))) {
        p.add('card_image.aspect_ratio', `must be between ${L.cardImage.minAspectRatioExclusive} and ${L.cardImage.maxAspectRatioExclusive}`);
      }
    }
    if (isObject(card.image_text_area)) p.url('image_text_area.image_url', card.image_text_area.image_url);
    const vertical = p.items('vertical_content_list', card.vertical_content_list, 0, L.verticalContent.maxItems);
    vertical.forEach((v, i) => {
      if (!isObject(v)) return p.add(`vertical_content_list[${i}]`, 'must be an object');
      p.chars(`vertical_content_list[${i}].title`, v.title, L.verticalContent.titleChars, true);
      p.chars(`vertical_content_list[${i}].desc`, v.desc, L.verticalContent.descChars);
    });
  }

  if (type === 'button_interaction') {
    const buttons = p.items('button_list', card.button_list, L.buttonList.minItems, L.buttonList.maxItems);
    const keys: string[] = [];
    buttons.forEach((button, i) => {
      const path = `button_list[${i}]`;
      if (!isObject(button)) return p.add(path, 'must be an object');
      p.chars(`${path}.text`, button.text, L.buttonList.textChars, true);
      p.oneOf(`${path}.style`, button.style, L.buttonList.styles);
      const buttonType = p.oneOf(`${path}.type`, button.type, L.buttonList.types, 0);
      if (buttonType === 0 || button.key !== undefined) {
        p.bytes(`${path}.key`, button.key, L.buttonList.keyBytes, buttonType === 0);
        if (typeof button.key === 'string') keys.push(button.key);
      }
      if (buttonType === 1) p.url(`${path}.url`, button.url);
    });
    p.uniqueKeys('button_list', keys);

    if (card.button_selection !== undefined) {
      const sel = card.button_selection;
      if (!isObject(sel)) p.add('button_selection', 'must be an object');
      else {
        p.bytes('button_selection.question_key', sel.question_key, L.buttonSelection.questionKeyBytes, true);
        checkOptions(p, 'button_selection.option_list', sel.option_list, L.buttonSelection);
        const ids = Array.isArray(sel.option_list) ? sel.option_list.filter(isObject).map((o) => o.id) : [];
        if (sel.selected_id !== undefined && !ids.includes(sel.selected_id)) p.add('button_selection.selected_id', 'must be one of the option ids');
      }
    }
  }

  if (type === 'vote_interaction') {
    const box = card.checkbox;
    if (!isObject(box)) p.add('checkbox', 'required for vote_interaction');
    else {
      p.bytes('checkbox.question_key', box.question_key, L.checkbox.questionKeyBytes, true);
      p.oneOf('checkbox.mode', box.mode, L.checkbox.modes, 0);
      checkOptions(p, 'checkbox.option_list', box.option_list, L.checkbox);
    }
  }

  if (type === 'multiple_interaction') {
    const selects = p.items('select_list', card.select_list, L.selectList.minItems, L.selectList.maxItems);
    selects.forEach((s, i) => {
      if (!isObject(s)) return p.add(`select_list[${i}]`, 'must be an object');
      p.bytes(`select_list[${i}].question_key`, s.question_key, L.selectList.questionKeyBytes, true);
      checkOptions(p, `select_list[${i}].option_list`, s.option_list, L.selectList);
    });
    p.uniqueKeys('select_list', selects.filter(isObject).map((s) => String(s.question_key)));
  }

  if ((type === 'vote_interaction' || type === 'multiple_interaction') && card.submit_button !== undefined) {
    const submit = card.submit_button;
    if (!isObject(submit)) p.add('submit_button', 'must be an object');
    else {
      p.chars('submit_button.text', submit.text, L.submitButton.textChars);
      p.bytes('submit_button.key', submit.key, L.submitButton.keyBytes, true);
    }
  }

  return p.list;
}

function checkOptions(
  p: Problems,
  path: string,
  value: unknown,
  limits: { minOptions: number; maxOptions: number; optionIdBytes: number; optionTextChars: number },
): void {
  const options = p.items(path, value, limits.minOptions, limits.maxOptions);
  options.forEach((o, i) => {
    if (!isObject(o)) return p.add(`${path}[${i}]`, 'must be an object');
    p.bytes(`${path}[${i}].id`, o.id, limits.optionIdBytes, true);
    p.chars(`${path}[${i}].text`, o.text, limits.optionTextChars, true);
  });
  p.uniqueKeys(path, options.filter(isObject).map((o) => String(o.id)));
}
