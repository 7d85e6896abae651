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
  /**
   * update_template_card with an unknown, used or expired response_code. The code WeCom uses is
   * not published (UNCONFIRMED): the simulator answers 40058 "invalid Parameter". Treat any
   * errcode from update_template_card as "this code is spent": never retry with the same code.
   */
  RESPONSE_CODE_INVALID: 40058,
  MISSING_ACCESS_TOKEN: 41001,
  MISSING_CORPID: 41002,
  MISSING_SECRET: 41004,
  MISSING_CODE: 41008,
  MISSING_USERID: 41009,
  MISSING_AGENTID: 41011,
  MISSING_DEPARTMENT: 41019,
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
