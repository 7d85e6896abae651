import Taro from '@tarojs/taro'
import './index.scss'
import { View, Text } from '@tarojs/components'

/** 待建档 on the customers page: how many of my WeCom customers no record knows yet. Hidden at 0. */
export default function WecomPendingBanner({ count }: { count: number }) {
  if (count <= 0) return null
  return (
    <View className='wecom-pending-banner' data-testid='wecom-pending-banner' onClick={() => Taro.navigateTo({ url: '/pages/wecom-contacts/index' })}>
      <Text className='wecom-pending-banner__text'>待建档：{count} 位企业微信客户尚未建档</Text>
      <Text className='wecom-pending-banner__go'>去建档 ›</Text>
    </View>
  )
}
