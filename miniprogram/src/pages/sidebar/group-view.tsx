import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import FollowUpSheet from '../../components/follow-up-sheet'
import StateView from '../../components/state-view'
import { errorMessage } from '../../services/api'
import { markStale } from '../../services/session'
import { bindGroup, getGroup, unbindGroup, type GroupChat } from '../../services/sidebar'
import SidebarCustomerCard from './customer-card'
import SendBox from './send-box'

/** Customer group chat: the bound customer and its actions, or suggestions and 绑定; the members. */
export default function GroupView({ chatId }: { chatId: string }) {
  const [group, setGroup] = useState<GroupChat | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [sheetOpen, setSheetOpen] = useState(false)
  const [version, setVersion] = useState(0)

  const load = useCallback(async () => {
    setError(null)
    try {
      setGroup(await getGroup(chatId))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [chatId])

  useEffect(() => {
    load()
  }, [load])
  useDidShow(() => {
    if (group) load()
  })

  const bind = async (customerId: string) => {
    if (busy) return
    setBusy(customerId)
    try {
      setGroup(await bindGroup(chatId, customerId))
      markStale(`customer:${customerId}`)
      Taro.showToast({ title: '已绑定', icon: 'success' })
    } catch (e) {
      Taro.showModal({ title: '无法绑定', content: errorMessage(e), showCancel: false })
    } finally {
      setBusy(null)
    }
  }

  const unbind = async () => {
    if (busy || !group?.customer) return
    const res = await Taro.showModal({ title: '解除绑定', content: `解除客户群与「${group.customer.name}」的绑定？` })
    if (!res.confirm) return
    setBusy('unbind')
    try {
      setGroup(await unbindGroup(chatId))
      Taro.showToast({ title: '已解除', icon: 'success' })
    } catch (e) {
      Taro.showModal({ title: '无法解除', content: errorMessage(e), showCancel: false })
    } finally {
      setBusy(null)
    }
  }

  if (!group && !error) return <StateView loading />
  if (error || !group) return <StateView error={error ?? '客户群不存在'} onRetry={load} />
  const internal = group.members.filter((m) => m.type === 'internal')
  const external = group.members.filter((m) => m.type === 'external')

  return (
    <View data-testid='sidebar-group'>
      <View className='card sidebar__contact'>
        <Text className='sidebar__contact-name'>{group.name || '未命名客户群'}</Text>
        <Text className='sidebar__muted'>群主 {group.owner?.name ?? '—'} · {group.members.length} 人{group.dismissed ? ' · 已解散' : ''}</Text>
      </View>
      {group.customer ? (
        <>
          <SidebarCustomerCard customer={group.customer} version={version} onFollowUp={() => setSheetOpen(true)} />
          <View className='sidebar__unbind link' data-testid='sidebar-unbind' onClick={unbind}>解除绑定</View>
          <FollowUpSheet
            customerId={group.customer.id}
            visible={sheetOpen}
            onClose={() => setSheetOpen(false)}
            onSaved={() => {
              setSheetOpen(false)
              Taro.showToast({ title: '已记录跟进', icon: 'success' })
              setVersion((v) => v + 1)
              load()
            }}
          />
        </>
      ) : (
        <View className='card' data-testid='sidebar-group-unbound'>
          <View className='sidebar__section-title'>尚未绑定客户</View>
          {group.suggestions.length === 0 && <Text className='sidebar__muted'>群里没有已关联客户的联系人</Text>}
          {group.suggestions.map((c) => (
            <View key={c.id} className='sidebar__row' data-testid='sidebar-group-suggestion'>
              <Text>{c.name}</Text>
              <Text className='link' onClick={() => bind(c.id)}>{busy === c.id ? '绑定中…' : '绑定'}</Text>
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <View className='sidebar__section-title'>群成员</View>
        {internal.map((m) => (
          <View key={m.id} className='sidebar__row'><Text>{m.name}</Text><Text className='sidebar__tag'>同事</Text></View>
        ))}
        {external.map((m) => (
          <View key={m.id} className='sidebar__row' data-testid='sidebar-group-member'>
            <Text>{m.name}</Text>
            <Text className='sidebar__tag'>{m.customerId ? '已关联客户' : '客户方'}</Text>
          </View>
        ))}
      </View>
      <SendBox label='发送到群' />
    </View>
  )
}
