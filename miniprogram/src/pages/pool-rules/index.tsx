import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { listPools, updatePoolRules } from '../../services/pool'
import { cachedUser, markStale } from '../../services/session'
import type { Level, Pool, PoolRules } from '../../services/types'
import StateView from '../../components/state-view'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import { LEVELS } from '../../utils/labels'
import './index.scss'

type NumberKey = Exclude<keyof PoolRules, 'exemptLevels' | 'noRepeatDealDays'>

interface NumberField {
  key: NumberKey
  label: string
  unit: string
  help: string
}

const RECLAIM_FIELDS: NumberField[] = [
  { key: 'noFollowUpDays', label: '未跟进回收天数', unit: '天', help: '超过这么多天没有跟进记录，客户自动回到公海；任何一次跟进都会重新计时。' },
  { key: 'noDealDays', label: '未成交回收天数', unit: '天', help: '领取后这么多天仍未成交，客户自动回到公海。' }
]

const AFTER_FIELDS: NumberField[] = [
  { key: 'warnDaysBefore', label: '提前提醒天数', unit: '天', help: '回收前这么多天提醒负责人（每个周期一次），须小于未跟进回收天数；0 表示不提醒。' }
]

const CLAIM_FIELDS: NumberField[] = [
  { key: 'holdingCap', label: '持有上限', unit: '个', help: '每位销售最多持有的客户数（免回收等级不计入），达到后需先释放才能领取。' },
  { key: 'claimCooldownDays', label: '重新领取冷却天数', unit: '天', help: '自己释放或被回收的客户，这么多天内不能重新领取；0 表示不限制。' },
  { key: 'dailyClaimLimit', label: '每日领取上限', unit: '个', help: '每位销售每天最多从公海领取的客户数。' }
]

const DEFAULT_REPEAT_DAYS = 365

type Draft = Record<NumberKey | 'noRepeatDealDays', string> & { repeatOn: boolean; exemptLevels: Level[] }

function toDraft(r: PoolRules): Draft {
  return {
    noFollowUpDays: String(r.noFollowUpDays),
    noDealDays: String(r.noDealDays),
    noRepeatDealDays: r.noRepeatDealDays === null ? '' : String(r.noRepeatDealDays),
    repeatOn: r.noRepeatDealDays !== null,
    warnDaysBefore: String(r.warnDaysBefore),
    holdingCap: String(r.holdingCap),
    claimCooldownDays: String(r.claimCooldownDays),
    dailyClaimLimit: String(r.dailyClaimLimit),
    exemptLevels: [...r.exemptLevels]
  }
}

/** Whole numbers only; the server checks ranges and the relations between fields. */
function fromDraft(d: Draft): { rules: PoolRules | null; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const num = (key: NumberKey | 'noRepeatDealDays'): number => {
    const text = d[key].trim()
    if (!/^\d+$/.test(text)) {
      errors[key] = '请填写整数'
      return 0
    }
    return Number(text)
  }
  const rules: PoolRules = {
    noFollowUpDays: num('noFollowUpDays'),
    noDealDays: num('noDealDays'),
    noRepeatDealDays: d.repeatOn ? num('noRepeatDealDays') : null,
    warnDaysBefore: num('warnDaysBefore'),
    holdingCap: num('holdingCap'),
    claimCooldownDays: num('claimCooldownDays'),
    dailyClaimLimit: num('dailyClaimLimit'),
    exemptLevels: d.exemptLevels
  }
  return { rules: Object.keys(errors).length ? null : rules, errors }
}

function Field({ label, help, error, children }: { label: string; help: string; error?: string; children: ReactNode }) {
  return (
    <View className={`rules-field ${error ? 'rules-field--error' : ''}`}>
      <View className='rules-field__row'>
        <Text className='rules-field__label'>{label}</Text>
        <View className='rules-field__control'>{children}</View>
      </View>
      <Text className='rules-field__help'>{help}</Text>
      {error && <Text className='rules-field__error'>{error}</Text>}
    </View>
  )
}

export default function PoolRulesPage() {
  const me = cachedUser()
  const isAdmin = me?.role === 'admin'
  const [pools, setPools] = useState<Pool[]>([])
  const [poolId, setPoolId] = useState<string | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  const selectPool = (pool: Pool | undefined) => {
    setPoolId(pool?.id ?? null)
    setDraft(pool ? toDraft(pool.rules) : null)
    setFieldErrors({})
    setFormError(null)
  }

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      const res = await listPools()
      setPools(res.items)
      selectPool(res.items[0])
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
    const keys = Object.keys(patch)
    if (keys.some((k) => fieldErrors[k])) setFieldErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))))
  }

  const toggleLevel = (level: Level) => {
    if (!draft) return
    const has = draft.exemptLevels.includes(level)
    set({ exemptLevels: has ? draft.exemptLevels.filter((l) => l !== level) : [...draft.exemptLevels, level] })
  }

  const save = async () => {
    if (!draft || !poolId || saving) return
    const { rules, errors } = fromDraft(draft)
    setFormError(null)
    if (!rules) {
      setFieldErrors(errors)
      return
    }
    setSaving(true)
    setFieldErrors({})
    try {
      const saved = await updatePoolRules(poolId, rules)
      setPools((prev) => prev.map((p) => (p.id === saved.id ? saved : p)))
      setDraft(toDraft(saved.rules))
      // Reclaim dates and the pool's quota line change with the rules.
      markStale('customers', 'pool')
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        const fields = fieldErrorsFrom(e)
        setFieldErrors(fields)
        setFormError(Object.keys(fields).length ? '请按提示修改后再保存' : e.message)
      } else {
        setFormError(errorMessage(e))
      }
    } finally {
      setSaving(false)
    }
  }

  if (loading || error || !draft) {
    return <StateView loading={loading} error={error} onRetry={load} empty={!draft} emptyText='还没有公海' />
  }

  const numberInput = (f: NumberField) => (
    <Field key={f.key} label={f.label} help={f.help} error={fieldErrors[f.key]}>
      <Input
        className='rules-field__input'
        type='number'
        value={draft[f.key]}
        disabled={!isAdmin}
        data-testid={`pool-rule-${f.key}`}
        onInput={(e) => set({ [f.key]: e.detail.value } as Partial<Draft>)}
      />
      <Text className='rules-field__unit'>{f.unit}</Text>
    </Field>
  )

  return (
    <View className='rules' data-testid='pool-rules-form'>
      {pools.length > 1 && (
        <View className='rules__pools'>
          {pools.map((p) => (
            <View
              key={p.id}
              className={`rules__pool ${p.id === poolId ? 'rules__pool--active' : ''}`}
              data-testid={`pool-rules-tab-${p.id}`}
              onClick={() => selectPool(p)}
            >
              {p.name}
            </View>
          ))}
        </View>
      )}
      {!isAdmin && <View className='rules__readonly'>只有管理员可以修改公海规则，你可以查看当前规则。</View>}

      <View className='rules__section-title'>自动回收</View>
      <View className='card rules__card'>
        {RECLAIM_FIELDS.map(numberInput)}
        <View className={`rules-field ${fieldErrors.noRepeatDealDays ? 'rules-field--error' : ''}`}>
          <View className='rules-field__row'>
            <Text className='rules-field__label'>无复购回收天数（可关闭）</Text>
            <View
              className={`rules-switch ${draft.repeatOn ? 'rules-switch--on' : ''}`}
              data-testid='pool-rule-noRepeatDealDays-toggle'
              onClick={() => isAdmin && set({ repeatOn: !draft.repeatOn, noRepeatDealDays: draft.noRepeatDealDays || String(DEFAULT_REPEAT_DAYS) })}
            >
              <View className='rules-switch__knob' />
            </View>
          </View>
          {draft.repeatOn && (
            <View className='rules-field__row rules-field__row--sub'>
              <Text className='rules-field__sub-label'>成交后无复购</Text>
              <View className='rules-field__control'>
                <Input
                  className='rules-field__input'
                  type='number'
                  value={draft.noRepeatDealDays}
                  disabled={!isAdmin}
                  data-testid='pool-rule-noRepeatDealDays'
                  onInput={(e) => set({ noRepeatDealDays: e.detail.value })}
                />
                <Text className='rules-field__unit'>天</Text>
              </View>
            </View>
          )}
          <Text className='rules-field__help'>
            {draft.repeatOn ? '已成交客户这么多天没有再次成交，自动回到公海。' : '已关闭：成交客户不会因为没有复购而被回收。'}
          </Text>
          {fieldErrors.noRepeatDealDays && <Text className='rules-field__error'>{fieldErrors.noRepeatDealDays}</Text>}
        </View>
        {AFTER_FIELDS.map(numberInput)}
      </View>

      <View className='rules__section-title'>领取限制</View>
      <View className='card rules__card'>{CLAIM_FIELDS.map(numberInput)}</View>

      <View className='rules__section-title'>免回收等级</View>
      <View className='card rules__card'>
        <View className={`rules-field ${fieldErrors.exemptLevels ? 'rules-field--error' : ''}`}>
          <View className='rules-levels'>
            {LEVELS.map((l) => (
              <View
                key={l.value}
                className={`rules-levels__chip ${draft.exemptLevels.includes(l.value) ? 'rules-levels__chip--active' : ''}`}
                data-testid={`pool-rule-exempt-${l.value}`}
                onClick={() => isAdmin && toggleLevel(l.value)}
              >
                {l.value === 'key' ? '重点客户' : `${l.label} 级`}
              </View>
            ))}
          </View>
          <Text className='rules-field__help'>这些等级的客户不会被自动回收，也不计入持有上限。</Text>
          {fieldErrors.exemptLevels && <Text className='rules-field__error'>{fieldErrors.exemptLevels}</Text>}
        </View>
      </View>

      {formError && (
        <View className='form-error' data-testid='form-error'>
          {formError}
        </View>
      )}
      {isAdmin && (
        <View className='rules__actions'>
          <View className={`btn ${saving ? 'btn--disabled' : ''}`} data-testid='pool-rules-save' onClick={save}>
            {saving ? '保存中…' : '保存规则'}
          </View>
          <Text className='rules__note'>保存后立即生效：回收日期按新规则重新计算，已领取的客户不受持有上限变化影响。</Text>
        </View>
      )}
    </View>
  )
}
