import { describe, expect, it } from 'vitest';
import { AdjustableClock, FixedClock } from '../../server/infra/clock.ts';
import { SimulatorError } from './simulator-errors.ts';
import { SimulatorState } from './simulator-state.ts';
import { sampleDirectory } from './testing/sample-directory.ts';

function newState(): SimulatorState {
  const state = new SimulatorState({
    corp: { corpId: 'wwcorp', secret: 's', agentId: 1000002 },
    clock: new AdjustableClock(new FixedClock(new Date('2025-03-03T01:00:00Z'))),
  });
  state.setDirectory(sampleDirectory());
  return state;
}

describe('SimulatorState', () => {
  it('should issue a code redeemable once for the member when the member is active', () => {
    const state = newState();
    const code = state.issueLoginCode('zhangsan', 'miniprogram');
    expect(state.loginCodes.redeem(code, 'miniprogram')).toEqual({ kind: 'miniprogram', userid: 'zhangsan' });
    expect(state.loginCodes.redeem(code, 'miniprogram')).toBeNull();
  });

  it('should refuse with NOT_FOUND when the userid is not in the directory', () => {
    const state = newState();
    expect(() => state.issueLoginCode('nobody', 'oauth')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', status: 404 }));
  });

  it('should refuse with USER_NOT_ACTIVE when the member has left', () => {
    const state = newState();
    expect(() => state.issueLoginCode('zhaoliu', 'oauth')).toThrow(SimulatorError);
    expect(() => state.issueLoginCode('zhaoliu', 'oauth')).toThrow(expect.objectContaining({ code: 'USER_NOT_ACTIVE' }));
  });

  it('should attach a user_ticket when the OAuth code stands for snsapi_privateinfo', () => {
    const state = newState();
    const grant = state.loginCodes.redeem(state.issueLoginCode('zhangsan', 'oauth', { privateInfo: true }), 'oauth');
    expect(grant).toMatchObject({ kind: 'oauth', member: true, userid: 'zhangsan', userTicket: expect.any(String) });
  });

  it('should issue a non-member OAuth code when the person is outside the corp', () => {
    const state = newState();
    const code = state.issueExternalOAuthCode({ openid: 'oOPEN1', externalUserid: 'wmEXT1' });
    expect(state.loginCodes.redeem(code, 'oauth')).toEqual({
      kind: 'oauth',
      member: false,
      openid: 'oOPEN1',
      externalUserid: 'wmEXT1',
    });
  });

  it('should forget tokens, codes, faults and counts but keep the directory when reset', () => {
    const state = newState();
    const { access_token } = state.accessTokens.issue();
    const code = state.issueLoginCode('zhangsan', 'oauth');
    state.setFaults({ failRate: 1 });
    state.calls.record('gettoken');
    state.reset();
    expect(state.accessTokens.check(access_token)).toBe(40014);
    expect(state.loginCodes.redeem(code, 'oauth')).toBeNull();
    expect(state.faults.settings().failRate).toBe(0);
    expect(state.callCount('gettoken')).toBe(0);
    expect(state.directory.user('zhangsan')).toBeDefined();
  });
});
