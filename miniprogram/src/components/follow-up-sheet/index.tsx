import Taro from '@tarojs/taro'
import { View, Text, Picker } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { createFollowUp } from '../../services/customers'
import type { FollowUp, FollowUpInput, FollowUpType } from '../../services/types'
import { FOLLOW_UP_TYPES } from '../../utils/labels'
import { pickerToday } from '../../utils/time'
import Sheet from '../sheet'
import TextArea from '../text-area'
import './index.scss'

interface Props {
  customerId: string
  /** shown above the form when the sheet opens away from the customer's page (home cards) */
  customerName?: string
  visible: boolean
  onClose: () => void
  onSaved: (followUp: FollowUp) => void
}

type NextChoice = 'none' | 'tomorrow' | 'in3' | 'nextWeek' | 'custom'

const NEXT_CHOICES: { key: Exclude<NextChoice, 'none' | 'custom'>; label: string; days: number }[] = [
  { key: 'tomorrow', label: '明天', days: 1 },
  { key: 'in3', label: '3天后', days: 3 },
  { key: 'nextWeek', label: '下周', days: 7 }
]

/** Quick follow-up: type, text, 保存 — three taps from the customer page. */
export default function FollowUpSheet({ customerId, customerName, visible, onClose, onSaved }: Props) {
  const [type, setType] = useState<FollowUpType>('call')
  const [content, setContent] = useState('')
  const [next, setNext] = useState<NextChoice>('none')
  const [customDate, setCustomDate] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // Each opening starts from a clean form.
  useEffect(() => {
    if (!visible) return
    setType('call')
    setContent('')
    setNext('none')
    setCustomDate('')
    setError(null)
  }, [visible])

  /** The server places both at 09:00 business time: n days after its today, or on the picked date. */
  const planned = (): Pick<FollowUpInput, 'nextFollowUpAt' | 'nextFollowUpInDays'> => {
    const preset = NEXT_CHOICES.find((c) => c.key === next)
    if (preset) return { nextFollowUpInDays: preset.days }
    if (next === 'custom' && customDate) return { nextFollowUpAt: customDate }
    return {}
  }

  const submit = async () => {
    if (saving) return
    const text = content.trim()
    if (!text) {
      setError('请填写跟进内容')
      return
    }
    setSaving(true)
    setError(null)
    try {
      const saved = await createFollowUp(customerId, { type, content: text, ...planned() })
      Taro.showToast({ title: '已记录', icon: 'success' })
      onSaved(saved)
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  const today = pickerToday()

  return (
    <Sheet
      visible={visible}
      title='写跟进'
      onClose={onClose}
      testId='followup-sheet'
      footer={
        <View
          className={`btn ${saving ? 'btn--disabled' : ''}`}
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
      <View className='fu-sheet__next'>
        {NEXT_CHOICES.map((c) => (
          <View
            key={c.key}
            className={`fu-sheet__chip ${next === c.key ? 'fu-sheet__chip--active' : ''}`}
            data-testid={`followup-next-${c.key}`}
            onClick={() => setNext(next === c.key ? 'none' : c.key)}
          >
            {c.label}
          </View>
        ))}
        <Picker
          mode='date'
          value={customDate || today}
          start={today}
          onChange={(e) => {
            setCustomDate(String(e.detail.value))
            setNext('custom')
          }}
        >
          <View
            className={`fu-sheet__chip ${next === 'custom' ? 'fu-sheet__chip--active' : ''}`}
            data-testid='followup-next-custom'
          >
            {next === 'custom' && customDate ? customDate : '自定义'}
          </View>
        </Picker>
      </View>

      {error && (
        <Text className='fu-sheet__error' data-testid='followup-error'>
          {error}
        </Text>
      )}
    </Sheet>
  )
}
