import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { createCustomer } from '../../services/customers'
import { errorMessage } from '../../services/api'
import { getWecomContact } from '../../services/wecom-contacts'
import { cachedUser, markStale } from '../../services/session'
import CustomerForm, { toCustomerInput, toFormValues } from '../../components/customer-form'
import DuplicateNotice from '../../components/customer-form/duplicate-notice'
import { useCustomerSubmit } from '../../components/customer-form/use-customer-submit'
import StateView from '../../components/state-view'
import { useHolding } from '../../hooks/use-holding'
import { maySetProtectedFacts } from '../../utils/protected-facts'
import './index.scss'

/** The default pool rules exempt 重点; used only if my pool's rules cannot be read. */
const DEFAULT_EXEMPT = ['key' as const]

export default function CustomerNewPage() {
  // `?externalUserId=`: 建档 for one of my WeCom customers (待建档, the chat card): prefilled and linked on create.
  const { params } = useRouter()
  const externalUserId = params.externalUserId ?? ''
  const [initial, setInitial] = useState(() => (externalUserId ? null : toFormValues()))
  const [prefillError, setPrefillError] = useState<string | null>(null)
  const { submitting, fieldErrors, duplicate, formError, run } = useCustomerSubmit()
  const canSet = maySetProtectedFacts(cachedUser()?.role)
  // My pool's exempt levels: the new customer lands in my pool, under its rules.
  const { holding, error, reload } = useHolding()

  useEffect(() => {
    reload()
  }, [reload])

  const prefill = () => {
    setPrefillError(null)
    getWecomContact(externalUserId)
      .then(({ contact }) => {
        const mine = contact.followedBy.find((f) => f.wecomUserId === cachedUser()?.wecomUserId)
        setInitial(toFormValues({
          name: contact.corpName ?? '',
          source: '企业微信',
          contacts: [{ name: mine?.remark || contact.name, phone: contact.mobiles?.[0] ?? '', externalUserId: contact.externalUserId }]
        }))
      })
      .catch((e) => setPrefillError(errorMessage(e)))
  }
  useEffect(() => {
    if (externalUserId) prefill()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [externalUserId])

  const submit = (values: ReturnType<typeof toFormValues>) =>
    run(async () => {
      const created = await createCustomer(toCustomerInput(values, 'create'))
      markStale('customers', 'wecom-contacts')
      Taro.showToast({ title: '已创建', icon: 'success' })
      Taro.redirectTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(created.id)}` })
    })

  if (prefillError) return <StateView error={prefillError} onRetry={prefill} />
  if ((!holding && !error) || !initial) return <StateView loading />

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
            {externalUserId && (
              <View className='form-hint' data-testid='wecom-prefill-hint'>
                来自企业微信客户，创建后自动关联；若公司已存在，可改为
                <Text
                  className='link'
                  data-testid='wecom-prefill-link'
                  onClick={() => Taro.redirectTo({ url: `/pages/wecom-contact/index?externalUserId=${encodeURIComponent(externalUserId)}` })}
                >
                  「关联已有」
                </Text>
              </View>
            )}
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
