import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { consumeStale } from '../../services/session'
import { formatFen, listOpportunities, type Opportunity } from '../../services/opportunities'
import OppRow from '../../components/opp-row'
import StateView from '../../components/state-view'

/** 商机: the customer's opportunities (open first), and 新建商机 unless it sits in the pool. */
export default function OpportunitiesSection({ customerId, inPool }: { customerId: string; inPool: boolean }) {
  const [items, setItems] = useState<Opportunity[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      const page = await listOpportunities({ customerId, pageSize: 50 })
      const order = { open: 0, won: 1, lost: 2 }
      setItems([...page.items].sort((a, b) => order[a.status] - order[b.status]))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [customerId])

  useEffect(() => {
    load()
  }, [load])
  useDidShow(() => {
    if (consumeStale(`customer-opps:${customerId}`)) load()
  })

  const open = items.filter((o) => o.status === 'open')
  return (
    <View className='card' data-testid='customer-opportunities'>
      <View className='card-title'>
        <Text>商机{open.length ? ` · 进行中 ${open.length} 个 ${formatFen(open.reduce((a, o) => a + o.amountFen, 0))}` : ''}</Text>
        {!inPool && (
          <Text className='link detail-add' data-testid='opportunity-new' onClick={() => Taro.navigateTo({ url: `/pages/opportunity-edit/index?customerId=${customerId}` })}>
            + 新建商机
          </Text>
        )}
      </View>
      <StateView compact loading={loading && !items.length} error={error} onRetry={load} empty={!items.length} emptyText='还没有商机'>
        <View className='detail-opps'>
          {items.map((o) => <OppRow key={o.id} opp={o} showCustomer={false} />)}
        </View>
      </StateView>
    </View>
  )
}
