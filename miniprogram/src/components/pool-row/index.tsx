import { View, Text } from '@tarojs/components'
import type { PoolCustomer } from '../../services/types'
import { daysInPoolText } from '../../utils/time'
import LevelBadge from '../level-badge'
import './index.scss'

interface Props {
  customer: PoolCustomer
  /**
   * claim: the caller is a member of the pool; assign: a manager above a department's pool, who
   * may hand it to a member but not claim it; null: read-only.
   */
  action: 'claim' | 'assign' | null
  claiming: boolean
  onOpen: (customer: PoolCustomer) => void
  onClaim: (customer: PoolCustomer) => void
  onAssign: (customer: PoolCustomer) => void
}

/** A pool customer: who it is, why it came back and how long it has waited, with 领取 (or 分配) at hand. */
export default function PoolRow({ customer, action, claiming, onOpen, onClaim, onAssign }: Props) {
  // The server says when a claim would be refused (冷却至 12-09, 已达持有上限): the button says it;
  // a tap still asks, and the refusal dialog explains in full.
  const blocked = Boolean(customer.claimable && !customer.claimable.ok && customer.claimable.reason)
  const { pool } = customer
  const place = [customer.industry, customer.region].filter(Boolean).join(' · ')
  const automatic = pool.reason ? /自动回收/.test(pool.reason) : false
  return (
    <View className='pool-row' data-testid={`pool-row-${customer.id}`} onClick={() => onOpen(customer)}>
      <View className='pool-row__top'>
        <View className='pool-row__avatar'>{customer.name.slice(0, 1)}</View>
        <View className='pool-row__main'>
          <View className='pool-row__title'>
            <Text className='pool-row__name'>{customer.name}</Text>
            <LevelBadge level={customer.level} />
          </View>
          <Text className='pool-row__place'>{place || '行业、地区未填写'}</Text>
        </View>
        {action === 'claim' && (
          <View
            className={`pool-row__claim ${claiming ? 'pool-row__claim--busy' : ''} ${blocked ? 'pool-row__claim--blocked' : ''}`}
            data-testid={`pool-claim-${customer.id}`}
            data-claimable={blocked ? 'no' : 'yes'}
            onClick={(e) => {
              e.stopPropagation()
              if (!claiming) onClaim(customer)
            }}
          >
            {claiming ? '领取中' : blocked ? customer.claimable!.reason : '领取'}
          </View>
        )}
        {action === 'assign' && (
          <View
            className='pool-row__claim pool-row__claim--assign'
            data-testid={`pool-assign-${customer.id}`}
            onClick={(e) => {
              e.stopPropagation()
              onAssign(customer)
            }}
          >
            分配
          </View>
        )}
      </View>
      <View className={`pool-row__reason ${automatic ? 'pool-row__reason--auto' : ''}`} data-testid={`pool-reason-${customer.id}`}>
        <Text className='pool-row__reason-tag'>{automatic ? '系统' : '原因'}</Text>
        <Text className='pool-row__reason-text'>{pool.reason || '未记录原因'}</Text>
      </View>
      <View className='pool-row__meta'>
        <Text className={(pool.daysInPool ?? 0) > 30 ? 'pool-row__days--long' : ''}>{daysInPoolText(pool.daysInPool)}</Text>
        <Text className='pool-row__dot'>·</Text>
        <Text className='pool-row__owner'>上一负责人：{pool.lastOwner?.name || '无'}</Text>
      </View>
    </View>
  )
}
