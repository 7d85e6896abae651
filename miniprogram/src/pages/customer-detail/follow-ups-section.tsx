import { View, Text } from '@tarojs/components'
import type { FollowUp } from '../../services/types'
import type { Resource } from '../../hooks/use-resource'
import StateView from '../../components/state-view'
import Timeline from './timeline'

/** 跟进记录: the whole timeline, earlier owners' entries included. */
export default function FollowUpsSection({ followUps }: { followUps: Resource<FollowUp[]> }) {
  const { data, loading, error, reload } = followUps
  return (
    <View className='card'>
      <View className='card-title'>
        <Text>跟进记录</Text>
        {!loading && !error && <Text className='detail-count'>{data.length} 条</Text>}
      </View>
      <StateView
        compact
        loading={loading}
        error={error}
        onRetry={reload}
        empty={data.length === 0}
        emptyText='还没有跟进记录，点击下方「写跟进」记录第一次沟通'
      >
        <Timeline items={data} />
      </StateView>
    </View>
  )
}
