import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import FollowUpSheet from '../../components/follow-up-sheet'
import StateView from '../../components/state-view'
import { useWecomContact } from '../../hooks/use-wecom-contact'
import { markStale } from '../../services/session'
import SidebarCustomerCard from './customer-card'
import SendBox from './send-box'

/** One-to-one chat with a customer contact: the linked customer, or 建档 / 关联. */
export default function ContactView({ externalUserId }: { externalUserId: string }) {
  const [sheetOpen, setSheetOpen] = useState(false)
  const [version, setVersion] = useState(0)
  const { data, error, load, linking, link, isMine } = useWecomContact(externalUserId, () => load())

  // Back from 建档 (customer-new) or the customer page: the link may have changed.
  useDidShow(() => {
    if (data) load()
  })

  if (!data && !error) return <StateView loading />
  if (error || !data) return <StateView error={error ?? '企业微信客户不存在'} onRetry={load} />
  const { contact, customer, suggestions } = data

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
