import type { z } from 'zod';
import { ValidationError } from './errors.ts';
import './zod-locale.ts';

/**
 * Parses input with a Zod schema; failures become 400 VALIDATION_FAILED. `details.fields` keeps
 * one message per field; the top-level message — the one the app shows as is — is the first
 * problem in words, with the field named in Chinese: "每页条数：不能大于 100".
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, labels?: Readonly<Record<string, string>>): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  let message: string | undefined;
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (key in fields) continue;
    fields[key] = issue.message;
    if (message === undefined) {
      // A capability's own labels (its field names mean something else elsewhere) before the shared ones.
      const label = (labels && (labels[issue.path.map(String).join('.')] ?? labels[String(issue.path[0])])) || fieldLabel(issue.path);
      // "客户名称需包含文字或数字" names its field already.
      message = label && !issue.message.startsWith(label) ? `${label}：${issue.message}` : issue.message;
    }
  }
  throw new ValidationError(fields, message);
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  // customers
  name: '客户名称',
  industry: '行业',
  size: '规模',
  region: '地区',
  source: '来源',
  level: '级别',
  stage: '阶段',
  tags: '标签',
  contacts: '联系人',
  title: '职务',
  phone: '电话',
  birthday: '生日',
  // lists
  scope: '范围',
  q: '搜索词',
  tag: '标签',
  ownerId: '负责人',
  soon: '即将回收',
  sort: '排序',
  page: '页码',
  pageSize: '每页条数',
  // follow-ups
  type: '跟进方式',
  content: '跟进内容',
  at: '跟进时间',
  nextFollowUpAt: '下次跟进时间',
  nextFollowUpInDays: '下次跟进天数',
  checkIn: '签到',
  'checkIn.lat': '签到纬度',
  'checkIn.lng': '签到经度',
  'checkIn.address': '签到地址',
  // pool
  noFollowUpDays: '未跟进回收天数',
  noDealDays: '未成交回收天数',
  noRepeatDealDays: '未复购回收天数',
  warnDaysBefore: '提前提醒天数',
  holdingCap: '持有上限',
  claimCooldownDays: '领取冷却天数',
  dailyClaimLimit: '每日领取上限',
  exemptLevels: '免回收级别',
  lastOwnerId: '前负责人',
  minDaysInPool: '最少在公海天数',
  maxDaysInPool: '最多在公海天数',
  userId: '成员',
  overrideCap: '超出上限指派',
  reason: '原因',
  // auth
  code: '授权码',
  id: '编号',
};

const CONTACT_FIELD_LABELS: Readonly<Record<string, string>> = {
  id: '编号',
  name: '姓名',
  title: '职务',
  phone: '电话',
  birthday: '生日',
};

/** The field a problem is about, in words; null for the input as a whole; the raw path when unknown. */
export function fieldLabel(path: readonly PropertyKey[]): string | null {
  if (!path.length) return null;
  const [head, index, field] = path;
  if (head === 'contacts' && typeof index === 'number') {
    const contact = `第${index + 1}个联系人`;
    if (field === undefined) return contact;
    return `${contact}的${CONTACT_FIELD_LABELS[String(field)] ?? path.slice(2).map(String).join('.')}`;
  }
  if (head === 'tags' && typeof index === 'number') return `第${index + 1}个标签`;
  if (head === 'exemptLevels' && typeof index === 'number') return FIELD_LABELS.exemptLevels!;
  const key = path.map(String).join('.');
  return FIELD_LABELS[key] ?? key;
}
