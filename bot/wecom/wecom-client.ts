import type { Clock } from '../../server/infra/clock.ts';
import type { KeyValueStore } from '../../server/infra/kv.ts';
import { AccessTokenCache, type IssuedAccessToken } from './access-token-cache.ts';
import { WecomApiError } from './wecom-api-error.ts';
import { isAccessTokenRejected } from './wecom-errcodes.ts';
import type {
  AppMessage,
  BatchGetByUserResponse,
  ExternalContactGetResponse,
  ExternalContactListResponse,
  GroupChatGetResponse,
  GroupChatListResponse,
  GroupChatTransferResponse,
  JsapiTicketResponse,
  TransferCustomerOutcome,
  TransferCustomerResponse,
  TransferResultResponse,
  UnassignedListResponse,
  WecomExternalContact,
  WecomFollowInfo,
  WecomGroupChat,
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

  /**
   * A JS-SDK ticket (WECOM.md §7.4): the corp's (`get_jsapi_ticket`, for ww.register's
   * getConfigSignature) or this app's (`ticket/get?type=agent_config`, getAgentConfigSignature).
   * Limited to 400 an hour per corp and 100 per app: callers cache (server/sidebar/jsapi-tickets.ts).
   */
  async fetchJsapiTicket(kind: 'corp' | 'agent'): Promise<{ ticket: string; expiresIn: number }> {
    const res = kind === 'corp'
      ? await this.call<JsapiTicketResponse>('GET', 'get_jsapi_ticket')
      : await this.call<JsapiTicketResponse>('GET', 'ticket/get', { query: { type: 'agent_config' } });
    if (typeof res.ticket !== 'string' || !res.ticket || typeof res.expires_in !== 'number') {
      throw WecomApiError.transport(kind === 'corp' ? 'get_jsapi_ticket' : 'ticket/get', 'bad-response', 'no ticket in the answer');
    }
    return { ticket: res.ticket, expiresIn: res.expires_in };
  }

  /** appchat/create (WECOM.md §5): an internal group chat of the app; 2–2000 members, chatid ≤ 32 of [0-9a-zA-Z]. */
  async createAppChat(request: { chatid: string; name: string; owner: string; userlist: string[] }): Promise<{ chatid: string }> {
    const res = await this.call<{ chatid: string }>('POST', 'appchat/create', { body: request });
    return { chatid: res.chatid };
  }

  /** appchat/update: members in and out (the owner named when the old one leaves), name. */
  async updateAppChat(request: { chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[] }): Promise<void> {
    await this.call('POST', 'appchat/update', { body: request });
  }

  /** appchat/send of a text (≤ 2048 bytes). */
  async sendAppChatText(chatid: string, content: string): Promise<void> {
    await this.call('POST', 'appchat/send', { body: { chatid, msgtype: 'text', text: { content }, safe: 0 } });
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

  // ---------------------------------------------------------------- 客户联系 (WECOM.md §6, §12)

  /** externalcontact/list: the member's customers' ids. A member without customers answers 84061. */
  async listExternalContactIds(userid: string): Promise<string[]> {
    const res = await this.call<ExternalContactListResponse>('GET', 'externalcontact/list', { query: { userid } });
    return res.external_userid;
  }

  /** externalcontact/get: the customer and every member who follows them. */
  async getExternalContact(externalUserid: string): Promise<{ contact: WecomExternalContact; followUsers: WecomFollowInfo[] }> {
    const res = await this.call<ExternalContactGetResponse>('GET', 'externalcontact/get', { query: { external_userid: externalUserid } });
    return { contact: res.external_contact, followUsers: res.follow_user };
  }

  /**
   * externalcontact/batch/get_by_user: one page of (customer, member) pairs for ≤ 100 members.
   * `nextCursor` is '' on the last page.
   */
  async batchGetExternalContactsByUser(userids: string[], opts: { cursor?: string; limit?: number } = {}): Promise<{
    items: Array<{ contact: WecomExternalContact; follow: WecomFollowInfo }>; nextCursor: string;
  }> {
    const res = await this.call<BatchGetByUserResponse>('POST', 'externalcontact/batch/get_by_user', {
      body: { userid_list: userids, cursor: opts.cursor ?? '', limit: opts.limit ?? 100 },
    });
    return {
      items: res.external_contact_list.map((row) => ({ contact: row.external_contact, follow: row.follow_info })),
      nextCursor: res.next_cursor ?? '',
    };
  }

  /** Every (customer, member) pair of these members: chunks of 100 members, every page. */
  async allExternalContactsOf(userids: string[]): Promise<Array<{ contact: WecomExternalContact; follow: WecomFollowInfo }>> {
    const out: Array<{ contact: WecomExternalContact; follow: WecomFollowInfo }> = [];
    for (let i = 0; i < userids.length; i += 100) {
      const chunk = userids.slice(i, i + 100);
      let cursor = '';
      do {
        const page = await this.batchGetExternalContactsByUser(chunk, { cursor, limit: 100 });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }
    return out;
  }

  /**
   * externalcontact/transfer_customer (on-job, `kind: 'onjob'`) or resigned/transfer_customer
   * (`'resigned'`): ≤ 100 customers; per customer errcode 0 means started (taken over after 24 h).
   */
  async transferCustomers(kind: 'onjob' | 'resigned', request: {
    handoverUserid: string; takeoverUserid: string; externalUserids: string[]; transferSuccessMsg?: string;
  }): Promise<TransferCustomerOutcome[]> {
    const path = kind === 'onjob' ? 'externalcontact/transfer_customer' : 'externalcontact/resigned/transfer_customer';
    const res = await this.call<TransferCustomerResponse>('POST', path, {
      body: {
        handover_userid: request.handoverUserid, takeover_userid: request.takeoverUserid, external_userid: request.externalUserids,
        ...(kind === 'onjob' && request.transferSuccessMsg !== undefined ? { transfer_success_msg: request.transferSuccessMsg } : {}),
      },
    });
    return res.customer;
  }

  /** transfer_result / resigned/transfer_result of one (handover, takeover) pair, every page. */
  async transferResults(kind: 'onjob' | 'resigned', pair: { handoverUserid: string; takeoverUserid: string }): Promise<TransferResultResponse['customer']> {
    const path = kind === 'onjob' ? 'externalcontact/transfer_result' : 'externalcontact/resigned/transfer_result';
    const out: TransferResultResponse['customer'] = [];
    let cursor = '';
    do {
      const res = await this.call<TransferResultResponse>('POST', path, {
        body: { handover_userid: pair.handoverUserid, takeover_userid: pair.takeoverUserid, cursor },
      });
      out.push(...res.customer);
      cursor = res.next_cursor ?? '';
    } while (cursor);
    return out;
  }

  /** get_unassigned_list: every customer of departed members not handed over yet. */
  async unassignedExternalContacts(): Promise<UnassignedListResponse['info']> {
    const out: UnassignedListResponse['info'] = [];
    let cursor = '';
    for (;;) {
      const res = await this.call<UnassignedListResponse>('POST', 'externalcontact/get_unassigned_list', { body: { cursor, page_size: 1000 } });
      out.push(...res.info);
      cursor = res.next_cursor ?? '';
      if (res.is_last || !cursor) return out;
    }
  }

  /** groupchat/list of these owners (≤ 100 per call; chunked here), every page. */
  async listGroupChats(ownerUserids: string[], statusFilter: 0 | 1 | 2 | 3 = 0): Promise<GroupChatListResponse['group_chat_list']> {
    const out: GroupChatListResponse['group_chat_list'] = [];
    for (let i = 0; i < ownerUserids.length; i += 100) {
      let cursor = '';
      do {
        const res = await this.call<GroupChatListResponse>('POST', 'externalcontact/groupchat/list', {
          body: { status_filter: statusFilter, owner_filter: { userid_list: ownerUserids.slice(i, i + 100) }, cursor, limit: 1000 },
        });
        out.push(...res.group_chat_list);
        cursor = res.next_cursor ?? '';
      } while (cursor);
    }
    return out;
  }

  async getGroupChat(chatId: string): Promise<WecomGroupChat> {
    const res = await this.call<GroupChatGetResponse>('POST', 'externalcontact/groupchat/get', { body: { chat_id: chatId, need_name: 1 } });
    return res.group_chat;
  }

  /**
   * groupchat/onjob_transfer (`'onjob'`) or groupchat/transfer (owner resigned, `'resigned'`):
   * ≤ 100 chats; returns the ones that failed with their errcodes.
   */
  async transferGroupChats(kind: 'onjob' | 'resigned', chatIds: string[], newOwner: string): Promise<GroupChatTransferResponse['failed_chat_list']> {
    const path = kind === 'onjob' ? 'externalcontact/groupchat/onjob_transfer' : 'externalcontact/groupchat/transfer';
    const res = await this.call<GroupChatTransferResponse>('POST', path, { body: { chat_id_list: chatIds, new_owner: newOwner } });
    return res.failed_chat_list ?? [];
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
