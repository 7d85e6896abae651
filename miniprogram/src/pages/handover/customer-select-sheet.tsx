import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { listCustomers } from '../../services/customers'
import type { Customer, Role } from '../../services/types'
import Sheet from '../../components/sheet'
import StateView from '../../components/state-view'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { usePagedList } from '../../hooks/use-paged-list'
import { levelLabel, stageLabel } from '../../utils/labels'

const PAGE_SIZE = 50

interface Props {
  visible: boolean
  role: Role | undefined
  /** the leaver: only their customers are listed */
  ownerId: string
  selected: ReadonlyMap<string, string>
  onChange: (selected: Map<string, string>) => void
  onClose: () => void
}

/** 只交接部分客户: ticks among the leaver's customers, searched and paged on the server. */
export default function CustomerSelectSheet({ visible, role, ownerId, selected, onChange, onClose }: Props) {
  const [q, setQ] = useState('')
  const debouncedQ = useDebouncedValue(q.trim(), 300)
  // The leaver may have left: their customers are read through the manager's team (admins: all).
  const scope = role === 'admin' ? 'all' : 'team'
  const fetchPage = useCallback(
    (page: number) => listCustomers({ scope, ownerId, q: debouncedQ, page, pageSize: PAGE_SIZE }),
    [scope, ownerId, debouncedQ]
  )
  const { items, total, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<Customer>(visible ? fetchPage : null)

  useEffect(() => {
    if (visible) load(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, fetchPage])

  const toggle = (c: Customer) => {
    const next = new Map(selected)
    if (next.has(c.id)) next.delete(c.id)
    else next.set(c.id, c.name)
    onChange(next)
  }
  const allShown = items.length > 0 && items.every((c) => selected.has(c.id))
  const toggleShown = () => {
    const next = new Map(selected)
    for (const c of items) {
      if (allShown) next.delete(c.id)
      else next.set(c.id, c.name)
    }
    onChange(next)
  }

  return (
    <Sheet
      visible={visible}
      title='选择要交接的客户'
      onClose={onClose}
      testId='handover-customer-sheet'
      footer={
        <View className='btn' data-testid='handover-customer-done' onClick={onClose}>
          {selected.size ? `完成（已选 ${selected.size} 位）` : '完成'}
        </View>
      }
    >
      <Input className='ho-select__search' value={q} placeholder='搜索客户名称、联系人' data-testid='handover-customer-search' onInput={(e) => setQ(e.detail.value)} />
      <StateView compact loading={loading} error={error} onRetry={() => load(true)} empty={items.length === 0} emptyText={debouncedQ ? '没有匹配的客户' : '该成员名下没有客户'}>
        <View className='ho-select__bar'>
          <Text className='ho-select__total'>共 {total} 位</Text>
          <Text className='link' data-testid='handover-customer-toggle-shown' onClick={toggleShown}>
            {allShown ? '取消已列出的' : `全选已列出的 ${items.length} 位`}
          </Text>
        </View>
        {items.map((c) => {
          const on = selected.has(c.id)
          return (
            <View key={c.id} className='ho-select__item' data-testid={`handover-customer-${c.id}`} onClick={() => toggle(c)}>
              <View className={`ho-check ${on ? 'ho-check--on' : ''}`}>{on ? '✓' : ''}</View>
              <View className='ho-select__main'>
                <Text className='ho-select__name'>{c.name}</Text>
                <Text className='ho-select__meta'>
                  {[c.level ? (c.level === 'key' ? levelLabel(c.level) : `${levelLabel(c.level)} 级`) : null, stageLabel(c.stage)].filter(Boolean).join(' · ')}
                </Text>
              </View>
            </View>
          )
        })}
        {hasMore && (
          <View className='ho-select__more' onClick={() => !loadingMore && load(false)}>
            {loadingMore ? '加载中…' : moreError ? `${moreError}，点此重试` : `加载更多（共 ${total} 位）`}
          </View>
        )}
      </StateView>
    </Sheet>
  )
}
