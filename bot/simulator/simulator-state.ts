import { randomBytes } from 'node:crypto';
import type { AdjustableClock } from '../../server/infra/clock.ts';
import { AccessTokenRegistry } from './state/access-tokens.ts';
import { CallCounter } from './state/call-counter.ts';
import { Directory } from './state/directory.ts';
import type { SimDirectoryInput } from './state/directory.schemas.ts';
import { FaultInjector, type FaultSettings } from './state/faults.ts';
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
}

/**
 * Everything the fake WeCom remembers, one part per concern. Routes read and change it;
 * tests and the server's boot code drive it directly.
 *
 * Later parts slot in beside these, each in `state/` with routes in `routes/`:
 * sent messages (message/send, with template_card limits and unique task_id → 42014),
 * single-use response_codes (message/update_template_card), the per-member chat log the
 * `/sim` page shows, and the signed callbacks the simulator sends to `/wecom/callback`.
 */
export class SimulatorState {
  readonly corp: SimulatedCorp;
  readonly clock: AdjustableClock;
  readonly accessTokens: AccessTokenRegistry;
  readonly directory = new Directory();
  readonly loginCodes: LoginCodeRegistry;
  readonly faults: FaultInjector;
  readonly calls = new CallCounter();

  constructor(opts: SimulatorStateOptions) {
    this.corp = { ...opts.corp };
    this.clock = opts.clock;
    this.accessTokens = new AccessTokenRegistry(opts.clock);
    this.loginCodes = new LoginCodeRegistry(opts.clock);
    this.faults = new FaultInjector(opts.random);
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

  /** Back to a fresh corp (directory kept): no tokens, codes, faults or counts. */
  reset(): void {
    this.accessTokens.revokeAll();
    this.loginCodes.clear();
    this.faults.set({ failRate: 0 });
    this.calls.reset();
  }
}
