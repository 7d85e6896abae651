import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import type { TeamCustomerRef, TeamHome as TeamHomeData } from '../../services/types'
import { listHandovers, type Handover } from '../../services/handover'
import { useTodoCount } from '../../hooks/use-todo-count'
import LevelBadge from '../level-badge'
import StateView from '../state-view'
import './index.scss'

interface Props {
  data: TeamHomeData | null
  loading: boolean
  error: string | null
  onRetry: () => void
  /** opens the team list filtered (by owner, soon-reclaimed, forgotten) */
  onFilter: (filter: { ownerId?: string; ownerName?: string; soon?: boolean; forgotten?: boolean }) => void
}

const openCustomer = (id: string) => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(id)}` })

/** Customers grouped by owner, in the order the server gave (most urgent first). */
function byOwner(items: TeamCustomerRef[]): Array<{ ownerId: string; ownerName: string; ownerLeft: boolean; items: TeamCustomerRef[] }> {
  const groups = new Map<string, { ownerId: string; ownerName: string; ownerLeft: boolean; items: TeamCustomerRef[] }>()
  for (const c of items) {
    const key = c.ownerId ?? ''
    const g = groups.get(key) ?? { ownerId: key, ownerName: c.ownerName, ownerLeft: c.ownerLeft, items: [] }
    g.items.push(c)
    groups.set(key, g)
  }
  return [...groups.values()]
}

function LeftBadge({ left }: { left: boolean }) {
  return left ? <Text className='left-badge'>已离职</Text> : null
}

function CustomerGroups({ items, testId }: { items: TeamCustomerRef[]; testId: string }) {
  const groups = useMemo(() => byOwner(items), [items])
  return (
    <View data-testid={testId}>
      {groups.map((g) => (
        <View key={g.ownerId} className='team-home__group'>
          <View className='team-home__owner'>
            <Text>{g.ownerName || '—'}</Text>
            <LeftBadge left={g.ownerLeft} />
            <Text className='team-home__count'>{g.items.length} 个</Text>
          </View>
          {g.items.slice(0, 5).map((c) => (
            <View key={c.customerId} className='team-home__customer' data-testid={`team-customer-${c.customerId}`} onClick={() => openCustomer(c.customerId)}>
              <Text className='team-home__name'>{c.customerName}</Text>
              <LevelBadge level={c.level} />
              <Text className='team-home__arrow'>›</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}

/**
 * The managers' home: what needs them today — the team's customers about to be reclaimed and
 * forgotten ones (by rep), requests waiting for their approval, people who left still holding
 * customers (with 交接), and each member's load.
 */
export default function TeamHome({ data, loading, error, onRetry, onFilter }: Props) {
  const todo = useTodoCount()
  const [drafts, setDrafts] = useState<Handover[]>([])
  useEffect(() => {
    listHandovers({ status: 'draft', page: 1, pageSize: 50 })
      .then((p) => setDrafts(p.items))
      .catch(() => setDrafts([]))
  }, [data])

  const handoverUrl = (userId: string) => {
    const draft = drafts.find((h) => h.fromUserId === userId)
    return draft ? `/pages/handover/index?id=${encodeURIComponent(draft.id)}` : `/pages/handover/index?fromUserId=${encodeURIComponent(userId)}`
  }

  return (
    <View className='team-home' data-testid='team-home'>
      <View className='team-home__card team-home__approvals' data-testid='team-approvals' onClick={() => Taro.navigateTo({ url: '/pages/approvals/index?box=todo' })}>
        <Text className='team-home__title'>待我审批</Text>
        {todo.count > 0 ? <Text className='team-home__badge' data-testid='team-approvals-count'>{todo.count}</Text> : <Text className='team-home__muted'>暂无</Text>}
        <Text className='team-home__arrow'>›</Text>
      </View>

      <StateView loading={loading && !data} error={data ? null : error} onRetry={onRetry} empty={false}>
        {data && (
          <View>
            <View className='team-home__card' data-testid='team-soon'>
              <View className='team-home__head' onClick={() => onFilter({ soon: true })}>
                <Text className='team-home__title'>即将回收</Text>
                <Text className='team-home__summary'>{data.soonReclaimed.total} 个</Text>
                <Text className='team-home__link'>全部 ›</Text>
              </View>
              {data.soonReclaimed.items.length ? <CustomerGroups items={data.soonReclaimed.items} testId='team-soon-list' /> : <Text className='team-home__muted'>团队没有即将回收的客户</Text>}
            </View>

            <View className='team-home__card' data-testid='team-forgotten'>
              <View className='team-home__head' onClick={() => onFilter({ forgotten: true })}>
                <Text className='team-home__title'>被遗忘</Text>
                <Text className='team-home__summary'>{data.forgotten.total} 个超过 {data.forgottenDays} 天未跟进</Text>
                <Text className='team-home__link'>全部 ›</Text>
              </View>
              {data.forgotten.items.length ? <CustomerGroups items={data.forgotten.items} testId='team-forgotten-list' /> : <Text className='team-home__muted'>没有被遗忘的客户</Text>}
            </View>

            {data.departed.length > 0 && (
              <View className='team-home__card' data-testid='team-departed'>
                <View className='team-home__head'>
                  <Text className='team-home__title'>离职未交接</Text>
                </View>
                {data.departed.map((d) => (
                  <View key={d.userId} className='team-home__member' data-testid={`departed-${d.userId}`}>
                    <View className='team-home__member-name' onClick={() => onFilter({ ownerId: d.userId, ownerName: d.name })}>
                      <Text>{d.name}</Text>
                      <LeftBadge left />
                      <Text className='team-home__muted'>仍持有 {d.holding} 个客户 ›</Text>
                    </View>
                    <Text className='team-home__action' data-testid={`handover-${d.userId}`} onClick={() => Taro.navigateTo({ url: handoverUrl(d.userId) })}>
                      交接
                    </Text>
                  </View>
                ))}
              </View>
            )}

            <View className='team-home__card' data-testid='team-members'>
              <View className='team-home__head'>
                <Text className='team-home__title'>成员负荷</Text>
                <Text className='team-home__summary'>持有/上限 · 本周跟进 · 逾期计划</Text>
              </View>
              {data.members.length === 0 && <Text className='team-home__muted'>团队还没有成员</Text>}
              {data.members.map((m) => (
                <View key={m.userId} className='team-home__member' data-testid={`member-${m.userId}`} onClick={() => onFilter({ ownerId: m.userId, ownerName: m.name })}>
                  <Text className='team-home__member-name'>{m.name}</Text>
                  <Text className={`team-home__load ${m.cap !== null && m.held >= m.cap ? 'team-home__load--full' : ''}`}>
                    {m.held}/{m.cap ?? '∞'}
                  </Text>
                  <Text className='team-home__load'>跟进 {m.followUpsThisWeek}</Text>
                  <Text className={`team-home__load ${m.overduePlans ? 'team-home__load--warn' : ''}`}>逾期 {m.overduePlans}</Text>
                  {m.soonReclaimed > 0 && <Text className='team-home__load team-home__load--warn'>回收 {m.soonReclaimed}</Text>}
                </View>
              ))}
            </View>
          </View>
        )}
      </StateView>
    </View>
  )
}
