import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect } from 'react'
import { listContracts, type Contract } from '../../services/contracts'
import type { Customer } from '../../services/types'
import { useResource } from '../../hooks/use-resource'
import StateView from '../../components/state-view'
import { CONTRACT_STATUS } from '../../utils/contract-labels'
import { formatFen } from '../../utils/money'

/** 合同: the customer's contracts (whoever sees the customer sees them), and 新建合同 for it. */
export default function ContractsSection({ customer, canCreate }: { customer: Customer; canCreate: boolean }) {
  const load = useCallback(async () => (await listContracts({ scope: 'mine', customerId: customer.id, page: 1, pageSize: 20 })).items, [customer.id])
  const { data, loading, error, reload } = useResource<Contract[] | null>(load, null)
  useEffect(() => {
    reload()
  }, [reload])
  const create = () =>
    Taro.navigateTo({ url: `/pages/contract-new/index?customerId=${encodeURIComponent(customer.id)}&customerName=${encodeURIComponent(customer.name)}` })
  return (
    <View className='card' data-testid='customer-contracts'>
      <View className='card-title'>
        <Text>合同</Text>
        {canCreate && (
          <Text className='link detail-add' data-testid='customer-contract-new' onClick={create}>
            + 新建合同
          </Text>
        )}
      </View>
      <StateView compact loading={loading && !data} error={data ? null : error} onRetry={reload} empty={!data || data.length === 0} emptyText='还没有合同'>
        {(data ?? []).map((c) => (
          <View
            key={c.id}
            className='detail-expenses__item'
            data-testid={`customer-contract-${c.id}`}
            onClick={() => Taro.navigateTo({ url: `/pages/contract-detail/index?id=${encodeURIComponent(c.id)}` })}
          >
            <Text className='detail-expenses__type'>{CONTRACT_STATUS[c.status].label}</Text>
            <View className='detail-expenses__main'>
              <Text className='detail-expenses__reason'>{c.number}</Text>
              <Text className='detail-expenses__meta'>
                已回款 {formatFen(c.paidFen)} · {c.endOn} 到期
              </Text>
            </View>
            <Text className='detail-expenses__amount'>{formatFen(c.amountFen)}</Text>
          </View>
        ))}
      </StateView>
    </View>
  )
}
