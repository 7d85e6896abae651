import { z } from 'zod';

/**
 * Zod's own messages in zh-CN, set once for the process: the app shows validation messages to
 * people as they are, so no English zod text may reach a client. Schemas give their own message
 * where they can say more; this covers every issue they leave to zod. Zod's zh-CN locale stays
 * underneath as the fallback, but its wording ("期望 number >=1") is for developers, so the common
 * issues get plain sentences here ("不能小于 1").
 */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: 'true 或 false',
  array: '列表',
  object: '对象',
  date: '日期',
};

function zhMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return '不能为空';
      return `应为${TYPE_NAMES[issue.expected] ?? '正确的类型'}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? '至少需要 1 项' : `至少需要 ${min} 项`;
      return issue.inclusive ? `不能小于 ${min}` : `必须大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive ? `不能大于 ${max}` : `必须小于 ${max}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `应为 ${String(issue.values[0])}`
        : `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'invalid_format':
      if (issue.format === 'datetime') return '时间格式应为 ISO-8601，例如 2026-11-26T09:00:00+08:00';
      if (issue.format === 'date') return '日期格式应为 YYYY-MM-DD';
      return '格式不正确';
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`;
    case 'not_multiple_of':
      return `必须是 ${String(issue.divisor)} 的倍数`;
    case 'invalid_union':
      return '格式不正确';
    case 'invalid_key':
    case 'invalid_element':
      return '包含无效的值';
    default:
      return '输入无效';
  }
}

let configured = false;

/** Idempotent: every module that builds or runs schemas may call it. */
export function useZhCnZodMessages(): void {
  if (configured) return;
  configured = true;
  z.config(z.locales.zhCN());
  z.config({ customError: zhMessage });
}

useZhCnZodMessages();
