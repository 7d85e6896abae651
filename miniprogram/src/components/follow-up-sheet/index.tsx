import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { createFollowUp } from '../../services/customers'
import type { FollowUp, FollowUpType } from '../../services/types'
import { FOLLOW_UP_TYPES } from '../../utils/labels'
import { checkPlanned } from '../../utils/next-follow-up'
import { fetchAppConfig } from '../../services/auth'
import { businessNow, businessTimeZone, serverNow } from '../../utils/time'
import Sheet from '../sheet'
import TextArea from '../text-area'
import NextFollowUpField, { NO_PLAN, type PlannedValue } from './next-follow-up-field'
import './index.scss'

interface Props {
  customerId: string
  /** shown above the form when the sheet opens away from the customer's page (home cards) */
  customerName?: string
  visible: boolean
  onClose: () => void
  onSaved: (followUp: FollowUp) => void
}

/** Quick follow-up: type, text, 保存 — three taps from the customer page. */
export default function FollowUpSheet({ customerId, customerName, visible, onClose, onSaved }: Props) {
  const [type, setType] = useState<FollowUpType>('call')
  const [content, setContent] = useState('')
  const [plan, setPlan] = useState<PlannedValue>(NO_PLAN)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Drawn again when a planned time turns out past at submit, so the field says so.
  const [, setCheckedAt] = useState(0)

  // Each opening starts from a clean form.
  useEffect(() => {
    if (!visible) return
    setType('call')
    setContent('')
    setPlan(NO_PLAN)
    setError(null)
    // The server's now, afresh: /sim may have moved the simulator's clock since the app loaded.
    fetchAppConfig()
      .then(() => setCheckedAt(Date.now()))
      .catch(() => undefined)
  }, [visible])

  // The planned time is judged on the business wall clock; a time already past is refused here
  // (and again by the server, by its own clock).
  const planned = plan.date ? checkPlanned(plan.date, plan.time, businessTimeZone(), serverNow()) : null
  const planError = planned && !planned.ok ? planned.error : null

  const submit = async () => {
    if (saving) return
    const text = content.trim()
    if (!text) {
      setError('请填写跟进内容')
      return
    }
    // Judged again now: a time still ahead when the form was drawn may have passed since.
    const check = plan.date ? checkPlanned(plan.date, plan.time, businessTimeZone(), serverNow()) : null
    if (check && !check.ok) {
      setCheckedAt(Date.now())
      return
    }
    setSaving(true)
    setError(null)
    try {
      const saved = await createFollowUp(customerId, { type, content: text, ...(check ? { nextFollowUpAt: check.at.toISOString() } : {}) })
      Taro.showToast({ title: '已记录', icon: 'success' })
      onSaved(saved)
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  const today = businessNow().date

  return (
    <Sheet
      visible={visible}
      title='写跟进'
      onClose={onClose}
      testId='followup-sheet'
      footer={
        <View
          className={`btn ${saving || planError ? 'btn--disabled' : ''}`}
          data-testid='followup-submit'
          onClick={submit}
        >
          {saving ? '保存中…' : '保存'}
        </View>
      }
    >
      {customerName && (
        <View className='fu-sheet__customer' data-testid='followup-customer'>
          <Text className='fu-sheet__customer-label'>客户</Text>
          <Text className='fu-sheet__customer-name'>{customerName}</Text>
        </View>
      )}
      <View className='fu-sheet__types'>
        {FOLLOW_UP_TYPES.map((t) => (
          <View
            key={t.value}
            className={`fu-sheet__type ${type === t.value ? 'fu-sheet__type--active' : ''}`}
            data-testid={`followup-type-${t.value}`}
            onClick={() => setType(t.value)}
          >
            {t.label}
          </View>
        ))}
      </View>

      <TextArea
        value={content}
        onInput={(v) => {
          setContent(v)
          if (error) setError(null)
        }}
        placeholder='聊了什么？客户的需求、顾虑、下一步…'
        testId='followup-content'
        fixed
      />

      <View className='fu-sheet__label'>下次跟进（可选）</View>
      <NextFollowUpField
        value={plan}
        today={today}
        error={planError}
        onChange={(v) => {
          setPlan(v)
          if (error) setError(null)
        }}
      />

      {error && (
        <Text className='fu-sheet__error' data-testid='followup-error'>
          {error}
        </Text>
      )}
    </Sheet>
  )
}
