import { describe, expect, it } from 'vitest';
import { approvalPost, fitText, followUpPost, historyPost, reclaimWarningPost } from './post-texts.ts';

describe('team chat post texts', () => {
  it('should carry the follow-up\'s own content when a follow-up is posted', () => {
    expect(followUpPost('星河科技', { author: '张三', type: 'visit', content: '上门拜访，确认了预算' })).toBe('【新跟进】星河科技\n张三（拜访）：上门拜访，确认了预算');
  });

  it('should name the new stage when the stage changes', () => {
    expect(historyPost('星河科技', { type: 'stage_changed', by: '王经理', from: null, to: null, fromValue: 'contacted', toValue: 'deal', reason: null }))
      .toBe('【客户动态】星河科技\n阶段：已联系 → 成交 · 王经理');
  });

  it('should carry the decision and the amount when an approval is decided', () => {
    expect(approvalPost('星河科技', { requester: '张三', typeLabel: '招待', amountFen: 50000, status: 'rejected', reason: '客户晚宴' }))
      .toBe('【审批结果】星河科技\n张三 的招待申请 ¥500.00 已驳回（事由：客户晚宴）');
  });

  it('should say when the customer goes back to the pool when a reclaim warning is posted', () => {
    expect(reclaimWarningPost('星河科技', { reason: '15天未跟进', daysLeft: 3 })).toBe('【回收预警】星河科技\n15天未跟进，3 天后将收回公海');
    expect(reclaimWarningPost('星河科技', { reason: '15天未跟进', daysLeft: 0 })).toBe('【回收预警】星河科技\n15天未跟进，今天将收回公海');
  });

  it('should name the opportunity and its new stage when it moves', () => {
    expect(historyPost('星河科技', { type: 'opp_moved', by: '张三', from: null, to: null, fromValue: '初步接洽', toValue: '方案报价', reason: '一期采购' }))
      .toBe('【客户动态】星河科技\n商机「一期采购」：初步接洽 → 方案报价 · 张三');
  });

  it('should post nothing for a history event the team does not hear about', () => {
    expect(historyPost('星河科技', { type: 'created', by: '张三', from: null, to: null, fromValue: null, toValue: null, reason: null })).toBeNull();
  });

  it('should cut a text over 2048 bytes on a character boundary when it is too long', () => {
    const long = fitText('跟'.repeat(1000));
    expect(Buffer.byteLength(long, 'utf8')).toBeLessThanOrEqual(2048);
    expect(long.endsWith('…')).toBe(true);
  });
});
