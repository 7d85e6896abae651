import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { consumeStale, markStale } from '../../services/session'
import {
  formatFen, getOpportunity, listStages, moveOpportunity, type OpportunityDetail, type RequiredField, type Stage
} from '../../services/opportunities'
import FeedbackForm, { feedbackFromTexts } from '../../components/feedback-form'
import Sheet from '../../components/sheet'
import StateView from '../../components/state-view'
import { formatDate } from '../../utils/time'
import './index.scss'

interface MoveDraft {
  stage: { id: string; name: string }
  fields: RequiredField[]
  texts: Record<string, string>
  errors: Record<string, string>
  formError: string | null
}

/** 商机详情: figures, the stage timeline, 下一阶段 (asking exactly for the required feedback) and any other stage. */
export default function OpportunityDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [opp, setOpp] = useState<OpportunityDetail | null>(null)
  const [stages, setStages] = useState<Stage[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [draft, setDraft] = useState<MoveDraft | null>(null)
  const [pickStage, setPickStage] = useState(false)
  const [saving, setSaving] = useState(false)

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      const [o, s] = await Promise.all([getOpportunity(id), listStages()])
      setOpp(o)
      setStages(s.items)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [id])

  useEffect(() => {
    load()
  }, [load])
  useDidShow(() => {
    if (consumeStale(`opportunity:${id}`)) load()
  })

  const submit = async (stage: { id: string; name: string }, feedback: Record<string, string | number>) => {
    setSaving(true)
    try {
      const moved = await moveOpportunity(id, stage.id, feedback)
      setOpp(moved)
      setDraft(null)
      markStale('opportunities', `customer:${moved.customerId}`, `customer-opps:${moved.customerId}`)
      Taro.showToast({ title: moved.status === 'won' ? '已赢单' : `已进入${stage.name}`, icon: 'success' })
    } catch (e) {
      // The gate names what is missing: ask for exactly those fields.
      if (e instanceof ApiError && e.status === 422 && Array.isArray(e.details.fields)) {
        const fields = e.details.fields as RequiredField[]
        setDraft((d) => ({ stage, fields, texts: d?.texts ?? {}, errors: {}, formError: e.message }))
      } else if (draft) {
        setDraft({ ...draft, formError: errorMessage(e) })
      } else {
        Taro.showToast({ title: errorMessage(e), icon: 'none' })
      }
    } finally {
      setSaving(false)
    }
  }

  /** Opens the form when the stage asks for feedback, else moves at once. */
  const goTo = (stage: { id: string; name: string }, fields: RequiredField[]) => {
    setPickStage(false)
    if (fields.length) setDraft({ stage, fields, texts: {}, errors: {}, formError: null })
    else submit(stage, {})
  }

  const confirmDraft = () => {
    if (!draft || saving) return
    const { feedback, errors } = feedbackFromTexts(draft.fields, draft.texts)
    if (Object.keys(errors).length) {
      setDraft({ ...draft, errors })
      return
    }
    submit(draft.stage, feedback)
  }

  if (loading && !opp) return <StateView loading />
  if (error || !opp) return <StateView error={error ?? '商机不存在'} onRetry={load} />

  const otherStages = stages.filter((s) => s.id !== opp.stageId)

  return (
    <View className='opp' data-testid='opportunity-detail'>
      <View className='card'>
        <View className='opp__head'>
          <Text className='opp__name' data-testid='opp-name'>{opp.name}</Text>
          <Text className={`opp__stage opp__stage--${opp.status}`} data-testid='opp-stage'>{opp.stage.name}</Text>
        </View>
        <Text className='link opp__customer' data-testid='opp-customer' onClick={() => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${opp.customerId}` })}>
          {opp.customer.name}
        </Text>
        <View className='opp__figures'>
          <View className='opp__figure'>
            <Text className='opp__figure-value' data-testid='opp-amount'>{formatFen(opp.amountFen)}</Text>
            <Text className='opp__figure-label'>金额</Text>
          </View>
          <View className='opp__figure'>
            <Text className='opp__figure-value'>{opp.probability}%</Text>
            <Text className='opp__figure-label'>{opp.probabilityOverride === null ? '赢率（阶段）' : '赢率（自定）'}</Text>
          </View>
          <View className='opp__figure'>
            <Text className='opp__figure-value'>{formatFen(opp.weightedFen)}</Text>
            <Text className='opp__figure-label'>加权金额</Text>
          </View>
        </View>
        <View className='opp__rows'>
          <Text>
            负责人：{opp.owner?.name ?? '无（客户在公海）'}
            {opp.ownerLeft && <Text className='opp__left' data-testid='opp-owner-left'>已离职</Text>}
          </Text>
          <Text>预计成交：{opp.expectedCloseOn ?? '未定'}</Text>
          {opp.source && <Text>来源：{opp.source}</Text>}
          {opp.lostReason && <Text>输单原因：{opp.lostReason}</Text>}
          {opp.notes && <Text>备注：{opp.notes}</Text>}
        </View>
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>阶段记录</Text>
        </View>
        <View className='opp__timeline' data-testid='opp-timeline'>
          {opp.timeline.map((m) => (
            <View key={m.id} className='opp__move'>
              <View className='opp__move-dot' />
              <View className='opp__move-body'>
                <Text className='opp__move-title'>
                  {m.fromStage ? `${m.fromStage.name} → ${m.toStage.name}` : `新建于 ${m.toStage.name}`}
                </Text>
                <Text className='opp__move-meta'>{formatDate(m.at)} · {m.by?.name ?? '系统'}</Text>
                {m.feedback.map((f) => (
                  <Text key={f.key} className='opp__move-feedback'>
                    {f.label}：{f.type === 'amount' ? formatFen(Number(f.value)) : String(f.value)}
                  </Text>
                ))}
              </View>
            </View>
          ))}
        </View>
      </View>

      <View className='opp__actions'>
        <View className='btn btn--plain opp__action' data-testid='opp-edit' onClick={() => Taro.navigateTo({ url: `/pages/opportunity-edit/index?id=${opp.id}` })}>
          编辑
        </View>
        <View className='btn btn--ghost opp__action' data-testid='opp-change-stage' onClick={() => setPickStage(true)}>
          变更阶段
        </View>
        {opp.status === 'won' && (
          <View
            className='btn opp__action opp__action--next'
            data-testid='opp-sign-contract'
            onClick={() => Taro.navigateTo({
              url: `/pages/contract-new/index?customerId=${opp.customer.id}&customerName=${encodeURIComponent(opp.customer.name)}&opportunityId=${opp.id}&amountFen=${opp.amountFen}`,
            })}
          >
            签合同
          </View>
        )}
        {opp.next && (
          <View className='btn opp__action opp__action--next' data-testid='opp-next' onClick={() => goTo(opp.next!.stage, opp.next!.requiredFields)}>
            <Text>下一阶段</Text>
            <Text className='opp__action-sub'>{opp.next.stage.name}</Text>
          </View>
        )}
      </View>

      <Sheet visible={pickStage} title='变更阶段' onClose={() => setPickStage(false)} testId='stage-picker'>
        {otherStages.map((s) => (
          <View key={s.id} className='opp__pick' data-testid={`stage-pick-${s.id}`} onClick={() => goTo(s, [])}>
            <Text>{s.name}</Text>
            <Text className='opp__pick-rate'>{s.kind === 'won' ? '赢单' : s.kind === 'lost' ? '输单' : `${s.winRate}%`}</Text>
          </View>
        ))}
      </Sheet>

      <Sheet
        visible={!!draft}
        title={draft ? `进入「${draft.stage.name}」需要填写` : ''}
        onClose={() => setDraft(null)}
        testId='stage-feedback'
        footer={
          <View className={`btn ${saving ? 'btn--disabled' : ''}`} data-testid='stage-feedback-submit' onClick={confirmDraft}>
            {saving ? '提交中…' : '确定'}
          </View>
        }
      >
        {draft && (
          <>
            {draft.formError && <Text className='opp__form-error'>{draft.formError}</Text>}
            <FeedbackForm
              fields={draft.fields}
              texts={draft.texts}
              errors={draft.errors}
              onChange={(key, text) => setDraft((d) => (d ? { ...d, texts: { ...d.texts, [key]: text }, errors: { ...d.errors, [key]: '' } } : d))}
            />
          </>
        )}
      </Sheet>
    </View>
  )
}
