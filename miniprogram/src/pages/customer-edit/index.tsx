import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { getCustomer, updateCustomer } from '../../services/customers'
import { cachedUser, markStale } from '../../services/session'
import type { Customer } from '../../services/types'
import CustomerForm, { toCustomerInput, toFormValues, type CustomerFormValues } from '../../components/customer-form'
import DuplicateNotice from '../../components/customer-form/duplicate-notice'
import { useCustomerSubmit } from '../../components/customer-form/use-customer-submit'
import StateView from '../../components/state-view'
import { usePool } from '../../hooks/use-pool'
import { maySetProtectedFacts } from '../../utils/protected-facts'

/** The default pool rules exempt 重点; used only if the customer's pool cannot be read. */
const DEFAULT_EXEMPT = ['key' as const]

export default function CustomerEditPage() {
  const id = useRouter().params.id ?? ''
  const [customer, setCustomer] = useState<Customer | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const { submitting, fieldErrors, duplicate, formError, run } = useCustomerSubmit()
  const canSet = maySetProtectedFacts(cachedUser()?.role)
  // The rules that bind this customer are its pool's (the server checks the same ones).
  const { pool, loaded: poolLoaded } = usePool(customer ? customer.homePoolId ?? customer.poolId : undefined)

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      setCustomer(await getCustomer(id))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [id])

  useEffect(() => {
    load()
  }, [load])

  const submit = (values: CustomerFormValues, reason?: string) =>
    run(async () => {
      await updateCustomer(id, { ...toCustomerInput(values, 'edit'), ...(reason ? { reason } : {}) })
      markStale('customers', `customer:${id}`)
      Taro.showToast({ title: '已保存', icon: 'success' })
      Taro.navigateBack()
    })

  if (loading || error || !customer) {
    return <StateView loading={loading} error={error ?? (customer ? null : '客户不存在')} onRetry={load} />
  }
  if (!poolLoaded) return <StateView loading />

  return (
    <View data-testid='customer-edit-page'>
      <CustomerForm
        initial={toFormValues(customer)}
        submitting={submitting}
        submitLabel='保存'
        showStage
        fieldErrors={fieldErrors}
        guard={{ canSet, exemptLevels: pool?.rules.exemptLevels ?? DEFAULT_EXEMPT, askReason: true }}
        onSubmit={submit}
        notice={
          <>
            {duplicate && <DuplicateNotice message={duplicate.message} details={duplicate.details} />}
            {formError && (
              <View className='form-error' data-testid='form-error'>
                {formError}
              </View>
            )}
          </>
        }
      />
    </View>
  )
}
