import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { Customer, OwnershipEvent } from '../../services/types'
import LevelBadge from '../../components/level-badge'
import { stageLabel } from '../../utils/labels'
import { daysInPoolText, formatDate, formatPlanned, lastFollowUpText, reclaimText } from '../../utils/time'
import '../../components/team-home/index.scss'

interface Props {
  customer: Customer
  inPool: boolean
  /** the history's newest release or reclaim, while it sits in the pool */
  poolEntry?: OwnershipEvent
  /** the plan of the newest follow-up (a newer entry supersedes an older plan) */
  nextFollowUpAt?: string | null
}

/** Who the customer is, who has it, how fresh it is and when the pool takes it back (or why it sits there). */
export default function DetailHeader({ customer, inPool, poolEntry, nextFollowUpAt }: Props) {
  const reclaim = reclaimText(customer.reclaimDaysLeft)
  return (
    <View className='detail-head'>
      <View className='detail-head__top'>
        <View className='detail-head__avatar'>{customer.name.slice(0, 1)}</View>
        <View className='detail-head__main'>
          <View className='detail-head__name-row'>
            <Text className='detail-head__name' data-testid='customer-detail-name'>
              {customer.name}
            </Text>
            <LevelBadge level={customer.level} />
          </View>
          <View className='detail-head__sub'>
            <Text className='detail-head__stage'>{stageLabel(customer.stage)}</Text>
            {inPool ? (
              <Text className='detail-head__pool-badge'>公海客户</Text>
            ) : (
              <Text>
                负责人：{customer.owner ? customer.owner.name : '无'}
                {customer.ownerLeft && (
                  <Text className='left-badge' data-testid='owner-left-badge'>
                    已离职
                  </Text>
                )}
              </Text>
            )}
          </View>
        </View>
        {!inPool && (
          <View
            className='detail-head__edit'
            data-testid='customer-edit'
            onClick={() => Taro.navigateTo({ url: `/pages/customer-edit/index?id=${encodeURIComponent(customer.id)}` })}
          >
            编辑
          </View>
        )}
      </View>
      <View className='detail-head__stats'>
        <Text className={customer.lastFollowUpAt ? '' : 'detail-head__never'}>{lastFollowUpText(customer.lastFollowUpAt, customer.daysSinceFollowUp)}</Text>
        {reclaim && (
          <Text className={`detail-head__reclaim ${customer.reclaimUrgent ? 'detail-head__reclaim--urgent' : ''}`} data-testid='reclaim-days'>
            {reclaim}
          </Text>
        )}
        {nextFollowUpAt && !inPool && (
          <Text className='detail-head__next' data-testid='customer-next-follow-up'>
            下次跟进 {formatPlanned(nextFollowUpAt)}
          </Text>
        )}
      </View>
      {inPool && (
        <View className='detail-pool' data-testid='pool-banner'>
          <Text className='detail-pool__title'>
            {poolEntry
              ? `${poolEntry.type === 'reclaimed' ? '回收' : '释放'}于 ${formatDate(poolEntry.at)} · ${daysInPoolText(customer.daysInPool)}`
              : '在公海中，领取后即可跟进'}
          </Text>
          {poolEntry?.reason && <Text className='detail-pool__reason'>原因：{poolEntry.reason}</Text>}
          {poolEntry?.fromUser && <Text className='detail-pool__owner'>上一负责人：{poolEntry.fromUser.name}</Text>}
        </View>
      )}
      {customer.tags.length > 0 && (
        <View className='detail-head__tags'>
          {customer.tags.map((t) => (
            <Text key={t} className='detail-head__tag'>
              {t}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}
