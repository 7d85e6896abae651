import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { createApproval, getApproval, resubmitApproval } from '../../services/approvals'
import { cachedUser, markStale } from '../../services/session'
import type { Approval } from '../../services/types'
import StateView from '../../components/state-view'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import { formFieldOf, toApprovalInput, validateApprovalForm, type ApprovalFormValues } from '../../utils/approval-form'
import { fenToYuanInput } from '../../utils/money'
import { pickerToday } from '../../utils/time'
import ApprovalForm from './approval-form'
import './index.scss'

const detailUrl = (id: string) => `/pages/approval-detail/index?id=${encodeURIComponent(id)}`

function fromApproval(a: Approval): ApprovalFormValues {
  return {
    type: a.type === 'contract' ? '' : a.type,
    amount: fenToYuanInput(a.amountFen),
    customer: a.customer,
    reason: a.reason,
    occurredOn: a.occurredOn ?? '',
    photos: (a.attachments ?? []).map((att) => ({ key: `a${att.id}`, src: att.url, status: 'done' as const, attachment: att }))
  }
}

/** Router params arrive decoded in some runtimes and encoded in others. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Server field errors keyed by the form's fields; the rest is said at the top in the server's words. */
function serverErrors(e: unknown): { fields: FieldErrors; general: string | null } {
  if (!(e instanceof ApiError) || e.code !== 'VALIDATION_FAILED') return { fields: {}, general: errorMessage(e) }
  const fields: FieldErrors = {}
  const rest: string[] = []
  for (const [path, message] of Object.entries(fieldErrorsFrom(e))) {
    const field = formFieldOf(path)
    if (field && !fields[field]) fields[field] = message
    else if (!field) rest.push(message)
  }
  return { fields, general: rest.length ? rest.join('；') : Object.keys(fields).length ? null : errorMessage(e) }
}

/**
 * 发起申请, and with `?id=` 修改后重新提交 of a rejected request (a new round). `?customerId=&customerName=`
 * (申请费用 on a customer's page) fills in the customer.
 */
export default function ApprovalNewPage() {
  const { params } = useRouter()
  const editId = params.id ?? ''
  const me = cachedUser()
  const prefilled = params.customerId ? { id: params.customerId, name: safeDecode(params.customerName ?? '') || '已选客户' } : null

  const [values, setValues] = useState<ApprovalFormValues>({
    type: '',
    amount: '',
    customer: prefilled,
    reason: '',
    occurredOn: pickerToday(),
    photos: []
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [loading, setLoading] = useState(Boolean(editId))
  const [loadError, setLoadError] = useState<string | null>(null)
  const [editable, setEditable] = useState(true)
  /** why the request came back: what the rep is fixing */
  const [rejection, setRejection] = useState<string | null>(null)

  const loadForEdit = useCallback(async () => {
    if (!editId) return
    setLoading(true)
    setLoadError(null)
    try {
      const a = await getApproval(editId)
      setValues(fromApproval(a))
      const rejected = a.steps.filter((st) => st.round === a.round && st.decision === 'rejected').pop()
      setRejection(rejected ? `${rejected.decidedBy?.name ?? '审批人'}驳回：${rejected.comment ?? '未说明原因'}` : null)
      setEditable(a.status === 'rejected' && a.requester.id === me?.id)
    } catch (e) {
      setLoadError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [editId, me?.id])

  useEffect(() => {
    if (editId) {
      Taro.setNavigationBarTitle({ title: '修改申请' })
      loadForEdit()
    }
  }, [editId, loadForEdit])

  const onChange = (update: (prev: ApprovalFormValues) => ApprovalFormValues) => {
    setValues((prev) => {
      const next = update(prev)
      // An error goes away as soon as its field is touched.
      setErrors((errs) => {
        const changed = Object.keys(errs).filter((k) => {
          const field = ({ amountFen: 'amount', customerId: 'customer', attachmentIds: 'photos' } as Record<string, keyof ApprovalFormValues>)[k] ?? (k as keyof ApprovalFormValues)
          return next[field] !== prev[field] || (k === 'customerId' && next.type !== prev.type)
        })
        if (!changed.length) return errs
        const rest = { ...errs }
        changed.forEach((k) => delete rest[k])
        return rest
      })
      return next
    })
  }

  const submit = async () => {
    if (submitting) return
    const found = validateApprovalForm(values)
    setErrors(found)
    setGeneral(null)
    if (Object.keys(found).length) return
    setSubmitting(true)
    try {
      const input = toApprovalInput(values)
      // A resubmission replaces the fields: a customer or a date taken away is sent as null.
      const saved = editId
        ? await resubmitApproval(editId, { ...input, customerId: values.customer?.id ?? null, occurredOn: values.occurredOn || null })
        : await createApproval(input)
      markStale('approvals', `approval:${saved.id}`, ...(saved.customer ? [`customer:${saved.customer.id}`] : []))
      Taro.showToast({ title: editId ? '已重新提交' : '已提交审批', icon: 'success' })
      if (editId && Taro.getCurrentPages().length > 1) Taro.navigateBack()
      else Taro.redirectTo({ url: detailUrl(saved.id) })
    } catch (e) {
      const { fields, general: message } = serverErrors(e)
      setErrors(fields)
      setGeneral(message)
    } finally {
      setSubmitting(false)
    }
  }

  if (loading) return <StateView loading />
  if (loadError) return <StateView error={loadError} onRetry={loadForEdit} />
  if (!editable) {
    return (
      <StateView
        empty
        emptyText='只有被驳回的申请可以由申请人修改后重新提交'
        emptyAction={
          <View className='link approval-new__back' onClick={() => Taro.redirectTo({ url: detailUrl(editId) })}>
            查看申请
          </View>
        }
      />
    )
  }

  return (
    <View className='approval-new customer-form' data-testid='approval-new-page'>
      {editId && (
        <View className='approval-new__round-note' data-testid='approval-edit-note'>
          {rejection && <Text className='approval-new__rejection'>{rejection}</Text>}
          <Text>修改后将重新提交，从第一级开始审批；之前的审批记录会保留。</Text>
        </View>
      )}
      <ApprovalForm values={values} onChange={onChange} errors={errors} role={me?.role} customerLocked={Boolean(prefilled) && !editId} />
      {general && (
        <View className='form-error' data-testid='approval-form-error'>
          {general}
        </View>
      )}
      <View className='customer-form__actions'>
        <View className={`btn ${submitting ? 'btn--disabled' : ''}`} data-testid='approval-submit' onClick={submit}>
          {submitting ? '提交中…' : editId ? '重新提交' : '提交审批'}
        </View>
        <Text className='approval-new__foot'>提交后将发送给审批人，审批人在企业微信中即可同意或驳回</Text>
      </View>
    </View>
  )
}
