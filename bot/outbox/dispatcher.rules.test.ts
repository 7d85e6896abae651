import { describe, expect, it } from 'vitest';
import { classifyFailure, retryDelayMs } from './dispatcher.rules.ts';


describe('retries', () => {
  it('should back off exponentially with jitter and a ceiling', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1000);
    expect(retryDelayMs(1, () => 1)).toBe(2000);
    expect(retryDelayMs(4, () => 1)).toBe(16000);
    expect(retryDelayMs(30, () => 1)).toBe(30 * 60_000);
  });

  it('should treat a duplicate task_id as already delivered and invalid users as permanent', () => {
    expect(classifyFailure(42014, false)).toBe('already-delivered');
    expect(classifyFailure(-1, true)).toBe('retry');
    expect(classifyFailure(45009, true)).toBe('retry');
    expect(classifyFailure(81013, false)).toBe('permanent');
  });
});
