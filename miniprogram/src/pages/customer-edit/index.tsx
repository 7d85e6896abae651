import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { getCustomer, updateCustomer } from '../../services/customers'
import { markStale } from '../../services/session'
import type { Customer } from '../../services/types'
import CustomerForm, { toCustomerInput, toFormValues, type CustomerFormValues } from '../../components/customer-form'
import DuplicateNotice from '../../components/customer-form/duplicate-notice'
import { useCustomerSubmit } from '../../components/customer-form/use-customer-submit'
import StateView from '../../components/state-view'

export default function CustomerEditPage() {
  const id = useRouter().params.id ?? ''
  const [customer, setCustomer] = useState<Customer | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const { submitting, fieldErrors, duplicate, formError, run } = useCustomerSubmit()

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

  const submit = (values: CustomerFormValues) =>
    run(async () => {
      await updateCustomer(id, toCustomerInput(values, 'edit'))
      markStale('customers', `customer:${id}`)
      Taro.showToast({ title: '已保存', icon: 'success' })
      Taro.navigateBack()
    })

  if (loading || error || !customer) {
    return <StateView loading={loading} error={error ?? (customer ? null : '客户不存在')} onRetry={load} />
  }

  return (
    <View data-testid='customer-edit-page'>
      <CustomerForm
        initial={toFormValues(customer)}
        submitting={submitting}
        submitLabel='保存'
        showStage
        fieldErrors={fieldErrors}
        onSubmit={submit}
        notice={
          <>
            {duplicate && <DuplicateNotice details={duplicate} />}
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
