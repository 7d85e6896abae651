import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { bindGroup, createTeamChat, listCustomerGroups, listMyUnboundGroups, type CustomerGroup } from '../../services/sidebar'
import type { Customer, User } from '../../services/types'

interface Props {
  customer: Customer
  me: User | null
  inPool: boolean
  /** a group was bound: the history has a new line */
  onBound?: () => void
}

/** 群聊: the customer groups bound to the customer and its team group (客户作战群), which the owner or a manager creates once. */
export default function GroupsSection({ customer, me, inPool, onBound }: Props) {
  const [items, setItems] = useState<CustomerGroup[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const [unbound, setUnbound] = useState<CustomerGroup[] | null>(null)
  const [binding, setBinding] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setItems((await listCustomerGroups(customer.id)).items)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [customer.id])

  useEffect(() => {
    load()
  }, [load])

  const mayBind = !inPool && (customer.ownerId === me?.id || customer.followers.some((f) => f.id === me?.id) || me?.role === 'manager' || me?.role === 'admin')
  const openBind = async () => {
    try {
      setUnbound((await listMyUnboundGroups()).items)
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    }
  }
  const bind = async (g: CustomerGroup) => {
    if (binding) return
    setBinding(g.chatId)
    try {
      await bindGroup(g.chatId, customer.id)
      Taro.showToast({ title: '已绑定', icon: 'success' })
      setUnbound(null)
      onBound?.()
      await load()
    } catch (e) {
      Taro.showModal({ title: '无法绑定', content: errorMessage(e), showCancel: false })
    } finally {
      setBinding(null)
    }
  }

  const mayCreate = !inPool && (customer.ownerId === me?.id || me?.role === 'manager' || me?.role === 'admin')
  const team = items?.find((g) => g.kind === 'team')

  const create = async () => {
    if (creating) return
    setCreating(true)
    try {
      await createTeamChat(customer.id)
      Taro.showToast({ title: '客户作战群已创建', icon: 'success' })
      await load()
    } catch (e) {
      Taro.showModal({ title: '无法创建客户作战群', content: errorMessage(e), showCancel: false })
    } finally {
      setCreating(false)
    }
  }

  return (
    <View className='card' data-testid='customer-groups'>
      <View className='card-title'>群聊</View>
      {error && <Text className='detail__muted' onClick={load}>群聊未能加载：{error}（点击重试）</Text>}
      {!error && items === null && <Text className='detail__muted'>加载中…</Text>}
      {items?.length === 0 && <Text className='detail__muted'>还没有绑定的客户群</Text>}
      {items?.map((g) => (
        <View key={g.chatId} className='detail__group' data-testid={`customer-group-${g.chatId}`}>
          <Text>{g.kind === 'team' ? '【作战群】' : ''}{g.name || '未命名群聊'}</Text>
          <Text className='detail__muted'> · {g.memberCount} 人{g.dismissed ? ' · 已解散' : ''}</Text>
        </View>
      ))}
      {unbound !== null && (
        <View data-testid='customer-groups-unbound'>
          {unbound.length === 0 && <Text className='detail__muted'>你所在的客户群都已绑定客户</Text>}
          {unbound.map((g) => (
            <View key={g.chatId} className='detail__group' onClick={() => bind(g)} data-testid={`customer-group-bind-${g.chatId}`}>
              <Text>{g.name || '未命名客户群'}</Text>
              <Text className='link'> {binding === g.chatId ? '绑定中…' : '绑定'}</Text>
            </View>
          ))}
        </View>
      )}
      {mayBind && items !== null && unbound === null && (
        <View className='btn btn--ghost' data-testid='customer-groups-bind' onClick={openBind}>绑定客户群</View>
      )}
      {mayCreate && items !== null && !team && (
        <View className='btn btn--ghost' data-testid='team-chat-create' onClick={create}>{creating ? '创建中…' : '建客户作战群'}</View>
      )}
    </View>
  )
}
