import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { createContract } from '../../services/contracts'
import { cachedUser, markStale } from '../../services/session'
import CustomerPicker from '../../components/customer-picker'
import { addDays, todayDate } from '../../utils/contract-labels'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import { fenToYuanInput, formatFen, parseYuanToFen } from '../../utils/money'
import { DateInput, Field, parseDiscount } from './fields'
import '../../components/customer-form/index.scss'

interface Values {
  customer: { id: string; name: string } | null
  number: string
  amount: string
  discount: string
  signedOn: string
  startOn: string
  endOn: string
}

/**
 * 新建合同: within the approval limit (default 折扣 ≤ 20%、金额 ≤ 100 万元) it is signed at once,
 * otherwise it goes to the approvers and is signed when approved. `?customerId=&customerName=`
 * prefills the customer (新建合同 on a customer); `&opportunityId=&amountFen=` makes it the contract of a won
 * opportunity (one deal: the win is not counted twice).
 */
export default function ContractNewPage() {
  const { params } = useRouter()
  const me = cachedUser()
  const today = todayDate()
  const prefilled = params.customerId ? { id: params.customerId, name: decodeURIComponent(params.customerName ?? '') } : null
  const opportunityId = params.opportunityId && /^\d+$/.test(params.opportunityId) ? params.opportunityId : null
  const prefilledFen = params.amountFen && /^\d+$/.test(params.amountFen) ? Number(params.amountFen) : null
  const [v, setV] = useState<Values>({ customer: prefilled, number: '', amount: prefilledFen ? fenToYuanInput(prefilledFen) : '', discount: '', signedOn: today, startOn: today, endOn: addDays(today, 364) })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const set = <K extends keyof Values>(k: K, value: Values[K]) => {
    setV((prev) => ({ ...prev, [k]: value }))
    setErrors((e) => {
      const rest = { ...e }
      delete rest[k === 'amount' ? 'amountFen' : k === 'discount' ? 'discountPct' : k === 'customer' ? 'customerId' : k]
      return rest
    })
  }
  const amount = v.amount.trim() ? parseYuanToFen(v.amount) : null
  const discount = parseDiscount(v.discount)

  const submit = async () => {
    if (submitting) return
    const found: FieldErrors = {}
    if (!v.customer) found.customerId = '请选择客户'
    if (!v.number.trim()) found.number = '请填写合同编号'
    if (!amount) found.amountFen = '请填写合同金额'
    else if (!amount.ok) found.amountFen = amount.error
    if (!discount.ok) found.discountPct = discount.error
    if (!v.startOn) found.startOn = '请选择开始日期'
    if (!v.endOn) found.endOn = '请选择结束日期'
    else if (v.startOn && v.endOn < v.startOn) found.endOn = '结束日期不能早于开始日期'
    setErrors(found)
    setGeneral(null)
    if (Object.keys(found).length || !amount?.ok || !discount.ok || !v.customer) return
    setSubmitting(true)
    try {
      const saved = await createContract({
        customerId: v.customer.id, opportunityId, number: v.number.trim(), amountFen: amount.fen, discountPct: discount.pct,
        signedOn: v.signedOn || null, startOn: v.startOn, endOn: v.endOn
      })
      markStale('contract-list', 'contracts', 'customers', `customer:${v.customer.id}`)
      Taro.showToast({ title: saved.status === 'signed' ? '合同已签订' : '已提交审批', icon: 'success' })
      Taro.redirectTo({ url: `/pages/contract-detail/index?id=${encodeURIComponent(saved.id)}` })
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = fieldErrorsFrom(e)
        if (e.code === 'CONTRACT_NUMBER_TAKEN') fields.number = e.message
        setErrors(fields)
        setGeneral(Object.keys(fields).length ? null : e.message)
      } else setGeneral(errorMessage(e))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='customer-form' data-testid='contract-new-page'>
      <View className='card'>
        <Field label='客户' required error={errors.customerId}>
          <View className='contract-form__picker' data-testid='contract-customer' onClick={() => !prefilled && setPicking(true)}>
            <Text className={v.customer ? '' : 'contract-form__placeholder'}>{v.customer ? v.customer.name : '选择客户'}</Text>
            {!prefilled && <Text className='contract-form__arrow'>›</Text>}
          </View>
        </Field>
        <Field label='合同编号' required error={errors.number} hint='公司内唯一，如 HT-2026-001'>
          <Input className='cf-input' value={v.number} maxlength={64} placeholder='合同编号' data-testid='contract-number' onInput={(e) => set('number', e.detail.value)} />
        </Field>
        <Field label='合同金额（元）' required error={errors.amountFen} hint={amount?.ok ? `合计 ${formatFen(amount.fen)}` : '最多两位小数'}>
          <Input className='cf-input' type='digit' value={v.amount} placeholder='0.00' data-testid='contract-amount' onInput={(e) => set('amount', e.detail.value)} />
        </Field>
        <Field label='折扣（%）' error={errors.discountPct} hint='折扣超过 20% 或金额超过 100 万元需审批'>
          <Input className='cf-input' type='digit' value={v.discount} placeholder='0' data-testid='contract-discount' onInput={(e) => set('discount', e.detail.value)} />
        </Field>
        <Field label='签订日期' error={errors.signedOn}>
          <DateInput value={v.signedOn} onChange={(x) => set('signedOn', x)} testId='contract-signed-on' />
        </Field>
        <Field label='开始日期' required error={errors.startOn}>
          <DateInput value={v.startOn} onChange={(x) => set('startOn', x)} testId='contract-start-on' />
        </Field>
        <Field label='结束日期' required error={errors.endOn}>
          <DateInput value={v.endOn} onChange={(x) => set('endOn', x)} testId='contract-end-on' />
        </Field>
      </View>
      {general && (
        <View className='form-error' data-testid='contract-form-error'>
          {general}
        </View>
      )}
      <View className='customer-form__actions'>
        <View className={`btn ${submitting ? 'btn--disabled' : ''}`} data-testid='contract-submit' onClick={submit}>
          {submitting ? '提交中…' : '保存合同'}
        </View>
      </View>
      <CustomerPicker
        visible={picking}
        role={me?.role}
        onClose={() => setPicking(false)}
        onPick={(c) => {
          set('customer', { id: c.id, name: c.name })
          setPicking(false)
        }}
      />
    </View>
  )
}
