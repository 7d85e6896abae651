import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { decideApproval, getApproval, withdrawApproval } from '../../services/approvals'
import { cachedUser, consumeStale, markStale } from '../../services/session'
import type { Approval } from '../../services/types'
import ReasonSheet from '../../components/reason-sheet'
import StateView from '../../components/state-view'
import { refreshTodoCount } from '../../hooks/use-todo-count'
import { useResource } from '../../hooks/use-resource'
import { APPROVAL_REJECT_REASONS } from '../../utils/approval-labels'
import { approvalRights } from '../../utils/approval-timeline'
import ApprovalTimeline from './approval-timeline'
import ApprovalSummary from './summary'
import './index.scss'

/** `?action=reject`: 驳回 on a chat card opens the request here with the reject sheet up. */
const REJECT_ACTION = 'reject'

/**
 * One request, as the cards link to it (`/pages/approval-detail/index?id=`): what is asked, the
 * rounds and levels, and what I may do now — decide it, withdraw it, or edit and resubmit it.
 */
export default function ApprovalDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const me = cachedUser()
  const autoReject = useRef(params.action === REJECT_ACTION)
  const [rejecting, setRejecting] = useState(false)
  const [busy, setBusy] = useState<'approve' | 'withdraw' | null>(null)

  const resource = useResource<Approval | null>(
    useCallback(async () => {
      if (!id) throw new Error('缺少申请编号')
      return getApproval(id)
    }, [id]),
    null
  )
  const { data: approval, reload } = resource

  useEffect(() => {
    reload()
  }, [reload])

  useDidShow(() => {
    if (consumeStale(`approval:${id}`)) reload()
  })

  usePullDownRefresh(async () => {
    try {
      await reload()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  const rights = approval ? approvalRights(approval, me?.id) : null

  useEffect(() => {
    if (!approval || !autoReject.current) return
    autoReject.current = false
    if (rights?.canDecide) setRejecting(true)
    else if (approval.status !== 'pending') Taro.showToast({ title: '该申请已处理', icon: 'none' })
  }, [approval, rights?.canDecide])

  /** After any change: the lists, the badge and the customer's expenses may all have moved. */
  const changed = (a: Approval | null) => {
    markStale('approvals', ...(a?.customer ? [`customer:${a.customer.id}`] : []))
    refreshTodoCount().catch(() => undefined)
  }

  /** Someone else decided first (或签), or it was withdrawn: say so in the server's words and show the state. */
  const onRefused = (e: unknown) => {
    if (e instanceof ApiError && (e.status === 409 || e.status === 403)) {
      Taro.showToast({ title: e.message, icon: 'none', duration: 2500 })
      changed(approval)
      reload()
      return true
    }
    return false
  }

  const approve = async () => {
    if (busy || !approval) return
    setBusy('approve')
    try {
      await decideApproval(approval.id, 'approve')
      Taro.showToast({ title: '已同意', icon: 'success' })
      changed(approval)
      await reload()
    } catch (e) {
      if (!onRefused(e)) Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 })
    } finally {
      setBusy(null)
    }
  }

  const reject = async (comment: string) => {
    if (!approval) return
    try {
      await decideApproval(approval.id, 'reject', comment)
    } catch (e) {
      if (onRefused(e)) {
        setRejecting(false)
        return
      }
      throw e // the sheet stays open with the server's words
    }
    setRejecting(false)
    Taro.showToast({ title: '已驳回', icon: 'success' })
    changed(approval)
    await reload()
  }

  const withdraw = async () => {
    if (busy || !approval) return
    const { confirm } = await Taro.showModal({ title: '撤回申请', content: '撤回后审批人将不再处理这条申请，确定撤回？' })
    if (!confirm) return
    setBusy('withdraw')
    try {
      await withdrawApproval(approval.id)
      Taro.showToast({ title: '已撤回', icon: 'success' })
      changed(approval)
      await reload()
    } catch (e) {
      if (!onRefused(e)) Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 })
    } finally {
      setBusy(null)
    }
  }

  if (resource.loading && !approval) return <StateView loading />
  if (!approval) return <StateView error={resource.error ?? '申请不存在'} onRetry={reload} />

  const hasBar = rights && (rights.canDecide || rights.canWithdraw || (rights.canResubmit && approval.type !== 'contract'))

  return (
    <View className='approval-detail' data-testid='approval-detail'>
      <ApprovalSummary approval={approval} />
      <ApprovalTimeline approval={approval} />

      {hasBar && (
        <>
          <View className='detail-bar-spacer' />
          <View className='detail-bar'>
            {rights.canDecide && (
              <>
                <View className='btn btn--plain detail-bar__side ad-bar__reject' data-testid='approval-reject' onClick={() => setRejecting(true)}>
                  驳回
                </View>
                <View className={`btn detail-bar__btn detail-bar__main ${busy ? 'btn--disabled' : ''}`} data-testid='approval-approve' onClick={approve}>
                  {busy === 'approve' ? '提交中…' : '同意'}
                </View>
              </>
            )}
            {rights.canWithdraw && (
              <View className={`btn btn--plain detail-bar__main ${busy ? 'btn--disabled' : ''}`} data-testid='approval-withdraw' onClick={withdraw}>
                {busy === 'withdraw' ? '撤回中…' : '撤回申请'}
              </View>
            )}
            {rights.canResubmit && approval.type !== 'contract' && (
              <View
                className='btn detail-bar__btn detail-bar__main'
                data-testid='approval-resubmit'
                onClick={() => Taro.navigateTo({ url: `/pages/approval-new/index?id=${encodeURIComponent(approval.id)}` })}
              >
                修改后重新提交
              </View>
            )}
          </View>
        </>
      )}

      <ReasonSheet
        visible={rejecting}
        title='驳回申请'
        chips={APPROVAL_REJECT_REASONS}
        placeholder='写下驳回原因，申请人会看到'
        submitLabel='确认驳回'
        danger
        testIdPrefix='reject'
        note={`驳回后申请人可以修改后重新提交。`}
        onClose={() => setRejecting(false)}
        onSubmit={reject}
      />
    </View>
  )
}
