import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { listCustomers } from '../../services/customers'
import type { Customer, CustomerScope, Role } from '../../services/types'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { usePagedList } from '../../hooks/use-paged-list'
import { stageLabel } from '../../utils/labels'
import Sheet from '../sheet'
import StateView from '../state-view'
import './index.scss'

const PAGE_SIZE = 30

/** The widest list each role may read: what the server will accept as "visible" for a request. */
const SCOPE_OF: Record<Role, CustomerScope> = { rep: 'mine', manager: 'team', admin: 'all' }

interface Props {
  visible: boolean
  role: Role | undefined
  onPick: (customer: Customer) => void
  onClose: () => void
}

/** Picks one of the customers the caller can see, searched and paged on the server. */
export default function CustomerPicker({ visible, role, onPick, onClose }: Props) {
  const [q, setQ] = useState('')
  const debouncedQ = useDebouncedValue(q.trim(), 300)
  const scope = SCOPE_OF[role ?? 'rep'] ?? 'mine'

  const fetchPage = useCallback(
    (page: number) => listCustomers({ scope, q: debouncedQ, page, pageSize: PAGE_SIZE }),
    [scope, debouncedQ]
  )
  const { items, total, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<Customer>(visible ? fetchPage : null)

  useEffect(() => {
    if (visible) setQ('')
  }, [visible])

  useEffect(() => {
    if (visible) load(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, fetchPage])

  return (
    <Sheet visible={visible} title='选择客户' onClose={onClose} testId='customer-picker'>
      <Input
        className='customer-picker__search'
        value={q}
        placeholder='搜索客户名称、联系人'
        data-testid='customer-picker-search'
        onInput={(e) => setQ(e.detail.value)}
      />
      <StateView
        compact
        loading={loading}
        error={error}
        onRetry={() => load(true)}
        empty={items.length === 0}
        emptyText={debouncedQ ? '没有匹配的客户' : '还没有可选的客户'}
      >
        <View className='customer-picker__list'>
          {items.map((c) => (
            <View key={c.id} className='customer-picker__item' data-testid={`pick-customer-${c.id}`} onClick={() => onPick(c)}>
              <View className='customer-picker__avatar'>{c.name.slice(0, 1)}</View>
              <View className='customer-picker__main'>
                <Text className='customer-picker__name'>{c.name}</Text>
                <Text className='customer-picker__meta'>
                  {stageLabel(c.stage)}
                  {c.owner ? ` · ${c.owner.name}` : ''}
                </Text>
              </View>
            </View>
          ))}
          {hasMore && (
            <View className='customer-picker__more' onClick={() => !loadingMore && load(false)}>
              {loadingMore ? '加载中…' : moreError ? `${moreError}，点此重试` : `加载更多（共 ${total} 个）`}
            </View>
          )}
        </View>
      </StateView>
    </Sheet>
  )
}
