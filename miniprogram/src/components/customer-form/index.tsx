import { View, Text, Input } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import type { Contact, CustomerInput, Level, Stage } from '../../services/types'
import type { FieldErrors } from '../../utils/field-errors'
import { LEVELS, STAGES, levelLabel, stageLabel } from '../../utils/labels'
import { describeProtectedChanges, isDealStage } from '../../utils/protected-facts'
import ReasonSheet from '../reason-sheet'
import './index.scss'

const SIZES = ['1-49人', '50-199人', '200-999人', '1000人以上']
const SOURCES = ['转介绍', '展会', '官网', '电话营销', '地推', '其他']

export interface CustomerFormValues {
  name: string
  industry: string
  size: string
  region: string
  source: string
  level: Level | ''
  stage: Stage | ''
  tags: string[]
  contacts: Contact[]
}

/** Anything shaped like a customer: a stored customer (nullable fields) or a create payload. */
export interface CustomerLike {
  name?: string
  industry?: string | null
  size?: string | null
  region?: string | null
  source?: string | null
  level?: Level | null
  stage?: Stage
  tags?: string[]
  contacts?: Contact[]
}

export function toFormValues(input?: CustomerLike | null): CustomerFormValues {
  return {
    name: input?.name ?? '',
    industry: input?.industry ?? '',
    size: input?.size ?? '',
    region: input?.region ?? '',
    source: input?.source ?? '',
    level: input?.level ?? '',
    stage: input?.stage ?? '',
    tags: input?.tags ?? [],
    contacts: (input?.contacts ?? []).map((c) => ({
      id: c.id, name: c.name ?? '', title: c.title ?? '', phone: c.phone ?? '', birthday: c.birthday ?? null,
      ...(c.externalUserId ? { externalUserId: c.externalUserId } : {})
    }))
  }
}

/**
 * Drops blank contact rows. Empty optional texts are left out on create and sent as null on edit,
 * because PATCH leaves omitted fields unchanged and only null clears one.
 */
export function toCustomerInput(v: CustomerFormValues, mode: 'create' | 'edit'): CustomerInput {
  const empty = mode === 'edit' ? null : undefined
  const opt = (s: string) => (s.trim() ? s.trim() : empty)
  return {
    name: v.name.trim(),
    industry: opt(v.industry),
    size: opt(v.size),
    region: opt(v.region),
    source: opt(v.source),
    level: v.level || undefined,
    stage: v.stage || undefined,
    tags: v.tags,
    contacts: v.contacts
      .filter((c) => c.name.trim() || (c.phone ?? '').trim())
      .map((c) => ({
        ...(c.id ? { id: c.id } : {}),
        name: c.name.trim(),
        title: opt(c.title ?? ''),
        phone: opt(c.phone ?? ''),
        ...(c.birthday ? { birthday: c.birthday } : {}),
        // A WeCom customer is linked when the record is created (PATCH does not take it).
        ...(mode === 'create' && c.externalUserId ? { externalUserId: c.externalUserId } : {})
      }))
  }
}

/**
 * What the pool protects and whether this user may set it. Reps are offered no exempt level and
 * no deal stage (a customer already in one shows it read-only); managers are asked why they move
 * a customer into or out of one, and the reason goes into the history.
 */
export interface ProtectedFactsGuard {
  canSet: boolean
  /** the customer's pool's exempt levels (重点 by default) */
  exemptLevels: Level[]
  /** edit only: ask for a reason on a protected change (the create contract takes none) */
  askReason?: boolean
}

interface Props {
  initial: CustomerFormValues
  submitting: boolean
  submitLabel: string
  fieldErrors: FieldErrors
  /** rendered above the submit button (duplicate notice, general error) */
  notice?: ReactNode
  /** the stage is changed while editing; a new customer always starts as a lead */
  showStage?: boolean
  guard: ProtectedFactsGuard
  /** `reason`: why a manager changed a protected fact (edit only) */
  onSubmit: (values: CustomerFormValues, reason?: string) => void
}

const MANAGER_REASONS = ['年度战略客户', '合同已签', '客户采购额调整', '其他']

function Field({ label, required, error, hint, children }: { label: string; required?: boolean; error?: string; hint?: string; children: ReactNode }) {
  return (
    <View className={`cf-field ${error ? 'cf-field--error' : ''}`}>
      <View className='cf-field__label'>
        {label}
        {required && <Text className='cf-field__required'>*</Text>}
      </View>
      <View className='cf-field__control'>{children}</View>
      {hint && <Text className='cf-field__hint'>{hint}</Text>}
      {error && <Text className='cf-field__error'>{error}</Text>}
    </View>
  )
}

/** A protected value this user cannot change: shown, not offered. */
function ReadOnlyChip({ label, testId }: { label: string; testId: string }) {
  return (
    <View className='cf-chips'>
      <View className='cf-chip cf-chip--active cf-chip--locked' data-testid={testId}>
        {label}
      </View>
      <Text className='cf-locked-hint'>由经理设置</Text>
    </View>
  )
}

function Chips({ options, value, onChange, testId }: { options: { value: string; label: string }[]; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <View className='cf-chips'>
      {options.map((o) => (
        <View
          key={o.value}
          className={`cf-chip ${value === o.value ? 'cf-chip--active' : ''}`}
          data-testid={`${testId}-${o.value}`}
          onClick={() => onChange(value === o.value ? '' : o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  )
}

/** Create / edit form for a customer (same fields as POST /api/customers). */
export default function CustomerForm({ initial, submitting, submitLabel, fieldErrors, notice, showStage, guard, onSubmit }: Props) {
  const [v, setV] = useState<CustomerFormValues>(initial)
  const [tagDraft, setTagDraft] = useState('')
  const [nameMissing, setNameMissing] = useState(false)
  /** the protected changes a manager is asked to explain, e.g. ["等级：C → 重点"] */
  const [reasonFor, setReasonFor] = useState<string[] | null>(null)

  const exempt = (l: Level | '') => Boolean(l) && guard.exemptLevels.includes(l as Level)
  const levelLocked = !guard.canSet && exempt(initial.level)
  const stageLocked = !guard.canSet && isDealStage(initial.stage)
  const levelOptions = guard.canSet ? LEVELS : LEVELS.filter((l) => !exempt(l.value))
  const stageOptions = guard.canSet ? STAGES : STAGES.filter((s) => !isDealStage(s.value))
  const exemptNames = guard.exemptLevels.map(levelLabel).join('、')

  const set = <K extends keyof CustomerFormValues>(key: K, value: CustomerFormValues[K]) => setV((prev) => ({ ...prev, [key]: value }))

  const withCurrent = (list: string[], current: string) => (current && !list.includes(current) ? [...list, current] : list)
  const asOptions = (list: string[]) => list.map((s) => ({ value: s, label: s }))

  const addTag = () => {
    const tag = tagDraft.trim()
    if (tag && !v.tags.includes(tag)) set('tags', [...v.tags, tag])
    setTagDraft('')
  }

  const setContact = (index: number, patch: Partial<Contact>) =>
    set('contacts', v.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)))

  const submit = () => {
    if (submitting) return
    if (!v.name.trim()) {
      setNameMissing(true)
      return
    }
    const changes = guard.canSet && guard.askReason ? describeProtectedChanges(initial, v, guard.exemptLevels) : []
    if (changes.length) {
      setReasonFor(changes)
      return
    }
    onSubmit(v)
  }

  const err = (key: string) => fieldErrors[key]

  return (
    <View className='customer-form'>
      <View className='card'>
        <Field label='客户名称' required error={nameMissing && !v.name.trim() ? '请填写客户名称' : err('name')}>
          <Input
            className='cf-input'
            value={v.name}
            placeholder='公司全称，如：华为技术有限公司'
            data-testid='customer-name'
            onInput={(e) => set('name', e.detail.value)}
          />
        </Field>
        <Field label='行业' error={err('industry')}>
          <Input className='cf-input' value={v.industry} placeholder='如：制造、互联网、教育' data-testid='customer-industry' onInput={(e) => set('industry', e.detail.value)} />
        </Field>
        <Field label='地区' error={err('region')}>
          <Input className='cf-input' value={v.region} placeholder='如：深圳' data-testid='customer-region' onInput={(e) => set('region', e.detail.value)} />
        </Field>
        <Field
          label='级别'
          error={err('level')}
          hint={!guard.canSet && !levelLocked && exemptNames ? `「${exemptNames}」免于回收，由经理设置；可在客户详情中申请` : undefined}
        >
          {levelLocked ? (
            <ReadOnlyChip label={levelLabel(initial.level)} testId='customer-level-locked' />
          ) : (
            <Chips options={levelOptions} value={v.level} onChange={(x) => set('level', x as Level | '')} testId='customer-level' />
          )}
        </Field>
        {showStage && (
          <Field label='阶段' error={err('stage')} hint={!guard.canSet && !stageLocked ? '成交、复购由经理设置' : undefined}>
            {stageLocked ? (
              <ReadOnlyChip label={stageLabel(initial.stage)} testId='customer-stage-locked' />
            ) : (
              <Chips options={stageOptions} value={v.stage} onChange={(x) => x && set('stage', x as Stage)} testId='customer-stage' />
            )}
          </Field>
        )}
        <Field label='规模' error={err('size')}>
          <Chips options={asOptions(withCurrent(SIZES, v.size))} value={v.size} onChange={(x) => set('size', x)} testId='customer-size' />
        </Field>
        <Field label='来源' error={err('source')}>
          <Chips options={asOptions(withCurrent(SOURCES, v.source))} value={v.source} onChange={(x) => set('source', x)} testId='customer-source' />
        </Field>
        <Field label='标签' error={err('tags')}>
          <View className='cf-tags'>
            {v.tags.map((t) => (
              <View key={t} className='cf-tag' onClick={() => set('tags', v.tags.filter((x) => x !== t))}>
                {t} <Text className='cf-tag__x'>×</Text>
              </View>
            ))}
          </View>
          <View className='cf-tag-input'>
            <Input
              className='cf-input cf-input--flex'
              value={tagDraft}
              placeholder='输入标签后点添加'
              data-testid='customer-tag-input'
              onInput={(e) => setTagDraft(e.detail.value)}
              onConfirm={addTag}
            />
            <View className='cf-small-btn' onClick={addTag}>
              添加
            </View>
          </View>
        </Field>
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>联系人</Text>
          <Text className='link cf-add' data-testid='contact-add' onClick={() => set('contacts', [...v.contacts, { name: '', title: '', phone: '' }])}>
            + 添加联系人
          </Text>
        </View>
        {v.contacts.length === 0 && <View className='cf-empty'>还没有联系人，添加后可一键拨号</View>}
        {v.contacts.map((c, i) => (
          <View key={i} className='cf-contact'>
            <View className='cf-contact__head'>
              <Text>联系人 {i + 1}</Text>
              <Text className='cf-contact__remove' onClick={() => set('contacts', v.contacts.filter((_, j) => j !== i))}>
                删除
              </Text>
            </View>
            <Input className='cf-input' value={c.name} placeholder='姓名' data-testid={`contact-name-${i}`} onInput={(e) => setContact(i, { name: e.detail.value })} />
            {err(`contacts.${i}.name`) && <Text className='cf-field__error'>{err(`contacts.${i}.name`)}</Text>}
            <Input className='cf-input' value={c.title ?? ''} placeholder='职务' data-testid={`contact-title-${i}`} onInput={(e) => setContact(i, { title: e.detail.value })} />
            <Input className='cf-input' value={c.phone ?? ''} placeholder='手机号' data-testid={`contact-phone-${i}`} onInput={(e) => setContact(i, { phone: e.detail.value })} />
            {err(`contacts.${i}.phone`) && <Text className='cf-field__error'>{err(`contacts.${i}.phone`)}</Text>}
          </View>
        ))}
        {err('contacts') && <Text className='cf-field__error'>{err('contacts')}</Text>}
      </View>

      {notice}

      <View className='customer-form__actions'>
        <View className={`btn ${submitting ? 'btn--disabled' : ''}`} data-testid='customer-submit' onClick={submit}>
          {submitting ? '提交中…' : submitLabel}
        </View>
      </View>

      <ReasonSheet
        visible={Boolean(reasonFor)}
        title='修改原因'
        chips={MANAGER_REASONS}
        submitLabel='确认修改'
        testIdPrefix='fact'
        note={`${(reasonFor ?? []).join('；')}。这会影响公海回收和持有上限，原因将记入归属记录。`}
        onClose={() => setReasonFor(null)}
        onSubmit={async (reason) => {
          setReasonFor(null)
          onSubmit(v, reason)
        }}
      />
    </View>
  )
}
