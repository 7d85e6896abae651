import { Text, Input } from '@tarojs/components'
import type { Level, PoolRules } from '../../services/types'
import type { FieldErrors } from '../../utils/field-errors'
import { LevelChips, SETTINGS_INPUT, SETTINGS_UNIT, SettingsField, SettingsSection, SettingsSubRow, SettingsSwitch } from '../settings-field'

// The pool rules as a form: every rule with its help text, used to edit a pool's rules and to
// set the first rules of a new pool. Whole numbers only here; the server checks ranges and the
// relations between fields, and its 400 field messages are shown under their fields.

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

export type Draft = Record<NumberKey | 'noRepeatDealDays', string> & { repeatOn: boolean; exemptLevels: Level[] }

export function toDraft(r: PoolRules): Draft {
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
export function fromDraft(d: Draft): { rules: PoolRules | null; errors: FieldErrors } {
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

interface Props {
  draft: Draft
  editable: boolean
  fieldErrors: FieldErrors
  onChange: (patch: Partial<Draft>) => void
}

export default function PoolRulesFields({ draft, editable, fieldErrors, onChange }: Props) {
  const toggleLevel = (level: Level) => {
    const has = draft.exemptLevels.includes(level)
    onChange({ exemptLevels: has ? draft.exemptLevels.filter((l) => l !== level) : [...draft.exemptLevels, level] })
  }

  const numberInput = (f: NumberField) => (
    <SettingsField key={f.key} label={f.label} help={f.help} error={fieldErrors[f.key]}>
      <Input
        className={SETTINGS_INPUT}
        type='number'
        value={draft[f.key]}
        disabled={!editable}
        data-testid={`pool-rule-${f.key}`}
        onInput={(e) => onChange({ [f.key]: e.detail.value } as Partial<Draft>)}
      />
      <Text className={SETTINGS_UNIT}>{f.unit}</Text>
    </SettingsField>
  )

  return (
    <>
      <SettingsSection title='自动回收'>
        {RECLAIM_FIELDS.map(numberInput)}
        <SettingsField
          label='无复购回收天数（可关闭）'
          error={fieldErrors.noRepeatDealDays}
          help={draft.repeatOn ? '已成交客户这么多天没有再次成交，自动回到公海。' : '已关闭：成交客户不会因为没有复购而被回收。'}
          below={draft.repeatOn && (
            <SettingsSubRow label='成交后无复购'>
              <Input
                className={SETTINGS_INPUT}
                type='number'
                value={draft.noRepeatDealDays}
                disabled={!editable}
                data-testid='pool-rule-noRepeatDealDays'
                onInput={(e) => onChange({ noRepeatDealDays: e.detail.value })}
              />
              <Text className={SETTINGS_UNIT}>天</Text>
            </SettingsSubRow>
          )}
        >
          <SettingsSwitch
            on={draft.repeatOn}
            disabled={!editable}
            testId='pool-rule-noRepeatDealDays-toggle'
            onToggle={() => onChange({ repeatOn: !draft.repeatOn, noRepeatDealDays: draft.noRepeatDealDays || String(DEFAULT_REPEAT_DAYS) })}
          />
        </SettingsField>
        {AFTER_FIELDS.map(numberInput)}
      </SettingsSection>

      <SettingsSection title='领取限制'>{CLAIM_FIELDS.map(numberInput)}</SettingsSection>

      <SettingsSection title='免回收等级'>
        <SettingsField
          error={fieldErrors.exemptLevels}
          help='这些等级的客户不会被自动回收，也不计入持有上限。'
          below={<LevelChips selected={draft.exemptLevels} onToggle={toggleLevel} testIdPrefix='pool-rule-exempt-' disabled={!editable} />}
        />
      </SettingsSection>
    </>
  )
}
