import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { createCustomer } from '../../services/customers'
import { markStale } from '../../services/session'
import CustomerForm, { toCustomerInput, toFormValues } from '../../components/customer-form'
import DuplicateNotice from '../../components/customer-form/duplicate-notice'
import { useCustomerSubmit } from '../../components/customer-form/use-customer-submit'

export default function CustomerNewPage() {
  const [initial] = useState(() => toFormValues())
  const { submitting, fieldErrors, duplicate, formError, run } = useCustomerSubmit()

  const submit = (values: ReturnType<typeof toFormValues>) =>
    run(async () => {
      const created = await createCustomer(toCustomerInput(values, 'create'))
      markStale('customers')
      Taro.showToast({ title: '已创建', icon: 'success' })
      Taro.redirectTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(created.id)}` })
    })

  return (
    <View data-testid='customer-new-page'>
      <CustomerForm
        initial={initial}
        submitting={submitting}
        submitLabel='创建客户'
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
