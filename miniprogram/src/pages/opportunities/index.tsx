import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text, ScrollView } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { cachedUser, consumeStale } from '../../services/session'
import {
  formatFen, getForecast, getFunnel, listOpportunities, listStages, type Forecast, type Funnel, type Opportunity, type OpportunityScope, type Stage
} from '../../services/opportunities'
import OppRow from '../../components/opp-row'
import StateView from '../../components/state-view'
import TabBar from '../../components/tab-bar'
import './index.scss'

type View_ = 'list' | 'board'

/** 商机: mine / my team, by stage or closing this month, as a list or a board by stage; the month's forecast on top. */
export default function OpportunitiesPage() {
  const me = cachedUser()
  const canTeam = me?.role === 'manager' || me?.role === 'admin'
  const [scope, setScope] = useState<OpportunityScope>('mine')
  const [view, setView] = useState<View_>('list')
  const [stageId, setStageId] = useState<string>('')
  const [closing, setClosing] = useState(false)
  const [stages, setStages] = useState<Stage[]>([])
  const [items, setItems] = useState<Opportunity[]>([])
  const [total, setTotal] = useState(0)
  const [forecast, setForecast] = useState<Forecast | null>(null)
  // The board's column totals: every opportunity of the scope, not only the cards loaded.
  const [funnel, setFunnel] = useState<Funnel | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      const [st, page, fc, fn] = await Promise.all([
        listStages(),
        listOpportunities({
          scope, stageId: view === 'list' ? stageId || undefined : undefined, closingThisMonth: closing,
          status: view === 'board' ? undefined : stageId ? undefined : closing ? undefined : 'open', pageSize: 100
        }),
        getForecast(scope),
        view === 'board' && !closing ? getFunnel(scope) : Promise.resolve(null)
      ])
      setStages(st.items)
      setItems(page.items)
      setTotal(page.total)
      setForecast(fc)
      setFunnel(fn)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [scope, view, stageId, closing])

  useEffect(() => {
    load()
  }, [load])
  useDidShow(() => {
    if (consumeStale('opportunities')) load()
  })

  const chip = (active: boolean, label: string, onClick: () => void, testId: string) => (
    <View key={testId} className={`opps__chip ${active ? 'opps__chip--active' : ''}`} onClick={onClick} data-testid={testId}>
      {label}
    </View>
  )

  return (
    <View className='opps' data-testid='opportunities-page'>
      <View className='opps__bar'>
        <View className='opps__tabs'>
          {chip(scope === 'mine', '我的商机', () => setScope('mine'), 'opps-scope-mine')}
          {canTeam && chip(scope === 'team', '团队商机', () => setScope('team'), 'opps-scope-team')}
        </View>
        <View className='opps__views'>
          {chip(view === 'list', '列表', () => setView('list'), 'opps-view-list')}
          {chip(view === 'board', '看板', () => setView('board'), 'opps-view-board')}
        </View>
      </View>

      {forecast && (
        <View className='card opps__forecast' data-testid='opps-forecast'>
          <View className='opps__forecast-item'>
            <Text className='opps__forecast-value'>{formatFen(forecast.total.weightedFen)}</Text>
            <Text className='opps__forecast-label'>{forecast.month} 加权预测</Text>
          </View>
          <View className='opps__forecast-item'>
            <Text className='opps__forecast-value'>{formatFen(forecast.total.wonFen)}</Text>
            <Text className='opps__forecast-label'>本月已赢单</Text>
          </View>
          <View className='opps__forecast-item'>
            <Text className='opps__forecast-value'>{forecast.total.count}</Text>
            <Text className='opps__forecast-label'>本月预计成交</Text>
          </View>
        </View>
      )}

      <ScrollView scrollX className='opps__filters'>
        {chip(closing, '本月成交', () => setClosing(!closing), 'opps-closing')}
        {view === 'list' && chip(!stageId, '全部进行中', () => setStageId(''), 'opps-stage-all')}
        {view === 'list' && stages.map((s) => chip(stageId === s.id, s.name, () => setStageId(stageId === s.id ? '' : s.id), `opps-stage-${s.id}`))}
      </ScrollView>

      <StateView loading={loading && !items.length} error={error} onRetry={load} empty={!items.length} emptyText='还没有商机，可在客户详情里新建'>
        {view === 'list' ? (
          <View data-testid='opps-list'>
            <Text className='opps__total'>共 {total} 个</Text>
            {items.map((o) => <OppRow key={o.id} opp={o} />)}
          </View>
        ) : (
          <View data-testid='opps-board'>
            <ScrollView scrollX className='opps__board'>
              {stages.map((s) => {
                const col = items.filter((o) => o.stageId === s.id)
                const totals = funnel?.items.find((i) => i.stage.id === s.id)
                const count = totals?.count ?? col.length
                const sum = totals?.amountFen ?? col.reduce((a, o) => a + o.amountFen, 0)
                return (
                  <View key={s.id} className='opps__column' data-testid={`opps-column-${s.id}`}>
                    <View className='opps__column-head'>
                      <Text className='opps__column-name'>{s.name} · {s.winRate}%</Text>
                      <Text className='opps__column-sum'>{count} 个 · {formatFen(sum)}</Text>
                    </View>
                    {col.map((o) => (
                      <View key={o.id} className='opps__card' onClick={() => Taro.navigateTo({ url: `/pages/opportunity-detail/index?id=${o.id}` })}>
                        <Text className='opps__card-name'>{o.name}</Text>
                        <Text className='opps__card-meta'>{o.customer.name}</Text>
                        <Text className='opps__card-meta'>{formatFen(o.amountFen)}{o.expectedCloseOn ? ` · ${o.expectedCloseOn}` : ''}</Text>
                      </View>
                    ))}
                    {!col.length && <Text className='opps__column-empty'>暂无</Text>}
                    {col.length < count && <Text className='opps__column-empty'>另有 {count - col.length} 个，请用列表按阶段查看</Text>}
                  </View>
                )
              })}
            </ScrollView>
          </View>
        )}
      </StateView>
      <View className='tab-bar-spacer' />
      <TabBar active='opportunities' />
    </View>
  )
}
