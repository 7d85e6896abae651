import { WecomErrcode, isRetryableErrcode } from './wecom-errcodes.ts';

/**
 * Why a WeCom call failed:
 * - `api`: WeCom answered with a non-zero errcode (the errcode is WeCom's);
 * - `network` / `timeout`: no answer at all;
 * - `http`: an answer that is not WeCom's 200 (a proxy, an outage page);
 * - `bad-response`: a 200 whose body is not a JSON object;
 * - `lock-busy`: another process held the token-refresh lock for too long.
 * Every non-`api` reason carries errcode -1 (WeCom's own "system busy"), because the
 * caller's reaction is the same: try again later.
 */
export type WecomFailureReason = 'api' | 'network' | 'timeout' | 'http' | 'bad-response' | 'lock-busy';

export class WecomApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path relative to /cgi-bin (never the URL: its query holds the token or the secret). */
  readonly path: string;
  readonly reason: WecomFailureReason;
  readonly httpStatus: number | null;
  /** True when the same call may succeed later (back off first; WeCom advises at most 3 retries). */
  readonly retryable: boolean;

  constructor(init: {
    errcode: number;
    errmsg: string;
    path: string;
    reason?: WecomFailureReason;
    httpStatus?: number;
    cause?: unknown;
  }) {
    const reason = init.reason ?? 'api';
    super(`WeCom ${init.path} failed (${reason}): errcode ${init.errcode}, ${init.errmsg}`, { cause: init.cause });
    this.name = 'WecomApiError';
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.path = init.path;
    this.reason = reason;
    this.httpStatus = init.httpStatus ?? null;
    this.retryable = retryableFor(reason, init.errcode, this.httpStatus);
  }

  static transport(path: string, reason: Exclude<WecomFailureReason, 'api'>, detail: string, extra: { httpStatus?: number; cause?: unknown } = {}): WecomApiError {
    return new WecomApiError({ errcode: WecomErrcode.SYSTEM_BUSY, errmsg: detail, path, reason, ...extra });
  }
}

function retryableFor(reason: WecomFailureReason, errcode: number, httpStatus: number | null): boolean {
  switch (reason) {
    case 'api':
      return isRetryableErrcode(errcode);
    case 'http':
      // A 4xx from the gateway will not change on retry; 5xx and 429 might.
      return httpStatus === null || httpStatus >= 500 || httpStatus === 429;
    case 'bad-response':
      return false;
    case 'network':
    case 'timeout':
    case 'lock-busy':
      return true;
  }
}
