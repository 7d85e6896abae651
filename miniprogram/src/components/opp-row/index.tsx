import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { formatFen, type Opportunity } from '../../services/opportunities'
import './index.scss'

/** One opportunity in a list: name, customer, stage with its probability, amount and close date. */
export default function OppRow({ opp, showCustomer = true }: { opp: Opportunity; showCustomer?: boolean }) {
  return (
    <View
      className='opp-row'
      data-testid={`opp-row-${opp.id}`}
      onClick={() => Taro.navigateTo({ url: `/pages/opportunity-detail/index?id=${opp.id}` })}
    >
      <View className='opp-row__main'>
        <Text className='opp-row__name'>{opp.name}</Text>
        <Text className={`opp-row__stage opp-row__stage--${opp.status}`}>
          {opp.stage.name}
          {opp.status === 'open' ? ` ${opp.probability}%` : ''}
        </Text>
      </View>
      <View className='opp-row__meta'>
        {showCustomer && <Text className='opp-row__customer'>{opp.customer.name}</Text>}
        <Text className='opp-row__amount'>{formatFen(opp.amountFen)}</Text>
      </View>
      <View className='opp-row__meta'>
        <Text>
          {opp.owner ? `负责人 ${opp.owner.name}` : '公海中（无负责人）'}
          {opp.ownerLeft && <Text className='opp-row__left' data-testid='opp-owner-left'>已离职</Text>}
        </Text>
        <Text>{opp.expectedCloseOn ? `预计 ${opp.expectedCloseOn} 成交` : '未定成交日期'}</Text>
      </View>
    </View>
  )
}
