import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors.ts';
import { fieldLabel, parseInput } from './validate.ts';

function failure(schema: z.ZodType, input: unknown): ValidationError {
  try {
    parseInput(schema, input);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('parseInput', () => {
  it('should return the parsed value when the input is valid', () => {
    expect(parseInput(z.object({ a: z.number() }), { a: 1 })).toEqual({ a: 1 });
  });

  it('should lead with the first problem in words, naming the field in Chinese, when input is invalid', () => {
    const err = failure(z.object({ pageSize: z.number().max(100), page: z.number().min(1) }), { pageSize: 1000, page: 0 });
    expect(err.status).toBe(400);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toBe('每页条数：不能大于 100');
    expect(err.details).toEqual({ fields: { pageSize: '不能大于 100', page: '不能小于 1' } });
  });

  it('should keep one message per field when a field has several problems', () => {
    const err = failure(z.object({ name: z.string().min(3).regex(/^a/) }), { name: 'b' });
    expect(Object.keys(err.details!.fields as object)).toEqual(['name']);
  });

  it('should not prefix a problem of the input as a whole', () => {
    const err = failure(z.object({}).strict(), { bogus: 1 });
    expect(err.message).toBe('不支持的字段：bogus');
    expect(err.details).toEqual({ fields: { _: '不支持的字段：bogus' } });
  });

  it('should not repeat the field name when the message already starts with it', () => {
    const err = failure(z.object({ name: z.string().refine(() => false, { message: '客户名称需包含文字或数字' }) }), { name: '!' });
    expect(err.message).toBe('客户名称需包含文字或数字');
  });

  it('should fall back to the raw path for a field it has no name for', () => {
    expect(failure(z.object({ fooBar: z.number() }), {}).message).toBe('fooBar：不能为空');
  });
});

describe('fieldLabel', () => {
  it.each([
    [['name'], '客户名称'],
    [['contacts', 0, 'phone'], '第1个联系人的电话'],
    [['contacts', 2, 'birthday'], '第3个联系人的生日'],
    [['contacts', 1, 'name'], '第2个联系人的姓名'],
    [['contacts', 0], '第1个联系人'],
    [['contacts'], '联系人'],
    [['tags'], '标签'],
    [['tags', 4], '第5个标签'],
    [['birthday'], '生日'],
    [['at'], '跟进时间'],
    [['nextFollowUpAt'], '下次跟进时间'],
    [['checkIn', 'lat'], '签到纬度'],
    [['page'], '页码'],
    [['pageSize'], '每页条数'],
    [['userId'], '成员'],
    [['reason'], '原因'],
    [['holdingCap'], '持有上限'],
    [['unknown', 'deep'], 'unknown.deep'],
    [[], null],
  ] as const)('should name %j as %j', (path, label) => {
    expect(fieldLabel(path)).toBe(label);
  });
});

describe('ValidationError', () => {
  it('should take its message from the field when a service raises it', () => {
    const err = new ValidationError({ at: '跟进时间不能晚于现在' });
    expect(err.message).toBe('跟进时间不能晚于现在');
    expect(err.details).toEqual({ fields: { at: '跟进时间不能晚于现在' } });
  });

  it('should keep an explicit message', () => {
    expect(new ValidationError({ a: 'x' }, '总体说明').message).toBe('总体说明');
    expect(new ValidationError({}).message).toBe('请求参数不正确');
  });
});
