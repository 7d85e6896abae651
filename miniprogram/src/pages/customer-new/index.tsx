import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { createCustomer } from '../../services/customers'
import { cachedUser, markStale } from '../../services/session'
import CustomerForm, { toCustomerInput, toFormValues } from '../../components/customer-form'
import DuplicateNotice from '../../components/customer-form/duplicate-notice'
import { useCustomerSubmit } from '../../components/customer-form/use-customer-submit'
import StateView from '../../components/state-view'
import { useHolding } from '../../hooks/use-holding'
import { maySetProtectedFacts } from '../../utils/protected-facts'

/** The default pool rules exempt 重点; used only if my pool's rules cannot be read. */
const DEFAULT_EXEMPT = ['key' as const]

export default function CustomerNewPage() {
  const [initial] = useState(() => toFormValues())
  const { submitting, fieldErrors, duplicate, formError, run } = useCustomerSubmit()
  const canSet = maySetProtectedFacts(cachedUser()?.role)
  // My pool's exempt levels: the new customer lands in my pool, under its rules.
  const { holding, error, reload } = useHolding()

  useEffect(() => {
    reload()
  }, [reload])

  const submit = (values: ReturnType<typeof toFormValues>) =>
    run(async () => {
      const created = await createCustomer(toCustomerInput(values, 'create'))
      markStale('customers')
      Taro.showToast({ title: '已创建', icon: 'success' })
      Taro.redirectTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(created.id)}` })
    })

  if (!holding && !error) return <StateView loading />

  return (
    <View data-testid='customer-new-page'>
      <CustomerForm
        initial={initial}
        submitting={submitting}
        submitLabel='创建客户'
        fieldErrors={fieldErrors}
        guard={{ canSet, exemptLevels: holding?.exemptLevels ?? DEFAULT_EXEMPT }}
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
