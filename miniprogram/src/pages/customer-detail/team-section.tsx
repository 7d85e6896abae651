import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import { errorMessage } from '../../services/api'
import { addFollower, removeFollower } from '../../services/customers'
import type { Customer, User, UserRef } from '../../services/types'
import UserPicker from '../../components/user-picker'

interface Props {
  customer: Customer
  inPool: boolean
  /** a co-follower was added or removed: the customer is out of date */
  onChanged: () => void
}

/** 销售团队: the owner and the co-followers, who hear of every new follow-up. */
export default function TeamSection({ customer, inPool, onChanged }: Props) {
  const [pickerOpen, setPickerOpen] = useState(false)

  const onPick = async (user: User) => {
    setPickerOpen(false)
    Taro.showLoading({ title: '添加中' })
    try {
      await addFollower(customer.id, user.id)
      Taro.hideLoading()
      Taro.showToast({ title: `已添加${user.name}`, icon: 'success' })
      onChanged()
    } catch (e) {
      Taro.hideLoading()
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    }
  }

  const onRemove = async (user: UserRef) => {
    const { confirm } = await Taro.showModal({ title: '移除协同人', content: `确定将 ${user.name} 移出销售团队？`, confirmColor: '#F54A45' })
    if (!confirm) return
    try {
      await removeFollower(customer.id, user.id)
      Taro.showToast({ title: '已移除', icon: 'success' })
      onChanged()
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    }
  }

  return (
    <>
      <View className='card'>
        <View className='card-title'>
          <Text>销售团队</Text>
          {!inPool && (
            <Text className='link detail-add' data-testid='follower-add' onClick={() => setPickerOpen(true)}>
              + 添加协同人
            </Text>
          )}
        </View>
        <View className='detail-team'>
          {customer.owner && (
            <View className='detail-team__member'>
              <View className='detail-team__avatar detail-team__avatar--owner'>{customer.owner.name.slice(0, 1)}</View>
              <Text className='detail-team__name'>{customer.owner.name}</Text>
              {customer.ownerLeft && <Text className='left-badge'>已离职</Text>}
              <Text className='detail-team__role'>负责人</Text>
            </View>
          )}
          {customer.followers.map((f) => (
            <View key={f.id} className='detail-team__member' data-testid={`follower-${f.id}`}>
              <View className='detail-team__avatar'>{f.name.slice(0, 1)}</View>
              <Text className='detail-team__name'>{f.name}</Text>
              <Text className='detail-team__remove' data-testid={`follower-remove-${f.id}`} onClick={() => onRemove(f)}>
                移除
              </Text>
            </View>
          ))}
        </View>
        {customer.followers.length === 0 && (
          <View className='detail-empty'>{inPool ? '公海客户没有负责人，领取后即可组建销售团队' : '添加技术、售后同事一起跟进，新记录会通知他们'}</View>
        )}
      </View>
      <UserPicker visible={pickerOpen} title='添加协同人' purpose='follower' customerId={customer.id} onPick={onPick} onClose={() => setPickerOpen(false)} />
    </>
  )
}
