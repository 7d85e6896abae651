import { View, Text } from '@tarojs/components'
import type { Customer } from '../../services/types'
import { stageLabel } from '../../utils/labels'
import { lastFollowUpText, reclaimText } from '../../utils/time'
import LevelBadge from '../level-badge'
import '../team-home/index.scss'
import './index.scss'

interface Props {
  customer: Customer
  onClick: (customer: Customer) => void
}

export default function CustomerRow({ customer, onClick }: Props) {
  const reclaim = reclaimText(customer.reclaimDaysLeft)
  const followText = lastFollowUpText(customer.lastFollowUpAt, customer.daysSinceFollowUp)
  return (
    <View className='customer-row' data-testid={`customer-row-${customer.id}`} onClick={() => onClick(customer)}>
      <View className='customer-row__avatar'>{customer.name.slice(0, 1)}</View>
      <View className='customer-row__main'>
        <View className='customer-row__top'>
          <Text className='customer-row__name'>{customer.name}</Text>
          <LevelBadge level={customer.level} />
          <Text className={`customer-row__stage customer-row__stage--${customer.stage}`}>{stageLabel(customer.stage)}</Text>
        </View>
        <View className='customer-row__meta'>
          <Text className='customer-row__owner'>{customer.owner ? customer.owner.name : '公海'}</Text>
          {customer.ownerLeft && (
            <Text className='left-badge' data-testid={`owner-left-${customer.id}`}>
              已离职
            </Text>
          )}
          <Text className='customer-row__dot'>·</Text>
          <Text className={customer.lastFollowUpAt ? '' : 'customer-row__never'}>{followText}</Text>
          {reclaim && (
            <Text
              className={`customer-row__reclaim ${customer.reclaimUrgent ? 'customer-row__reclaim--urgent' : ''}`}
              data-testid={`reclaim-days-${customer.id}`}
            >
              {reclaim}
            </Text>
          )}
        </View>
      </View>
      <Text className='customer-row__arrow'>›</Text>
    </View>
  )
}
