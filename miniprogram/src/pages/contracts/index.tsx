import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getToken, LOGIN_PAGE } from '../../services/api'
import { listContracts, type Contract, type ContractScope, type ContractStatus } from '../../services/contracts'
import { cachedUser, consumeStale } from '../../services/session'
import type { Role } from '../../services/types'
import StateView from '../../components/state-view'
import { usePagedList } from '../../hooks/use-paged-list'
import { CONTRACT_STATUS } from '../../utils/contract-labels'
import { totalLabel } from '../../utils/labels'
import { formatFen } from '../../utils/money'
import './index.scss'
import ListFooter from '../../components/list-footer'

const PAGE_SIZE = 20

const SCOPES: { value: ContractScope; label: string; roles: Role[] }[] = [
  { value: 'mine', label: '我的', roles: ['rep', 'manager', 'admin'] },
  { value: 'team', label: '团队', roles: ['manager', 'admin'] },
  { value: 'all', label: '全部', roles: ['admin'] }
]

const STATUS_CHIPS: { value: ContractStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  ...(Object.keys(CONTRACT_STATUS) as ContractStatus[]).map((value) => ({ value, label: CONTRACT_STATUS[value].label }))
]

function ContractRow({ contract: c, onClick }: { contract: Contract; onClick: (c: Contract) => void }) {
  const status = CONTRACT_STATUS[c.status]
  return (
    <View className='contract-row' data-testid={`contract-row-${c.id}`} onClick={() => onClick(c)}>
      <View className='contract-row__top'>
        <Text className='contract-row__customer'>{c.customer.name}</Text>
        <Text className={`contract-status contract-status--${status.tone}`}>{status.label}</Text>
      </View>
      <View className='contract-row__meta'>
        <Text>{c.number}</Text>
        <Text className='contract-row__amount'>{formatFen(c.amountFen)}</Text>
      </View>
      <View className='contract-row__meta contract-row__meta--sub'>
        <Text>
          {c.owner.name} · {c.startOn} 至 {c.endOn}
        </Text>
        <Text className={c.overdueFen > 0 ? 'contract-row__overdue' : ''}>
          {c.overdueFen > 0 ? `逾期 ${formatFen(c.overdueFen)}` : `已回款 ${formatFen(c.paidFen)}`}
        </Text>
      </View>
    </View>
  )
}

/** 合同: mine / my team's / all, by status; newest first. */
export default function ContractsPage() {
  const me = cachedUser()
  const [scope, setScope] = useState<ContractScope>('mine')
  const [status, setStatus] = useState<ContractStatus | ''>('')
  const fetchPage = useCallback((page: number) => listContracts({ scope, status: status || undefined, page, pageSize: PAGE_SIZE }), [scope, status])
  const { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<Contract>(fetchPage)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: LOGIN_PAGE })
      return
    }
    loadRef.current(true)
  }, [scope, status])

  useDidShow(() => {
    if (consumeStale('contract-list')) loadRef.current(true)
  })

  usePullDownRefresh(async () => {
    try {
      await loadRef.current(true)
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  useReachBottom(() => {
    if (hasMore && !loading && !loadingMore && !moreError) load(false)
  })

  const scopes = SCOPES.filter((s) => me && s.roles.includes(me.role))
  const open = (c: Contract) => Taro.navigateTo({ url: `/pages/contract-detail/index?id=${encodeURIComponent(c.id)}` })

  return (
    <View className='contracts' data-testid='contracts-page'>
      <View className='contracts__header'>
        {scopes.length > 1 && (
          <View className='contracts__scopes'>
            {scopes.map((s) => (
              <View
                key={s.value}
                className={`contracts__scope ${scope === s.value ? 'contracts__scope--active' : ''}`}
                data-testid={`contract-scope-${s.value}`}
                onClick={() => setScope(s.value)}
              >
                {s.label}
              </View>
            ))}
          </View>
        )}
        <View className='contracts__chips'>
          {STATUS_CHIPS.map((c) => (
            <View
              key={c.value || 'all'}
              className={`contracts__chip ${status === c.value ? 'contracts__chip--active' : ''}`}
              data-testid={`contract-status-${c.value || 'all'}`}
              onClick={() => setStatus(c.value)}
            >
              {c.label}
            </View>
          ))}
        </View>
        <View className='contracts__sub'>{!loading && !error ? <Text>共 {totalLabel(total, totalCapped)} 份</Text> : <Text> </Text>}</View>
      </View>
      <View className='contracts__list' data-testid='contract-list'>
        <StateView
          loading={loading}
          error={error}
          onRetry={() => load(true)}
          empty={items.length === 0}
          emptyText={status ? `没有${CONTRACT_STATUS[status].label}的合同` : '还没有合同，点击右下角新建'}
        >
          {items.map((c) => (
            <ContractRow key={c.id} contract={c} onClick={open} />
          ))}
          <ListFooter loadingMore={loadingMore} moreError={!!moreError} hasMore={hasMore} count={items.length} onMore={() => load(false)} />
        </StateView>
      </View>
      <View className='fab fab--low' data-testid='contract-new' onClick={() => Taro.navigateTo({ url: '/pages/contract-new/index' })}>
        + 新建合同
      </View>
    </View>
  )
}
