import { describe, expect, it } from 'vitest';
import { followUpLink, isValidTaskId, withQueryParam } from './card-context.ts';
import { InvalidCardLinkError } from './cards.errors.ts';
import { makeCtx } from './cards.fixtures.ts';

describe('withQueryParam', () => {
  it.each([
    ['https://a.example/#/pages/customer-detail/index?id=1', 'https://a.example/#/pages/customer-detail/index?id=1&action=follow-up'],
    ['https://a.example/#/pages/customer-detail/index', 'https://a.example/#/pages/customer-detail/index?action=follow-up'],
    ['https://a.example/?corp=1#/pages/customer-detail/index', 'https://a.example/?corp=1#/pages/customer-detail/index?action=follow-up'],
    ['https://a.example/customers/1', 'https://a.example/customers/1?action=follow-up'],
    ['https://a.example/customers?id=1', 'https://a.example/customers?id=1&action=follow-up'],
  ])('should put the parameter where the router reads it when the URL is %s', (url, expected) => {
    expect(withQueryParam(url, 'action', 'follow-up')).toBe(expected);
  });
});

describe('links and task ids', () => {
  it('should refuse a link when the customer URL is not http(s)', () => {
    const ctx = makeCtx({ links: { customerUrl: () => '/#/pages/customer-detail/index?id=1', appUrl: 'https://a.example' } });
    expect(() => followUpLink(ctx, '1')).toThrow(InvalidCardLinkError);
  });

  it.each([
    ['wecrm_rw_1001_1764122400000', true],
    ['a@b-c_d', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['a:b', false],
    ['任务', false],
    [42, false],
  ])('should judge task_id %j valid: %s', (taskId, valid) => {
    expect(isValidTaskId(taskId)).toBe(valid);
  });
});
