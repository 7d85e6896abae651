import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getToken, LOGIN_PAGE } from '../../services/api'
import { listApprovals } from '../../services/approvals'
import { cachedUser, consumeStale } from '../../services/session'
import type { Approval, ApprovalBox, ApprovalStatus } from '../../services/types'
import ApprovalRow from '../../components/approval-row'
import StateView from '../../components/state-view'
import TabBar, { badgeText } from '../../components/tab-bar'
import { usePagedList } from '../../hooks/use-paged-list'
import { useTodoCount } from '../../hooks/use-todo-count'
import { APPROVAL_STATUS } from '../../utils/approval-labels'
import { totalLabel } from '../../utils/labels'
import './index.scss'
import ListFooter from '../../components/list-footer'

const PAGE_SIZE = 20

const BOXES: { value: ApprovalBox; label: string; empty: string }[] = [
  { value: 'todo', label: '待我审批', empty: '没有等你审批的申请' },
  { value: 'mine', label: '我发起的', empty: '你还没有发起过申请，点击右下角发起' },
  { value: 'done', label: '我已处理', empty: '你还没有处理过申请' }
]

const isBox = (v: unknown): v is ApprovalBox => BOXES.some((b) => b.value === v)

/** 待我审批 is pending by definition; the other boxes filter by outcome. */
const STATUS_CHIPS: { value: ApprovalStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  ...(Object.keys(APPROVAL_STATUS) as ApprovalStatus[]).map((value) => ({ value, label: APPROVAL_STATUS[value].label }))
]

/** The 审批 tab: what waits on me, what I filed, what I decided. `?box=mine` opens a segment. */
export default function ApprovalsPage() {
  const { params } = useRouter()
  const me = cachedUser()
  const [box, setBox] = useState<ApprovalBox>(isBox(params.box) ? params.box : 'todo')
  const [status, setStatus] = useState<ApprovalStatus | ''>('')
  const todo = useTodoCount()
  const statusFilter = box === 'todo' ? undefined : status || undefined

  const fetchPage = useCallback((page: number) => listApprovals({ box, status: statusFilter, page, pageSize: PAGE_SIZE }), [box, statusFilter])
  const { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<Approval>(fetchPage)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: LOGIN_PAGE })
      return
    }
    loadRef.current(true)
  }, [box, statusFilter])

  // A decision, a withdrawal or a new request made on another page changes these lists and the badge.
  useDidShow(() => {
    if (consumeStale('approvals')) {
      loadRef.current(true)
      todo.refresh()
    }
  })

  usePullDownRefresh(async () => {
    try {
      await Promise.all([loadRef.current(true), todo.refresh()])
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  useReachBottom(() => {
    if (hasMore && !loading && !loadingMore && !moreError) load(false)
  })

  const open = (a: Approval) => Taro.navigateTo({ url: `/pages/approval-detail/index?id=${encodeURIComponent(a.id)}` })
  const canReport = me?.role === 'manager' || me?.role === 'admin'
  const current = BOXES.find((b) => b.value === box)!

  return (
    <View className='approvals'>
      <View className='approvals__header'>
        <View className='approvals__boxes'>
          {BOXES.map((b) => (
            <View
              key={b.value}
              className={`approvals__box ${box === b.value ? 'approvals__box--active' : ''}`}
              data-testid={`approval-box-${b.value}`}
              onClick={() => setBox(b.value)}
            >
              {b.label}
              {b.value === 'todo' && todo.count > 0 && (
                <Text className='approvals__badge' data-testid='approval-todo-badge'>
                  {badgeText(todo.count)}
                </Text>
              )}
            </View>
          ))}
        </View>
        {box !== 'todo' && (
          <View className='approvals__chips'>
            {STATUS_CHIPS.map((c) => (
              <View
                key={c.value || 'all'}
                className={`approvals__chip ${status === c.value ? 'approvals__chip--active' : ''}`}
                data-testid={`approval-status-chip-${c.value || 'all'}`}
                onClick={() => setStatus(c.value)}
              >
                {c.label}
              </View>
            ))}
          </View>
        )}
        <View className='approvals__sub'>
          {!loading && !error ? <Text>共 {totalLabel(total, totalCapped)} 条</Text> : <Text> </Text>}
          {canReport && (
            <Text className='link' data-testid='approvals-report' onClick={() => Taro.navigateTo({ url: '/pages/expense-report/index' })}>
              费用报表 ›
            </Text>
          )}
        </View>
      </View>

      <View className='approvals__list' data-testid='approval-list'>
        <StateView loading={loading} error={error} onRetry={() => load(true)} empty={items.length === 0} emptyText={statusFilter ? `没有${APPROVAL_STATUS[statusFilter].label}的申请` : current.empty}>
          {items.map((a) => (
            <ApprovalRow key={a.id} approval={a} showRequester={box !== 'mine'} onClick={open} />
          ))}
          <ListFooter loadingMore={loadingMore} moreError={!!moreError} hasMore={hasMore} count={items.length} onMore={() => load(false)} />
        </StateView>
      </View>

      <View className='fab' data-testid='approval-new' onClick={() => Taro.navigateTo({ url: '/pages/approval-new/index' })}>
        + 发起申请
      </View>
      <View className='tab-bar-spacer' />
      <TabBar active='approvals' />
    </View>
  )
}
