import { describe, expect, it } from 'vitest'
import { toApprovalInput, validateApprovalForm, type ApprovalFormValues } from './approval-form'

const valid: ApprovalFormValues = {
  type: 'entertainment',
  amount: '500',
  customer: { id: '7', name: '华东制造' },
  reason: '客户来访晚餐',
  occurredOn: '2026-12-01',
  photos: []
}

describe('validateApprovalForm', () => {
  it('should accept a complete entertainment request when it names a customer', () => {
    expect(validateApprovalForm(valid)).toEqual({})
  })

  it.each(['entertainment', 'gift', 'discount'] as const)('should ask for a customer when the type is %s', (type) => {
    expect(validateApprovalForm({ ...valid, type, customer: null })).toEqual({ customerId: '招待、礼品、折扣申请需要选择客户' })
  })

  it.each(['travel', 'other'] as const)('should not ask for a customer when the type is %s', (type) => {
    expect(validateApprovalForm({ ...valid, type, customer: null })).toEqual({})
  })

  it('should name every missing field when the form is empty', () => {
    expect(validateApprovalForm({ type: '', amount: '', customer: null, reason: '  ', occurredOn: '', photos: [] })).toEqual({
      type: '请选择费用类型',
      amountFen: '请填写金额',
      reason: '请填写申请事由'
    })
  })

  it('should refuse a reason over 500 characters and an amount with three decimals', () => {
    expect(validateApprovalForm({ ...valid, reason: '字'.repeat(501), amount: '1.005' })).toEqual({
      reason: '事由不能超过 500 个字',
      amountFen: '金额最多两位小数'
    })
    expect(validateApprovalForm({ ...valid, reason: '字'.repeat(500) })).toEqual({})
  })

  it('should hold the request back when a photo is still uploading or failed', () => {
    const photo = { key: 'a', src: 'blob:a' }
    expect(validateApprovalForm({ ...valid, photos: [{ ...photo, status: 'uploading' }] })).toEqual({ attachmentIds: '照片还在上传，请稍候' })
    expect(validateApprovalForm({ ...valid, photos: [{ ...photo, status: 'failed' }] })).toEqual({ attachmentIds: '有照片上传失败，请删除后重新添加' })
  })

  it('should refuse a tenth photo when nine are the limit', () => {
    const photos = Array.from({ length: 10 }, (_, i) => ({ key: String(i), src: '', status: 'done' as const, attachment: { id: String(i), url: '' } }))
    expect(validateApprovalForm({ ...valid, photos })).toEqual({ attachmentIds: '最多上传 9 张照片' })
    expect(validateApprovalForm({ ...valid, photos: photos.slice(0, 9) })).toEqual({})
  })
})

describe('toApprovalInput', () => {
  it('should send fen, the customer id, the trimmed reason and the uploaded photos when the form is valid', () => {
    const photos = [{ key: 'a', src: '', status: 'done' as const, attachment: { id: '31', url: 'x' } }]
    expect(toApprovalInput({ ...valid, amount: '1,280.5', reason: ' 晚餐 ', photos })).toEqual({
      type: 'entertainment',
      amountFen: 128_050,
      customerId: '7',
      reason: '晚餐',
      occurredOn: '2026-12-01',
      attachmentIds: ['31']
    })
  })

  it('should leave the customer out when none is chosen', () => {
    expect(toApprovalInput({ ...valid, type: 'travel', customer: null })).not.toHaveProperty('customerId')
  })
})
