import { describe, expect, it } from 'vitest'
import { handoverFormProblem, handoverSummary, type HandoverChoice } from './handover-form'

const choice = (over: Partial<HandoverChoice>): HandoverChoice => ({ mode: 'one', successors: ['李四'], selected: null, reason: '离职', ...over })

describe('handoverFormProblem', () => {
  it.each<[string, Partial<HandoverChoice>, string | null]>([
    ['one successor picked, all customers, a reason', {}, null],
    ['no successor', { successors: [] }, '请选择接手人'],
    ['several with only one picked', { mode: 'many' }, '分给多位同事时请至少选择两位，只有一位请选“交给一位同事”'],
    ['several with two picked', { mode: 'many', successors: ['李四', '王芳'] }, null],
    ['the pool needs nobody', { mode: 'pool', successors: [] }, null],
    ['a selection of none', { selected: 0 }, '请选择要交接的客户'],
    ['a selection of some', { selected: 3 }, null],
    ['a blank reason', { reason: '  ' }, '请填写交接原因']
  ])('should answer %s', (_, over, expected) => {
    expect(handoverFormProblem(choice(over))).toBe(expected)
  })
})

describe('handoverSummary', () => {
  it('should name the successor when all customers go to one', () => {
    expect(handoverSummary('张三', 58, choice({}))).toBe('将 张三 的全部 58 位客户交给 李四。')
  })
  it('should name every successor when a selection is spread', () => {
    expect(handoverSummary('张三', 58, choice({ mode: 'many', successors: ['李四', '王芳'], selected: 5 }))).toBe('将 张三 的选中的 5 位客户按负载分给 李四、王芳。')
  })
  it('should say the pool when customers go back to it', () => {
    expect(handoverSummary('张三', 58, choice({ mode: 'pool', successors: [] }))).toBe('将 张三 的全部 58 位客户退回公海。')
  })
})
