import type { Clock } from '../../server/infra/clock.ts';
import type { KeyValueStore } from '../../server/infra/kv.ts';
import { AccessTokenCache, type IssuedAccessToken } from './access-token-cache.ts';
import { WecomApiError } from './wecom-api-error.ts';
import { isAccessTokenRejected } from './wecom-errcodes.ts';
import type {
  AppMessage,
  DepartmentListResponse,
  DepartmentSimpleListResponse,
  GetTokenResponse,
  GetUserInfoResponse,
  Jscode2SessionResponse,
  MessageSendResponse,
  MiniprogramSession,
  OAuthIdentity,
  UserGetResponse,
  UserListResponse,
  UserSimpleListResponse,
  UpdateTemplateCardRequest,
  UpdateTemplateCardResponse,
  WecomDepartment,
  WecomDepartmentId,
  WecomUserDetail,
  WecomUserSimple,
} from './wecom-types.ts';

/** pino-compatible subset, so the client logs without depending on a logger instance. */
export interface WecomClientLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WecomClientOptions {
  /**
   * Base URL without /cgi-bin, e.g. https://qyapi.weixin.qq.com or http://127.0.0.1:3000/sim.
   * A function because in simulator mode the port is only known after listen().
   */
  baseUrl: () => string;
  corpId: string;
  secret: string;
  agentId: number;
  store: KeyValueStore;
  clock: Clock;
  fetchImpl?: typeof fetch;
  /** Per request, connection to last body byte. */
  timeoutMs?: number;
  logger?: WecomClientLogger;
}

export type WecomHttpMethod = 'GET' | 'POST';
export type WecomQuery = Record<string, string | number | undefined>;

export interface WecomCallOptions {
  query?: WecomQuery;
  /** Sent as JSON (POST). */
  body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** message/send's answer with the `|`-joined id lists split. */
export interface MessageSendResult {
  msgid: string;
  invalidUsers: string[];
  invalidParties: string[];
  invalidTags: string[];
  unlicensedUsers: string[];
  /** Only for interactive template cards. */
  responseCode?: string;
}

/** "a|b" → ["a", "b"]; empty or absent → []. */
export function splitIdList(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value ? value.split('|').filter((id) => id !== '') : [];
}

/**
 * The one way wecrm talks to the WeCom server API: adds the app's access token, turns
 * errcodes into WecomApiError and recovers once from a refused token. New endpoints are a
 * typed method over `call`.
 *
 * The secret and the token only ever travel in request URLs; they never appear in errors or
 * logs (errmsg echoed by WeCom is redacted too).
 */
export class WecomClient {
  private readonly tokens: AccessTokenCache;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly opts: WecomClientOptions) {
    this.fetchImpl = opts.fetchImpl ?? globalThis.fetch;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.tokens = new AccessTokenCache({
      store: opts.store,
      clock: opts.clock,
      key: `wecom:access-token:${opts.corpId}:${opts.agentId}`,
      fetchToken: () => this.fetchAccessToken(),
      lockTtlMs: this.timeoutMs + 5_000,
    });
  }

  /**
   * Calls `path` (relative to /cgi-bin, e.g. "user/get") with the access token. When WeCom
   * refuses the token (40014/42001, e.g. invalidated early "for operational reasons") the
   * cached token is dropped, a new one fetched and the call retried exactly once.
   */
  async call<T>(method: WecomHttpMethod, path: string, opts: WecomCallOptions = {}): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await this.request<T>(method, path, opts, token);
    } catch (err) {
      if (!(err instanceof WecomApiError) || err.reason !== 'api' || !isAccessTokenRejected(err.errcode)) throw err;
      this.opts.logger?.warn({ path: err.path, errcode: err.errcode }, 'WeCom refused the access token; refetching once');
      await this.tokens.invalidate(token);
      return this.request<T>(method, path, opts, await this.tokens.get());
    }
  }

  /** Mini-program login (`wx.qy.login` code). session_key is dropped here on purpose. */
  async jscode2session(code: string): Promise<MiniprogramSession> {
    const res = await this.call<Jscode2SessionResponse>('GET', 'miniprogram/jscode2session', {
      query: { js_code: code, grant_type: 'authorization_code' },
    });
    return { corpid: res.corpid, userid: res.userid };
  }

  /** H5 OAuth code → who opened the page. */
  async getUserInfoByCode(code: string): Promise<OAuthIdentity> {
    const res = await this.call<GetUserInfoResponse>('GET', 'auth/getuserinfo', { query: { code } });
    if (res.userid) {
      return { kind: 'member', userid: res.userid, ...(res.user_ticket ? { user_ticket: res.user_ticket } : {}) };
    }
    if (res.openid) {
      return {
        kind: 'non_member',
        openid: res.openid,
        ...(res.external_userid ? { external_userid: res.external_userid } : {}),
      };
    }
    throw WecomApiError.transport('auth/getuserinfo', 'bad-response', 'neither userid nor openid in the answer');
  }

  /** Department `id` and all its sub-departments; the whole visible tree without `id`. */
  async listDepartments(id?: number): Promise<WecomDepartment[]> {
    const res = await this.call<DepartmentListResponse>('GET', 'department/list', { query: { id } });
    return res.department;
  }

  /** Ids only (the official advice for syncing large trees). */
  async listDepartmentIds(id?: number): Promise<WecomDepartmentId[]> {
    const res = await this.call<DepartmentSimpleListResponse>('GET', 'department/simplelist', { query: { id } });
    return res.department_id;
  }

  /** Members directly in the department (walk the tree for sub-departments). */
  async listDepartmentUsers(departmentId: number): Promise<WecomUserDetail[]> {
    const res = await this.call<UserListResponse>('GET', 'user/list', { query: { department_id: departmentId } });
    return res.userlist;
  }

  async listDepartmentUsersSimple(departmentId: number): Promise<WecomUserSimple[]> {
    const res = await this.call<UserSimpleListResponse>('GET', 'user/simplelist', {
      query: { department_id: departmentId },
    });
    return res.userlist;
  }

  async getUser(userid: string): Promise<WecomUserDetail> {
    const { errcode: _errcode, errmsg: _errmsg, ...user } = await this.call<UserGetResponse>('GET', 'user/get', {
      query: { userid },
    });
    return user;
  }

  /**
   * message/send as this app. Success (errcode 0) does not mean delivery: WeCom silently drops
   * messages beyond 30/min or 1000/hour per member, and lists unknown recipients in
   * `invaliduser` (81013 only when every recipient is invalid).
   */
  async sendMessage(message: AppMessage): Promise<MessageSendResult> {
    const res = await this.call<MessageSendResponse>('POST', 'message/send', { body: { ...message, agentid: this.opts.agentId } });
    return {
      msgid: res.msgid,
      invalidUsers: splitIdList(res.invaliduser),
      invalidParties: splitIdList(res.invalidparty),
      invalidTags: splitIdList(res.invalidtag),
      unlicensedUsers: splitIdList(res.unlicenseduser),
      ...(res.response_code ? { responseCode: res.response_code } : {}),
    };
  }

  /**
   * message/update_template_card: consumes `response_code` (single use, 72 h). Returns the
   * lower-cased userids that could not be updated.
   */
  async updateTemplateCard(request: Omit<UpdateTemplateCardRequest, 'agentid'>): Promise<{ invalidUsers: string[] }> {
    const res = await this.call<UpdateTemplateCardResponse>('POST', 'message/update_template_card', {
      body: { ...request, agentid: this.opts.agentId },
    });
    return { invalidUsers: Array.isArray(res.invaliduser) ? res.invaliduser : splitIdList(res.invaliduser) };
  }

  private async fetchAccessToken(): Promise<IssuedAccessToken> {
    const res = await this.request<GetTokenResponse>(
      'GET',
      'gettoken',
      { query: { corpid: this.opts.corpId, corpsecret: this.opts.secret } },
      null,
    );
    if (typeof res.access_token !== 'string' || typeof res.expires_in !== 'number') {
      throw WecomApiError.transport('gettoken', 'bad-response', 'access_token or expires_in missing');
    }
    this.opts.logger?.info(
      { corpId: this.opts.corpId, agentId: this.opts.agentId, expiresIn: res.expires_in },
      'WeCom access token refreshed',
    );
    return { accessToken: res.access_token, expiresIn: res.expires_in };
  }

  private async request<T>(method: WecomHttpMethod, path: string, opts: WecomCallOptions, token: string | null): Promise<T> {
    const cleanPath = path.replace(/^\/+/, '').replace(/^cgi-bin\//, '');
    const url = new URL(`${this.opts.baseUrl().replace(/\/+$/, '')}/cgi-bin/${cleanPath}`);
    for (const [name, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    if (token !== null) url.searchParams.set('access_token', token);

    let status: number;
    let text: string;
    try {
      const res = await this.fetchImpl(url, {
        method,
        headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw timedOut
        ? WecomApiError.transport(cleanPath, 'timeout', `no answer within ${this.timeoutMs} ms`, { cause: err })
        : WecomApiError.transport(cleanPath, 'network', 'request failed before an answer', { cause: err });
    }

    if (status !== 200) {
      throw WecomApiError.transport(cleanPath, 'http', `HTTP ${status}`, { httpStatus: status });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw WecomApiError.transport(cleanPath, 'bad-response', 'answer is not JSON', { httpStatus: status });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw WecomApiError.transport(cleanPath, 'bad-response', 'answer is not a JSON object', { httpStatus: status });
    }
    const envelope = body as { errcode?: unknown; errmsg?: unknown };
    // A few documented success examples omit errcode; absent means success.
    const errcode = typeof envelope.errcode === 'number' ? envelope.errcode : 0;
    if (errcode !== 0) {
      throw new WecomApiError({
        errcode,
        errmsg: this.redact(typeof envelope.errmsg === 'string' ? envelope.errmsg : '', token),
        path: cleanPath,
        httpStatus: status,
      });
    }
    return body as T;
  }

  /** WeCom does not echo credentials today; this keeps it that way in our logs if it ever does. */
  private redact(text: string, token: string | null): string {
    let out = text.split(this.opts.secret).join('***');
    if (token) out = out.split(token).join('***');
    return out;
  }
}
