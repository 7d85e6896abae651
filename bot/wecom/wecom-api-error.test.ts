import { describe, expect, it } from 'vitest';
import { WecomApiError, type WecomFailureReason } from './wecom-api-error.ts';

describe('WecomApiError.retryable', () => {
  it.each<[string, WecomFailureReason, number, number | undefined, boolean]>([
    ['WeCom is busy (-1)', 'api', -1, 200, true],
    ['the frequency limit is hit (45009)', 'api', 45009, 200, true],
    ['the concurrency limit is hit (45033)', 'api', 45033, 200, true],
    ['the secret is wrong (40001)', 'api', 40001, 200, false],
    ['a code is invalid (40029)', 'api', 40029, 200, false],
    ['the network fails', 'network', -1, undefined, true],
    ['the call times out', 'timeout', -1, undefined, true],
    ['a gateway answers 502', 'http', -1, 502, true],
    ['a gateway answers 429', 'http', -1, 429, true],
    ['a gateway answers 404', 'http', -1, 404, false],
    ['the body is not JSON', 'bad-response', -1, 200, false],
    ['the refresh lock stays busy', 'lock-busy', -1, undefined, true],
  ])('should say %s is retryable=%s', (_label, reason, errcode, httpStatus, retryable) => {
    expect(new WecomApiError({ errcode, errmsg: 'x', path: 'user/get', reason, httpStatus }).retryable).toBe(retryable);
  });

  it('should name the path but no URL when it becomes a message', () => {
    const err = new WecomApiError({ errcode: 40014, errmsg: 'invalid access_token', path: 'user/get' });
    expect(err.message).toBe('WeCom user/get failed (api): errcode 40014, invalid access_token');
    expect(err.name).toBe('WecomApiError');
  });
});
