import { describe, expect, it } from 'vitest';
import { callbackDedupeKey, parseCallbackXml, selectedOptionIds, type CallbackMessage } from './callback-envelope.ts';

const click = (extra: Record<string, string> = {}): CallbackMessage => ({
  FromUserName: 'zhangsan', CreateTime: '1773537000', MsgType: 'event', Event: 'template_card_event',
  EventKey: 'release:12', TaskId: 'wecrm_rw_12_1', ResponseCode: 'code-1', ...extra,
});

describe('callbackDedupeKey', () => {
  it('should give a WeCom retry of the same click the same key', () => {
    expect(callbackDedupeKey(click())).toBe(callbackDedupeKey({ ...click() }));
  });

  it('should tell two clicks of one button apart when they come in the same second', () => {
    expect(callbackDedupeKey(click({ ResponseCode: 'code-1' }))).not.toBe(callbackDedupeKey(click({ ResponseCode: 'code-2' })));
  });

  it('should stay within the 191-character column and still tell clicks apart when the parts are long', () => {
    const long = (code: string) => click({ TaskId: 't'.repeat(128), EventKey: 'k'.repeat(100), ResponseCode: code });
    const a = callbackDedupeKey(long('a'.repeat(200)));
    const b = callbackDedupeKey(long('a'.repeat(199) + 'b'));
    expect(a.length).toBeLessThanOrEqual(191);
    expect(a).not.toBe(b);
  });

  it('should tell two customer-group events apart when they come in the same second', () => {
    const chat = (chatId: string, extra: Record<string, unknown> = {}): CallbackMessage => ({
      FromUserName: 'sys', CreateTime: '1773537000', MsgType: 'event', Event: 'change_external_chat', ChangeType: 'update', ChatId: chatId, ...extra,
    } as CallbackMessage);
    expect(callbackDedupeKey(chat('wrA'))).not.toBe(callbackDedupeKey(chat('wrB')));
    expect(callbackDedupeKey(chat('wrA', { UpdateDetail: 'add_member' }))).not.toBe(callbackDedupeKey(chat('wrA', { UpdateDetail: 'del_member' })));
    expect(callbackDedupeKey(chat('wrA', { UpdateDetail: 'add_member' }))).toBe(callbackDedupeKey(chat('wrA', { UpdateDetail: 'add_member' })));
  });

  it('should key messages by MsgId when they have one', () => {
    expect(callbackDedupeKey({ MsgId: '123', FromUserName: 'x' } as CallbackMessage)).toBe('msg:123');
  });
});

describe('selectedOptionIds', () => {
  const xml = (items: string) => `<xml><Event><![CDATA[template_card_event]]></Event><SelectedItems>${items}</SelectedItems></xml>`;
  const item = (key: string, ...ids: string[]) =>
    `<SelectedItem><QuestionKey><![CDATA[${key}]]></QuestionKey><OptionIds>${ids.map((id) => `<OptionId><![CDATA[${id}]]></OptionId>`).join('')}</OptionIds></SelectedItem>`;

  it('should read the one option of one question when the click carries a single selection', () => {
    expect(selectedOptionIds(parseCallbackXml(xml(item('release_reason', 'unreachable')))!, 'release_reason')).toEqual(['unreachable']);
  });

  it('should find the question among several and read several options', () => {
    const m = parseCallbackXml(xml(item('other', 'x') + item('release_reason', 'a', 'b')))!;
    expect(selectedOptionIds(m, 'release_reason')).toEqual(['a', 'b']);
  });

  it('should survive the JSON round trip of the inbox when the message is stored', () => {
    const m = JSON.parse(JSON.stringify(parseCallbackXml(xml(item('release_reason', 'no_budget'))))) as CallbackMessage;
    expect(selectedOptionIds(m, 'release_reason')).toEqual(['no_budget']);
  });

  it.each([
    ['no SelectedItems', '<xml><Event>template_card_event</Event></xml>'],
    ['another question only', xml(item('other', 'x'))],
    ['an empty SelectedItems', xml('')],
    ['a selection without options', xml('<SelectedItem><QuestionKey>release_reason</QuestionKey></SelectedItem>')],
  ])('should give nothing when the click has %s', (_, text) => {
    expect(selectedOptionIds(parseCallbackXml(text)!, 'release_reason')).toEqual([]);
  });
});
