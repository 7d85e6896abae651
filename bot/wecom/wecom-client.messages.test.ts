import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../server/infra/memory-kv.ts';
import { buttonCard } from '../simulator/testing/sample-cards.ts';
import { startSimulatorServer, TEST_CORP, type RunningSimulator } from '../simulator/testing/start-simulator-server.ts';
import { WecomApiError } from './wecom-api-error.ts';
import { splitIdList, WecomClient } from './wecom-client.ts';

let sim: RunningSimulator;
let wecom: WecomClient;

beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.state.reset();
  sim.clock.set(new Date('2025-03-03T01:00:00.000Z'));
  wecom = new WecomClient({
    baseUrl: () => sim.baseUrl,
    corpId: TEST_CORP.corpId,
    secret: TEST_CORP.secret,
    agentId: TEST_CORP.agentId,
    store: new MemoryKeyValueStore(),
    clock: sim.clock,
    timeoutMs: 2_000,
  });
});

describe('WecomClient messages', () => {
  it('should send as its own agent and split the invalid users when sendMessage is called', async () => {
    const res = await wecom.sendMessage({ touser: 'zhangsan|ghost', msgtype: 'text', text: { content: '你好' } });
    expect(res).toEqual({ msgid: expect.any(String), invalidUsers: ['ghost'], invalidParties: [], invalidTags: [], unlicensedUsers: [] });
    expect(sim.state.messages.log.list({ touser: 'zhangsan' })).toHaveLength(1);
  });

  it('should return the response_code of an interactive card and update the card with it', async () => {
    const sent = await wecom.sendMessage({ touser: 'zhangsan', msgtype: 'template_card', template_card: buttonCard('client_t1') });
    expect(sent.responseCode).toEqual(expect.any(String));
    expect(await wecom.updateTemplateCard({ userids: ['zhangsan', 'lisi'], response_code: sent.responseCode!, button: { replace_name: '已处理' } })).toEqual({
      invalidUsers: ['lisi'],
    });
    expect(sim.state.messages.log.card('client_t1', 'zhangsan')?.replaceName).toBe('已处理');
  });

  it('should throw a non-retryable WecomApiError with 42014 when the task_id was used before', async () => {
    await wecom.sendMessage({ touser: 'zhangsan', msgtype: 'template_card', template_card: buttonCard('client_t2') });
    const err = await wecom.sendMessage({ touser: 'lisi', msgtype: 'template_card', template_card: buttonCard('client_t2') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 42014, retryable: false, path: 'message/send' });
  });

  it('should throw 81013 when every recipient is invalid', async () => {
    await expect(wecom.sendMessage({ touser: 'ghost', msgtype: 'text', text: { content: 'x' } })).rejects.toMatchObject({ errcode: 81013 });
  });
});

describe('splitIdList', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['a|b', ['a', 'b']],
    [['a'], ['a']],
  ])('should split %j into %j', (input, expected) => {
    expect(splitIdList(input as string | string[] | undefined)).toEqual(expected);
  });
});
