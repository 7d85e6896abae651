import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import LevelBadge from '../../components/level-badge'
import { errorMessage } from '../../services/api'
import { listFollowUps } from '../../services/customers'
import type { Customer, FollowUp } from '../../services/types'
import { followUpTypeMeta, stageLabel } from '../../utils/labels'

interface Props {
  customer: Customer
  /** bumped after a follow-up is saved, to reload the latest ones */
  version: number
  onFollowUp: () => void
}

/** The customer as the viewer may see it: owner, stage, level, last follow-ups, reclaim countdown, co-followers. */
export default function SidebarCustomerCard({ customer, version, onFollowUp }: Props) {
  const [followUps, setFollowUps] = useState<FollowUp[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    setError(null)
    listFollowUps(customer.id)
      .then((res) => current && setFollowUps(res.items.slice(0, 3)))
      .catch((e) => current && setError(errorMessage(e)))
    return () => {
      current = false
    }
  }, [customer.id, version])

  const reclaim = customer.reclaimDaysLeft === null
    ? null
    : customer.reclaimDaysLeft === 0 ? '今天将被收回公海' : `${customer.reclaimDaysLeft} 天后收回公海`

  return (
    <View className='card sidebar__customer' data-testid='sidebar-customer'>
      <View className='sidebar__customer-head' onClick={() => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(customer.id)}` })}>
        <Text className='sidebar__customer-name'>{customer.name}</Text>
        <LevelBadge level={customer.level} />
        <Text className='link'>详情 ›</Text>
      </View>
      <View className='sidebar__facts'>
        <Text>负责人：{customer.owner ? customer.owner.name : '在公海中'}</Text>
        <Text>阶段：{stageLabel(customer.stage)}</Text>
        {customer.followers.length > 0 && <Text>协作人：{customer.followers.map((f) => f.name).join('、')}</Text>}
        <Text>{!customer.lastFollowUpAt ? '还没有跟进记录' : customer.daysSinceFollowUp === 0 ? '今天已跟进' : `${customer.daysSinceFollowUp} 天未跟进`}</Text>
        {reclaim && <Text className={customer.reclaimUrgent ? 'sidebar__urgent' : ''} data-testid='sidebar-reclaim'>{reclaim}</Text>}
      </View>
      <View className='sidebar__followups'>
        <View className='sidebar__section-title'>最近跟进</View>
        {error && <Text className='sidebar__muted'>跟进记录未能加载：{error}</Text>}
        {!error && followUps === null && <Text className='sidebar__muted'>加载中…</Text>}
        {followUps?.length === 0 && <Text className='sidebar__muted'>暂无跟进记录</Text>}
        {followUps?.map((f) => (
          <View key={f.id} className='sidebar__followup' data-testid='sidebar-followup'>
            <Text className='sidebar__followup-meta'>{followUpTypeMeta(f.type).label} · {f.author?.name ?? '—'} · {f.daysAgo === 0 ? '今天' : `${f.daysAgo} 天前`}</Text>
            <Text className='sidebar__followup-text'>{f.content}</Text>
          </View>
        ))}
      </View>
      <View className='btn sidebar__primary' data-testid='sidebar-follow-up' onClick={onFollowUp}>写跟进</View>
    </View>
  )
}
