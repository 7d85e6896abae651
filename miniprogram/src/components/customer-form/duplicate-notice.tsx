import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { DuplicateDetails } from '../../services/types'
import './duplicate-notice.scss'

interface Props {
  /** the server's sentence: it names the customer, who has it or where it sits, e.g. "客户「…」已存在，由 赵磊 负责，不能重复创建" */
  message: string
  details: DuplicateDetails
}

/**
 * 防撞单: the server's own words about the customer that already exists, and the one useful next step:
 * open it when it is mine, claim it when it waits in the pool (its detail page has 领取). A colleague's
 * customer offers nothing to open: the rep cannot see it.
 */
export default function DuplicateNotice({ message, details }: Props) {
  const open = () => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(details.customerId)}` })
  const action = details.ownedByYou
    ? { label: '查看该客户', testId: 'duplicate-view' }
    : details.inPool
      ? { label: '去领取', testId: 'duplicate-claim' }
      : null
  return (
    <View className='dup-notice' data-testid='duplicate-notice'>
      <View className='dup-notice__icon'>!</View>
      <View className='dup-notice__main'>
        <Text className='dup-notice__title' data-testid='duplicate-message'>
          {message}
        </Text>
        {action && (
          <View className='dup-notice__actions'>
            <Text className='dup-notice__link' data-testid={action.testId} onClick={open}>
              {action.label}
            </Text>
          </View>
        )}
      </View>
    </View>
  )
}
