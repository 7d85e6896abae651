/**
 * Response shapes of the WeCom server API, with WeCom's own field names (WECOM.md §1, §7.1,
 * §8, §9), so a reader can hold them against the official pages.
 */

/** Every WeCom JSON answer carries these; `errcode` 0 means success. */
export interface WecomEnvelope {
  errcode: number;
  errmsg: string;
}

/** GET gettoken */
export interface GetTokenResponse extends WecomEnvelope {
  /** Up to 512 bytes. */
  access_token: string;
  /** Seconds, normally 7200. */
  expires_in: number;
}

/** GET miniprogram/jscode2session (raw: session_key stays inside the client). */
export interface Jscode2SessionResponse extends WecomEnvelope {
  corpid: string;
  userid: string;
  session_key: string;
}

/**
 * What callers get from a mini-program login. session_key is deliberately absent: it must
 * never reach the mini-program, and nothing in wecrm needs it.
 */
export interface MiniprogramSession {
  corpid: string;
  userid: string;
}

/** GET auth/getuserinfo, raw. Members get userid; anyone else gets openid. */
export interface GetUserInfoResponse extends WecomEnvelope {
  userid?: string;
  /** Only with scope snsapi_privateinfo and a member in the app's visible range; valid 1800 s. */
  user_ticket?: string;
  openid?: string;
  /** Only when the person is a customer whose follower is in the app's visible range. */
  external_userid?: string;
}

/** Who opened an OAuth link: a member of the corp, or someone outside it. */
export type OAuthIdentity =
  | { kind: 'member'; userid: string; user_ticket?: string }
  | { kind: 'non_member'; openid: string; external_userid?: string };

/** One row of department/list. */
export interface WecomDepartment {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  /** The root department has id 1 and parentid 0. */
  parentid: number;
  /** Order among siblings; larger comes first. */
  order: number;
}

/** One row of department/simplelist. */
export interface WecomDepartmentId {
  id: number;
  parentid: number;
  order: number;
}

/** 1 activated, 2 disabled, 4 not activated, 5 left the enterprise. */
export type WecomUserStatus = 1 | 2 | 4 | 5;

/** One row of user/simplelist. */
export interface WecomUserSimple {
  userid: string;
  name: string;
  department: number[];
  /** Only for third-party apps. */
  open_userid?: string;
}

/**
 * user/get and rows of user/list. Apps created after 2022-06-20 no longer receive the
 * private fields (mobile, gender, email, biz_mail, avatar, qr_code, address): they are
 * optional here and nothing may rely on them.
 */
export interface WecomUserDetail {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  position?: string;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
  telephone?: string;
  alias?: string;
  main_department?: number;
  status: WecomUserStatus;
  open_userid?: string;
  external_position?: string;
  extattr?: { attrs: unknown[] };
  mobile?: string;
  gender?: string;
  email?: string;
  biz_mail?: string;
  avatar?: string;
  thumb_avatar?: string;
  qr_code?: string;
  address?: string;
}

export interface DepartmentListResponse extends WecomEnvelope {
  department: WecomDepartment[];
}

export interface DepartmentSimpleListResponse extends WecomEnvelope {
  department_id: WecomDepartmentId[];
}

export interface UserListResponse extends WecomEnvelope {
  userlist: WecomUserDetail[];
}

export interface UserSimpleListResponse extends WecomEnvelope {
  userlist: WecomUserSimple[];
}

export type UserGetResponse = WecomEnvelope & WecomUserDetail;

// ---------------------------------------------------------------------------------------------
// App messages (WECOM.md §2): message/send and message/update_template_card.

/** Template card kinds. The simulator models text_notice, news_notice and button_interaction. */
export type TemplateCardType = 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction';

/** 1 opens `url`; 2 opens a mini-program page (`appid` + `pagepath`); 0 = no jump (button_interaction only). */
export interface TemplateCardAction {
  type: 0 | 1 | 2;
  url?: string;
  appid?: string;
  pagepath?: string;
}

export interface TemplateCardSource {
  icon_url?: string;
  /** ≤ 20 characters. */
  desc?: string;
  /** 0 grey (default), 1 black, 2 red, 3 green. */
  desc_color?: 0 | 1 | 2 | 3;
}

export interface TemplateCardActionMenu {
  desc?: string;
  /** 1–3 entries; keys ≤ 1024 bytes, unique. Clicks arrive as template_card_menu_event. */
  action_list: Array<{ text: string; key: string }>;
}

export interface TemplateCardMainTitle {
  /** ≤ 36 characters. */
  title?: string;
  /** ≤ 44 characters. */
  desc?: string;
}

export interface TemplateCardQuoteArea {
  type?: 0 | 1 | 2;
  url?: string;
  appid?: string;
  pagepath?: string;
  title?: string;
  quote_text?: string;
}

export interface TemplateCardEmphasis {
  /** ≤ 14 characters, shown big. */
  title?: string;
  /** ≤ 22 characters. */
  desc?: string;
}

/** A key-value row: 0 plain, 1 link (`url`), 2 file (`media_id`), 3 member profile (`userid`). */
export interface TemplateCardHorizontalContent {
  type?: 0 | 1 | 2 | 3;
  /** ≤ 5 characters. */
  keyname: string;
  /** ≤ 30 characters. */
  value?: string;
  url?: string;
  media_id?: string;
  userid?: string;
}

export interface TemplateCardJump {
  type?: 0 | 1 | 2;
  /** ≤ 18 characters. */
  title: string;
  url?: string;
  appid?: string;
  pagepath?: string;
}

/** type 0 (default) calls back with `key`; type 1 opens `url`. Style 1–4. */
export interface TemplateCardButton {
  type?: 0 | 1;
  /** ≤ 10 characters. */
  text: string;
  style?: 1 | 2 | 3 | 4;
  /** ≤ 1024 bytes, unique within the card; required for type 0. */
  key?: string;
  url?: string;
}

export interface TemplateCardButtonSelection {
  question_key: string;
  title?: string;
  option_list: Array<{ id: string; text: string }>;
  selected_id?: string;
}

export interface TemplateCard {
  card_type: TemplateCardType;
  source?: TemplateCardSource;
  action_menu?: TemplateCardActionMenu;
  /** `[A-Za-z0-9_@-]`, ≤ 128 bytes, unique per app forever; required for interactive cards and with action_menu. */
  task_id?: string;
  main_title?: TemplateCardMainTitle;
  quote_area?: TemplateCardQuoteArea;
  emphasis_content?: TemplateCardEmphasis;
  /** ≤ 160 characters. */
  sub_title_text?: string;
  horizontal_content_list?: TemplateCardHorizontalContent[];
  jump_list?: TemplateCardJump[];
  /** Required for text_notice and news_notice. */
  card_action?: TemplateCardAction;
  /** news_notice: one of card_image / image_text_area is required. */
  card_image?: { url: string; aspect_ratio?: number };
  image_text_area?: { type?: 0 | 1 | 2; url?: string; appid?: string; pagepath?: string; title?: string; desc?: string; image_url: string };
  vertical_content_list?: Array<{ title: string; desc?: string }>;
  /** button_interaction only. */
  button_selection?: TemplateCardButtonSelection;
  /** button_interaction only: 1–6 buttons. */
  button_list?: TemplateCardButton[];
  /** update_template_card (mode B) on interactive cards: grey the buttons with this label. */
  replace_text?: string;
}

/** Who receives a message: `|`-joined ids; touser "@all" is everyone in the app's range. */
export interface MessageRecipients {
  touser?: string;
  toparty?: string;
  totag?: string;
}

interface MessageSendCommon extends MessageRecipients {
  agentid: number;
  safe?: 0 | 1;
  enable_id_trans?: 0 | 1;
  /** 1: an identical request inside `duplicate_check_interval` seconds is not delivered again. */
  enable_duplicate_check?: 0 | 1;
  /** Seconds, default 1800, at most 4 hours. */
  duplicate_check_interval?: number;
}

export type MessageSendRequest =
  | (MessageSendCommon & { msgtype: 'text'; text: { content: string } })
  | (MessageSendCommon & { msgtype: 'template_card'; template_card: TemplateCard });

/** What the caller of WecomClient.sendMessage provides: the client adds `agentid`. */
export type AppMessage = MessageSendRequest extends infer M ? (M extends unknown ? Omit<M, 'agentid'> : never) : never;

/** message/send, raw. Id lists are `|`-joined strings here (arrays in update_template_card). */
export interface MessageSendResponse extends WecomEnvelope {
  /** Lower-cased userids that could not receive the message; "" when none. */
  invaliduser?: string;
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
  msgid: string;
  /** Only for button_interaction / vote_interaction / multiple_interaction cards; single use, 72 h. */
  response_code?: string;
}

/** message/update_template_card: mode A (`button`) greys the buttons; mode B (`template_card`) replaces the card. */
export interface UpdateTemplateCardRequest {
  userids?: string[];
  partyids?: number[];
  tagids?: number[];
  /** 1: update the card for every recipient of the message. */
  atall?: 0 | 1;
  agentid: number;
  /** From the send response or a template_card_event callback; each single use, valid 72 h. */
  response_code: string;
  enable_id_trans?: 0 | 1;
  button?: { replace_name: string };
  template_card?: TemplateCard;
}

export interface UpdateTemplateCardResponse extends WecomEnvelope {
  /** NOTE: an array here, unlike message/send. */
  invaliduser?: string[];
}

// ------------------------------------------------------------------ 客户联系 (WECOM.md §6, §12)

/** external_contact in externalcontact/get and batch/get_by_user. corp_* only for type 2 (WeCom users). */
export interface WecomExternalContact {
  external_userid: string;
  name: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: 1 | 2;
  gender?: 0 | 1 | 2;
  avatar?: string;
  unionid?: string;
  position?: string;
  corp_name?: string;
  corp_full_name?: string;
}

/** A member's side of the relationship (follow_user in get, follow_info in batch/get_by_user). */
export interface WecomFollowInfo {
  userid: string;
  remark?: string;
  description?: string;
  /** Seconds. */
  createtime: number;
  /** batch/get_by_user: tag ids only. */
  tag_id?: string[];
  /** externalcontact/get: the tags themselves. */
  tags?: Array<{ group_name?: string; tag_name?: string; tag_id?: string; type?: number }>;
  remark_corp_name?: string;
  remark_mobiles?: string[];
  oper_userid?: string;
  /** 202: assigned by an admin (a transfer). */
  add_way?: number;
  state?: string;
}

export interface ExternalContactListResponse extends WecomEnvelope {
  external_userid: string[];
}

export interface ExternalContactGetResponse extends WecomEnvelope {
  external_contact: WecomExternalContact;
  follow_user: WecomFollowInfo[];
  next_cursor?: string;
}

export interface BatchGetByUserResponse extends WecomEnvelope {
  external_contact_list: Array<{ external_contact: WecomExternalContact; follow_info: WecomFollowInfo }>;
  /** "" (or absent) on the last page. */
  next_cursor?: string;
}

/** One customer of a transfer_customer call: errcode 0 = started (taken over automatically after 24 h). */
export interface TransferCustomerOutcome {
  external_userid: string;
  errcode: number;
}

export interface TransferCustomerResponse extends WecomEnvelope {
  customer: TransferCustomerOutcome[];
}

/** 1 taken over, 2 waiting, 3 refused by the customer, 4 takeover member at the contact limit, 5 no transfer record. */
export type TransferStatusCode = 1 | 2 | 3 | 4 | 5;

export interface TransferResultResponse extends WecomEnvelope {
  customer: Array<{ external_userid: string; status: TransferStatusCode; takeover_time: number }>;
  next_cursor?: string;
}

export interface UnassignedListResponse extends WecomEnvelope {
  info: Array<{ handover_userid: string; external_userid: string; dimission_time: number }>;
  is_last: boolean;
  next_cursor?: string;
}

export interface GroupChatListResponse extends WecomEnvelope {
  /** status 0 normal, 1 owner resigned awaiting inheritance, 2 in progress, 3 inherited. */
  group_chat_list: Array<{ chat_id: string; status: 0 | 1 | 2 | 3 }>;
  next_cursor?: string;
}

export interface WecomGroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice?: string;
  member_list: Array<{ userid: string; type: 1 | 2; join_time: number; join_scene: number; invitor?: { userid: string }; group_nickname?: string; name?: string; unionid?: string }>;
  admin_list?: Array<{ userid: string }>;
  member_version?: string;
}

export interface GroupChatGetResponse extends WecomEnvelope {
  group_chat: WecomGroupChat;
}

export interface GroupChatTransferResponse extends WecomEnvelope {
  failed_chat_list: Array<{ chat_id: string; errcode: number; errmsg: string }>;
}

/** get_jsapi_ticket / ticket/get?type=agent_config (WECOM.md §7.4). */
export interface JsapiTicketResponse extends WecomEnvelope {
  ticket: string;
  /** Seconds, normally 7200. */
  expires_in: number;
}
