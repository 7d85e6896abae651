import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getToken, LOGIN_PAGE } from '../../services/api'
import { listHandovers, type Handover, type HandoverStatus } from '../../services/handover'
import { consumeStale } from '../../services/session'
import type { User } from '../../services/types'
import StateView from '../../components/state-view'
import UserPicker from '../../components/user-picker'
import { usePagedList } from '../../hooks/use-paged-list'
import { HANDOVER_STATUS, handoverStatusMeta, handoverTargetText, triggerLabel } from '../../utils/handover-labels'
import { totalLabel } from '../../utils/labels'
import { formatDate, formatTime } from '../../utils/time'
import '../../components/approval-status/index.scss'
import './index.scss'
import ListFooter from '../../components/list-footer'

const PAGE_SIZE = 20

const STATUS_CHIPS: Array<{ value: HandoverStatus | ''; label: string }> = [
  { value: '', label: '全部' },
  ...(Object.keys(HANDOVER_STATUS) as HandoverStatus[]).map((value) => ({ value, label: HANDOVER_STATUS[value].label }))
]

/**
 * 离职交接 for managers and admins: start one for a member of the team (转派 while they stay, or
 * after they left), and the history of the handovers of the members they manage.
 */
export default function HandoverListPage() {
  const [status, setStatus] = useState<HandoverStatus | ''>('')
  const [picking, setPicking] = useState(false)
  const fetchPage = useCallback((page: number) => listHandovers({ status: status || undefined, page, pageSize: PAGE_SIZE }), [status])
  const { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<Handover>(fetchPage)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: LOGIN_PAGE })
      return
    }
    loadRef.current(true)
  }, [status])

  useDidShow(() => {
    if (consumeStale('handovers')) loadRef.current(true)
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

  const open = (h: Handover) => Taro.navigateTo({ url: `/pages/handover/index?id=${encodeURIComponent(h.id)}` })
  const start = (u: User) => {
    setPicking(false)
    Taro.navigateTo({ url: `/pages/handover/index?fromUserId=${encodeURIComponent(u.id)}` })
  }

  return (
    <View className='handover-list'>
      <View className='card hl-start' data-testid='handover-start' onClick={() => setPicking(true)}>
        <View className='hl-start__icon'>交</View>
        <View className='hl-start__main'>
          <Text className='hl-start__title'>发起交接</Text>
          <Text className='hl-start__sub'>选择团队成员，把客户、协作和待办交给同事或退回公海</Text>
        </View>
        <Text className='hl-arrow'>›</Text>
      </View>

      <View className='hl-chips'>
        {STATUS_CHIPS.map((c) => (
          <View
            key={c.value || 'all'}
            className={`hl-chip ${status === c.value ? 'hl-chip--active' : ''}`}
            data-testid={`handover-status-chip-${c.value || 'all'}`}
            onClick={() => setStatus(c.value)}
          >
            {c.label}
          </View>
        ))}
      </View>
      <View className='hl-sub'>{!loading && !error ? <Text>共 {totalLabel(total, totalCapped)} 条</Text> : <Text> </Text>}</View>

      <View className='hl-list' data-testid='handover-list'>
        <StateView loading={loading} error={error} onRetry={() => load(true)} empty={items.length === 0} emptyText={status ? `没有${HANDOVER_STATUS[status].label}的交接` : '还没有交接记录'}>
          {items.map((h) => (
            <HandoverRow key={h.id} handover={h} onClick={open} />
          ))}
          <ListFooter loadingMore={loadingMore} moreError={!!moreError} hasMore={hasMore} count={items.length} onMore={() => load(false)} />
        </StateView>
      </View>

      <UserPicker visible={picking} title='选择要交接的成员' purpose='handover-from' onPick={start} onClose={() => setPicking(false)} />
    </View>
  )
}

function HandoverRow({ handover: h, onClick }: { handover: Handover; onClick: (h: Handover) => void }) {
  const status = handoverStatusMeta(h.status)
  const at = h.finishedAt ?? h.startedAt ?? h.createdAt
  return (
    <View className='card hl-row' data-testid={`handover-row-${h.id}`} onClick={() => onClick(h)}>
      <View className='hl-row__top'>
        <Text className='hl-row__who'>{h.fromUser.name}</Text>
        {h.fromUser.status !== 'active' && <Text className='hl-row__left'>已离职</Text>}
        <Text className='hl-row__arrow'>→</Text>
        <Text className='hl-row__to'>{handoverTargetText(h)}</Text>
        <Text className={`approval-status approval-status--${status.tone}`}>{status.label}</Text>
      </View>
      <View className='hl-row__meta'>
        <Text>
          {triggerLabel(h.trigger)}
          {h.status === 'draft' ? ' · 等待选择接手人' : ` · 已交接 ${h.counts.moved} 位${h.counts.skipped ? ` · 跳过 ${h.counts.skipped} 位` : ''}`}
        </Text>
        <Text>
          {formatDate(at)} {formatTime(at)}
        </Text>
      </View>
      {h.wecom.requested > 0 && (
        <Text className={`hl-row__wecom ${h.wecom.failed ? 'hl-row__wecom--bad' : ''}`} data-testid={`handover-row-wecom-${h.id}`}>
          企业微信客户 已接替 {h.wecom.takenOver}/{h.wecom.requested}
          {h.wecom.waiting ? ` · 等待 ${h.wecom.waiting}` : ''}
          {h.wecom.failed ? ` · 失败 ${h.wecom.failed}` : ''}
        </Text>
      )}
      {(h.runBy || h.reason) && (
        <Text className='hl-row__reason'>
          {h.runBy ? `${h.runBy.name}：` : ''}
          {h.reason}
        </Text>
      )}
    </View>
  )
}
