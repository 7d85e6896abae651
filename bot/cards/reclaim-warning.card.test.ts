import { describe, expect, it } from 'vitest';
import { InvalidTaskIdError } from './cards.errors.ts';
import { BASE, HOSTILE_TEXTS, makeCtx, malformedStrings, NOW } from './cards.fixtures.ts';
import { CARD_LIMITS } from './card-limits.ts';
import {
  buildReclaimWarningCard, outcomeButton, outcomeCard, parseReleaseKey, REASON_REQUIRED_TEXT, reasonRequiredCard, RECLAIM_OUTCOMES,
  reclaimOutcomeText, reclaimWarningOutcome, reclaimWarningPayloadSchema, RELEASE_REASON_PLACEHOLDER, RELEASE_REASONS, releaseReasonOf,
  type ReclaimWarningPayload,
} from './reclaim-warning.card.ts';
import { textLength, utf8Length } from './text.ts';
import { validateTemplateCard } from './validate-template-card.ts';

/** As server/pool/reclaim-warnings.ts queues it: due 11-29 00:00 Shanghai, last follow-up 12 days ago. */
const payload: ReclaimWarningPayload = {
  customerId: '1001',
  customerName: '华为技术',
  ownerId: '7',
  dueAt: '2026-11-28T16:00:00.000Z',
  rule: 'no_follow_up',
  reason: '30天未跟进，自动回收',
  daysLeft: 3,
  lastFollowUpAt: '2026-11-14T06:00:00.000Z',
};

describe('buildReclaimWarningCard', () => {
  it('should build the button card when given a realistic warning', () => {
    expect(buildReclaimWarningCard(payload, makeCtx())).toEqual({
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        task_id: 'wecrm_rw_1001_1764122400000',
        source: { desc: 'wecrm 公海提醒', desc_color: 2 },
        main_title: { title: '客户即将回收', desc: '华为技术 3 天后回到公海' },
        emphasis_content: { title: '3天', desc: '后自动回收' },
        horizontal_content_list: [
          { keyname: '客户', value: '华为技术' },
          { keyname: '回收原因', value: '30天未跟进，自动回收' },
          { keyname: '上次跟进', value: '12天前' },
          { keyname: '回收时间', value: '11-29' },
        ],
        card_action: { type: 1, url: `${BASE}/#/pages/customer-detail/index?id=1001` },
        button_selection: {
          question_key: 'release_reason',
          title: '放弃原因',
          option_list: [
            { id: 'none', text: '请选择放弃原因' },
            { id: 'no_interest', text: '客户无意向' },
            { id: 'unreachable', text: '联系不上' },
            { id: 'no_budget', text: '预算不足' },
            { id: 'chose_competitor', text: '已选竞品' },
            { id: 'other', text: '其他原因' },
          ],
          selected_id: 'none',
        },
        button_list: [
          { type: 1, text: '写跟进', style: 1, url: `${BASE}/#/pages/customer-detail/index?id=1001&action=follow-up` },
          { type: 0, text: '放弃客户', style: 2, key: 'release:1001' },
        ],
      },
    });
  });

  it('should accept the payload exactly as the reclaim-warnings job queues it', () => {
    const queued = JSON.parse(JSON.stringify({ ...payload, customerId: '1001', ownerId: '7' }));
    expect(reclaimWarningPayloadSchema.parse(queued)).toEqual(payload);
  });

  it('should say 从未跟进 when the customer was never followed up', () => {
    const card = buildReclaimWarningCard({ ...payload, lastFollowUpAt: null }, makeCtx()).template_card;
    expect(card.horizontal_content_list?.[2]).toEqual({ keyname: '上次跟进', value: '从未跟进' });
  });

  it('should count days left from now when the card was held back after queueing', () => {
    // Queued on 11-26 with 3 days left, sent on 11-28 at 08:00: 1 day left.
    const card = buildReclaimWarningCard(payload, makeCtx({ now: new Date('2026-11-28T00:00:00Z') })).template_card;
    expect(card.main_title?.desc).toBe('华为技术 1 天后回到公海');
    expect(card.emphasis_content).toEqual({ title: '1天', desc: '后自动回收' });
  });

  it.each([
    ['due later today', '2026-11-26T08:00:00.000Z', 0],
    ['already past due (the sweep has not run yet)', '2026-11-24T16:00:00.000Z', -2],
  ])('should say 今天 when the customer is %s', (_, dueAt, daysLeft) => {
    const card = buildReclaimWarningCard({ ...payload, dueAt, daysLeft }, makeCtx()).template_card;
    expect(card.main_title?.desc).toBe('华为技术 今天回到公海');
    expect(card.emphasis_content).toEqual({ title: '今天', desc: '自动回收' });
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should fall back to the rule when the reason is empty', () => {
    const card = buildReclaimWarningCard({ ...payload, rule: 'no_deal', reason: '  ' }, makeCtx()).template_card;
    expect(card.horizontal_content_list?.[1]?.value).toBe('领取后未成交，自动回收');
  });

  it.each(Object.entries(HOSTILE_TEXTS))('should stay within every WeCom limit when the name and reason are %s', (_, text) => {
    const card = buildReclaimWarningCard({ ...payload, customerName: text, reason: text }, makeCtx());
    expect(validateTemplateCard(card)).toEqual([]);
    expect(malformedStrings(card)).toEqual([]);
  });

  it('should keep the day count readable when the name is 200 characters', () => {
    const card = buildReclaimWarningCard({ ...payload, customerName: '华'.repeat(200) }, makeCtx()).template_card;
    expect(card.main_title?.desc).toMatch(/^华+… 3 天后回到公海$/);
    expect(textLength(card.main_title!.desc!)).toBe(44);
    expect(card.horizontal_content_list?.[0]?.value).toBe('华'.repeat(29) + '…');
  });

  it.each([undefined, '', 'has space', 'a'.repeat(129), '任务1'])('should refuse to build when task_id is %j', (taskId) => {
    expect(() => buildReclaimWarningCard(payload, makeCtx({ taskId }))).toThrow(InvalidTaskIdError);
  });

  it('should accept a 128-byte task_id made of the allowed characters', () => {
    const taskId = 'a_@-'.repeat(32);
    expect(buildReclaimWarningCard(payload, makeCtx({ taskId })).template_card.task_id).toBe(taskId);
  });

  it('should add the action with "?" when the customer URL has no query', () => {
    const ctx = makeCtx({ links: { customerUrl: (id) => `${BASE}/customers/${id}`, appUrl: BASE } });
    const card = buildReclaimWarningCard(payload, ctx).template_card;
    expect(card.button_list?.[0]?.url).toBe(`${BASE}/customers/1001?action=follow-up`);
  });
});

describe('release key', () => {
  it('should read back the customer id when the key is a release key', () => {
    expect(parseReleaseKey('release:1001')).toBe('1001');
  });

  it.each(['release:', 'release:abc', 'release:01', 'approve:1001', 'release:1001:x'])('should return null when the key is %j', (key) => {
    expect(parseReleaseKey(key)).toBeNull();
  });
});

describe('release reason selector', () => {
  const selection = () => buildReclaimWarningCard(payload, makeCtx()).template_card.button_selection!;

  it('should open on the placeholder when the card is sent', () => {
    expect(selection().selected_id).toBe(RELEASE_REASON_PLACEHOLDER.id);
    expect(selection().option_list[0]).toEqual({ id: 'none', text: '请选择放弃原因' });
  });

  it('should stay within the button_selection limits when built', () => {
    const s = selection();
    const L = CARD_LIMITS.buttonSelection;
    expect(utf8Length(s.question_key)).toBeLessThanOrEqual(L.questionKeyBytes);
    expect(s.option_list.length).toBeGreaterThanOrEqual(L.minOptions);
    expect(s.option_list.length).toBeLessThanOrEqual(L.maxOptions);
    for (const o of s.option_list) {
      expect(utf8Length(o.id)).toBeLessThanOrEqual(L.optionIdBytes);
      expect(textLength(o.text)).toBeLessThanOrEqual(L.optionTextChars);
    }
    expect(new Set(s.option_list.map((o) => o.id)).size).toBe(s.option_list.length);
  });

  it.each(RELEASE_REASONS.map((r) => [r.id, r.text]))('should read the reason back when option %s is selected', (id, text) => {
    expect(releaseReasonOf(id)).toBe(text);
  });

  it.each([['none'], [''], [undefined], [null], ['no_such_reason']])('should give no reason when the selection is %j', (id) => {
    expect(releaseReasonOf(id)).toBeNull();
  });

  it('should be refused by the validator when selected_id is not an option', () => {
    const card = buildReclaimWarningCard(payload, makeCtx()).template_card;
    const broken = { ...card, button_selection: { ...card.button_selection!, selected_id: 'gone' } };
    expect(validateTemplateCard(broken)).toEqual(['button_selection.selected_id: must be one of the option ids']);
  });

  it('should be refused by the validator when an option text is over 16 characters or there are 11 options', () => {
    const card = buildReclaimWarningCard(payload, makeCtx()).template_card;
    const long = { ...card, button_selection: { ...card.button_selection!, option_list: [{ id: 'none', text: '请'.repeat(17) }] } };
    expect(validateTemplateCard(long)).toEqual(['button_selection.option_list[0].text: 17 characters, limit 16']);
    const many = Array.from({ length: 11 }, (_, i) => ({ id: `o${i}`, text: `原因${i}` }));
    const tooMany = { ...card, button_selection: { question_key: 'q', option_list: many } };
    expect(validateTemplateCard(tooMany)).toEqual(['button_selection.option_list: 11 items, allowed 1–10']);
  });
});

describe('reclaimWarningOutcome', () => {
  it.each([
    ['released', '联系不上', '已放弃：联系不上'],
    ['released', null, '已放弃'],
    ['reclaimed', null, '已被回收至公海'],
    ['transferred', null, '客户已转给他人'],
    ['not-allowed', null, '无权操作该客户'],
    ['followed-up', null, '已写跟进，回收时间已顺延'],
  ] as const)('should grey the buttons with the outcome text when %s (reason %j)', (outcome, reason, text) => {
    expect(reclaimWarningOutcome(payload, outcome, reason)).toEqual({ button: { replace_name: text } });
    expect(reclaimOutcomeText(outcome, reason)).toBe(text);
  });

  it('should replace the card without task_id and with replace_text when given a context', () => {
    const update = reclaimWarningOutcome(payload, 'released', '客户无意向', makeCtx());
    expect(update.template_card.task_id).toBeUndefined();
    expect(update.template_card.replace_text).toBe('已放弃：客户无意向');
    expect(update.template_card.main_title).toEqual({ title: '已放弃客户', desc: '华为技术 已回到公海' });
    expect(update.template_card.emphasis_content).toBeUndefined();
    expect(update.template_card.button_list?.map((b) => b.text)).toEqual(['写跟进', '放弃客户']);
  });

  it.each(RECLAIM_OUTCOMES)('should produce a valid replacement card when the outcome is %s and the name is hostile', (outcome) => {
    for (const text of Object.values(HOSTILE_TEXTS)) {
      const update = outcomeCard({ ...payload, customerName: text }, outcome, makeCtx({ now: NOW }), '已选竞品');
      expect(validateTemplateCard(update)).toEqual([]);
    }
  });

  it('should use a neutral label when outcomeButton gets blank text', () => {
    expect(outcomeButton(' \n')).toEqual({ button: { replace_name: '已处理' } });
  });
});

describe('reasonRequiredCard', () => {
  it('should keep the selector and the buttons live and say why when no reason was chosen', () => {
    const update = reasonRequiredCard(payload, makeCtx());
    expect(update.template_card.replace_text).toBeUndefined();
    expect(update.template_card.task_id).toBeUndefined();
    expect(update.template_card.sub_title_text).toBe(REASON_REQUIRED_TEXT);
    expect(update.template_card.button_selection?.selected_id).toBe('none');
    expect(update.template_card.button_list?.map((b) => b.text)).toEqual(['写跟进', '放弃客户']);
  });

  it.each(Object.entries(HOSTILE_TEXTS))('should stay within every WeCom limit when the name is %s', (_, text) => {
    expect(validateTemplateCard(reasonRequiredCard({ ...payload, customerName: text, reason: text }, makeCtx()))).toEqual([]);
  });
});
