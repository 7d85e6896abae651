import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { getEscalationSettings, putEscalationSettings } from '../../services/escalation'
import type { EscalationSettings, Level } from '../../services/types'
import { LevelChips, SETTINGS_INPUT, SETTINGS_UNIT, SettingsField, SettingsSection, SettingsSubRow, SettingsSwitch } from '../../components/settings-field'
import StateView from '../../components/state-view'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import { LEVELS } from '../../utils/labels'
import './index.scss'

// The admins' escalation settings: whether managers get the morning team digest, for which
// customers and after how long. The server validates ranges and explains refusals in Chinese;
// those messages are shown as they come, under their fields.

/** What the form edits: numbers as typed. */
interface Draft {
  enabled: boolean
  levels: Level[]
  graceDays: string
  dueWithinOn: boolean
  dueWithinDays: string
}

const DEFAULT_DUE_WITHIN = 3

const toDraft = (s: EscalationSettings): Draft => ({
  enabled: s.enabled,
  levels: [...s.levels],
  graceDays: String(s.graceDays),
  dueWithinOn: s.dueWithinDays !== null,
  dueWithinDays: String(s.dueWithinDays ?? DEFAULT_DUE_WITHIN)
})

/** Whole numbers only here (the server checks the ranges). */
function fromDraft(d: Draft): { settings: EscalationSettings | null; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const whole = (key: 'graceDays' | 'dueWithinDays') => {
    const text = d[key].trim()
    if (!/^\d+$/.test(text)) errors[key] = '请填写整数'
    return Number(text)
  }
  const settings: EscalationSettings = {
    enabled: d.enabled,
    levels: LEVELS.map((l) => l.value).filter((l) => d.levels.includes(l)),
    graceDays: whole('graceDays'),
    dueWithinDays: d.dueWithinOn ? whole('dueWithinDays') : null
  }
  return { settings: Object.keys(errors).length ? null : settings, errors }
}

export default function EscalationSettingsPage() {
  const [draft, setDraft] = useState<Draft | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      setDraft(toDraft(await getEscalationSettings()))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    load()
  }, [load])

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d))
    const keys = Object.keys(patch).map((k) => (k === 'dueWithinOn' ? 'dueWithinDays' : k))
    if (keys.some((k) => fieldErrors[k])) setFieldErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.some((key) => k === key || k.startsWith(`${key}.`)))))
    setFormError(null)
  }

  const toggleLevel = (level: Level) => {
    if (!draft) return
    set({ levels: draft.levels.includes(level) ? draft.levels.filter((l) => l !== level) : [...draft.levels, level] })
  }

  const save = async () => {
    if (!draft || saving) return
    const { settings, errors } = fromDraft(draft)
    setFormError(null)
    if (!settings) {
      setFieldErrors(errors)
      return
    }
    setSaving(true)
    setFieldErrors({})
    try {
      setDraft(toDraft(await putEscalationSettings(settings)))
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      // The server's own words: at the top, and under the field they are about.
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        const fields = fieldErrorsFrom(e)
        setFieldErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.split('.')[0]!, v])))
      }
      setFormError(e instanceof ApiError ? e.message : errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  if (loading || error || !draft) {
    return (
      <View className='esc'>
        <StateView loading={loading} error={error} onRetry={load} />
      </View>
    )
  }

  // The settings read back as a sentence (words only: the job does the selecting).
  const levels = LEVELS.map((l) => l.value).filter((l) => draft.levels.includes(l))
  const who = levels.length ? `${levels.map((l) => (l === 'key' ? '重点' : `${l} 级`)).join('、')}客户` : '（未选等级）'
  const grace = draft.graceDays.trim()
  const when = grace === '1' ? '第二天早上' : `预警送达 ${grace || '?'} 天后的早上`
  const dueText = draft.dueWithinOn ? `且距回收不超过 ${draft.dueWithinDays.trim() || '?'} 天的` : ''

  return (
    <View className='esc' data-testid='escalation-settings'>
      <View className='card esc__intro'>
        <Text className='esc__intro-title'>成员收到回收预警却没有跟进时，告诉他的经理</Text>
        <Text className='esc__intro-text'>
          经理会在企业微信收到一张「你的团队有 N 个重点客户即将回收」卡片：按成员列出这些客户和回收日期，点开可直接查看团队即将回收的客户。每位经理每天最多一张；没有需要处理的客户时不发送。成员没有经理时发给管理员。
        </Text>
        <Text className='esc__intro-text'>发送时间：每天 09:15（在成员的回收预警 09:10 之后，时间固定）；遇到免打扰时段顺延，每人的消息上限照常生效。</Text>
      </View>

      <SettingsSection>
        <SettingsField
          label='每日团队提醒'
          testId='esc-enabled'
          error={fieldErrors.enabled}
          help={draft.enabled ? '已开启：满足下列条件的客户会出现在经理的早间卡片里。' : '已关闭：经理不会收到升级提醒，下列设置保留。'}
        >
          <SettingsSwitch on={draft.enabled} testId='esc-enabled-toggle' onToggle={() => set({ enabled: !draft.enabled })} />
        </SettingsField>
      </SettingsSection>

      <SettingsSection title='提醒哪些客户' off={!draft.enabled}>
        <SettingsField
          testId='esc-levels'
          error={fieldErrors.levels}
          help='只提醒这些等级的客户。公海规则中的免回收等级（默认是重点客户）不会被回收，也就没有预警可升级。'
          below={<LevelChips selected={draft.levels} onToggle={toggleLevel} testIdPrefix='esc-level-' />}
        />

        <SettingsField label='跟进宽限' testId='esc-grace' error={fieldErrors.graceDays} help='预警送达后给成员几天时间跟进（1–7 天）；1 表示第二天早上仍未跟进就告诉经理。'>
          <Input
            className={SETTINGS_INPUT}
            type='number'
            value={draft.graceDays}
            data-testid='esc-grace-input'
            onInput={(e) => set({ graceDays: e.detail.value })}
          />
          <Text className={SETTINGS_UNIT}>天</Text>
        </SettingsField>

        <SettingsField
          label='只提醒临近回收的客户'
          testId='esc-due'
          error={fieldErrors.dueWithinDays}
          help={draft.dueWithinOn ? '只有回收日期在这么多天之内的客户才提醒经理（1–30 天）。' : '已关闭：整个预警期内（公海规则的提前提醒天数）都会提醒。'}
          below={draft.dueWithinOn && (
            <SettingsSubRow label='距回收不超过'>
              <Input
                className={SETTINGS_INPUT}
                type='number'
                value={draft.dueWithinDays}
                data-testid='esc-due-input'
                onInput={(e) => set({ dueWithinDays: e.detail.value })}
              />
              <Text className={SETTINGS_UNIT}>天</Text>
            </SettingsSubRow>
          )}
        >
          <SettingsSwitch on={draft.dueWithinOn} testId='esc-due-toggle' onToggle={() => set({ dueWithinOn: !draft.dueWithinOn })} />
        </SettingsField>
      </SettingsSection>

      <View className='esc__summary' data-testid='esc-summary'>
        {draft.enabled
          ? `经理将收到：${who}中，成员收到回收预警后一直未跟进${dueText ? '、' + dueText : '的'}，${when} 09:15 汇总成一张卡片。`
          : '升级提醒已关闭：经理不会收到团队提醒卡片。'}
      </View>

      {formError && (
        <View className='form-error' data-testid='form-error'>
          {formError}
        </View>
      )}
      <View className='esc__actions'>
        <View className={`btn ${saving ? 'btn--disabled' : ''}`} data-testid='esc-save' onClick={save}>
          {saving ? '保存中…' : '保存设置'}
        </View>
        <Text className='esc__note'>保存后从下一次早间提醒起生效，修改会记入操作日志。</Text>
      </View>
    </View>
  )
}
