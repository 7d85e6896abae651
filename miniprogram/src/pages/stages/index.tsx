import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { cachedUser, markStale } from '../../services/session'
import { listStages, saveStages, type FieldType, type RequiredField, type Stage, type StageKind } from '../../services/opportunities'
import StateView from '../../components/state-view'
import './index.scss'

const KIND_LABEL: Record<StageKind, string> = { open: '进行中', won: '赢单', lost: '输单' }
const TYPE_LABEL: Record<FieldType, string> = { text: '文本', number: '数字', date: '日期', choice: '选择', amount: '金额' }
const TYPES = Object.keys(TYPE_LABEL) as FieldType[]

interface DraftField extends RequiredField {
  optionsText: string
}
interface DraftStage {
  id?: string
  name: string
  winRate: string
  kind: StageKind
  fields: DraftField[]
}

const toDraft = (s: Stage): DraftStage => ({
  id: s.id, name: s.name, winRate: String(s.winRate), kind: s.kind,
  fields: s.requiredFields.map((f) => ({ ...f, optionsText: (f.options ?? []).join('、') }))
})

/** A field key from its position: keys only need to be stable and unique, people read the labels. */
const newKey = (stages: DraftStage[]) => {
  const used = new Set(stages.flatMap((s) => s.fields.map((f) => f.key)))
  let i = 1
  while (used.has(`field${i}`)) i++
  return `field${i}`
}

/** 阶段设置 (admins): order, win rate, and the feedback each stage requires before an opportunity may enter it. */
export default function StagesPage() {
  const isAdmin = cachedUser()?.role === 'admin'
  const [stages, setStages] = useState<DraftStage[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const load = async () => {
    setLoading(true)
    setError(null)
    try {
      setStages((await listStages()).items.map(toDraft))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  useEffect(() => {
    load()
  }, [])

  const update = (i: number, patch: Partial<DraftStage>) => setStages((prev) => prev.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  const updateField = (i: number, k: number, patch: Partial<DraftField>) =>
    update(i, { fields: stages[i]!.fields.map((f, j) => (j === k ? { ...f, ...patch } : f)) })
  const moveStage = (i: number, d: -1 | 1) => {
    const j = i + d
    if (j < 0 || j >= stages.length) return
    const next = [...stages]
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    setStages(next)
  }

  const save = async () => {
    if (saving) return
    setSaving(true)
    setFormError(null)
    try {
      const items = stages.map((s) => ({
        ...(s.id ? { id: s.id } : {}),
        name: s.name.trim(),
        winRate: Number(s.winRate),
        kind: s.kind,
        requiredFields: s.fields.map(({ optionsText, ...f }) => ({
          key: f.key, label: f.label.trim(), type: f.type,
          ...(f.type === 'choice' ? { options: optionsText.split(/[、,，]/).map((o) => o.trim()).filter(Boolean) } : {})
        }))
      }))
      const saved = await saveStages(items)
      setStages(saved.items.map(toDraft))
      markStale('opportunities')
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      setFormError(e instanceof ApiError ? errorMessage(e) : errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  if (loading || error) return <StateView loading={loading} error={error} onRetry={load} />
  if (!isAdmin) return <StateView error='只有管理员可以修改商机阶段' />

  return (
    <View className='stages' data-testid='stages-editor'>
      {formError && <View className='form-error' data-testid='stages-error'>{formError}</View>}
      {stages.map((s, i) => (
        <View key={s.id ?? `new-${i}`} className='card stages__stage' data-testid={`stage-edit-${i}`}>
          <View className='stages__row'>
            <Input className='stages__input stages__name' value={s.name} maxlength={32} placeholder='阶段名称' onInput={(e) => update(i, { name: e.detail.value })} />
            <Input className='stages__input stages__rate' type='number' value={s.winRate} onInput={(e) => update(i, { winRate: e.detail.value })} />
            <Text className='stages__pct'>%</Text>
          </View>
          <View className='stages__row stages__tools'>
            <View className='stages__kinds'>
              {(['open', 'won', 'lost'] as StageKind[]).map((k) => (
                <Text key={k} className={`stages__kind ${s.kind === k ? 'stages__kind--active' : ''}`} onClick={() => update(i, { kind: k })}>
                  {KIND_LABEL[k]}
                </Text>
              ))}
            </View>
            <Text className='link' onClick={() => moveStage(i, -1)}>上移</Text>
            <Text className='link' onClick={() => moveStage(i, 1)}>下移</Text>
            <Text className='stages__remove' onClick={() => setStages(stages.filter((_, j) => j !== i))}>删除</Text>
          </View>
          <Text className='stages__sub'>进入前必填（{s.kind === 'lost' ? '输单总是需要原因' : '可不设'}）</Text>
          {s.fields.map((f, k) => (
            <View key={f.key} className='stages__field'>
              <View className='stages__row'>
                <Input className='stages__input stages__label' value={f.label} maxlength={32} placeholder='字段名称，如 决策人' onInput={(e) => updateField(i, k, { label: e.detail.value })} />
                <Text className='stages__remove' onClick={() => update(i, { fields: s.fields.filter((_, j) => j !== k) })}>移除</Text>
              </View>
              <View className='stages__kinds'>
                {TYPES.map((t) => (
                  <Text key={t} className={`stages__kind ${f.type === t ? 'stages__kind--active' : ''}`} onClick={() => updateField(i, k, { type: t })}>
                    {TYPE_LABEL[t]}
                  </Text>
                ))}
              </View>
              {f.type === 'choice' && (
                <Input className='stages__input' value={f.optionsText} placeholder='选项，用顿号分隔：价格、竞品、其他' onInput={(e) => updateField(i, k, { optionsText: e.detail.value })} />
              )}
            </View>
          ))}
          <Text
            className='link stages__add'
            onClick={() => update(i, { fields: [...s.fields, { key: newKey(stages), label: '', type: 'text', optionsText: '' }] })}
          >
            + 添加必填字段
          </Text>
        </View>
      ))}
      <View className='stages__footer'>
        <View className='btn btn--plain' onClick={() => setStages([...stages, { name: '', winRate: '50', kind: 'open', fields: [] }])}>
          + 添加阶段
        </View>
        <View className={`btn ${saving ? 'btn--disabled' : ''}`} data-testid='stages-save' onClick={save}>
          {saving ? '保存中…' : '保存'}
        </View>
      </View>
    </View>
  )
}
