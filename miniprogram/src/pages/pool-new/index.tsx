import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { createPool, listDepartments, listPools } from '../../services/pool'
import { markStale } from '../../services/session'
import type { Department, Pool } from '../../services/types'
import PoolRulesFields, { fromDraft, toDraft, type Draft } from '../../components/pool-rules-fields'
import StateView from '../../components/state-view'
import { forgetPools, POOL_CREATED } from '../../hooks/use-pool'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import './index.scss'

const NAME_MAX = 64
const RULES_PREFIX = 'rules.'

/** Depth below the company: "/1/" is 0, "/1/2/" is 1. */
const depthOf = (d: Department) => Math.max(0, d.path.split('/').filter(Boolean).length - 1)

/**
 * 新建公海 (admins): a pool for one department, whose people become its members. Only departments
 * without a pool are offered; the rules start as the company pool's. The server's words are shown
 * as they come: under the field they concern, or above the button.
 */
export default function PoolNewPage() {
  const [departments, setDepartments] = useState<Department[]>([])
  const [companyPool, setCompanyPool] = useState<Pool | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadError, setLoadError] = useState<string | null>(null)

  const [name, setName] = useState('')
  const [nameTouched, setNameTouched] = useState(false)
  const [departmentId, setDepartmentId] = useState<string | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [saving, setSaving] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    setLoadError(null)
    try {
      const [depts, pools] = await Promise.all([listDepartments(), listPools()])
      setDepartments(depts.items)
      // The company's pool is the root department's; its rules are the house defaults.
      const root = depts.items.find((d) => d.parentId === null)
      const company = pools.items.find((p) => p.departmentId === root?.id) ?? pools.items[0] ?? null
      setCompanyPool(company)
      setDraft((d) => d ?? (company ? toDraft(company.rules) : null))
    } catch (e) {
      setLoadError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    load()
  }, [load])

  const offered = useMemo(() => departments.filter((d) => !d.poolId), [departments])
  const withPool = departments.filter((d) => d.poolId)

  const pickDepartment = (d: Department) => {
    setDepartmentId(d.id)
    setFieldErrors(({ departmentId: _, ...rest }) => rest)
    // Until the admin types a name of their own, the name follows the department.
    if (!nameTouched) setName(`${d.name}公海`)
  }

  const setRules = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d))
    const keys = Object.keys(patch)
    if (keys.some((k) => fieldErrors[k])) setFieldErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))))
  }

  const submit = async () => {
    if (saving || !draft) return
    const { rules, errors } = fromDraft(draft)
    if (!name.trim()) errors.name = '请填写公海名称'
    if (!departmentId) errors.departmentId = '请选择部门'
    setFormError(null)
    if (!rules || errors.name || errors.departmentId) {
      setFieldErrors(errors)
      setFormError('请按提示修改后再创建')
      return
    }
    setSaving(true)
    setFieldErrors({})
    try {
      const pool = await createPool({ name: name.trim(), departmentId: departmentId as string, rules })
      forgetPools()
      // Customers owned in that department now return to the new pool; lists and forms read pools.
      markStale('customers', 'pool')
      Taro.eventCenter.trigger(POOL_CREATED, pool)
      Taro.showToast({ title: '公海已创建', icon: 'success' })
      Taro.navigateBack()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        // Rule errors come as "rules.holdingCap"; the rules form knows them without the prefix.
        const fields = Object.fromEntries(Object.entries(fieldErrorsFrom(e)).map(([k, v]) => [k.startsWith(RULES_PREFIX) ? k.slice(RULES_PREFIX.length) : k, v]))
        setFieldErrors(fields)
        setFormError(errorMessage(e))
      } else {
        setFormError(errorMessage(e))
        // 409 POOL_EXISTS: someone made one for that department meanwhile; stop offering it.
        if (e instanceof ApiError && e.code === 'POOL_EXISTS') {
          setDepartmentId(null)
          load()
        }
      }
    } finally {
      setSaving(false)
    }
  }

  if (loading && !draft) return <StateView loading />
  if (loadError || !draft) return <StateView error={loadError ?? '还没有公司公海，无法取默认规则'} onRetry={load} />

  return (
    <View className='pool-new' data-testid='pool-new-form'>
      <View className='card pool-new__card'>
        <View className={`pool-new__field ${fieldErrors.name ? 'pool-new__field--error' : ''}`}>
          <Text className='pool-new__label'>公海名称</Text>
          <Input
            className='pool-new__input'
            value={name}
            maxlength={NAME_MAX}
            placeholder='如：华东销售组公海'
            data-testid='pool-new-name'
            onInput={(e) => {
              setName(e.detail.value)
              setNameTouched(true)
              if (fieldErrors.name) setFieldErrors(({ name: _, ...rest }) => rest)
            }}
          />
          {fieldErrors.name && <Text className='pool-new__error'>{fieldErrors.name}</Text>}
        </View>
      </View>

      <View className='pool-new__title'>所属部门</View>
      <View className={`card pool-new__card ${fieldErrors.departmentId ? 'pool-new__card--error' : ''}`}>
        {offered.length === 0 ? (
          <View className='pool-new__empty' data-testid='pool-new-no-department'>
            每个部门都已有公海
          </View>
        ) : (
          offered.map((d) => (
            <View
              key={d.id}
              className={`pool-new__dept ${d.id === departmentId ? 'pool-new__dept--active' : ''}`}
              style={{ paddingLeft: Taro.pxTransform(depthOf(d) * 32) }}
              data-testid={`pool-new-dept-${d.id}`}
              onClick={() => pickDepartment(d)}
            >
              <View className='pool-new__radio' />
              <Text className='pool-new__dept-name'>{d.name}</Text>
            </View>
          ))
        )}
        {fieldErrors.departmentId && <Text className='pool-new__error'>{fieldErrors.departmentId}</Text>}
        <Text className='pool-new__help'>
          该部门及下级部门的成员可以从这个公海领取，他们名下的客户释放或回收后回到这里。
          {withPool.length > 0 ? `已有公海的部门不再列出：${withPool.map((d) => d.name).join('、')}。` : ''}
        </Text>
      </View>

      <View className='pool-new__title pool-new__title--rules'>
        规则<Text className='pool-new__from'>（已按「{companyPool?.name ?? '公司公海'}」预填，可修改）</Text>
      </View>
      <PoolRulesFields draft={draft} editable fieldErrors={fieldErrors} onChange={setRules} />

      {formError && (
        <View className='form-error' data-testid='form-error'>
          {formError}
        </View>
      )}
      <View className='pool-new__actions'>
        <View className={`btn ${saving ? 'btn--disabled' : ''}`} data-testid='pool-new-submit' onClick={submit}>
          {saving ? '创建中…' : '创建公海'}
        </View>
      </View>
    </View>
  )
}
