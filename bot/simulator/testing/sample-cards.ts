import type { TemplateCard } from '../../wecom/wecom-types.ts';

/** A reclaim-warning-like button_interaction card, valid as is. */
export function buttonCard(taskId: string): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: 'wecrm 客户管理', desc_color: 0 },
    main_title: { title: '华为技术 将于 3 天后被回收', desc: '按公海规则：90 天未跟进' },
    emphasis_content: { title: '3 天', desc: '距离自动回收' },
    sub_title_text: '最近跟进：2024-12-01 电话沟通报价',
    horizontal_content_list: [
      { keyname: '客户', value: '华为技术' },
      { type: 1, keyname: '详情', value: '打开客户', url: 'https://crm.example.com/customers/1' },
    ],
    card_action: { type: 1, url: 'https://crm.example.com/customers/1' },
    task_id: taskId,
    button_list: [
      { text: '写跟进', style: 1, key: 'follow_up:1' },
      { text: '放弃客户', style: 2, key: 'release:1' },
    ],
  };
}

/** A forgotten-customer-like text_notice card, valid as is. */
export function textNoticeCard(taskId?: string): TemplateCard {
  return {
    card_type: 'text_notice',
    source: { desc: 'wecrm' },
    main_title: { title: '华为技术 已 153 天未联系', desc: '遗忘客户提醒' },
    sub_title_text: '上次跟进：电话沟通报价',
    jump_list: [{ type: 1, title: '查看客户', url: 'https://crm.example.com/customers/1' }],
    card_action: { type: 1, url: 'https://crm.example.com/customers/1' },
    ...(taskId ? { task_id: taskId } : {}),
  };
}

/** A copy of `value` with the property at `path` ("a.b[0].c") set; undefined deletes it. */
export function withField<T>(value: T, path: string, field: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === undefined || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (field === undefined) delete at[last];
  else at[last] = field;
  return copy as T;
}
