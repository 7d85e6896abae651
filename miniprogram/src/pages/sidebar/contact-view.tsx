import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import FollowUpSheet from '../../components/follow-up-sheet'
import StateView from '../../components/state-view'
import { errorMessage } from '../../services/api'
import { cachedUser, markStale } from '../../services/session'
import type { Customer, WecomContact } from '../../services/types'
import { getWecomContact, linkWecomContact } from '../../services/wecom-contacts'
import SidebarCustomerCard from './customer-card'
import SendBox from './send-box'

interface Loaded {
  contact: WecomContact
  customer: Customer | null
  suggestions: Customer[]
}

/** One-to-one chat with a customer contact: the linked customer, or 建档 / 关联. */
export default function ContactView({ externalUserId }: { externalUserId: string }) {
  const me = cachedUser()
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [sheetOpen, setSheetOpen] = useState(false)
  const [version, setVersion] = useState(0)
  const [linking, setLinking] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setData(await getWecomContact(externalUserId))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [externalUserId])

  useEffect(() => {
    load()
  }, [load])
  // Back from 建档 (customer-new) or the customer page: the link may have changed.
  useDidShow(() => {
    if (data) load()
  })

  const link = async (c: Customer) => {
    if (linking) return
    setLinking(c.id)
    try {
      await linkWecomContact(externalUserId, c.id)
      markStale('wecom-contacts', 'customers', `customer:${c.id}`)
      Taro.showToast({ title: '已关联', icon: 'success' })
      await load()
    } catch (e) {
      Taro.showModal({ title: '无法关联', content: errorMessage(e), showCancel: false })
    } finally {
      setLinking(null)
    }
  }

  if (!data && !error) return <StateView loading />
  if (error || !data) return <StateView error={error ?? '企业微信客户不存在'} onRetry={load} />
  const { contact, customer, suggestions } = data
  const isMine = (c: Customer) => c.ownerId === me?.id || c.followers.some((f) => f.id === me?.id)

  return (
    <View data-testid='sidebar-contact'>
      <View className='card sidebar__contact'>
        <Text className='sidebar__contact-name'>{contact.name}</Text>
        {contact.corpName && <Text className='sidebar__muted'>{contact.corpName}</Text>}
      </View>
      {customer ? (
        <>
          <SidebarCustomerCard customer={customer} version={version} onFollowUp={() => setSheetOpen(true)} />
          <FollowUpSheet
            customerId={customer.id}
            visible={sheetOpen}
            onClose={() => setSheetOpen(false)}
            onSaved={() => {
              setSheetOpen(false)
              markStale(`customer:${customer.id}`, 'customers')
              Taro.showToast({ title: '已记录跟进', icon: 'success' })
              setVersion((v) => v + 1)
              load()
            }}
          />
        </>
      ) : contact.customerId ? (
        <View className='card' data-testid='sidebar-linked-elsewhere'>
          <Text className='sidebar__muted'>该联系人已关联到其他同事负责的客户，你无权查看详情</Text>
        </View>
      ) : (
        <View className='card' data-testid='sidebar-unlinked'>
          <View className='sidebar__section-title'>尚未建档</View>
          <View
            className='btn sidebar__primary'
            data-testid='sidebar-create'
            onClick={() => Taro.navigateTo({ url: `/pages/customer-new/index?externalUserId=${encodeURIComponent(externalUserId)}` })}
          >
            建档（新建客户）
          </View>
          {suggestions.length > 0 && <View className='sidebar__section-title'>可能是这些客户</View>}
          {suggestions.map((c) => (
            <View key={c.id} className='sidebar__row' data-testid='sidebar-suggestion'>
              <Text>{c.name}</Text>
              {isMine(c)
                ? <Text className='link' onClick={() => link(c)}>{linking === c.id ? '关联中…' : '关联'}</Text>
                : <Text className='sidebar__muted'>{c.owner ? `${c.owner.name} 负责` : '在公海中'}</Text>}
            </View>
          ))}
          <View
            className='btn btn--ghost'
            data-testid='sidebar-link-other'
            onClick={() => Taro.navigateTo({ url: `/pages/wecom-contact/index?externalUserId=${encodeURIComponent(externalUserId)}` })}
          >
            关联已有客户…
          </View>
        </View>
      )}
      <SendBox label='发送到聊天' />
    </View>
  )
}
