import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { codeLoginSchema, devLoginSchema } from '../auth/auth.schemas.ts';
import { createFollowUpSchema } from '../follow-ups/follow-ups.schemas.ts';
import { assignSchema, poolCustomersQuerySchema, poolRulesSchema, releaseSchema } from '../pool/pool.schemas.ts';
import {
  addFollowerSchema, createCustomerSchema, idParamSchema, listCustomersSchema, updateCustomerSchema,
} from './customers.schemas.ts';

/**
 * Request schemas at the level the routes use them: what passes must be storable on MariaDB,
 * what fails must fail with a Chinese message the app can show as is.
 */
function refusal(schema: z.ZodType, input: unknown): { message: string; fields: Record<string, string> } {
  try {
    parseInput(schema, input);
  } catch (err) {
    if (err instanceof ValidationError) return { message: err.message, fields: err.details!.fields as Record<string, string> };
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

const ENGLISH = /expected|invalid|too (small|big)|received|required|unrecognized/i;

function expectRefused(schema: z.ZodType, input: unknown, field: string): string {
  const { message, fields } = refusal(schema, input);
  expect(Object.keys(fields)).toContain(field);
  expect(message).toMatch(/[\u4e00-\u9fa5]/);
  expect(message).not.toMatch(ENGLISH);
  for (const m of Object.values(fields)) {
    expect(m).toMatch(/[\u4e00-\u9fa5]/);
    expect(m).not.toMatch(ENGLISH);
  }
  return message;
}

const valid = { name: '恒通电力工程有限公司' };

describe('createCustomerSchema', () => {
  it('should accept a full customer and keep the shape the service consumes', () => {
    const input = parseInput(createCustomerSchema, {
      name: ' 恒通电力工程有限公司 ', industry: '能源', tags: ['重点', '重点', '𠀀'.repeat(20)],
      contacts: [{ name: '刘经理', title: '', phone: '+86 138-0013-8000', birthday: '1988-02-29' }, { id: 12, name: '王工', phone: '' }],
    });
    expect(input).toEqual({
      name: '恒通电力工程有限公司', industry: '能源', size: null, region: null, source: null, level: 'C', stage: 'lead',
      tags: ['重点', '𠀀'.repeat(20)],
      contacts: [
        { name: '刘经理', title: null, phone: '+86 138-0013-8000', birthday: '1988-02-29' },
        { id: '12', name: '王工', title: null, phone: null, birthday: null },
      ],
    });
  });

  it.each([
    ['a name of punctuation only', { name: '!!!' }, 'name', '客户名称需包含文字或数字'],
    ['a name of dashes and brackets', { name: '——（）' }, 'name', '客户名称需包含文字或数字'],
    ['a name of invisible characters', { name: '\u200B\u200D\u2060' }, 'name', '客户名称需包含文字或数字'],
    ['a name whose key expands past 128 characters', { name: '㍿'.repeat(40) }, 'name', null],
    ['a name of 129 code points', { name: '𠀀'.repeat(129) }, 'name', '客户名称：不能超过 128 个字符'],
    ['a name with a lone surrogate', { name: '恒通\uD800' }, 'name', '客户名称：包含无法识别的字符'],
    ['a name with NUL', { name: '恒通\u0000电力' }, 'name', null],
    ['a name with a line break', { name: '恒通\n电力' }, 'name', null],
    ['a missing name', {}, 'name', '客户名称：不能为空'],
    ['a blank name', { name: '   ' }, 'name', '客户名称：不能为空'],
    ['a numeric name', { name: 42 }, 'name', '客户名称：应为文本'],
    ['an unknown level', { ...valid, level: 'S' }, 'level', null],
    ['a 21-character tag', { ...valid, tags: ['x'.repeat(21)] }, 'tags.0', '第1个标签：不能超过 20 个字符'],
    ['an empty tag', { ...valid, tags: ['重点', ' '] }, 'tags.1', '第2个标签：不能为空'],
    ['21 tags', { ...valid, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags', '标签不能超过 20 个'],
    // Control characters and lone surrogates are what made the JSON of tags outgrow varchar(1024):
    // JSON.stringify writes each as a six-character \uXXXX escape.
    ['tags of control characters', { ...valid, tags: Array.from({ length: 20 }, () => '\u0001'.repeat(20)) }, 'tags.0', null],
    ['tags of lone surrogates', { ...valid, tags: Array.from({ length: 20 }, () => '\uD800'.repeat(20)) }, 'tags.0', null],
    ['tags that are not a list', { ...valid, tags: 'vip' }, 'tags', '标签应为列表'],
    ['a phone of three digits', { ...valid, contacts: [{ name: '某', phone: '123' }] }, 'contacts.0.phone', null],
    ['a landline without area code', { ...valid, contacts: [{ name: '某', phone: '8888 6666' }] }, 'contacts.0.phone', '第1个联系人的电话：座机号码请带区号，例如 010-12345678'],
    ['a mobile starting 12', { ...valid, contacts: [{ name: '某', phone: '12800138000' }] }, 'contacts.0.phone', null],
    ['a phone with letters', { ...valid, contacts: [{ name: '某', phone: 'call me' }] }, 'contacts.0.phone', null],
    ['an impossible birthday', { ...valid, contacts: [{ name: '某', birthday: '2026-02-30' }] }, 'contacts.0.birthday', '第1个联系人的生日：不是有效的日期'],
    ['a birthday on 29 February of a common year', { ...valid, contacts: [{ name: '某', birthday: '2025-02-29' }] }, 'contacts.0.birthday', null],
    ['a birthday in month 13', { ...valid, contacts: [{ name: '某', birthday: '2026-13-01' }] }, 'contacts.0.birthday', null],
    ['a birthday in year 10000', { ...valid, contacts: [{ name: '某', birthday: '10000-01-01' }] }, 'contacts.0.birthday', null],
    ['a contact id above 2^31 − 1', { ...valid, contacts: [{ id: '2147483648', name: '某' }] }, 'contacts.0.id', null],
    ['a contact name of 65 code points', { ...valid, contacts: [{ name: '😀'.repeat(65) }] }, 'contacts.0.name', null],
    ['an unknown field', { ...valid, ownerId: '1' }, '_', '不支持的字段：ownerId'],
  ])('should refuse %s', (_label, input, field, message) => {
    const top = expectRefused(createCustomerSchema, input, field);
    if (message) expect(top).toBe(message);
  });

  it('should accept a name of 128 astral characters (256 UTF-16 units)', () => {
    expect(parseInput(createCustomerSchema, { name: '𠀀'.repeat(128) }).name).toHaveLength(256);
  });

  it('should keep every accepted tag list within the varchar(1024) column', () => {
    // The worst case the item rules allow: 20 tags of 20 characters that JSON escapes.
    const tags = Array.from({ length: 20 }, (_, i) => `${'"\\'.repeat(9)}${String(i).padStart(2, '0')}`);
    const input = parseInput(createCustomerSchema, { ...valid, tags });
    expect([...JSON.stringify(input.tags)].length).toBeLessThanOrEqual(1024);
  });
});

describe('updateCustomerSchema', () => {
  it('should refuse an empty patch and the same bad values as create', () => {
    expect(refusal(updateCustomerSchema, {}).message).toBe('没有要修改的字段');
    expectRefused(updateCustomerSchema, { name: '。。。' }, 'name');
    expectRefused(updateCustomerSchema, { contacts: [{ name: '某', phone: '123' }] }, 'contacts.0.phone');
  });

  it('should accept a partial patch', () => {
    expect(parseInput(updateCustomerSchema, { stage: 'contacted' })).toEqual({ stage: 'contacted' });
  });
});

describe('list and id schemas', () => {
  it.each([
    ['pageSize above 100', { pageSize: '1000' }, 'pageSize', '每页条数：不能大于 100'],
    ['page 0', { page: '0' }, 'page', '页码：不能小于 1'],
    ['a page that is not a number', { page: 'abc' }, 'page', '页码：应为整数'],
    ['an owner id above 2^31 − 1', { ownerId: '2147483648' }, 'ownerId', null],
    ['an unknown scope', { scope: 'everything' }, 'scope', null],
    ['a search with NUL', { q: 'a\u0000' }, 'q', null],
  ])('should refuse %s in the customer list query', (_label, query, field, message) => {
    const top = expectRefused(listCustomersSchema, query, field);
    if (message) expect(top).toBe(message);
  });

  it('should read the list query with its defaults', () => {
    expect(parseInput(listCustomersSchema, { q: ' 恒通 ', ownerId: '7' })).toEqual({
      scope: 'mine', q: '恒通', ownerId: '7', soon: false, sort: 'updatedAt', page: 1, pageSize: 20,
    });
  });

  it.each([['2147483648'], ['0'], ['99999999999'], ['-1'], ['abc']])('should refuse the path id %s', (id) => {
    expectRefused(idParamSchema, id, '_');
  });

  it('should bound the follower id', () => {
    expect(parseInput(addFollowerSchema, { userId: 7 })).toEqual({ userId: '7' });
    expectRefused(addFollowerSchema, { userId: 2147483648 }, 'userId');
    expectRefused(addFollowerSchema, { userId: '2147483648' }, 'userId');
  });
});

describe('createFollowUpSchema', () => {
  const base = { type: 'call', content: '电话沟通报价' };

  it('should accept a follow-up with multi-line content, a check-in and plain dates', () => {
    expect(parseInput(createFollowUpSchema, {
      ...base, content: '第一行\r\n第二行', at: '2026-03-01T10:00:00+08:00', nextFollowUpAt: '2026-03-08',
      checkIn: { lat: 23.02, lng: 113.12, address: '佛山市南海区' },
    })).toEqual({
      type: 'call', content: '第一行\n第二行', at: '2026-03-01T10:00:00+08:00', nextFollowUpAt: '2026-03-08',
      checkIn: { lat: 23.02, lng: 113.12, address: '佛山市南海区' },
    });
  });

  it.each([
    ['year 10000 in UTC', { ...base, at: '9999-12-31T23:00:00-05:00' }, 'at', '跟进时间：时间应在 2000 年至 2100 年之间'],
    ['a next follow-up in year 9999', { ...base, nextFollowUpAt: '9999-01-01T00:00:00Z' }, 'nextFollowUpAt', null],
    ['an impossible date', { ...base, nextFollowUpAt: '2026-02-30' }, 'nextFollowUpAt', null],
    ['an instant before 2000', { ...base, at: '1999-12-31T23:59:59Z' }, 'at', null],
    ['content of 2001 code points', { ...base, content: '😀'.repeat(2001) }, 'content', '跟进内容：不能超过 2000 个字符'],
    ['content with NUL', { ...base, content: 'a\u0000b' }, 'content', null],
    ['content with a lone surrogate', { ...base, content: '\uDFFF' }, 'content', null],
    ['an empty content', { ...base, content: '  ' }, 'content', '跟进内容：不能为空'],
    ['a latitude of 91', { ...base, checkIn: { lat: 91, lng: 0, address: 'x' } }, 'checkIn.lat', '签到纬度：纬度应在 -90 到 90 之间'],
    ['a longitude that is not a number', { ...base, checkIn: { lat: 0, lng: '120', address: 'x' } }, 'checkIn.lng', null],
    ['an address of 256 code points', { ...base, checkIn: { lat: 0, lng: 0, address: '😀'.repeat(256) } }, 'checkIn.address', null],
    ['an unknown type', { ...base, type: 'fax' }, 'type', null],
  ])('should refuse %s', (_label, input, field, message) => {
    const top = expectRefused(createFollowUpSchema, input, field);
    if (message) expect(top).toBe(message);
  });
});

describe('pool schemas', () => {
  const rules = {
    noFollowUpDays: 30, noDealDays: 90, noRepeatDealDays: null, warnDaysBefore: 3,
    holdingCap: 50, claimCooldownDays: 7, dailyClaimLimit: 10, exemptLevels: ['key'],
  };

  it('should accept sound rules', () => {
    expect(parseInput(poolRulesSchema, rules)).toEqual(rules);
  });

  it.each([
    ['a holding cap of 0', { ...rules, holdingCap: 0 }, 'holdingCap', '持有上限：不能小于 1'],
    ['a holding cap above 2^31 − 1', { ...rules, holdingCap: 2 ** 31 }, 'holdingCap', null],
    ['a fractional day count', { ...rules, noDealDays: 1.5 }, 'noDealDays', '未成交回收天数：应为整数'],
    ['days as a string', { ...rules, noFollowUpDays: '30' }, 'noFollowUpDays', null],
    ['a negative cooldown', { ...rules, claimCooldownDays: -1 }, 'claimCooldownDays', null],
    ['a warning not before the reclaim', { ...rules, warnDaysBefore: 30 }, 'warnDaysBefore', '提前提醒天数：必须小于未跟进回收天数'],
  ])('should refuse %s', (_label, input, field, message) => {
    const top = expectRefused(poolRulesSchema, input, field);
    if (message) expect(top).toBe(message);
  });

  it('should bound the pool customer query', () => {
    expectRefused(poolCustomersQuerySchema, { minDaysInPool: '36501' }, 'minDaysInPool');
    expectRefused(poolCustomersQuerySchema, { lastOwnerId: '2147483648' }, 'lastOwnerId');
    expectRefused(poolCustomersQuerySchema, { pageSize: '101' }, 'pageSize');
    expect(parseInput(poolCustomersQuerySchema, { minDaysInPool: '3' })).toEqual({ minDaysInPool: 3, page: 1, pageSize: 20 });
  });

  it('should refuse reasons that are empty, too long or carry control characters', () => {
    expect(refusal(releaseSchema, { reason: ' ' }).message).toBe('原因：不能为空');
    expectRefused(releaseSchema, { reason: 'x'.repeat(201) }, 'reason');
    expectRefused(releaseSchema, { reason: '\u0007' }, 'reason');
  });

  it('should read an assignment with a bounded user id', () => {
    expect(parseInput(assignSchema, { userId: '5', reason: '' })).toEqual({ userId: 5, overrideCap: false, reason: undefined });
    expectRefused(assignSchema, { userId: 2147483648 }, 'userId');
    expectRefused(assignSchema, { userId: 5, overrideCap: 'yes' }, 'overrideCap');
  });
});

describe('auth schemas', () => {
  it('should bound the login inputs', () => {
    expect(parseInput(devLoginSchema, { userId: '3' })).toEqual({ userId: 3 });
    expectRefused(devLoginSchema, { userId: '2147483648' }, 'userId');
    expectRefused(codeLoginSchema, {}, 'code');
    expectRefused(codeLoginSchema, { code: 'a\u0000' }, 'code');
    expectRefused(codeLoginSchema, { code: 'x'.repeat(513) }, 'code');
  });
});
