import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { getHandover, previewHandover, type Handover, type HandoverDetail, type HandoverPreview } from '../../services/handover'
import { cachedUser, markStale } from '../../services/session'
import StateView from '../../components/state-view'
import { useResource } from '../../hooks/use-resource'
import HandoverForm from './handover-form'
import HandoverResult from './handover-result'
import LeaverCard from './leaver-card'
import '../../components/approval-status/index.scss'
import './index.scss'

/** While the CRM side runs (seconds), the page asks again this often. */
const POLL_MS = 2000

interface PageData {
  /** the handover record: a departure's draft, or one that ran */
  handover: HandoverDetail | null
  /** what the leaver holds now; only while there is still a choice to make */
  preview: HandoverPreview | null
}

/**
 * 离职交接 / 转派 of one member. `?id=` opens a handover (the departure card's link: a draft whose
 * leaver is preselected, or one that ran, with its result); `?fromUserId=` starts one for a member
 * picked in the list. The choice, the confirmation, then the outcome on the same page.
 */
export default function HandoverPage() {
  const { params } = useRouter()
  const me = cachedUser()
  const [handoverId, setHandoverId] = useState(params.id ?? '')
  const fromUserId = params.fromUserId ?? ''

  // Handovers are for the leaver's managers; a successor opening the card's link finds the customers in their list.
  const isRep = me?.role === 'rep'

  const resource = useResource<PageData | null>(
    useCallback(async () => {
      if (isRep) return null
      if (handoverId) {
        const handover = await getHandover(handoverId)
        // A draft needs the choice; a finished one may have left customers behind (a selection).
        const preview = handover.status === 'draft'
          ? await previewHandover(handover.fromUserId)
          : handover.status === 'done' ? await previewHandover(handover.fromUserId).catch(() => null) : null
        return { handover, preview }
      }
      if (!fromUserId) throw new Error('请从交接列表选择要交接的成员')
      return { handover: null, preview: await previewHandover(fromUserId) }
    }, [isRep, handoverId, fromUserId]),
    null
  )
  const { data, reload } = resource

  useEffect(() => {
    reload()
  }, [reload])

  usePullDownRefresh(async () => {
    try {
      await reload()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  // 离职交接 for someone who left, 客户转派 for someone who stays (the same page and code).
  const leaverStatus = data?.preview?.fromUser.status ?? data?.handover?.fromUser.status
  useEffect(() => {
    if (leaverStatus) Taro.setNavigationBarTitle({ title: leaverStatus === 'active' ? '客户转派' : '离职交接' }).catch(() => undefined)
  }, [leaverStatus])

  const running = data?.handover?.status === 'running'
  useEffect(() => {
    if (!running) return
    const timer = setTimeout(() => reload(), POLL_MS)
    return () => clearTimeout(timer)
  }, [running, data, reload])

  const onDone = (h: Handover) => {
    markStale('customers', 'handovers')
    // The result starts at the top, not where the form's button was.
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
    Taro.showToast({ title: h.status === 'done' ? '交接完成' : '已开始交接', icon: 'success' })
    // The record from now on shows the result (a departure's draft keeps its id when it runs).
    if (h.id === handoverId) reload()
    else setHandoverId(h.id)
  }

  if (isRep) {
    return (
      <StateView
        empty
        emptyText='交接给你的客户已在「我的客户」里'
        emptyAction={
          <View className='state-view__retry' data-testid='handover-my-customers' onClick={() => Taro.redirectTo({ url: '/pages/customers/index' })}>
            查看我的客户
          </View>
        }
      />
    )
  }
  if (resource.loading && !data) return <StateView loading />
  if (!data) return <StateView error={resource.error ?? '交接记录不存在'} onRetry={reload} />

  const { handover, preview } = data
  if (handover && handover.status !== 'draft') {
    return (
      <View className='handover' data-testid='handover-page'>
        <HandoverResult handover={handover} remaining={preview?.counts.customers ?? 0} onChanged={reload} />
      </View>
    )
  }
  const leaver = preview?.fromUser ?? handover!.fromUser
  return (
    <View className='handover' data-testid='handover-page'>
      <LeaverCard member={leaver} counts={preview?.counts ?? null} />
      <HandoverForm
        key={leaver.id}
        leaver={leaver}
        customers={preview?.counts.customers ?? 0}
        role={me?.role}
        initialReason={handover?.reason ?? ''}
        onDone={onDone}
      />
    </View>
  )
}
