import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { decideLevelRequest, requestLevel } from '../../services/level-requests'
import { markStale } from '../../services/session'
import type { Customer, Level, LevelRequest, User } from '../../services/types'
import ReasonSheet from '../../components/reason-sheet'
import { LEVEL_APPROVE_REASONS, LEVEL_REJECT_REASONS, LEVEL_REQUEST_REASONS, levelLabel } from '../../utils/labels'
import { maySetProtectedFacts } from '../../utils/protected-facts'
import { formatMonthDayTime } from '../../utils/time'
import './level-request.scss'

interface Props {
  customer: Customer
  me: User | null
  /** the customer's pool's exempt levels; null while unknown */
  exemptLevels: Level[] | null
  /** the customer's level requests, newest first; null until loaded */
  requests: LevelRequest[] | null
  /** why they could not be loaded */
  error: string | null
  /** a request was made or decided here, or refused as already made / decided elsewhere */
  onReloadRequests: () => void
  /** the level changed (an approval): the page reloads the customer and its history */
  onDecided: () => void
}

type Decision = 'approve' | 'reject'

/**
 * 申请设为重点. An exempt level takes a customer out of reclaim and out of the holding cap, so the
 * owning rep asks and a manager above them decides: the rep sees the button (or the pending
 * request), the manager sees 同意 / 驳回 on it. Whether someone may decide is the server's call;
 * a refusal is shown in its words.
 */
export default function LevelRequestPanel({ customer, me, exemptLevels, requests, error, onReloadRequests: load, onDecided }: Props) {
  const [asking, setAsking] = useState(false)
  const [deciding, setDeciding] = useState<Decision | null>(null)

  const inPool = customer.inPool ?? customer.ownerId === null
  if (inPool || !me || !exemptLevels) return null

  const pending = requests?.find((r) => r.status === 'pending') ?? null
  const latest = requests?.[0] ?? null
  const isOwnerRep = me.role === 'rep' && me.id === customer.ownerId
  const mayDecide = Boolean(pending) && maySetProtectedFacts(me.role) && pending?.requestedBy.id !== me.id
  const target: Level | undefined = exemptLevels.includes('key') ? 'key' : exemptLevels[0]
  const alreadyExempt = Boolean(customer.level && exemptLevels.includes(customer.level))
  const mayAsk = isOwnerRep && !pending && !alreadyExempt && Boolean(target) && requests !== null

  const ask = async (reason: string) => {
    try {
      await requestLevel(customer.id, { level: target as Level, reason })
    } catch (e) {
      // Someone asked a moment ago (409): show what is pending now, and the server's words in the sheet.
      if (e instanceof ApiError && e.status === 409) load()
      throw e
    }
    setAsking(false)
    Taro.showToast({ title: '已提交申请', icon: 'success' })
    load()
  }

  const decide = async (decision: Decision, comment: string) => {
    if (!pending) return
    try {
      await decideLevelRequest(pending.id, { decision, comment: comment || undefined })
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Decided by someone else meanwhile: say so, and show what stands now.
        setDeciding(null)
        Taro.showModal({ title: '申请已处理', content: errorMessage(e), showCancel: false })
        load()
        onDecided()
        return
      }
      throw e
    }
    setDeciding(null)
    Taro.showToast({ title: decision === 'approve' ? '已同意' : '已驳回', icon: 'success' })
    markStale('customers')
    load()
    onDecided()
  }

  const targetLabel = levelLabel(target)
  const pendingLabel = levelLabel(pending?.level)
  const lastRejected = !pending && latest?.status === 'rejected' ? latest : null

  let body: ReactNode = null
  if (pending && mayDecide) {
    body = (
      <View className='level-request level-request--decide' data-testid='level-request-pending'>
        <Text className='level-request__title'>
          {pending.requestedBy.name} 申请设为{pendingLabel}
        </Text>
        <Text className='level-request__reason'>理由：{pending.reason}</Text>
        <Text className='level-request__meta'>
          {formatMonthDayTime(pending.createdAt)} 提交 · 当前等级 {levelLabel(pending.fromLevel)}
        </Text>
        <View className='level-request__actions'>
          <View className='level-request__btn level-request__btn--reject' data-testid='level-request-reject' onClick={() => setDeciding('reject')}>
            驳回
          </View>
          <View className='level-request__btn level-request__btn--approve' data-testid='level-request-approve' onClick={() => setDeciding('approve')}>
            同意
          </View>
        </View>
      </View>
    )
  } else if (pending) {
    body = (
      <View className='level-request level-request--pending' data-testid='level-request-pending'>
        <Text className='level-request__title'>已申请设为{pendingLabel}，等待审批</Text>
        <Text className='level-request__meta'>
          {pending.requestedBy.name} · {formatMonthDayTime(pending.createdAt)} · 理由：{pending.reason}
        </Text>
      </View>
    )
  } else if (mayAsk) {
    body = (
      <View className='level-request level-request--ask'>
        <View className='level-request__main'>
          <Text className='level-request__title'>{targetLabel}客户免于回收，不计入持有上限</Text>
          {lastRejected ? (
            <Text className='level-request__meta' data-testid='level-request-rejected'>
              上次申请被 {lastRejected.decidedBy?.name ?? '经理'} 驳回{lastRejected.decisionComment ? `：${lastRejected.decisionComment}` : ''}
            </Text>
          ) : (
            <Text className='level-request__meta'>由经理审批，结果会通知你</Text>
          )}
        </View>
        <View className='level-request__open' data-testid='level-request-open' onClick={() => setAsking(true)}>
          申请设为{targetLabel}
        </View>
      </View>
    )
  } else if (error && isOwnerRep) {
    body = (
      <View className='level-request level-request--error' onClick={load}>
        <Text className='level-request__meta'>等级申请加载失败：{error}</Text>
        <Text className='link'>重试</Text>
      </View>
    )
  }

  return (
    <>
      {body}
      <ReasonSheet
        visible={asking}
        title={`申请设为${targetLabel}`}
        chips={LEVEL_REQUEST_REASONS}
        submitLabel='提交申请'
        testIdPrefix='level-request'
        placeholder='写下理由，经理审批时会看到'
        note={`${targetLabel}客户不会被自动回收，也不计入持有上限，需要上级经理同意。`}
        onClose={() => setAsking(false)}
        onSubmit={ask}
      />
      <ReasonSheet
        visible={deciding === 'approve'}
        title={`同意设为${pendingLabel}`}
        chips={LEVEL_APPROVE_REASONS}
        required={false}
        submitLabel='确认同意'
        testIdPrefix='level-approve'
        placeholder='意见（可选），会通知申请人'
        note={pending ? `${customer.name} 将设为${pendingLabel}（${pending.requestedBy.name}：${pending.reason}），并记入归属记录。` : undefined}
        onClose={() => setDeciding(null)}
        onSubmit={(comment) => decide('approve', comment)}
      />
      <ReasonSheet
        visible={deciding === 'reject'}
        title='驳回申请'
        chips={LEVEL_REJECT_REASONS}
        submitLabel='确认驳回'
        danger
        testIdPrefix='level-reject'
        placeholder='驳回原因，会通知申请人'
        onClose={() => setDeciding(null)}
        onSubmit={(comment) => decide('reject', comment)}
      />
    </>
  )
}
