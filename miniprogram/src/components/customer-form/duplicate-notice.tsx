import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { getCustomer } from '../../services/customers'
import type { DuplicateDetails } from '../../services/types'
import './duplicate-notice.scss'

export function duplicateMessage(d: DuplicateDetails): string {
  if (d.ownerName) return `该客户已由 ${d.ownerName} 负责`
  if (d.inPool) return '该客户在公海中'
  return '该客户已存在'
}

/**
 * 防撞单: tells the creator who already has the customer. The "查看客户" link appears only when the caller
 * can actually open it (the server answers 404 for customers outside their visibility).
 */
export default function DuplicateNotice({ details }: { details: DuplicateDetails }) {
  const [visible, setVisible] = useState(false)

  useEffect(() => {
    let alive = true
    setVisible(false)
    getCustomer(details.customerId)
      .then(() => alive && setVisible(true))
      .catch(() => undefined)
    return () => {
      alive = false
    }
  }, [details.customerId])

  return (
    <View className='dup-notice' data-testid='duplicate-notice'>
      <View className='dup-notice__icon'>!</View>
      <View className='dup-notice__main'>
        <Text className='dup-notice__title'>{duplicateMessage(details)}</Text>
        <Text className='dup-notice__sub'>
          {details.inPool ? '可以到公海领取，无需重复创建' : '为避免撞单，没有重复创建'}
        </Text>
      </View>
      {visible && (
        <Text
          className='dup-notice__link'
          data-testid='duplicate-view'
          onClick={() => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(details.customerId)}` })}
        >
          查看客户
        </Text>
      )}
    </View>
  )
}
