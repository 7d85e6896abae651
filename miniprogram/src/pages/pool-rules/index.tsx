import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { listPools, updatePoolRules } from '../../services/pool'
import { cachedUser, markStale } from '../../services/session'
import type { Pool } from '../../services/types'
import PoolRulesFields, { fromDraft, toDraft, type Draft } from '../../components/pool-rules-fields'
import StateView from '../../components/state-view'
import { forgetPools, POOL_CREATED } from '../../hooks/use-pool'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import './index.scss'

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

  /** `select`: the pool to show once loaded (a pool just created); otherwise the first. */
  const load = useCallback(async (select?: string) => {
    setLoading(true)
    setError(null)
    try {
      const res = await listPools()
      setPools(res.items)
      selectPool(res.items.find((p) => p.id === select) ?? res.items[0])
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    load()
  }, [load])

  // Back from 新建公海: show the new pool's rules.
  useEffect(() => {
    const onCreated = (pool: Pool) => load(pool.id)
    Taro.eventCenter.on(POOL_CREATED, onCreated)
    return () => {
      Taro.eventCenter.off(POOL_CREATED, onCreated)
    }
  }, [load])

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d))
    const keys = Object.keys(patch)
    if (keys.some((k) => fieldErrors[k])) setFieldErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))))
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
      setPools((prev) => prev.map((p) => (p.id === saved.id ? { ...p, ...saved } : p)))
      setDraft(toDraft(saved.rules))
      // Reclaim dates, the pool's quota line and the exempt levels offered in forms change with the rules.
      forgetPools()
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

  const newPool = isAdmin ? (
    <View className='rules__new' data-testid='pool-new-open' onClick={() => Taro.navigateTo({ url: '/pages/pool-new/index' })}>
      + 新建公海
    </View>
  ) : null

  if (loading || error || !draft) {
    return (
      <View className='rules'>
        <StateView loading={loading} error={error} onRetry={() => load()} empty={!draft} emptyText='还没有公海' emptyAction={newPool} />
      </View>
    )
  }

  return (
    <View className='rules' data-testid='pool-rules-form'>
      {(pools.length > 1 || isAdmin) && (
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
          {newPool}
        </View>
      )}
      {!isAdmin && <View className='rules__readonly'>只有管理员可以修改公海规则，你可以查看当前规则。</View>}

      <PoolRulesFields draft={draft} editable={isAdmin} fieldErrors={fieldErrors} onChange={set} />

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
