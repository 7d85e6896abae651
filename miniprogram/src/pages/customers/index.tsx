import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { View, Text, ScrollView } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getToken, LOGIN_PAGE } from '../../services/api'
import { listCustomers, takeEarlyCustomers, type CustomerQuery } from '../../services/customers'
import { cachedUser, consumeStale, refreshMe } from '../../services/session'
import type { Customer, CustomerScope, Level, Role, Stage, User } from '../../services/types'
import CustomerRow from '../../components/customer-row'
import FollowUpSheet from '../../components/follow-up-sheet'
import HoldingSummary from '../../components/holding-summary'
import HomeCards, { type HomeCardTarget } from '../../components/home-cards'
import TargetCard from '../../components/target-card'
import { getTargetCard } from '../../services/contracts'
import { useResource } from '../../hooks/use-resource'
import SearchBox from '../../components/search-box'
import StateView from '../../components/state-view'
import TabBar from '../../components/tab-bar'
import WecomPendingBanner from '../../components/wecom-pending-banner'
import { listWecomContacts } from '../../services/wecom-contacts'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { useHomeCards } from '../../hooks/use-home-cards'
import { useHolding } from '../../hooks/use-holding'
import { usePagedList } from '../../hooks/use-paged-list'
import { LEVELS, STAGES, totalLabel } from '../../utils/labels'
import TeamHome from '../../components/team-home'
import UserPicker from '../../components/user-picker'
import { getTeamHome } from '../../services/home'
import './index.scss'
import ListFooter from '../../components/list-footer'

const PAGE_SIZE = 20

const SCOPES: { value: CustomerScope; label: string; roles: Role[] }[] = [
  { value: 'mine', label: '我的', roles: ['rep', 'manager', 'admin'] },
  { value: 'team', label: '团队', roles: ['manager', 'admin'] },
  { value: 'all', label: '全部', roles: ['admin'] }
]

const leads = (role?: Role) => role === 'manager' || role === 'admin'
const FOLLOW_UP_AGES = [7, 30, 90]

export default function CustomersPage() {
  // A card or a link may open the list filtered: ?scope=team&soon=true&ownerId=…
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const paramScope = (['mine', 'team', 'all'] as const).find((v) => v === params.scope)
  const [me, setMe] = useState<User | null>(cachedUser())
  const [scope, setScope] = useState<CustomerScope>(paramScope ?? 'mine')
  // The managers' home is the default page of managers and admins (a switch to 我的 beside it).
  const [overview, setOverview] = useState<boolean>(!paramScope && leads(cachedUser()?.role))
  const overviewDecided = useRef(Boolean(paramScope) || Boolean(cachedUser()))
  const [q, setQ] = useState('')
  const debouncedQ = useDebouncedValue(q.trim(), 350)
  const [stage, setStage] = useState<Stage | ''>('')
  const [soon, setSoon] = useState(params.soon === 'true')
  const [level, setLevel] = useState<Level | ''>('')
  const [followUpAge, setFollowUpAge] = useState(0)
  const [owner, setOwner] = useState<{ id: string; name: string; left?: boolean } | null>(
    params.ownerId ? { id: params.ownerId, name: decodeURIComponent(params.ownerName ?? '') || '所选成员', left: params.ownerLeft === 'true' } : null
  )
  const [pickingOwner, setPickingOwner] = useState(false)
  const team = useResource(getTeamHome, null)

  const home = useHomeCards()
  // The fixed 本月业绩 card (target, progress, payments due; the department for managers).
  const target = useResource(getTargetCard, null)
  // Whatever the cap counts, the rep reads it next to their own list: the two must never seem to disagree.
  const holding = useHolding()
  // 待建档: my WeCom customers not on any record yet (a failure only hides the banner).
  const [pendingWecom, setPendingWecom] = useState(0)
  const reloadPendingWecom = useCallback(() => {
    listWecomContacts({ linked: false, page: 1, pageSize: 1 })
      .then((page) => setPendingWecom(page.total))
      .catch(() => setPendingWecom(0))
  }, [])
  /** the customer whose 写跟进 was tapped on a home card */
  const [followUpFor, setFollowUpFor] = useState<HomeCardTarget | null>(null)

  const query = (page: number): CustomerQuery => ({
    scope,
    q: debouncedQ,
    stage,
    soon,
    level,
    ownerId: scope === 'mine' ? undefined : owner?.id,
    followUpOlderThanDays: followUpAge || undefined,
    page,
    pageSize: PAGE_SIZE
  })
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fetchPage = useCallback((page: number) => listCustomers(query(page)), [scope, debouncedQ, stage, soon, level, owner, followUpAge])
  // H5 on a slow network: the first page, when index.html's early call already has it, is in the first render.
  const [firstPage] = useState(() => takeEarlyCustomers(query(1)))
  const { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<Customer>(fetchPage, undefined, firstPage)

  const loadRef = useRef(load)
  loadRef.current = load
  const hasFirstPage = useRef(firstPage !== null)

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: LOGIN_PAGE })
      return
    }
    refreshMe()
      .then((u) => {
        setMe(u)
        if (!overviewDecided.current) setOverview(leads(u.role))
        overviewDecided.current = true
        if (leads(u.role)) team.reload()
      })
      .catch(() => undefined)
    if (leads(cachedUser()?.role)) team.reload()
    home.reload()
    holding.reload()
    target.reload()
    reloadPendingWecom()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [home.reload, holding.reload, target.reload, reloadPendingWecom])

  useEffect(() => {
    if (hasFirstPage.current) {
      hasFirstPage.current = false
      return
    }
    if (getToken()) loadRef.current(true)
  }, [scope, debouncedQ, stage, soon, level, owner, followUpAge])

  // Whatever changes one of my customers (a follow-up, a claim, a release) can change the home cards too.
  useDidShow(() => {
    if (consumeStale('wecom-contacts')) reloadPendingWecom()
    if (consumeStale('customers')) {
      reloadPendingWecom()
      loadRef.current(true)
      home.reload()
      holding.reload()
      if (leads(me?.role)) team.reload()
    }
    if (consumeStale('contracts')) target.reload()
  })

  usePullDownRefresh(async () => {
    try {
      await Promise.all([loadRef.current(true), home.reload(), holding.reload(), target.reload(), leads(me?.role) ? team.reload() : undefined])
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  useReachBottom(() => {
    if (hasMore && !loading && !loadingMore && !moreError) load(false)
  })

  const scopes = SCOPES.filter((s) => me && s.roles.includes(me.role))
  const openCustomerId = (id: string) => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(id)}` })
  const openCustomer = (c: Customer) => openCustomerId(c.id)
  const filtered = Boolean(debouncedQ || stage || soon || level || followUpAge || (scope !== 'mine' && owner))
  // The home cards are about my own customers; a search or a filter means the rep is looking for something else.
  const showHome = scope === 'mine' && !filtered && !overview
  const isLead = leads(me?.role)
  const pickScope = (value: CustomerScope) => {
    setOverview(false)
    setScope(value)
  }
  // From the managers' home to the team list, filtered.
  const openTeamList = (f: { ownerId?: string; ownerName?: string; ownerLeft?: boolean; soon?: boolean; forgotten?: boolean }) => {
    setOverview(false)
    setScope(me?.role === 'admin' ? 'all' : 'team')
    setOwner(f.ownerId ? { id: f.ownerId, name: f.ownerName ?? '', left: f.ownerLeft } : null)
    setSoon(Boolean(f.soon))
    setFollowUpAge(f.forgotten ? (team.data?.forgottenDays ?? 90) : 0)
    setStage('')
    setLevel('')
    setQ('')
  }

  const onHomeFollowUpSaved = () => {
    // The customer leaves 被遗忘 / 即将回收, and its row in the list now says 今天跟进.
    home.reload()
    loadRef.current(true)
  }

  return (
    <View className='customers'>
      <View className='customers__header'>
        <View className='customers__scopes'>
          {isLead && (
            <View
              className={`customers__scope ${overview ? 'customers__scope--active' : ''}`}
              data-testid='scope-tab-overview'
              onClick={() => setOverview(true)}
            >
              团队概览
            </View>
          )}
          {scopes.length > 1 ? (
            scopes.map((s) => (
              <View
                key={s.value}
                className={`customers__scope ${!overview && scope === s.value ? 'customers__scope--active' : ''}`}
                data-testid={`scope-tab-${s.value}`}
                onClick={() => pickScope(s.value)}
              >
                {s.label}
              </View>
            ))
          ) : (
            <View className='customers__scope customers__scope--active' data-testid='scope-tab-mine'>
              我的客户
            </View>
          )}
          {!overview && !loading && !error && <Text className='customers__total'>共 {totalLabel(total, totalCapped)} 个</Text>}
        </View>
        {!overview && (
      <View>
        {scope === 'mine' && <HoldingSummary holding={holding.holding} error={holding.error} onRetry={holding.reload} />}
        <SearchBox value={q} onChange={setQ} placeholder='搜索客户名称、联系人、电话' testId='customer-search' />
        <ScrollView className='customers__stages' scrollX enableFlex>
          <View
            className={`customers__stage customers__soon ${soon ? 'customers__soon--active' : ''}`}
            data-testid='soon-filter'
            onClick={() => setSoon(!soon)}
          >
            即将回收
          </View>
          <View className='customers__divider' />
          {[{ value: '' as const, label: '全部' }, ...STAGES].map((s) => (
            <View
              key={s.value || 'all'}
              className={`customers__stage ${stage === s.value ? 'customers__stage--active' : ''}`}
              data-testid={`stage-chip-${s.value || 'all'}`}
              onClick={() => setStage(s.value)}
            >
              {s.label}
            </View>
          ))}
        </ScrollView>
        <ScrollView className='customers__stages' scrollX enableFlex>
          {scope !== 'mine' && (
            <View
              className={`customers__stage ${owner ? 'customers__stage--active' : ''}`}
              data-testid='owner-filter'
              onClick={() => (owner ? setOwner(null) : setPickingOwner(true))}
            >
              {owner ? `负责人：${owner.name}${owner.left ? '（已离职）' : ''} ✕` : '按负责人'}
            </View>
          )}
          {LEVELS.map((l) => (
            <View
              key={l.value}
              className={`customers__stage ${level === l.value ? 'customers__stage--active' : ''}`}
              data-testid={`level-chip-${l.value}`}
              onClick={() => setLevel(level === l.value ? '' : l.value)}
            >
              {l.label}
            </View>
          ))}
          <View className='customers__divider' />
          {FOLLOW_UP_AGES.map((d) => (
            <View
              key={d}
              className={`customers__stage ${followUpAge === d ? 'customers__stage--active' : ''}`}
              data-testid={`follow-up-age-${d}`}
              onClick={() => setFollowUpAge(followUpAge === d ? 0 : d)}
            >
              {d}天未跟进
            </View>
          ))}
          {followUpAge > 0 && !FOLLOW_UP_AGES.includes(followUpAge) && (
            <View className='customers__stage customers__stage--active' onClick={() => setFollowUpAge(0)}>
              {followUpAge}天未跟进 ✕
            </View>
          )}
        </ScrollView>
      </View>
        )}
      </View>

      {overview ? (
        <View>
          <TeamHome data={team.data} loading={team.loading} error={team.error} onRetry={team.reload} onFilter={openTeamList} />
          <TargetCard card={target.data} loading={target.loading} error={target.error} onRetry={target.reload} />
        </View>
      ) : (
      <View>
      {showHome && <WecomPendingBanner count={pendingWecom} />}

      {showHome && <TargetCard card={target.data} loading={target.loading} error={target.error} onRetry={target.reload} />}

      {showHome && (
        <HomeCards
          cards={home.cards}
          loading={home.loading}
          error={home.error}
          onRetry={home.reload}
          onOpen={openCustomerId}
          onFollowUp={setFollowUpFor}
        />
      )}

      <View className='customers__list' data-testid='customer-list'>
        <StateView
          loading={loading}
          error={error}
          onRetry={() => load(true)}
          empty={items.length === 0}
          emptyText={
            soon && !debouncedQ && !stage
              ? '没有即将回收的客户，跟进都很及时'
              : filtered
                ? '没有符合条件的客户'
                : '还没有客户，点击右下角新建第一个'
          }
        >
          {items.map((c) => (
            <CustomerRow key={c.id} customer={c} onClick={openCustomer} />
          ))}
          <ListFooter loadingMore={loadingMore} moreError={!!moreError} hasMore={hasMore} count={items.length} onMore={() => load(false)} />
        </StateView>
      </View>
      </View>
      )}

      <View
        className='fab'
        data-testid='customer-new'
        onClick={() => Taro.navigateTo({ url: '/pages/customer-new/index' })}
      >
        + 新建客户
      </View>
      <View className='tab-bar-spacer' />
      <TabBar active='customers' />

      <UserPicker
        visible={pickingOwner}
        title='按负责人筛选'
        purpose='handover-from'
        onPick={(u) => {
          setOwner({ id: u.id, name: u.name, left: u.status === 'left' })
          setPickingOwner(false)
        }}
        onClose={() => setPickingOwner(false)}
      />

      {/* Mounted while open only: closed, it still worked out today's business date on the first screen,
          and the time zone's first use costs tens of ms of ICU start-up before the first row. */}
      {followUpFor && (
        <FollowUpSheet
          customerId={followUpFor.id}
          customerName={followUpFor.name}
          visible
          onClose={() => setFollowUpFor(null)}
          onSaved={onHomeFollowUpSaved}
        />
      )}
    </View>
  )
}
