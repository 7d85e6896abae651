import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../../services/api'
import { fetchUsers } from '../../services/auth'
import type { User } from '../../services/types'
import { roleLabel } from '../../utils/labels'
import Sheet from '../sheet'
import StateView from '../state-view'
import './index.scss'

interface Props {
  visible: boolean
  title: string
  /** users that cannot be picked (the owner, existing co-followers) */
  excludeIds: string[]
  onPick: (user: User) => void
  onClose: () => void
}

export default function UserPicker({ visible, title, excludeIds, onPick, onClose }: Props) {
  const [users, setUsers] = useState<User[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [q, setQ] = useState('')

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      const res = await fetchUsers()
      setUsers(res.items)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    if (visible) {
      setQ('')
      load()
    }
  }, [visible, load])

  const candidates = useMemo(() => {
    const needle = q.trim().toLowerCase()
    return users.filter(
      (u) =>
        !excludeIds.includes(u.id) &&
        (!needle || u.name.toLowerCase().includes(needle) || u.wecomUserId.toLowerCase().includes(needle))
    )
  }, [users, excludeIds, q])

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
        onRetry={load}
        empty={candidates.length === 0}
        emptyText={q ? '没有匹配的同事' : '没有可添加的同事'}
      >
        <View className='user-picker__list'>
          {candidates.map((u) => (
            <View key={u.id} className='user-picker__item' data-testid={`pick-user-${u.wecomUserId}`} onClick={() => onPick(u)}>
              <View className='user-picker__avatar'>{u.name.slice(0, 1)}</View>
              <Text className='user-picker__name'>{u.name}</Text>
              <Text className='user-picker__role'>{roleLabel(u.role)}</Text>
            </View>
          ))}
        </View>
      </StateView>
    </Sheet>
  )
}
