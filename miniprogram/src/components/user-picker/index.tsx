import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { fetchUsers, type UserPickPurpose } from '../../services/auth'
import type { User } from '../../services/types'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { usePagedList } from '../../hooks/use-paged-list'
import { roleLabel } from '../../utils/labels'
import Sheet from '../sheet'
import StateView from '../state-view'
import './index.scss'

const PAGE_SIZE = 50

interface Props {
  visible: boolean
  title: string
  /**
   * What the pick is for: the server then offers only people that action accepts
   * (assign: within the manager's reach, not the owner; follower: not the owner nor a
   * current co-follower). Without it, any active colleague.
   */
  purpose?: UserPickPurpose
  customerId?: string
  onPick: (user: User) => void
  onClose: () => void
}

/** Searches and pages on the server: a company of 20,000 people is never loaded whole. */
export default function UserPicker({ visible, title, purpose, customerId, onPick, onClose }: Props) {
  const [q, setQ] = useState('')
  const debouncedQ = useDebouncedValue(q.trim(), 300)

  const fetchPage = useCallback(
    (page: number) => fetchUsers({ q: debouncedQ, page, pageSize: PAGE_SIZE, purpose, customerId }),
    [debouncedQ, purpose, customerId]
  )
  const { items, total, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<User>(visible ? fetchPage : null)

  useEffect(() => {
    if (visible) setQ('')
  }, [visible])

  useEffect(() => {
    if (visible) load(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, fetchPage])

  return (
    <Sheet visible={visible} title={title} onClose={onClose} testId='user-picker'>
      <Input
        className='user-picker__search'
        value={q}
        placeholder='搜索姓名'
        onInput={(e) => setQ(e.detail.value)}
      />
      <StateView
        compact
        loading={loading}
        error={error}
        onRetry={() => load(true)}
        empty={items.length === 0}
        emptyText={debouncedQ ? '没有匹配的同事' : '没有可选的同事'}
      >
        <View className='user-picker__list'>
          {items.map((u) => (
            <View key={u.id} className='user-picker__item' data-testid={`pick-user-${u.wecomUserId}`} onClick={() => onPick(u)}>
              <View className='user-picker__avatar'>{u.name.slice(0, 1)}</View>
              <Text className='user-picker__name'>
                {u.name}
                {u.status === 'left' && <Text className='user-picker__left'>已离职</Text>}
              </Text>
              <Text className='user-picker__role'>{u.departmentName ? `${u.departmentName} · ` : ''}{roleLabel(u.role)}</Text>
            </View>
          ))}
          {hasMore && (
            <View className='user-picker__more' data-testid='user-picker-more' onClick={() => !loadingMore && load(false)}>
              {loadingMore ? '加载中…' : moreError ? `${moreError}，点此重试` : `加载更多（共 ${total} 人）`}
            </View>
          )}
        </View>
      </StateView>
    </Sheet>
  )
}
