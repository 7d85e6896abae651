import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { View, Text, ScrollView } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, errorMessage, getToken, LOGIN_PAGE } from '../../services/api'
import { claimCustomer, listPoolCustomers, listPools } from '../../services/pool'
import { cachedUser, consumeStale, markStale } from '../../services/session'
import type { Level, Pool, PoolCustomer } from '../../services/types'
import ClaimRefusalDialog from '../../components/claim-refusal-dialog'
import PoolRow from '../../components/pool-row'
import SearchBox from '../../components/search-box'
import StateView from '../../components/state-view'
import TabBar from '../../components/tab-bar'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { usePagedList } from '../../hooks/use-paged-list'
import { totalLabel } from '../../utils/labels'
import PoolFilterSheet, { type PoolFilters } from './filter-sheet'
import './index.scss'
import ListFooter from '../../components/list-footer'

const PAGE_SIZE = 20

type DaysKey = 'all' | 'd7' | 'd30' | 'over30'
const DAY_CHIPS: { key: DaysKey; label: string; min?: number; max?: number }[] = [
  { key: 'all', label: '全部' },
  { key: 'd7', label: '7天内', max: 7 },
  { key: 'd30', label: '30天内', max: 30 },
  { key: 'over30', label: '30天以上', min: 31 }
]

const NO_FILTERS: PoolFilters = { level: '', industry: '', region: '', lastOwner: null }

export default function PoolPage() {
  const [pools, setPools] = useState<Pool[]>([])
  const [poolId, setPoolId] = useState<string | null>(null)
  const [poolsLoading, setPoolsLoading] = useState(true)
  const [poolsError, setPoolsError] = useState<string | null>(null)

  const [q, setQ] = useState('')
  const debouncedQ = useDebouncedValue(q.trim(), 350)
  const [days, setDays] = useState<DaysKey>('all')
  const [filters, setFilters] = useState<PoolFilters>(NO_FILTERS)
  const [filterOpen, setFilterOpen] = useState(false)


  const [claimingId, setClaimingId] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<unknown>(null)
  // Industries and regions seen in the listing widen the filter's preset choices.
  const [seen, setSeen] = useState<{ industries: string[]; regions: string[] }>({ industries: [], regions: [] })

  const loadPools = useCallback(async () => {
    setPoolsLoading(true)
    setPoolsError(null)
    try {
      const res = await listPools()
      setPools(res.items)
      // The pool I claim from first; pools I only oversee come after.
      const first = res.items.find((p) => p.member !== false) ?? res.items[0]
      setPoolId((current) => (current && res.items.some((p) => p.id === current) ? current : first?.id ?? null))
    } catch (e) {
      setPoolsError(errorMessage(e))
    } finally {
      setPoolsLoading(false)
    }
  }, [])

  const fetchPage = useMemo(() => {
    if (!poolId) return null
    const chip = DAY_CHIPS.find((c) => c.key === days)
    return (page: number) => listPoolCustomers(poolId, {
      q: debouncedQ,
      level: filters.level,
      industry: filters.industry,
      region: filters.region,
      lastOwnerId: filters.lastOwner?.id,
      minDaysInPool: chip?.min,
      maxDaysInPool: chip?.max,
      page,
      pageSize: PAGE_SIZE
    })
  }, [poolId, debouncedQ, days, filters])
  // Industries and regions seen so far feed the filter sheet's choices.
  const rememberFacets = useCallback((rows: PoolCustomer[]) => {
    setSeen((prev) => ({
      industries: mergeSeen(prev.industries, rows.map((c) => c.industry)),
      regions: mergeSeen(prev.regions, rows.map((c) => c.region))
    }))
  }, [])
  const { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, load, remove } = usePagedList<PoolCustomer>(fetchPage, rememberFacets)

  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: LOGIN_PAGE })
      return
    }
    consumeStale('pool')
    loadPools()
  }, [loadPools])

  useEffect(() => {
    if (poolId) loadRef.current(true)
  }, [poolId, debouncedQ, days, filters])

  // A claim, release or reclaim made on the detail page changes this listing.
  useDidShow(() => {
    if (consumeStale('pool')) loadRef.current(true)
  })

  usePullDownRefresh(async () => {
    try {
      if (poolId) await loadRef.current(true)
      else await loadPools()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  useReachBottom(() => {
    if (hasMore && !loading && !loadingMore && !moreError) load(false)
  })

  const claim = async (c: PoolCustomer) => {
    if (claimingId) return
    setClaimingId(c.id)
    try {
      await claimCustomer(c.id)
      Taro.showToast({ title: '领取成功', icon: 'success' })
      remove((x) => x.id === c.id)
      markStale('customers', `customer:${c.id}`)
    } catch (e) {
      if (isGoneFromPool(e)) {
        // Claimed by a colleague a moment ago (404: no longer visible), or already mine (409): nothing
        // to decide in a dialog; the list is out of date, so refresh it and say why in the server's words.
        Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 })
        loadRef.current(true)
        if (e.code === 'CUSTOMER_NOT_IN_POOL') markStale('customers')
      } else {
        setRefusal(e)
      }
    } finally {
      setClaimingId(null)
    }
  }

  const openCustomer = (c: PoolCustomer) => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(c.id)}` })
  // The detail page holds the assignee picker, the optional reason and the over-the-cap confirmation.
  const assignCustomer = (c: PoolCustomer) =>
    Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(c.id)}&action=assign` })

  const pool = pools.find((p) => p.id === poolId) ?? null
  const me = cachedUser()
  // Only members claim (the server says so per pool); a manager above a department's pool assigns instead.
  const member = pool?.member ?? true
  const rowAction: 'claim' | 'assign' | null = member ? 'claim' : me?.role === 'manager' || me?.role === 'admin' ? 'assign' : null
  const activeFilterCount = [filters.level, filters.industry, filters.region, filters.lastOwner].filter(Boolean).length
  const filtered = Boolean(debouncedQ || days !== 'all' || activeFilterCount)
  const filterTags = useMemo(() => describeFilters(filters), [filters])

  const resetAll = () => {
    setQ('')
    setDays('all')
    setFilters(NO_FILTERS)
  }

  if (poolsLoading || poolsError || !pool) {
    return (
      <View className='pool'>
        <StateView
          loading={poolsLoading}
          error={poolsError}
          onRetry={loadPools}
          empty={!pool}
          emptyText='你还不在任何公海中，请联系管理员'
        />
        <View className='tab-bar-spacer' />
        <TabBar active='pool' />
      </View>
    )
  }

  return (
    <View className='pool' data-testid='pool-page'>
      <View className='pool__header'>
        {pools.length > 1 && (
          <ScrollView className='pool__pools' scrollX enableFlex>
            {pools.map((p) => (
              <View
                key={p.id}
                className={`pool__pool ${p.id === poolId ? 'pool__pool--active' : ''}`}
                data-testid={`pool-tab-${p.id}`}
                onClick={() => setPoolId(p.id)}
              >
                {p.name}
              </View>
            ))}
          </ScrollView>
        )}
        <View className='pool__summary'>
          <View className='pool__summary-main'>
            <Text className='pool__name'>{pool.name}</Text>
            <Text className='pool__rules'>
              每人最多持有 {pool.rules.holdingCap} 个 · 每日可领 {pool.rules.dailyClaimLimit} 个
            </Text>
            {!member && (
              <Text className='pool__readonly' data-testid='pool-readonly'>
                你不是该公海的成员，不能领取{rowAction === 'assign' ? '，可分配给成员' : ''}
              </Text>
            )}
          </View>
          {!loading && !error && <Text className='pool__total'>共 {totalLabel(total, totalCapped)} 个</Text>}
        </View>
        <SearchBox value={q} onChange={setQ} placeholder='搜索客户名称、联系人' testId='pool-search' />
        <View className='pool__chips'>
          {DAY_CHIPS.map((c) => (
            <View
              key={c.key}
              className={`pool__chip ${days === c.key ? 'pool__chip--active' : ''}`}
              data-testid={`pool-days-${c.key}`}
              onClick={() => setDays(c.key)}
            >
              {c.label}
            </View>
          ))}
          <View
            className={`pool__filter ${activeFilterCount ? 'pool__filter--active' : ''}`}
            data-testid='pool-filter-open'
            onClick={() => setFilterOpen(true)}
          >
            筛选{activeFilterCount ? ` ${activeFilterCount}` : ''}
          </View>
        </View>
        {filterTags.length > 0 && (
          <View className='pool__tags'>
            {filterTags.map((t) => (
              <View key={t.key} className='pool__tag' onClick={() => setFilters((f) => ({ ...f, [t.key]: t.key === 'lastOwner' ? null : '' }))}>
                {t.label}
                <Text className='pool__tag-x'>×</Text>
              </View>
            ))}
          </View>
        )}
      </View>

      <View className='pool__list' data-testid='pool-list'>
        <StateView
          loading={loading}
          error={error}
          onRetry={() => load(true)}
          empty={items.length === 0}
          emptyText={filtered ? '没有符合条件的公海客户' : '公海里暂时没有客户'}
          emptyAction={
            filtered ? (
              <View className='pool__reset' onClick={resetAll}>
                清除筛选
              </View>
            ) : undefined
          }
        >
          {items.map((c) => (
            <PoolRow
              key={c.id}
              customer={c}
              action={rowAction}
              claiming={claimingId === c.id}
              onOpen={openCustomer}
              onClaim={claim}
              onAssign={assignCustomer}
            />
          ))}
          <ListFooter loadingMore={loadingMore} moreError={!!moreError} hasMore={hasMore} count={items.length} onMore={() => load(false)} />
        </StateView>
      </View>

      <View className='tab-bar-spacer' />
      <TabBar active='pool' />

      <PoolFilterSheet
        visible={filterOpen}
        filters={filters}
        industries={seen.industries}
        regions={seen.regions}
        onChange={setFilters}
        onReset={() => setFilters(NO_FILTERS)}
        onClose={() => setFilterOpen(false)}
      />
      <ClaimRefusalDialog error={refusal} onClose={() => setRefusal(null)} />
    </View>
  )
}

/** The customer left the pool for this user: claimed by someone else (404 now) or already theirs. */
function isGoneFromPool(e: unknown): e is ApiError {
  return e instanceof ApiError && (e.status === 404 || e.code === 'CUSTOMER_NOT_IN_POOL')
}

function mergeSeen(prev: string[], values: Array<string | null | undefined>): string[] {
  const next = [...prev]
  for (const v of values) if (v && !next.includes(v)) next.push(v)
  return next.length === prev.length ? prev : next
}

function describeFilters(f: PoolFilters): { key: keyof PoolFilters; label: string }[] {
  const tags: { key: keyof PoolFilters; label: string }[] = []
  if (f.level) tags.push({ key: 'level', label: `级别 ${levelText(f.level)}` })
  if (f.industry) tags.push({ key: 'industry', label: f.industry })
  if (f.region) tags.push({ key: 'region', label: f.region })
  if (f.lastOwner) tags.push({ key: 'lastOwner', label: `上一负责人 ${f.lastOwner.name}` })
  return tags
}

const levelText = (l: Level) => (l === 'key' ? '重点' : l)
