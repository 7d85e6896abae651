import { describe, expect, it } from 'vitest';
import { validateTemplateCard } from './validate-template-card.ts';

const textNotice = () => ({
  card_type: 'text_notice',
  source: { desc: 'wecrm 客户提醒', desc_color: 0 },
  main_title: { title: '华为技术 已 153 天未联系', desc: '说明' },
  horizontal_content_list: [{ keyname: '客户', value: '华为技术' }],
  jump_list: [{ type: 1, title: '写跟进', url: 'https://crm.example.com/a' }],
  card_action: { type: 1, url: 'https://crm.example.com/' },
});

const buttonCard = () => ({
  card_type: 'button_interaction',
  task_id: 'task_1',
  main_title: { title: '客户即将回收' },
  button_list: [
    { type: 1, text: '写跟进', style: 1, url: 'https://crm.example.com/a' },
    { type: 0, text: '放弃客户', style: 2, key: 'release:1' },
  ],
});

describe('validateTemplateCard', () => {
  it('should find nothing when cards are within limits, bare or wrapped', () => {
    expect(validateTemplateCard(textNotice())).toEqual([]);
    expect(validateTemplateCard({ msgtype: 'template_card', template_card: buttonCard() })).toEqual([]);
  });

  it.each([
    ['source.desc', (c: any) => (c.source.desc = '字'.repeat(21)), 'source.desc: 21 characters, limit 20'],
    ['source.desc_color', (c: any) => (c.source.desc_color = 4), 'source.desc_color: must be one of 0/1/2/3'],
    ['main_title.title', (c: any) => (c.main_title.title = '字'.repeat(37)), 'main_title.title: 37 characters, limit 36'],
    ['main_title.desc', (c: any) => (c.main_title.desc = '字'.repeat(45)), 'main_title.desc: 45 characters, limit 44'],
    ['emphasis_content.title', (c: any) => (c.emphasis_content = { title: '1'.repeat(15) }), 'emphasis_content.title: 15 characters, limit 14'],
    ['emphasis_content.desc', (c: any) => (c.emphasis_content = { desc: '字'.repeat(23) }), 'emphasis_content.desc: 23 characters, limit 22'],
    ['sub_title_text', (c: any) => (c.sub_title_text = '字'.repeat(161)), 'sub_title_text: 161 characters, limit 160'],
    ['keyname length', (c: any) => (c.horizontal_content_list[0].keyname = '上次跟进时间'), 'horizontal_content_list[0].keyname: 6 characters, limit 5'],
    ['empty keyname', (c: any) => (c.horizontal_content_list[0].keyname = ' '), 'horizontal_content_list[0].keyname: must not be empty'],
    ['value length', (c: any) => (c.horizontal_content_list[0].value = '字'.repeat(31)), 'horizontal_content_list[0].value: 31 characters, limit 30'],
    ['7 rows', (c: any) => (c.horizontal_content_list = Array(7).fill({ keyname: 'a', value: 'b' })), 'horizontal_content_list: 7 items, allowed 0–6'],
    ['row url', (c: any) => (c.horizontal_content_list[0].type = 1), 'horizontal_content_list[0].url: required'],
    ['row userid', (c: any) => (c.horizontal_content_list[0].type = 3), 'horizontal_content_list[0].userid: required when type is 3'],
    ['4 jumps', (c: any) => (c.jump_list = Array(4).fill({ title: 'a' })), 'jump_list: 4 items, allowed 0–3'],
    ['jump title', (c: any) => (c.jump_list[0].title = '字'.repeat(19)), 'jump_list[0].title: 19 characters, limit 18'],
    ['no card_action', (c: any) => delete c.card_action, 'card_action: required for text_notice'],
    ['card_action type 0', (c: any) => (c.card_action = { type: 0 }), 'card_action.type: must be 1 or 2 for text_notice'],
    ['card_action url', (c: any) => (c.card_action.url = 'javascript:alert(1)'), 'card_action.url: must be an http(s) URL of at most 2048 bytes'],
    ['long url', (c: any) => (c.card_action.url = 'https://a.example/' + 'x'.repeat(2031)), 'card_action.url: must be an http(s) URL of at most 2048 bytes'],
    ['mini-program appid', (c: any) => (c.card_action = { type: 2 }), 'card_action.appid: required when type is 2'],
    ['no title nor sub title', (c: any) => (c.main_title = {}), 'main_title.title: main_title.title or sub_title_text is required'],
    ['task_id pattern', (c: any) => (c.task_id = 'a b'), 'task_id: only letters, digits and _-@, at most 128 bytes'],
    ['action_menu without task_id', (c: any) => (c.action_menu = { action_list: [{ text: 'a', key: 'a' }] }), 'task_id: required for interactive cards and cards with action_menu'],
  ])('should report %s when it breaks a text_notice limit', (_, mutate, problem) => {
    const card = textNotice();
    mutate(card);
    expect(validateTemplateCard(card)).toContain(problem);
  });

  it('should count an emoji as 2 characters when checking a limit', () => {
    const card = textNotice();
    card.main_title.title = '😀'.repeat(18) + 'a';
    expect(validateTemplateCard(card)).toEqual(['main_title.title: 37 characters, limit 36']);
  });

  it.each([
    ['no task_id', (c: any) => delete c.task_id, 'task_id: required for interactive cards and cards with action_menu'],
    ['a 129-byte task_id', (c: any) => (c.task_id = 'a'.repeat(129)), 'task_id: only letters, digits and _-@, at most 128 bytes'],
    ['no buttons', (c: any) => (c.button_list = []), 'button_list: 0 items, allowed 1–6'],
    ['7 buttons', (c: any) => (c.button_list = Array.from({ length: 7 }, (_, i) => ({ text: 'a', key: `k${i}` }))), 'button_list: 7 items, allowed 1–6'],
    ['button text', (c: any) => (c.button_list[0].text = '字'.repeat(11)), 'button_list[0].text: 11 characters, limit 10'],
    ['button style', (c: any) => (c.button_list[0].style = 5), 'button_list[0].style: must be one of 1/2/3/4'],
    ['callback without key', (c: any) => delete c.button_list[1].key, 'button_list[1].key: required'],
    ['url button without url', (c: any) => delete c.button_list[0].url, 'button_list[0].url: required'],
    ['key over 1024 bytes', (c: any) => (c.button_list[1].key = '键'.repeat(342)), 'button_list[1].key: 1026 bytes, limit 1024'],
    ['duplicate keys', (c: any) => c.button_list.push({ text: 'b', key: 'release:1' }), 'button_list: duplicate key "release:1"'],
    ['no main title', (c: any) => (c.main_title = {}), 'main_title.title: required'],
    ['11 options', (c: any) => (c.button_selection = { question_key: 'q', option_list: Array.from({ length: 11 }, (_, i) => ({ id: `o${i}`, text: 't' })) }), 'button_selection.option_list: 11 items, allowed 1–10'],
  ])('should report %s when it breaks a button_interaction limit', (_, mutate, problem) => {
    const card = buttonCard();
    mutate(card);
    expect(validateTemplateCard(card)).toContain(problem);
  });

  it('should not require task_id when the card is an update_template_card replacement', () => {
    const { task_id: _, ...card } = buttonCard();
    expect(validateTemplateCard({ template_card: { ...card, replace_text: '已处理' } })).toEqual([]);
  });

  it('should check vote and multiple-choice cards when the simulator receives them', () => {
    expect(validateTemplateCard({
      card_type: 'vote_interaction', task_id: 't', main_title: { title: '字'.repeat(17) },
      checkbox: { question_key: 'q', option_list: [] },
    })).toEqual(['main_title.title: 17 characters, limit 16', 'checkbox.option_list: 0 items, allowed 1–20']);
    expect(validateTemplateCard({
      card_type: 'multiple_interaction', task_id: 't', main_title: { title: 't' },
      select_list: Array.from({ length: 4 }, (_, i) => ({ question_key: `q${i}`, option_list: [{ id: 'a', text: 'a' }] })),
    })).toEqual(['select_list: 4 items, allowed 1–3']);
  });

  it('should require an image when the card is news_notice', () => {
    expect(validateTemplateCard({ card_type: 'news_notice', main_title: { title: 't' }, card_action: { type: 1, url: 'https://a.example' } }))
      .toEqual(['card_image: card_image or image_text_area is required']);
  });

  it.each([null, 'card', [], { card_type: 'markdown' }, { msgtype: 'text', template_card: textNotice() }])('should report a problem when given %j', (input) => {
    expect(validateTemplateCard(input).length).toBeGreaterThan(0);
  });
});
