import { randomBytes } from 'node:crypto';
import type { AdjustableClock } from '../../server/infra/clock.ts';
import { CallbackSender, type CallbackDelivery, type CallbackSettings } from './callbacks/callback-sender.ts';
import { externalEventXml, templateCardEventXml } from './callbacks/callback-xml.ts';
import { ExternalContacts, type ExternalEvent } from './state/external-contacts.ts';
import { AccessTokenRegistry } from './state/access-tokens.ts';
import { AppMessages } from './state/app-messages.ts';
import { CallCounter } from './state/call-counter.ts';
import { Directory } from './state/directory.ts';
import { TravelLock } from './state/travel-lock.ts';
import type { SimDirectoryInput } from './state/directory.schemas.ts';
import { FaultInjector, type FaultSettings } from './state/faults.ts';
import { AppChats } from './state/app-chats.ts';
import { ChatToolbarMessages } from './state/chat-toolbar.ts';
import { JsapiTicketRegistry } from './state/jsapi-tickets.ts';
import { LoginCodeRegistry, type LoginCodeKind } from './state/login-codes.ts';
import { SimulatorError } from './simulator-errors.ts';

/** The fake corp's identity: the credentials a client must present to gettoken. */
export interface SimulatedCorp {
  corpId: string;
  secret: string;
  agentId: number;
}

export interface SimulatorStateOptions {
  corp: SimulatedCorp;
  clock: AdjustableClock;
  /** Source of randomness for fault injection (tests pass a deterministic one). */
  random?: () => number;
  /** Where and how card clicks are called back; without it clicks answer CALLBACK_NOT_CONFIGURED. */
  callback?: CallbackSettings;
  /** For tests of the callback path. */
  fetchImpl?: typeof fetch;
}

/** `POST /sim/api/cards/:taskId/click` answer. */
export interface CardClickResult {
  delivered: true;
  /** The HTTP status of the server's callback endpoint. */
  status: number;
  attempts: number;
  event: 'template_card_event' | 'template_card_menu_event';
  /** The click's own single-use code, as carried in the callback. */
  responseCode: string;
}

/**
 * Everything the fake WeCom remembers, one part per concern. Routes read and change it;
 * tests and the server's boot code drive it directly.
 *
 * Each part lives in `state/` with its routes in `routes/`: tokens, login codes, contacts,
 * faults, and the app's messages (message/send with template_card limits, task_ids, per-member
 * rate limits, single-use response_codes, the chat log the `/sim` page shows); card clicks
 * become signed, encrypted callbacks to the server's `/wecom/callback`.
 */
export class SimulatorState {
  readonly corp: SimulatedCorp;
  readonly clock: AdjustableClock;
  readonly accessTokens: AccessTokenRegistry;
  /** JS-SDK tickets (get_jsapi_ticket, ticket/get) and their hourly limits. */
  readonly jsapiTickets: JsapiTicketRegistry;
  /** Messages members sent from the chat-toolbar sidebar (ww.sendChatMessage). */
  readonly toolbarMessages: ChatToolbarMessages;
  /** The app's internal group chats (appchat/*) and what the app posted there. */
  readonly appChats: AppChats;
  readonly directory = new Directory();
  /** The running time travel, if any (`POST /sim/api/clock/travel`). */
  readonly travel = new TravelLock();
  readonly loginCodes: LoginCodeRegistry;
  readonly faults: FaultInjector;
  readonly calls = new CallCounter();
  readonly messages: AppMessages;
  /** Customers (客户联系), customer groups and transfers. */
  readonly externalContacts: ExternalContacts;
  /** Callbacks of customer/contact changes that got no HTTP answer (kept for inspection). */
  readonly undeliveredEvents: ExternalEvent[] = [];
  private eventChain: Promise<unknown> = Promise.resolve();
  /** null when the simulator was created without callback settings. */
  readonly callbacks: CallbackSender | null;

  constructor(opts: SimulatorStateOptions) {
    this.corp = { ...opts.corp };
    this.clock = opts.clock;
    this.accessTokens = new AccessTokenRegistry(opts.clock);
    this.jsapiTickets = new JsapiTicketRegistry(opts.clock);
    this.toolbarMessages = new ChatToolbarMessages(opts.clock);
    this.appChats = new AppChats(this.directory, opts.clock);
    this.loginCodes = new LoginCodeRegistry(opts.clock);
    this.faults = new FaultInjector(opts.random);
    this.messages = new AppMessages({ agentId: this.corp.agentId, directory: this.directory, clock: opts.clock });
    this.externalContacts = new ExternalContacts(this.directory, opts.clock, this.corp.corpId);
    // Moving the clock past a transfer's 24 h completes it (and WeCom calls back).
    opts.clock.onChange(() => this.settleTransfers());
    this.callbacks = opts.callback
      ? new CallbackSender({
          settings: opts.callback,
          corpId: this.corp.corpId,
          agentId: this.corp.agentId,
          clock: opts.clock,
          ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
        })
      : null;
  }

  /**
   * `userid` presses button (or action_menu entry) `key` on task `taskId`'s card: WeCom issues
   * a fresh response_code and calls the app back with an encrypted template_card_event.
   */
  async clickCardButton(taskId: string, userid: string, key: string, opts: { selectedOptionId?: string } = {}): Promise<CardClickResult> {
    const callbacks = this.requireCallbacks();
    const click = this.messages.click(taskId, userid, key, opts.selectedOptionId);
    const xml = templateCardEventXml({
      corpId: this.corp.corpId,
      fromUser: click.message.touser,
      createTime: Math.floor(this.clock.now().getTime() / 1000),
      event: click.event,
      eventKey: click.eventKey,
      taskId: click.taskId,
      cardType: click.cardType,
      responseCode: click.responseCode,
      agentId: this.corp.agentId,
      selectedItems: click.selectedItems,
    });
    const delivery = await callbacks.post(xml);
    return { delivered: true, status: delivery.status, attempts: delivery.attempts, event: click.event, responseCode: click.responseCode };
  }

  /**
   * Sends customer/contact change events to the app's callback URL, one after another in the
   * order they happened, as WeCom does. Without callback settings they are dropped; events
   * that get no HTTP answer are kept in `undeliveredEvents`. Resolves once all are sent.
   */
  async emit(events: ExternalEvent[]): Promise<Array<{ status: number } | null>> {
    if (!events.length) return [];
    const run = this.eventChain.then(async () => {
      const out: Array<{ status: number } | null> = [];
      for (const e of events) {
        if (!this.callbacks) { out.push(null); continue; }
        const xml = externalEventXml(this.corp.corpId, Math.floor(this.clock.now().getTime() / 1000), e);
        try {
          const delivery = await this.callbacks.post(xml);
          out.push({ status: delivery.status });
        } catch {
          this.undeliveredEvents.push(e);
          out.push(null);
        }
      }
      return out;
    });
    this.eventChain = run.catch(() => undefined);
    return run;
  }

  /** Completes the transfers whose 24 h have passed and calls the app back about them. */
  async settleTransfers(): Promise<void> {
    await this.emit(this.externalContacts.settleTransfers());
  }

  /** The member leaves the corp (status 5); WeCom calls back change_contact delete_user. */
  async memberLeaves(userid: string): Promise<{ status: number } | null> {
    const user = this.directory.user(userid);
    if (!user) throw new SimulatorError('NOT_FOUND', `企业微信通讯录中没有成员 ${userid}`, { userId: userid });
    if (user.status === 5) throw new SimulatorError('VALIDATION_FAILED', `成员 ${userid} 已经离职`, { userId: userid });
    this.directory.setStatus(user.userid, 5);
    this.externalContacts.memberLeft(user.userid);
    const [delivery] = await this.emit([{ event: 'change_contact', changeType: 'delete_user', userid: user.userid }]);
    return delivery ?? null;
  }

  /** The GET check WeCom makes when the callback URL is saved in the admin console. */
  async verifyCallbackUrl(): Promise<CallbackDelivery & { verified: boolean }> {
    return this.requireCallbacks().verifyUrl();
  }

  /** Replaces the corp's contacts; throws a ZodError when they are inconsistent. */
  setDirectory(input: SimDirectoryInput): void {
    this.directory.set(input);
  }

  /**
   * A code as `wx.qy.login` (kind `miniprogram`) or an OAuth redirect (kind `oauth`) would
   * give the member `userid`. Only activated members can log in to WeCom at all.
   * `privateInfo` stands for scope snsapi_privateinfo: the exchange also returns a user_ticket.
   */
  issueLoginCode(userid: string, kind: LoginCodeKind, opts: { privateInfo?: boolean } = {}): string {
    const user = this.directory.user(userid);
    if (!user) throw new SimulatorError('NOT_FOUND', `企业微信通讯录中没有成员 ${userid}`, { userId: userid });
    if (user.status !== 1) {
      throw new SimulatorError('USER_NOT_ACTIVE', `成员 ${userid} 未激活、已禁用或已离职，无法登录`, {
        userId: userid,
        status: user.status,
      });
    }
    if (kind === 'miniprogram') return this.loginCodes.issue({ kind, userid: user.userid });
    return this.loginCodes.issue({
      kind,
      member: true,
      userid: user.userid,
      // Only its presence matters until user/getuserdetail is simulated.
      ...(opts.privateInfo ? { userTicket: randomBytes(48).toString('base64url') } : {}),
    });
  }

  /** An OAuth code for someone outside the corp (a customer opening a shared H5 link). */
  issueExternalOAuthCode(person: { openid: string; externalUserid?: string }): string {
    return this.loginCodes.issue({
      kind: 'oauth',
      member: false,
      openid: person.openid,
      ...(person.externalUserid ? { externalUserid: person.externalUserid } : {}),
    });
  }

  setFaults(settings: { failRate: number; errcode?: number; latencyMs?: number; paths?: string[] }): FaultSettings {
    return this.faults.set(settings);
  }

  /** Calls of one endpoint so far, e.g. `callCount('gettoken')` or `callCount('user/get')`. */
  callCount(path: string): number {
    return this.calls.count(path);
  }

  /** Back to a fresh corp (directory kept): no tokens, codes, messages, faults or counts. */
  reset(): void {
    this.messages.clear();
    this.externalContacts.clear();
    this.undeliveredEvents.length = 0;
    this.accessTokens.revokeAll();
    this.jsapiTickets.clear();
    this.toolbarMessages.clear();
    this.appChats.clear();
    this.loginCodes.clear();
    this.faults.set({ failRate: 0 });
    this.calls.reset();
  }

  private requireCallbacks(): CallbackSender {
    if (!this.callbacks) {
      throw new SimulatorError('CALLBACK_NOT_CONFIGURED', '模拟器未配置回调地址（Token / EncodingAESKey / URL），无法发送点击回调');
    }
    return this.callbacks;
  }
}
