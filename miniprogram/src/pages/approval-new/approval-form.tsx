import { View, Text, Input, Picker } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import type { Role } from '../../services/types'
import CustomerPicker from '../../components/customer-picker'
import TextArea from '../../components/text-area'
import { APPROVAL_REASON_MAX, APPROVAL_TYPES, CUSTOMER_REQUIRED_TYPES } from '../../utils/approval-labels'
import type { ApprovalFormValues } from '../../utils/approval-form'
import type { FieldErrors } from '../../utils/field-errors'
import { parseYuanToFen, formatFen } from '../../utils/money'
import PhotoGrid from './photo-grid'
import '../../components/customer-form/index.scss'

interface Props {
  values: ApprovalFormValues
  onChange: (update: (prev: ApprovalFormValues) => ApprovalFormValues) => void
  errors: FieldErrors
  role: Role | undefined
  /** the customer was given by the page that opened the form (申请费用 on a customer): not changed here */
  customerLocked?: boolean
}

function Field({ label, required, error, hint, children }: { label: string; required?: boolean; error?: string; hint?: string; children: ReactNode }) {
  return (
    <View className={`cf-field ${error ? 'cf-field--error' : ''}`}>
      <View className='cf-field__label'>
        {label}
        {required && <Text className='cf-field__required'>*</Text>}
      </View>
      <View className='cf-field__control'>{children}</View>
      {hint && !error && <Text className='cf-field__hint'>{hint}</Text>}
      {error && <Text className='cf-field__error'>{error}</Text>}
    </View>
  )
}

/** The fields of an expense request, shared by 发起申请 and 修改后重新提交. */
export default function ApprovalForm({ values: v, onChange, errors, role, customerLocked }: Props) {
  const [picking, setPicking] = useState(false)
  const set = <K extends keyof ApprovalFormValues>(key: K, value: ApprovalFormValues[K]) => onChange((prev) => ({ ...prev, [key]: value }))
  const customerRequired = Boolean(v.type) && CUSTOMER_REQUIRED_TYPES.includes(v.type as never)
  const parsed = v.amount.trim() ? parseYuanToFen(v.amount) : null

  return (
    <View className='card'>
      <Field label='费用类型' required error={errors.type}>
        <View className='cf-chips'>
          {APPROVAL_TYPES.map((t) => (
            <View
              key={t.value}
              className={`cf-chip ${v.type === t.value ? 'cf-chip--active' : ''}`}
              data-testid={`approval-type-${t.value}`}
              onClick={() => set('type', t.value)}
            >
              {t.label}
            </View>
          ))}
        </View>
      </Field>

      <Field label='金额（元）' required error={errors.amountFen} hint={parsed?.ok ? `合计 ${formatFen(parsed.fen)}` : '最多两位小数'}>
        <Input
          className='cf-input approval-form__amount'
          type='digit'
          value={v.amount}
          placeholder='0.00'
          data-testid='approval-amount'
          onInput={(e) => set('amount', e.detail.value)}
        />
      </Field>

      <Field label='客户' required={customerRequired} error={errors.customerId} hint={customerRequired ? undefined : '差旅、其他费用可不关联客户'}>
        <View
          className={`approval-form__picker ${customerLocked ? 'approval-form__picker--locked' : ''}`}
          data-testid='approval-customer'
          onClick={() => !customerLocked && setPicking(true)}
        >
          <Text className={v.customer ? '' : 'approval-form__placeholder'}>{v.customer ? v.customer.name : '选择客户'}</Text>
          {!customerLocked && v.customer && !customerRequired ? (
            <Text
              className='approval-form__clear'
              onClick={(e) => {
                e.stopPropagation()
                set('customer', null)
              }}
            >
              ×
            </Text>
          ) : (
            !customerLocked && <Text className='approval-form__arrow'>›</Text>
          )}
        </View>
      </Field>

      <Field label='发生日期' error={errors.occurredOn}>
        <Picker mode='date' value={v.occurredOn} onChange={(e) => set('occurredOn', e.detail.value)}>
          <View className='approval-form__picker' data-testid='approval-date'>
            <Text className={v.occurredOn ? '' : 'approval-form__placeholder'}>{v.occurredOn || '选择日期'}</Text>
            <Text className='approval-form__arrow'>›</Text>
          </View>
        </Picker>
      </Field>

      <Field label='申请事由' required error={errors.reason}>
        <TextArea
          value={v.reason}
          onInput={(x) => set('reason', x)}
          placeholder='如：宴请客户采购总监，商谈年度框架合同'
          maxlength={APPROVAL_REASON_MAX}
          testId='approval-reason'
        />
        <Text className={`approval-form__count ${v.reason.trim().length > APPROVAL_REASON_MAX ? 'approval-form__count--over' : ''}`}>
          {v.reason.trim().length}/{APPROVAL_REASON_MAX}
        </Text>
      </Field>

      <Field label='票据照片'>
        <PhotoGrid photos={v.photos} onChange={(update) => onChange((prev) => ({ ...prev, photos: update(prev.photos) }))} error={errors.attachmentIds} />
      </Field>

      <CustomerPicker
        visible={picking}
        role={role}
        onClose={() => setPicking(false)}
        onPick={(c) => {
          set('customer', { id: c.id, name: c.name })
          setPicking(false)
        }}
      />
    </View>
  )
}
