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
  INVALID_CORPID: 40013,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_CODE: 40029,
  INVALID_PARAMETER: 40058,
  MISSING_ACCESS_TOKEN: 41001,
  MISSING_CORPID: 41002,
  MISSING_SECRET: 41004,
  MISSING_CODE: 41008,
  MISSING_USERID: 41009,
  MISSING_DEPARTMENT: 41019,
  ACCESS_TOKEN_EXPIRED: 42001,
  API_FREQUENCY_LIMIT: 45009,
  API_CONCURRENCY_LIMIT: 45033,
  DATA_FORMAT_ERROR: 47001,
  USERID_NOT_FOUND: 60111,
  INVALID_DEPARTMENT_ID: 60123,
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
