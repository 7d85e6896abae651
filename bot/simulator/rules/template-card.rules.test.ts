import { describe, expect, it } from 'vitest';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import { buttonCard, textNoticeCard, withField } from '../testing/sample-cards.ts';
import { checkTemplateCard } from './template-card.rules.ts';

function errcodeOf(card: unknown, purpose: 'send' | 'update' = 'send'): number {
  try {
    checkTemplateCard(card, purpose);
    return 0;
  } catch (err) {
    expect(err).toBeInstanceOf(WecomSimError);
    return (err as WecomSimError).errcode;
  }
}

const x = (n: number) => '字'.repeat(n);
const button = buttonCard('task_1');
const notice = textNoticeCard();
const sixButtons = Array.from({ length: 6 }, (_, i) => ({ text: `按钮${i}`, key: `k${i}` }));

describe('checkTemplateCard limits at the edge', () => {
  it.each([
    ['main_title.title is 36 characters', withField(button, 'main_title.title', x(36))],
    ['main_title.desc is 44 characters', withField(button, 'main_title.desc', x(44))],
    ['emphasis title is 14 and desc 22 characters', withField(withField(button, 'emphasis_content.title', x(14)), 'emphasis_content.desc', x(22))],
    ['sub_title_text is 160 characters', withField(button, 'sub_title_text', x(160))],
    ['source.desc is 20 characters', withField(button, 'source.desc', x(20))],
    ['a keyname is 5 and a value 30 characters', withField(button, 'horizontal_content_list[0]', { keyname: x(5), value: x(30) })],
    ['there are 6 key-value rows', withField(button, 'horizontal_content_list', Array.from({ length: 6 }, () => ({ keyname: 'k', value: 'v' })))],
    ['there are 3 jumps with 18-character titles', withField(notice, 'jump_list', Array.from({ length: 3 }, () => ({ type: 1, title: x(18), url: 'https://a.example' })))],
    ['there are 6 buttons', withField(button, 'button_list', sixButtons)],
    ['a button text is 10 characters', withField(button, 'button_list[0].text', x(10))],
    ['a button key is 1024 bytes', withField(button, 'button_list[0].key', 'k'.repeat(1024))],
    ['task_id is 128 bytes of every allowed character', withField(button, 'task_id', `aZ09_-@${'x'.repeat(121)}`)],
    ['text_notice has only a sub_title_text', withField(notice, 'main_title', undefined)],
    ['a button style is out of range (WeCom falls back to 1)', withField(button, 'button_list[0].style', 9)],
  ])('should accept the card when %s', (_label, card) => {
    expect(errcodeOf(card)).toBe(0);
  });
});

describe('checkTemplateCard limits beyond the edge', () => {
  it.each([
    ['main_title.title is 37 characters', withField(button, 'main_title.title', x(37)), 40058],
    ['main_title.desc is 45 characters', withField(button, 'main_title.desc', x(45)), 40058],
    ['emphasis title is 15 characters', withField(button, 'emphasis_content.title', x(15)), 40058],
    ['emphasis desc is 23 characters', withField(button, 'emphasis_content.desc', x(23)), 40058],
    ['sub_title_text is 161 characters', withField(button, 'sub_title_text', x(161)), 40058],
    ['source.desc is 21 characters', withField(button, 'source.desc', x(21)), 40058],
    ['source.desc_color is 4', withField(button, 'source.desc_color', 4), 40058],
    ['there are 7 key-value rows', withField(button, 'horizontal_content_list', Array.from({ length: 7 }, () => ({ keyname: 'k', value: 'v' }))), 40058],
    ['a keyname is 6 characters', withField(button, 'horizontal_content_list[0].keyname', x(6)), 40058],
    ['a keyname is missing', withField(button, 'horizontal_content_list[0].keyname', undefined), 40058],
    ['a value is 31 characters', withField(button, 'horizontal_content_list[0].value', x(31)), 40058],
    ['a link row has no url', withField(button, 'horizontal_content_list[1].url', undefined), 40058],
    ['a link row has a relative url', withField(button, 'horizontal_content_list[1].url', '/customers/1'), 40058],
    ['there are 4 jumps', withField(notice, 'jump_list', Array.from({ length: 4 }, () => ({ type: 1, title: 't', url: 'https://a.example' }))), 40058],
    ['a jump title is 19 characters', withField(notice, 'jump_list[0].title', x(19)), 40058],
    ['a mini-program jump has no appid', withField(notice, 'jump_list[0]', { type: 2, title: 't', pagepath: 'pages/x' }), 40058],
    ['there are 7 buttons', withField(button, 'button_list', [...sixButtons, { text: 'x', key: 'k6' }]), 40058],
    ['there are no buttons', withField(button, 'button_list', []), 40058],
    ['button_list is missing', withField(button, 'button_list', undefined), 40058],
    ['a button text is 11 characters', withField(button, 'button_list[0].text', x(11)), 40058],
    ['a button key is 1025 bytes', withField(button, 'button_list[0].key', 'k'.repeat(1025)), 40058],
    ['a callback button has no key', withField(button, 'button_list[0].key', undefined), 40058],
    ['two buttons share a key', withField(button, 'button_list[1].key', 'follow_up:1'), 40058],
    ['a url button has no url', withField(button, 'button_list[0]', { type: 1, text: '打开' }), 40058],
    ['button_interaction has no main title', withField(button, 'main_title', undefined), 40058],
    ['text_notice has neither main title nor sub_title_text', withField(withField(notice, 'main_title', undefined), 'sub_title_text', undefined), 40058],
    ['text_notice has no card_action', withField(notice, 'card_action', undefined), 40058],
    ['text_notice card_action has type 0', withField(notice, 'card_action.type', 0), 40058],
    ['card_action type 1 has no url', withField(notice, 'card_action', { type: 1 }), 40058],
    ['text_notice has buttons', withField(notice, 'button_list', sixButtons.slice(0, 1)), 40058],
    ['a news_notice has no image', { ...notice, card_type: 'news_notice' }, 40058],
    ['the action menu has 4 entries', withField(notice, 'action_menu', { desc: 'd', action_list: Array.from({ length: 4 }, (_, i) => ({ text: 't', key: `m${i}` })) }), 40058],
    ['the card type is vote_interaction', { ...button, card_type: 'vote_interaction' }, 40058],
    ['the card type is unknown', { ...button, card_type: 'fancy' }, 40058],
    ['the card is not an object', 'card', 40058],
    ['a title is a number', withField(button, 'main_title.title', 42), 40058],
    ['replace_text is sent with message/send', withField(button, 'replace_text', '已处理'), 40058],
  ])('should answer %s with errcode %i', (_label, card, errcode) => {
    expect(errcodeOf(card)).toBe(errcode);
  });
});

describe('checkTemplateCard task_id', () => {
  it.each([
    ['missing on button_interaction', withField(button, 'task_id', undefined)],
    ['empty', withField(button, 'task_id', '')],
    ['129 bytes', withField(button, 'task_id', 'x'.repeat(129))],
    ['with a space', withField(button, 'task_id', 'task 1')],
    ['with a colon', withField(button, 'task_id', 'task:1')],
    ['not a string', withField(button, 'task_id', 12345)],
    ['missing on a text_notice with action_menu', withField(notice, 'action_menu', { action_list: [{ text: '不再提醒', key: 'mute' }] })],
  ])('should answer 42014 when task_id is %s', (_label, card) => {
    expect(errcodeOf(card)).toBe(42014);
  });

  it('should return the task_id and the card type when the card is valid', () => {
    expect(checkTemplateCard(button, 'send')).toEqual({ cardType: 'button_interaction', taskId: 'task_1', interactive: true });
    expect(checkTemplateCard(notice, 'send')).toEqual({ cardType: 'text_notice', interactive: false });
  });

  it('should need no task_id and accept replace_text when the card replaces another one', () => {
    const replacement = withField(withField(button, 'task_id', undefined), 'replace_text', '已放弃');
    expect(errcodeOf(replacement, 'update')).toBe(0);
  });
});
