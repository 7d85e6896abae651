/** The four text_notice cards sent one per event: forgotten customer, follow-up due, reclaimed, co-follower. */
import { describe, expect, it } from 'vitest';
import { BASE, HOSTILE_TEXTS, makeCtx, malformedStrings } from './cards.fixtures.ts';
import { buildCoFollowerCard, type CoFollowerPayload } from './co-follower.card.ts';
import { buildFollowUpDueCard, type FollowUpDuePayload } from './follow-up-due.card.ts';
import { buildForgottenCustomerCard, type ForgottenCustomerPayload } from './forgotten-customer.card.ts';
import { buildReclaimedCard, type ReclaimedPayload } from './reclaimed.card.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { textLength } from './text.ts';
import { validateTemplateCard } from './validate-template-card.ts';

const customerUrl = `${BASE}/#/pages/customer-detail/index?id=1001`;
const followUpUrl = `${customerUrl}&action=follow-up`;
const ctx = makeCtx({ taskId: undefined });

const forgotten: ForgottenCustomerPayload = {
  customerId: '1001', customerName: '华为技术', days: 153, lastFollowUpAt: '2026-06-26T02:00:00.000Z',
  lastFollowUpSummary: '电话沟通，客户说明年再议\n预算未定', ownerName: '张三',
};
const due: FollowUpDuePayload = {
  customerId: '1001', customerName: '华为技术', nextFollowUpAt: '2026-11-27T06:30:00.000Z', level: 'key',
  lastFollowUpSummary: '报价已发，等对方采购回复', tier: 'day-before',
};
const reclaimed: ReclaimedPayload = { customerId: '1001', customerName: '华为技术', reason: '30天未跟进，自动回收', at: '2026-11-26T00:05:00.000Z' };
const coFollower: CoFollowerPayload = {
  customerId: '1001', customerName: '华为技术', authorName: '李四', followUpType: 'visit',
  content: '上门拜访，见了IT主管，确认需求：私有化部署', at: '2026-11-26T01:30:00.000Z',
};

/** Each builder with every user-provided text field set to `text`, and numbers pushed to the edges. */
const hostileBuilds: Record<string, (text: string) => TemplateCardMessage> = {
  'forgotten-customer': (t) =>
    buildForgottenCustomerCard({ ...forgotten, customerName: t, ownerName: t, lastFollowUpSummary: t, days: -5 }, ctx),
  'follow-up-due': (t) => buildFollowUpDueCard({ ...due, customerName: t, lastFollowUpSummary: t }, ctx),
  reclaimed: (t) => buildReclaimedCard({ ...reclaimed, customerName: t, reason: t }, ctx),
  'co-follower': (t) => buildCoFollowerCard({ ...coFollower, customerName: t, authorName: t, content: t }, ctx),
};

describe('text_notice cards with hostile data', () => {
  for (const [kind, build] of Object.entries(hostileBuilds)) {
    it.each(Object.entries(HOSTILE_TEXTS))(`should keep ${kind} within every WeCom limit when the texts are %s`, (_, text) => {
      const card = build(text);
      expect(validateTemplateCard(card)).toEqual([]);
      expect(malformedStrings(card)).toEqual([]);
    });
  }
});

describe('buildForgottenCustomerCard', () => {
  it('should build the notice when given a customer not contacted for 153 days', () => {
    expect(buildForgottenCustomerCard(forgotten, ctx)).toEqual({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        source: { desc: 'wecrm 客户提醒', desc_color: 0 },
        main_title: { title: '华为技术 已 153 天未联系', desc: '久未联系的客户容易流失，跟进一下吧' },
        sub_title_text: '上次跟进：电话沟通，客户说明年再议 预算未定',
        horizontal_content_list: [
          { keyname: '客户', value: '华为技术' },
          { keyname: '负责人', value: '张三' },
          { keyname: '上次跟进', value: '06-26（153天前）' },
        ],
        jump_list: [{ type: 1, title: '写跟进', url: followUpUrl }],
        card_action: { type: 1, url: customerUrl },
      },
    });
  });

  it('should say so when there is no follow-up at all', () => {
    const card = buildForgottenCustomerCard({ ...forgotten, lastFollowUpAt: null, lastFollowUpSummary: null }, ctx).template_card;
    expect(card.sub_title_text).toBe('还没有任何跟进记录');
    expect(card.horizontal_content_list?.[2]).toEqual({ keyname: '上次跟进', value: '从未跟进' });
  });

  it('should not show an empty summary when the last follow-up has no text', () => {
    const card = buildForgottenCustomerCard({ ...forgotten, lastFollowUpSummary: '  ' }, ctx).template_card;
    expect(card.sub_title_text).toBe('上次跟进没有留下内容');
  });

  it('should cut a long summary to 160 characters', () => {
    const card = buildForgottenCustomerCard({ ...forgotten, lastFollowUpSummary: '客户反馈'.repeat(100) }, ctx).template_card;
    expect(textLength(card.sub_title_text!)).toBe(160);
    expect(card.sub_title_text!.endsWith('…')).toBe(true);
  });

  it('should keep "已 N 天未联系" when the name is 200 characters', () => {
    const card = buildForgottenCustomerCard({ ...forgotten, customerName: '华'.repeat(200) }, ctx).template_card;
    expect(card.main_title?.title).toMatch(/^华+… 已 153 天未联系$/);
    expect(textLength(card.main_title!.title!)).toBe(36);
  });

  it('should not show negative days when the payload is inconsistent', () => {
    const card = buildForgottenCustomerCard({ ...forgotten, days: -3 }, ctx).template_card;
    expect(card.main_title?.title).toBe('华为技术 已 0 天未联系');
  });

  it('should carry task_id when the dispatcher supplies one', () => {
    expect(buildForgottenCustomerCard(forgotten, makeCtx({ taskId: 'fc_1001_1' })).template_card.task_id).toBe('fc_1001_1');
    expect(buildForgottenCustomerCard(forgotten, ctx).template_card).not.toHaveProperty('task_id');
  });
});

describe('buildFollowUpDueCard', () => {
  it('should build the day-before notice when the follow-up is tomorrow', () => {
    expect(buildFollowUpDueCard(due, ctx)).toEqual({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        source: { desc: 'wecrm 跟进提醒', desc_color: 0 },
        main_title: { title: '明天需跟进：华为技术', desc: '计划跟进时间 11-27 14:30' },
        sub_title_text: '上次跟进：报价已发，等对方采购回复',
        horizontal_content_list: [
          { keyname: '客户', value: '华为技术' },
          { keyname: '客户等级', value: '重点客户' },
          { keyname: '计划时间', value: '11-27 14:30' },
        ],
        jump_list: [{ type: 1, title: '写跟进', url: followUpUrl }],
        card_action: { type: 1, url: customerUrl },
      },
    });
  });

  it('should say 今天 when the follow-up is on the day', () => {
    const card = buildFollowUpDueCard({ ...due, level: 'B', tier: 'on-the-day', nextFollowUpAt: '2026-11-26T07:00:00.000Z' }, ctx).template_card;
    expect(card.main_title?.title).toBe('今天需跟进：华为技术');
    expect(card.horizontal_content_list?.[1]?.value).toBe('B级');
  });

  it('should follow the dates, not the tier, when a day-before card is sent on the day', () => {
    const late = makeCtx({ taskId: undefined, now: new Date('2026-11-27T00:30:00Z') }); // 08:30 on 11-27
    expect(buildFollowUpDueCard(due, late).template_card.main_title?.title).toBe('今天需跟进：华为技术');
  });

  it('should say the follow-up is overdue when the planned day has passed', () => {
    const card = buildFollowUpDueCard({ ...due, nextFollowUpAt: '2026-11-24T02:00:00.000Z' }, ctx).template_card;
    expect(card.main_title?.title).toBe('跟进已逾期：华为技术');
  });

  it('should show only the date when the follow-up was planned for a whole day', () => {
    const card = buildFollowUpDueCard({ ...due, nextFollowUpAt: '2026-11-26T16:00:00.000Z' }, ctx).template_card;
    expect(card.main_title?.desc).toBe('计划跟进时间 11-27');
  });

  it('should leave out the summary when there is none', () => {
    expect(buildFollowUpDueCard({ ...due, lastFollowUpSummary: null }, ctx).template_card).not.toHaveProperty('sub_title_text');
  });
});

describe('buildReclaimedCard', () => {
  it('should tell the previous owner when a customer was reclaimed', () => {
    expect(buildReclaimedCard(reclaimed, ctx)).toEqual({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        source: { desc: 'wecrm 公海提醒', desc_color: 0 },
        main_title: { title: '客户已回收到公海', desc: '华为技术 已不在你名下' },
        sub_title_text: '回收原因：30天未跟进，自动回收',
        horizontal_content_list: [
          { keyname: '客户', value: '华为技术' },
          { keyname: '回收原因', value: '30天未跟进，自动回收' },
          { keyname: '回收时间', value: '11-26 08:05' },
        ],
        card_action: { type: 1, url: customerUrl },
      },
    });
  });

  it('should give a default reason when the reason is empty', () => {
    expect(buildReclaimedCard({ ...reclaimed, reason: '' }, ctx).template_card.sub_title_text).toBe('回收原因：按公海规则自动回收');
  });
});

describe('buildCoFollowerCard', () => {
  it('should say who followed up which customer', () => {
    expect(buildCoFollowerCard(coFollower, ctx)).toEqual({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        source: { desc: 'wecrm 协作动态', desc_color: 0 },
        main_title: { title: '李四 对 华为技术 写了跟进', desc: '拜访 · 11-26 09:30' },
        sub_title_text: '上门拜访，见了IT主管，确认需求：私有化部署',
        horizontal_content_list: [
          { keyname: '客户', value: '华为技术' },
          { keyname: '跟进人', value: '李四' },
          { keyname: '跟进方式', value: '拜访' },
          { keyname: '跟进时间', value: '11-26 09:30' },
        ],
        card_action: { type: 1, url: customerUrl },
      },
    });
  });

  it('should keep both names visible when both are very long', () => {
    const card = buildCoFollowerCard({ ...coFollower, authorName: '张'.repeat(50), customerName: '华'.repeat(200) }, ctx).template_card;
    expect(card.main_title?.title).toMatch(/^张{7}… 对 华+… 写了跟进$/);
    expect(textLength(card.main_title!.title!)).toBe(36);
  });

  it('should show a placeholder when the content is empty', () => {
    expect(buildCoFollowerCard({ ...coFollower, content: '\n' }, ctx).template_card.sub_title_text).toBe('（未填写跟进内容）');
  });
});
