import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';

/** WeCom's English errmsg stems, for the codes the simulator answers with. */
const ERRMSG: Record<number, string> = {
  [WecomErrcode.SYSTEM_BUSY]: 'system busy',
  [WecomErrcode.INVALID_SECRET]: 'invalid credential',
  [WecomErrcode.INVALID_USERID]: 'invalid userid',
  [WecomErrcode.INVALID_CORPID]: 'invalid corpid',
  [WecomErrcode.INVALID_ACCESS_TOKEN]: 'invalid access_token',
  [WecomErrcode.INVALID_CODE]: 'invalid code',
  [WecomErrcode.INVALID_PARAMETER]: 'invalid Parameter',
  [WecomErrcode.MISSING_ACCESS_TOKEN]: 'access_token missing',
  [WecomErrcode.MISSING_CORPID]: 'corpid missing',
  [WecomErrcode.MISSING_SECRET]: 'corpsecret missing',
  [WecomErrcode.MISSING_CODE]: 'code missing',
  [WecomErrcode.MISSING_USERID]: 'userid missing',
  [WecomErrcode.MISSING_DEPARTMENT]: 'department missing',
  [WecomErrcode.ACCESS_TOKEN_EXPIRED]: 'access_token expired',
  [WecomErrcode.API_FREQUENCY_LIMIT]: 'api freq out of limit',
  [WecomErrcode.API_CONCURRENCY_LIMIT]: 'api concurrent out of limit',
  [WecomErrcode.DATA_FORMAT_ERROR]: 'data format error',
  [WecomErrcode.USERID_NOT_FOUND]: 'userid not found',
  [WecomErrcode.INVALID_DEPARTMENT_ID]: 'invalid party id',
  [WecomErrcode.INVALID_USERID_LIST]: 'invalid userid list',
  [WecomErrcode.INVALID_USERID_LIST_LENGTH]: 'invalid userid list size',
  [WecomErrcode.INVALID_CHAT_ID]: 'invalid chatid',
  [WecomErrcode.INVALID_EXTERNAL_USERID]: 'invalid external userid',
  [WecomErrcode.HANDOVER_NOT_RESIGNED]: 'handover user is not resigned',
  [WecomErrcode.TAKEOVER_NOT_VERIFIED]: 'takeover user not verified or not activated',
  [WecomErrcode.EXTERNAL_CONTACT_LIMIT]: 'external contact count reach limit',
  [WecomErrcode.CUSTOMER_ALREADY_TRANSFERRING]: 'customer already in transfer',
  [WecomErrcode.TRANSFER_TOO_FREQUENT]: 'customer transferred too frequently',
  [WecomErrcode.CUSTOMER_TRANSFER_IN_PROGRESS]: 'customer transfer in progress',
  [WecomErrcode.TRANSFER_SAME_MEMBER]: 'handover and takeover are the same user',
  [WecomErrcode.TRANSFER_NOT_FOLLOWER]: 'handover user is not the follower of the customer',
  [WecomErrcode.MISSING_EXTERNAL_USERID]: 'missing external userid',
  [WecomErrcode.VISIBLE_RANGE_TOO_LARGE]: 'owner_filter required: visible range over 1000 members',
  [WecomErrcode.NO_EXTERNAL_CONTACT_RELATION]: 'not external contact',
  [WecomErrcode.GROUP_OWNER_NOT_RESIGNED]: 'the owner of this chat is not resigned',
  [WecomErrcode.GROUP_NOT_EXTERNAL]: 'chat is not external group chat',
  [WecomErrcode.GROUP_RESIGNED_INHERITANCE]: 'chat owner resigned',
};

/**
 * WeCom-shaped errmsg: a stem, a request hint and the "more info" link. The decoration is
 * deliberate: clients must branch on errcode, and a varying errmsg keeps them honest.
 */
export function wecomErrmsg(errcode: number, detail?: string): string {
  const stem = ERRMSG[errcode] ?? 'error';
  const hint = `${Date.now()}_${Math.random().toString(36).slice(2, 10)}`;
  return `${stem}${detail ? `: ${detail}` : ''}, hint: [${hint}], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** Thrown by a simulated endpoint; answered as HTTP 200 `{errcode, errmsg}` like WeCom. */
export class WecomSimError extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(`errcode ${errcode}${detail ? `: ${detail}` : ''}`);
    this.name = 'WecomSimError';
  }
}
