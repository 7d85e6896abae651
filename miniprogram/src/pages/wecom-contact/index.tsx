import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import SearchBox from '../../components/search-box'
import StateView from '../../components/state-view'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { useWecomContact } from '../../hooks/use-wecom-contact'
import { errorMessage } from '../../services/api'
import { listCustomers } from '../../services/customers'
import type { Customer } from '../../services/types'
import './index.scss'

/**
 * One of my WeCom customers (the "新客户 … 已添加" card opens it): 建档 with the form prefilled,
 * or 关联已有 — one of the suggested records (same company or phone) or any customer of mine.
 */
export default function WecomContactPage() {
  const { params } = useRouter()
  const externalUserId = params.externalUserId ?? ''
  const { data, error, load, linking, link, isMine } = useWecomContact(externalUserId, (customer) => {
    Taro.redirectTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(customer.id)}` })
  })
  const [q, setQ] = useState('')
  const debouncedQ = useDebouncedValue(q.trim(), 350)
  const [mine, setMine] = useState<Customer[] | null>(null)
  const [mineError, setMineError] = useState<string | null>(null)

  useEffect(() => {
    if (!data || data.contact.customerId) return
    let current = true
    setMineError(null)
    listCustomers({ scope: 'mine', q: debouncedQ, page: 1, pageSize: 20 })
      .then((page) => current && setMine(page.items))
      .catch((e) => current && setMineError(errorMessage(e)))
    return () => {
      current = false
    }
  }, [data, debouncedQ])

  if (!data && !error) return <StateView loading />
  if (error || !data) return <StateView error={error ?? '企业微信客户不存在'} onRetry={load} />

  const { contact, customer, suggestions } = data
  const row = (c: Customer, testid: string) => (
    <View key={c.id} className='wecom-link__customer' data-testid={testid} onClick={() => (isMine(c) ? link(c) : undefined)}>
      <View className='wecom-link__customer-main'>
        <Text className='wecom-link__customer-name'>{c.name}</Text>
        <Text className='wecom-link__customer-owner'>{c.owner ? `${c.owner.name} 负责` : '在公海中'}</Text>
      </View>
      {isMine(c) ? <Text className='link'>{linking === c.id ? '关联中…' : '关联'}</Text> : <Text className='wecom-link__muted'>非你的客户</Text>}
    </View>
  )

  return (
    <View className='wecom-link' data-testid='wecom-contact-page'>
      <View className='card'>
        <Text className='wecom-link__name'>{contact.name}</Text>
        {contact.corpName && <Text className='wecom-link__corp'>{contact.corpName}</Text>}
        <Text className='wecom-link__followers'>企业微信跟进人：{contact.followedBy.map((f) => (f.remark && f.remark !== contact.name ? `${f.name}（备注 ${f.remark}）` : f.name)).join('、') || '无'}</Text>
      </View>

      {contact.customerId ? (
        <View className='card'>
          <View className='card-title'>已关联客户</View>
          {customer ? (
            <View className='wecom-link__customer' onClick={() => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(customer.id)}` })}>
              <Text className='wecom-link__customer-name'>{customer.name}</Text>
              <Text className='link'>查看</Text>
            </View>
          ) : (
            <Text className='wecom-link__muted'>已关联到其他同事的客户</Text>
          )}
        </View>
      ) : (
        <>
          <View className='wecom-link__create'>
            <View
              className='btn'
              data-testid='wecom-contact-create'
              onClick={() => Taro.navigateTo({ url: `/pages/customer-new/index?externalUserId=${encodeURIComponent(externalUserId)}` })}
            >
              建档（新建客户）
            </View>
          </View>

          {suggestions.length > 0 && (
            <View className='card'>
              <View className='card-title'>可能是这些客户</View>
              {suggestions.map((c) => row(c, `wecom-suggestion-${c.id}`))}
            </View>
          )}

          <View className='card'>
            <View className='card-title'>关联到我的客户</View>
            <SearchBox value={q} placeholder='搜索我的客户' onChange={setQ} />
            <StateView
              compact
              loading={mine === null && !mineError}
              error={mineError}
              empty={(mine ?? []).length === 0}
              emptyText={debouncedQ ? '没有匹配的客户' : '你还没有客户'}
            >
              {(mine ?? []).map((c) => row(c, `wecom-mine-${c.id}`))}
            </StateView>
          </View>
        </>
      )}
    </View>
  )
}
