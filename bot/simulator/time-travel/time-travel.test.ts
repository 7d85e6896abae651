import { describe, expect, it } from 'vitest';
import { SimulatorError } from '../simulator-errors.ts';
import { jobLabel, travelTarget } from './time-travel.ts';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const DAY = 86_400_000;

describe('travelTarget', () => {
  it.each([
    [{ days: 7 }, NOW.getTime() + 7 * DAY],
    [{ days: 31 }, NOW.getTime() + 31 * DAY],
    [{ days: 0.5 }, NOW.getTime() + DAY / 2],
    [{ to: '2026-03-09T10:00:00+08:00' }, Date.parse('2026-03-09T02:00:00Z')],
  ])('should end the travel %j at the asked instant', (request, expected) => {
    expect(travelTarget(NOW, request).getTime()).toBe(expected);
  });

  it.each([
    [{ days: 31.01 }, '一次时间旅行最多 31 天，请分几次前进', 'days'],
    [{ to: '2026-04-03T10:00:01+08:00' }, '一次时间旅行最多 31 天，请分几次前进', 'to'],
    [{ to: NOW.toISOString() }, '时间旅行只能向前：目标时间必须晚于当前模拟时间', 'to'],
    [{ to: '2026-03-01T10:00:00+08:00' }, '时间旅行只能向前：目标时间必须晚于当前模拟时间', 'to'],
  ])('should refuse %j with a 400 naming the field', (request, message, field) => {
    let caught: unknown;
    try { travelTarget(NOW, request); } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(SimulatorError);
    const err = caught as SimulatorError;
    expect([err.status, err.code, err.message]).toEqual([400, 'VALIDATION_FAILED', message]);
    expect(err.details).toEqual({ fields: { [field]: message } });
  });

  it('should refuse a travel past the clock\'s range', () => {
    expect(() => travelTarget(new Date('2099-12-20T00:00:00Z'), { days: 20 })).toThrow('模拟时钟只能设在 2000 年至 2100 年之间');
  });
});

describe('jobLabel', () => {
  it('should name a job by its description up to the first colon, or by its name', () => {
    expect(jobLabel({ name: 'reclaim-warnings', description: '回收预警：即将被回收的客户提醒负责人（每周期一次）' })).toBe('回收预警');
    expect(jobLabel({ name: 'x', description: '' })).toBe('x');
  });
});
