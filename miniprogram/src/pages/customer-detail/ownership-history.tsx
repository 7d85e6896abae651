import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import type { OwnershipEvent, OwnershipEventType } from '../../services/types'
import { levelLabel, stageLabel } from '../../utils/labels'
import { formatDate } from '../../utils/time'

const COLLAPSED = 5

const DOT_CLASS: Record<OwnershipEventType, string> = {
  created: 'created',
  claimed: 'in',
  assigned: 'in',
  transferred: 'in',
  released: 'out',
  reclaimed: 'out',
  level_changed: 'fact',
  stage_changed: 'fact',
  opp_created: 'fact',
  opp_moved: 'fact',
  opp_won: 'in',
  opp_lost: 'out',
  opp_reopened: 'out',
  group_bound: 'fact',
  group_unbound: 'fact',
  group_joined: 'fact',
  group_left: 'fact',
  group_dismissed: 'fact'
}

const name = (ref: { name: string } | null, fallback = '未知成员') => (ref?.name ? ref.name : fallback)

/** The sweep words its reason as "15天未跟进，自动回收"; after "系统 自动回收：" that tail would repeat. */
const withoutAutoSuffix = (reason: string) => reason.replace(/[，,]?\s*(系统)?自动回收(到公海)?$/, '') || reason

const isFactChange = (e: OwnershipEvent) => e.type === 'level_changed' || e.type === 'stage_changed'

/**
 * Why a protected fact changed, for the line under it; null when the server recorded only who
 * ("由 王经理 设置", its words when a manager gave no reason), which the main line already says.
 */
export function factChangeReason(e: OwnershipEvent): string | null {
  const reason = e.reason?.trim() || ''
  if (!reason || /^由 .+ 设置$/.test(reason)) return null
  return reason
}

/** One line of the ownership timeline, e.g. "李经理 分配给 王五（区域对口）" or "系统 自动回收：15天未跟进". */
export function describeOwnershipEvent(e: OwnershipEvent): string {
  const by = name(e.byUser, '系统')
  const reason = e.reason?.trim() || ''
  switch (e.type) {
    case 'level_changed':
      return `等级：${levelLabel(e.fromValue) || '未设置'} → ${levelLabel(e.toValue) || '未设置'} · ${by}`
    case 'stage_changed':
      return `阶段：${stageLabel(e.fromValue)} → ${stageLabel(e.toValue)} · ${by}`
    case 'opp_created':
      return `${by} 新建${reason || '商机'}：${e.toValue ?? ''}`
    case 'opp_moved':
      return `${reason || '商机'}：${e.fromValue ?? ''} → ${e.toValue ?? ''} · ${by}`
    case 'opp_won':
      return `${reason || '商机'} 赢单 · ${by}`
    case 'opp_lost':
      return `${reason || '商机'} 输单 · ${by}`
    case 'opp_reopened':
      return `${reason || '商机'} 重新打开（${e.fromValue ?? ''} → ${e.toValue ?? ''}），成交已撤回 · ${by}`
    case 'created':
      return e.toUser && e.byUser && e.toUser.id !== e.byUser.id ? `${by} 创建客户，负责人 ${name(e.toUser)}` : `${by} 创建客户`
    case 'claimed':
      return `${name(e.toUser ?? e.byUser)} 从公海领取`
    case 'released': {
      const owner = name(e.fromUser ?? e.byUser)
      const who = e.byUser && e.fromUser && e.byUser.id !== e.fromUser.id ? `${by} 代 ${owner} 释放到公海` : `${owner} 释放到公海`
      return reason ? `${who}：${reason}` : who
    }
    case 'reclaimed': {
      if (!e.byUser) return reason ? `系统 自动回收：${withoutAutoSuffix(reason)}` : '系统 自动回收'
      const who = e.fromUser ? `${by} 从 ${name(e.fromUser)} 处收回到公海` : `${by} 收回到公海`
      return reason ? `${who}：${reason}` : who
    }
    case 'assigned':
      return `${by} 分配给 ${name(e.toUser)}${reason ? `（${reason}）` : ''}`
    case 'transferred':
      return `${by} 将客户从 ${name(e.fromUser)} 转给 ${name(e.toUser)}${reason ? `（${reason}）` : ''}`
    case 'group_bound':
    case 'group_unbound':
      return `${by} ${reason}`
    case 'group_joined':
    case 'group_left':
    case 'group_dismissed':
      return reason || '客户群变更'
    default:
      return `${by} ${e.type}`
  }
}

/** Every change of hands, newest first, so the next owner learns why it stalled. */
export default function OwnershipHistory({ items }: { items: OwnershipEvent[] }) {
  const [expanded, setExpanded] = useState(false)
  const shown = expanded ? items : items.slice(0, COLLAPSED)
  return (
    <View className='ownership' data-testid='ownership-history'>
      {shown.map((e) => (
        <View key={e.id} className='ownership__item' data-testid={`history-item-${e.id}`}>
          <View className={`ownership__dot ownership__dot--${DOT_CLASS[e.type] ?? 'created'}`} />
          <Text className='ownership__date'>{formatDate(e.at)}</Text>
          <View className='ownership__body'>
            <Text className='ownership__text'>{describeOwnershipEvent(e)}</Text>
            {isFactChange(e) && factChangeReason(e) && <Text className='ownership__why'>原因：{factChangeReason(e)}</Text>}
          </View>
        </View>
      ))}
      {items.length > COLLAPSED && (
        <View className='ownership__more link' onClick={() => setExpanded(!expanded)}>
          {expanded ? '收起' : `查看全部 ${items.length} 条`}
        </View>
      )}
    </View>
  )
}
