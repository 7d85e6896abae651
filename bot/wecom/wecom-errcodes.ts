/**
 * WeCom `errcode` values the product branches on (WECOM.md §1, §8, §9, §11).
 * One list shared by the client (which reacts to them) and the simulator (which returns
 * them), so the two cannot drift apart. Branch on these numbers, never on `errmsg`:
 * WeCom says errmsg may change.
 */
export const WecomErrcode = {
  SYSTEM_BUSY: -1,
  OK: 0,
  INVALID_SECRET: 40001,
  INVALID_USERID: 40003,
  INVALID_MSGTYPE: 40008,
  INVALID_CORPID: 40013,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_CODE: 40029,
  INVALID_USERID_LIST: 40031,
  INVALID_USERID_LIST_LENGTH: 40032,
  INVALID_AGENTID: 40056,
  /** WeCom's "invalid Parameter"; also the simulator's answer for template_card field limits. */
  INVALID_PARAMETER: 40058,
  /** groupchat/get with an unknown chat_id (UNCONFIRMED code: WeCom's "invalid chatid"). */
  INVALID_CHAT_ID: 40050,
  /**
   * update_template_card with an unknown, used or expired response_code. The code WeCom uses is
   * not published (UNCONFIRMED): the simulator answers 40058 "invalid Parameter". Treat any
   * errcode from update_template_card as "this code is spent": never retry with the same code.
   */
  RESPONSE_CODE_INVALID: 40058,
  /** externalcontact: unknown external_userid (or not a customer of the corp). */
  INVALID_EXTERNAL_USERID: 40096,
  /** resigned/transfer_customer on a member who has not left. */
  HANDOVER_NOT_RESIGNED: 40097,
  /** Takeover member not real-name verified / not activated (WECOM.md §12). */
  TAKEOVER_NOT_VERIFIED: 40098,
  /** The takeover member is at the external-contact limit. */
  EXTERNAL_CONTACT_LIMIT: 40099,
  /** The customers are already being transferred. */
  CUSTOMER_ALREADY_TRANSFERRING: 40100,
  /** Each customer (or group) at most 2 transfers within 90 natural days. */
  TRANSFER_TOO_FREQUENT: 40128,
  /** A transfer of this customer is waiting for its 24 h takeover. */
  CUSTOMER_TRANSFER_IN_PROGRESS: 40129,
  /** Handover and takeover are the same member. */
  TRANSFER_SAME_MEMBER: 40130,
  /** The handover member does not follow the customer. */
  TRANSFER_NOT_FOLLOWER: 40131,
  MISSING_ACCESS_TOKEN: 41001,
  MISSING_CORPID: 41002,
  MISSING_SECRET: 41004,
  MISSING_CODE: 41008,
  MISSING_USERID: 41009,
  MISSING_AGENTID: 41011,
  MISSING_DEPARTMENT: 41019,
  /** transfer_customer / externalcontact/get without external_userid. */
  MISSING_EXTERNAL_USERID: 41035,
  ACCESS_TOKEN_EXPIRED: 42001,
  /** template_card task_id duplicated, empty or too long ("taskid has existed or empty or exceed max len"). */
  TASK_ID_INVALID: 42014,
  /** message/send text with empty content. */
  EMPTY_TEXT_CONTENT: 44004,
  API_FREQUENCY_LIMIT: 45009,
  API_CONCURRENCY_LIMIT: 45033,
  DATA_FORMAT_ERROR: 47001,
  USERID_NOT_FOUND: 60111,
  INVALID_DEPARTMENT_ID: 60123,
  /** message/send: every UserID, PartyID and TagID invalid or out of the app's range. */
  ALL_RECIPIENTS_INVALID: 81013,
  /** groupchat/list without owner_filter when the visible range has more than 1000 people. */
  VISIBLE_RANGE_TOO_LARGE: 81017,
  /** No customer relationship between the member and the external contact (externalcontact/list of a member without customers). */
  NO_EXTERNAL_CONTACT_RELATION: 84061,
  /** groupchat/transfer: the group's owner has not resigned. */
  GROUP_OWNER_NOT_RESIGNED: 90500,
  /** groupchat/onjob_transfer: not an external group chat (also an unknown chat_id). */
  GROUP_NOT_EXTERNAL: 90501,
  /**
   * groupchat/onjob_transfer on a group whose owner resigned (use groupchat/transfer). The exact
   * code is UNCONFIRMED; WECOM.md §12 lists 90507 as "resigned group inheritance in progress".
   */
  GROUP_RESIGNED_INHERITANCE: 90507,
  INVALID_PARTY_LIST_LENGTH: 82002,
  INVALID_TAG_LIST_LENGTH: 82003,
} as const;

export type WecomErrcodeValue = (typeof WecomErrcode)[keyof typeof WecomErrcode];

/** The token was refused: drop the cached one, fetch a new one once, retry the call once. */
export function isAccessTokenRejected(errcode: number): boolean {
  return errcode === WecomErrcode.INVALID_ACCESS_TOKEN || errcode === WecomErrcode.ACCESS_TOKEN_EXPIRED;
}

/**
 * Worth retrying later with back-off: WeCom is busy or throttling. Configuration errors
 * (bad secret, bad corp id) are not: retrying them only gets the IP frequency-blocked.
 */
export function isRetryableErrcode(errcode: number): boolean {
  return (
    errcode === WecomErrcode.SYSTEM_BUSY ||
    errcode === WecomErrcode.API_FREQUENCY_LIMIT ||
    errcode === WecomErrcode.API_CONCURRENCY_LIMIT
  );
}
