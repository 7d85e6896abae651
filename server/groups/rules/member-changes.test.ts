import { describe, expect, it } from 'vitest';
import { memberChangeText, memberChanges } from './member-changes.ts';

describe('memberChanges', () => {
  it('should list who joined and who left when the member lists differ', () => {
    const a = { memberId: 'zhangsan', type: 1, name: '张三' };
    const b = { memberId: 'wmAAA', type: 2, name: '王五' };
    const c = { memberId: 'wmBBB', type: 2, name: '赵六' };
    expect(memberChanges([a, b], [a, c])).toEqual({ joined: [c], left: [b] });
  });

  it('should report nothing when the lists hold the same people in another order', () => {
    const a = { memberId: 'zhangsan', type: 1, name: '张三' };
    const b = { memberId: 'wmAAA', type: 2, name: '王五' };
    expect(memberChanges([a, b], [b, a])).toEqual({ joined: [], left: [] });
  });
});

describe('memberChangeText', () => {
  it('should say 客户方 for an external contact and 同事 for a member when they join or leave', () => {
    expect(memberChangeText({ memberId: 'wmAAA', type: 2, name: '王五' }, 'joined', '星河项目群')).toBe('客户方 王五 加入了群「星河项目群」');
    expect(memberChangeText({ memberId: 'zhangsan', type: 1, name: '张三' }, 'left', '')).toBe('同事 张三 退出了群「未命名客户群」');
  });
});
