import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import type { HandoverDetail, HandoverItem } from '../../services/handover'
import { handoverStatusMeta, handoverTargetText, triggerLabel } from '../../utils/handover-labels'
import { formatDate, formatTime } from '../../utils/time'
import WecomSection from './wecom-section'

/** Rows drawn at once; the rest behind 显示全部 (a handover may move hundreds). */
const SHOWN = 100

const when = (at: string | null) => (at ? `${formatDate(at)} ${formatTime(at)}` : '—')

/** A handover as it ran: who to whom, what moved, each customer's outcome, and the WeCom side. */
export default function HandoverResult({ handover: h, remaining, onChanged }: { handover: HandoverDetail; remaining: number; onChanged: () => void }) {
  const status = handoverStatusMeta(h.status)
  const customers = h.items.filter((i) => i.kind === 'customer')
  const seats = h.items.filter((i) => i.kind === 'seat')
  // Spread over several: how many each one got.
  const split = h.to && 'users' in h.to && h.to.users.length > 1
    ? h.to.users.map((u) => `${u.name} ${customers.filter((i) => i.outcome === 'moved' && i.toUser?.id === u.id).length} 位`).join('、')
    : null
  return (
    <View data-testid='handover-result'>
      <View className='card ho-result'>
        <View className='ho-result__top'>
          <Text className='ho-result__title'>
            {h.fromUser.name} → {handoverTargetText(h)}
          </Text>
          {h.fromUser.status !== 'active' && <Text className='ho-badge ho-badge--left'>已离职</Text>}
          <Text className={`approval-status approval-status--${status.tone}`} data-testid='handover-status'>
            {status.label}
          </Text>
        </View>
        {h.status === 'running' && <Text className='ho-result__running'>正在交接，完成后自动刷新…</Text>}
        {h.status === 'failed' && h.error && <Text className='ho-result__error'>{h.error}</Text>}
        <View className='ho-result__nums'>
          <View className='ho-result__num' data-testid='handover-moved'>
            <Text className='ho-result__value ho-result__value--ok'>{h.counts.moved}</Text>
            <Text className='ho-result__label'>位客户已交接</Text>
          </View>
          <View className='ho-result__num' data-testid='handover-skipped'>
            <Text className={`ho-result__value ${h.counts.skipped ? 'ho-result__value--warn' : ''}`}>{h.counts.skipped}</Text>
            <Text className='ho-result__label'>位跳过</Text>
          </View>
          <View className='ho-result__num'>
            <Text className='ho-result__value'>{seats.length}</Text>
            <Text className='ho-result__label'>个协作席位</Text>
          </View>
        </View>
        <View className='ho-info'>
          <View className='ho-info__row'>
            <Text className='ho-info__label'>类型</Text>
            <Text className='ho-info__value'>{triggerLabel(h.trigger)}</Text>
          </View>
          {split && (
            <View className='ho-info__row'>
              <Text className='ho-info__label'>分配</Text>
              <Text className='ho-info__value' data-testid='handover-split'>
                {split}
              </Text>
            </View>
          )}
          <View className='ho-info__row'>
            <Text className='ho-info__label'>操作人</Text>
            <Text className='ho-info__value'>{h.runBy?.name ?? '系统'}</Text>
          </View>
          <View className='ho-info__row'>
            <Text className='ho-info__label'>时间</Text>
            <Text className='ho-info__value'>{when(h.finishedAt ?? h.startedAt ?? h.createdAt)}</Text>
          </View>
          <View className='ho-info__row ho-info__row--block'>
            <Text className='ho-info__label'>原因</Text>
            <Text className='ho-info__reason' data-testid='handover-reason-text'>
              {h.reason}
            </Text>
          </View>
        </View>
      </View>

      {remaining > 0 && (
        <View
          className='card ho-continue'
          data-testid='handover-continue'
          onClick={() => Taro.navigateTo({ url: `/pages/handover/index?fromUserId=${encodeURIComponent(h.fromUserId)}` })}
        >
          <Text className='ho-continue__text'>
            {h.fromUser.name} 名下还有 {remaining} 位客户
          </Text>
          <Text className='link'>继续交接 ›</Text>
        </View>
      )}

      <WecomSection handover={h} customers={customers} onChanged={onChanged} />

      <ItemList title='客户' items={customers} testId='handover-items' empty='这次交接没有移动客户' />
      {seats.length > 0 && <ItemList title='协作席位' items={seats} testId='handover-seats' empty='' />}
    </View>
  )
}

function ItemList({ title, items, testId, empty }: { title: string; items: HandoverItem[]; testId: string; empty: string }) {
  const [all, setAll] = useState(false)
  const shown = all ? items : items.slice(0, SHOWN)
  const open = (i: HandoverItem) => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(i.customerId)}` })
  return (
    <View className='card' data-testid={testId}>
      <View className='card-title'>
        <Text>{title}</Text>
        <Text className='ho-count'>{items.length} 条</Text>
      </View>
      {items.length === 0 && <Text className='ho-note'>{empty}</Text>}
      {shown.map((i, n) => (
        <View key={`${i.customerId}-${n}`} className='ho-item' data-testid={`handover-item-${i.customerId}`} onClick={() => open(i)}>
          <View className='ho-item__main'>
            <Text className='ho-item__name'>{i.customerName || `客户 ${i.customerId}`}</Text>
            {i.note && <Text className='ho-item__note'>{i.note}</Text>}
          </View>
          {i.outcome === 'skipped' ? (
            <Text className='ho-item__to ho-item__to--skipped'>跳过</Text>
          ) : (
            <Text className={`ho-item__to ${i.toUser ? '' : 'ho-item__to--pool'}`}>→ {i.toUser ? i.toUser.name : i.kind === 'seat' ? '取消' : '公海'}</Text>
          )}
        </View>
      ))}
      {!all && items.length > SHOWN && (
        <View className='ho-more' onClick={() => setAll(true)}>
          显示全部 {items.length} 条
        </View>
      )}
    </View>
  )
}
