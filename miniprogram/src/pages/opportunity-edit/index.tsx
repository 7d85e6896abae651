import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Input, Picker } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { markStale } from '../../services/session'
import { fieldErrorsFrom } from '../../utils/field-errors'
import {
  createOpportunity, fenToYuanText, getOpportunity, listStages, parseYuan, updateOpportunity, type RequiredField, type Stage
} from '../../services/opportunities'
import FeedbackForm, { feedbackFromTexts } from '../../components/feedback-form'
import StateView from '../../components/state-view'
import TextArea from '../../components/text-area'
import './index.scss'

interface Draft {
  name: string
  amount: string
  expectedCloseOn: string
  probability: string
  source: string
  notes: string
  stageId: string
}

const SOURCES = ['老客户', '转介绍', '展会', '官网', '电话营销', '其他']

/** 新建 / 编辑商机: `?customerId=` creates one for that customer, `?id=` edits one. */
export default function OpportunityEditPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const customerId = params.customerId ?? ''
  const editing = !!id
  const [stages, setStages] = useState<Stage[]>([])
  const [draft, setDraft] = useState<Draft>({ name: '', amount: '', expectedCloseOn: '', probability: '', source: '', notes: '', stageId: '' })
  const [fields, setFields] = useState<RequiredField[]>([])
  const [texts, setTexts] = useState<Record<string, string>>({})
  const [feedbackErrors, setFeedbackErrors] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const load = async () => {
    setLoading(true)
    setLoadError(null)
    try {
      const st = await listStages()
      setStages(st.items)
      if (editing) {
        const o = await getOpportunity(id)
        setDraft({
          name: o.name, amount: o.amountFen ? fenToYuanText(o.amountFen) : '', expectedCloseOn: o.expectedCloseOn ?? '',
          probability: o.probabilityOverride === null ? '' : String(o.probabilityOverride), source: o.source ?? '', notes: o.notes ?? '', stageId: o.stageId
        })
      } else {
        setDraft((d) => ({ ...d, stageId: st.items.find((s) => s.kind === 'open')?.id ?? '' }))
      }
    } catch (e) {
      setLoadError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  useEffect(() => {
    load()
  }, [])

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !(k in patch))))
  }

  const save = async () => {
    if (saving) return
    const errs: Record<string, string> = {}
    if (!draft.name.trim()) errs.name = '请填写商机名称'
    const amountFen = draft.amount.trim() ? parseYuan(draft.amount) : 0
    if (amountFen === null) errs.amountFen = '金额应为数字，最多两位小数'
    const probability = draft.probability.trim() ? Number(draft.probability) : null
    if (probability !== null && (!Number.isInteger(probability) || probability < 0 || probability > 100)) errs.probability = '赢率应为 0–100 的整数'
    const fb = feedbackFromTexts(fields, texts)
    setFeedbackErrors(fb.errors)
    setErrors(errs)
    if (Object.keys(errs).length || Object.keys(fb.errors).length) return
    setSaving(true)
    setFormError(null)
    const input = {
      name: draft.name.trim(), amountFen: amountFen ?? 0, expectedCloseOn: draft.expectedCloseOn || null, probability,
      source: draft.source.trim() || null, notes: draft.notes.trim() || null
    }
    try {
      const saved = editing
        ? await updateOpportunity(id, input)
        : await createOpportunity({ ...input, customerId, stageId: draft.stageId || undefined, feedback: fb.feedback })
      markStale('opportunities', `customer:${saved.customerId}`, `customer-opps:${saved.customerId}`, `opportunity:${saved.id}`)
      Taro.showToast({ title: '已保存', icon: 'success' })
      if (editing) Taro.navigateBack()
      else Taro.redirectTo({ url: `/pages/opportunity-detail/index?id=${saved.id}` })
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && Array.isArray(e.details.fields)) {
        // Starting in a later stage: the stages passed ask for their feedback.
        setFields(e.details.fields as RequiredField[])
        setFormError(e.message)
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        setErrors(fieldErrorsFrom(e))
        setFormError(errorMessage(e))
      } else {
        setFormError(errorMessage(e))
      }
    } finally {
      setSaving(false)
    }
  }

  if (loading || loadError) return <StateView loading={loading} error={loadError} onRetry={load} />

  const field = (label: string, key: string, control: JSX.Element, required = false) => (
    <View className={`oe-field ${errors[key] ? 'oe-field--error' : ''}`}>
      <View className='oe-field__label'>
        <Text>{label}</Text>
        {required && <Text className='oe-field__required'>*</Text>}
      </View>
      {control}
      {errors[key] && <Text className='oe-field__error'>{errors[key]}</Text>}
    </View>
  )
  const openStages = stages.filter((s) => s.kind === 'open')

  return (
    <View className='oe' data-testid='opportunity-form'>
      {formError && <View className='form-error'>{formError}</View>}
      <View className='card'>
        {field('商机名称', 'name', <Input className='oe-input' data-testid='oe-name' value={draft.name} maxlength={128} placeholder='例如 2026 年度采购' onInput={(e) => set({ name: e.detail.value })} />, true)}
        {field('金额（元）', 'amountFen', <Input className='oe-input' data-testid='oe-amount' type='digit' value={draft.amount} placeholder='0' onInput={(e) => set({ amount: e.detail.value })} />)}
        {field('预计成交日期', 'expectedCloseOn', (
          <Picker mode='date' value={draft.expectedCloseOn} onChange={(e) => set({ expectedCloseOn: String(e.detail.value) })}>
            <View className='oe-input oe-input--picker' data-testid='oe-close'>{draft.expectedCloseOn || <Text className='oe-placeholder'>选择日期</Text>}</View>
          </Picker>
        ))}
        {!editing && field('起始阶段', 'stageId', (
          <View className='oe-chips'>
            {openStages.map((s) => (
              <View key={s.id} className={`oe-chip ${draft.stageId === s.id ? 'oe-chip--active' : ''}`} data-testid={`oe-stage-${s.id}`} onClick={() => { set({ stageId: s.id }); setFields([]) }}>
                {s.name}
              </View>
            ))}
          </View>
        ))}
        {field('赢率（%）', 'probability', <Input className='oe-input' type='number' value={draft.probability} placeholder='留空则按阶段赢率' onInput={(e) => set({ probability: e.detail.value })} />)}
        {field('来源', 'source', (
          <View className='oe-chips'>
            {SOURCES.map((s) => (
              <View key={s} className={`oe-chip ${draft.source === s ? 'oe-chip--active' : ''}`} onClick={() => set({ source: draft.source === s ? '' : s })}>
                {s}
              </View>
            ))}
          </View>
        ))}
        {field('产品 / 备注', 'notes', <TextArea className='oe-textarea' value={draft.notes} maxlength={1000} placeholder='产品、数量、关键人…' testId='oe-notes' onInput={(notes) => set({ notes })} />)}
      </View>
      {fields.length > 0 && (
        <View className='card'>
          <View className='card-title'><Text>阶段反馈</Text></View>
          <FeedbackForm fields={fields} texts={texts} errors={feedbackErrors} onChange={(k, t) => setTexts((p) => ({ ...p, [k]: t }))} />
        </View>
      )}
      <View className={`btn oe__save ${saving ? 'btn--disabled' : ''}`} data-testid='oe-save' onClick={save}>
        {saving ? '保存中…' : '保存'}
      </View>
    </View>
  )
}
