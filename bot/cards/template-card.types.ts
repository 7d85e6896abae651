/**
 * WeCom template_card JSON with WeCom's own field names (WECOM.md §2.2), for the fields wecrm
 * builds. `validateTemplateCard` reads untyped JSON, so anything else a card may hold is still checked.
 */

export type TemplateCardType = 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction';

export interface CardSource {
  icon_url?: string;
  desc?: string;
  /** 0 grey (default), 1 black, 2 red, 3 green. */
  desc_color?: 0 | 1 | 2 | 3;
}

export interface CardMainTitle {
  title?: string;
  desc?: string;
}

export interface CardEmphasisContent {
  title?: string;
  desc?: string;
}

/** type 0 plain text, 1 url, 2 file download (media_id), 3 member profile (userid). */
export interface CardHorizontalContent {
  type?: 0 | 1 | 2 | 3;
  keyname: string;
  value?: string;
  url?: string;
  media_id?: string;
  userid?: string;
}

/** type 0 no link, 1 url, 2 mini-program. */
export interface CardJump {
  type?: 0 | 1 | 2;
  title: string;
  url?: string;
  appid?: string;
  pagepath?: string;
}

/** type 1 url, 2 mini-program (0 = no jump, button_interaction only). */
export interface CardAction {
  type: 0 | 1 | 2;
  url?: string;
  appid?: string;
  pagepath?: string;
}

/** type 0 (default) callback with `key`, 1 opens `url`. style 1–4. */
export interface CardButton {
  type?: 0 | 1;
  text: string;
  style?: 1 | 2 | 3 | 4;
  key?: string;
  url?: string;
}

/** button_interaction only: one choice sent back in the click's SelectedItems. */
export interface CardButtonSelection {
  question_key: string;
  title?: string;
  option_list: Array<{ id: string; text: string }>;
  selected_id?: string;
}

export interface TemplateCard {
  card_type: TemplateCardType;
  source?: CardSource;
  task_id?: string;
  main_title?: CardMainTitle;
  emphasis_content?: CardEmphasisContent;
  sub_title_text?: string;
  horizontal_content_list?: CardHorizontalContent[];
  jump_list?: CardJump[];
  card_action?: CardAction;
  button_selection?: CardButtonSelection;
  button_list?: CardButton[];
  /** update_template_card only (mode B): shows the buttons grey with this text. */
  replace_text?: string;
}

/** A `message/send` body minus `touser`/`agentid`, which the dispatcher adds. */
export interface TemplateCardMessage {
  msgtype: 'template_card';
  template_card: TemplateCard;
}

/** update_template_card, mode A: grey out the buttons with a label (interactive cards only). */
export interface ButtonUpdate {
  button: { replace_name: string };
}

/** update_template_card, mode B: replace the card (sent without task_id). */
export interface CardReplacement {
  template_card: TemplateCard;
}

/** The part of an update_template_card body the card decides; the caller adds agentid, userids, response_code. */
export type TemplateCardUpdate = ButtonUpdate | CardReplacement;
