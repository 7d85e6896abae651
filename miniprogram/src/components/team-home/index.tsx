import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import type { TeamCustomerRef, TeamForecast, TeamHome as TeamHomeData } from '../../services/types'
import { formatFen } from '../../utils/money'
import { barWidth, periodLabel } from '../../utils/contract-labels'
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
  onFilter: (filter: { ownerId?: string; ownerName?: string; ownerLeft?: boolean; soon?: boolean; forgotten?: boolean }) => void
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

const pctText = (pct: number | null) => (pct === null ? '' : `${pct}%`)

/**
 * The team's month: won and forecast (won + weighted open opportunities closing this month)
 * against the won-amount target, and what the pipeline does not cover yet. Figures from the server.
 */
function ForecastCard({ f }: { f: TeamForecast }) {
  const bar = (pct: number | null) => `${barWidth(pct)}%`
  return (
    <View className='team-home__card' data-testid='team-forecast'>
      <View className='team-home__head'>
        <Text className='team-home__title'>{periodLabel(f.period)}团队预测</Text>
        <Text className='team-home__link' onClick={() => Taro.navigateTo({ url: '/pages/opportunities/index' })}>
          商机 ›
        </Text>
      </View>
      {f.department && (
        <Text className='team-forecast__dept'>
          {f.department.name}
          {f.derived ? ' · 目标按成员目标汇总' : ''}
        </Text>
      )}
      <View className='team-forecast__figures'>
        <View className='team-forecast__figure' data-testid='team-forecast-target'>
          <Text className='team-forecast__label'>成交目标</Text>
          <Text className='team-forecast__value'>{f.targetFen === null ? '未设目标' : formatFen(f.targetFen)}</Text>
        </View>
        <View className='team-forecast__figure' data-testid='team-forecast-won'>
          <Text className='team-forecast__label'>已成交 {pctText(f.wonPct)}</Text>
          <Text className='team-forecast__value'>{formatFen(f.wonFen)}</Text>
        </View>
        <View className='team-forecast__figure' data-testid='team-forecast-forecast'>
          <Text className='team-forecast__label'>预测 {pctText(f.forecastPct)}</Text>
          <Text className='team-forecast__value team-forecast__value--primary'>{formatFen(f.forecastFen)}</Text>
        </View>
      </View>
      {f.targetFen !== null && (
        <View className='team-forecast__track'>
          <View className='team-forecast__fill team-forecast__fill--forecast' style={{ width: bar(f.forecastPct) }} />
          <View className='team-forecast__fill' style={{ width: bar(f.wonPct) }} />
        </View>
      )}
      <Text className='team-forecast__line' data-testid='team-forecast-open'>
        预测 = 已成交 + 本月预计成交的 {f.openCount} 个商机按赢率加权 {formatFen(f.weightedOpenFen)}
      </Text>
      {f.gapFen !== null && (
        <Text className={`team-forecast__gap ${f.gapFen > 0 ? 'team-forecast__gap--short' : 'team-forecast__gap--ahead'}`} data-testid='team-forecast-gap'>
          {f.gapFen > 0 ? `距目标还差 ${formatFen(f.gapFen)}` : `预计超出目标 ${formatFen(-f.gapFen)}`}
        </Text>
      )}
      {f.targetFen === null && (
        <Text className='team-forecast__line link' onClick={() => Taro.navigateTo({ url: '/pages/targets/index' })}>
          设置本月目标 ›
        </Text>
      )}
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
                    <View className='team-home__member-name' onClick={() => onFilter({ ownerId: d.userId, ownerName: d.name, ownerLeft: true })}>
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
                <Text className='team-home__summary'>持有/上限 · 本周跟进 · 逾期计划{data.forecast ? ' · 本月成交/预测' : ''}</Text>
              </View>
              {data.members.length === 0 && <Text className='team-home__muted'>团队还没有成员</Text>}
              {data.members.map((m) => (
                <View key={m.userId} className='team-home__member-block' data-testid={`member-${m.userId}`} onClick={() => onFilter({ ownerId: m.userId, ownerName: m.name })}>
                  <View className='team-home__member'>
                    <Text className='team-home__member-name'>{m.name}</Text>
                    <Text className={`team-home__load ${m.cap !== null && m.held >= m.cap ? 'team-home__load--full' : ''}`}>
                      {m.held}/{m.cap ?? '∞'}
                    </Text>
                    <Text className='team-home__load'>跟进 {m.followUpsThisWeek}</Text>
                    <Text className={`team-home__load ${m.overduePlans ? 'team-home__load--warn' : ''}`}>逾期 {m.overduePlans}</Text>
                    {m.soonReclaimed > 0 && <Text className='team-home__load team-home__load--warn'>回收 {m.soonReclaimed}</Text>}
                  </View>
                  {m.forecastFen !== null && (
                    <Text className='team-home__member-forecast' data-testid={`member-forecast-${m.userId}`}>
                      成交 {formatFen(m.wonFen ?? 0)} · 预测 {formatFen(m.forecastFen)}
                    </Text>
                  )}
                </View>
              ))}
            </View>

            {data.forecast && <ForecastCard f={data.forecast} />}
          </View>
        )}
      </StateView>
    </View>
  )
}
