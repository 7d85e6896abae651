import { View, Text } from '@tarojs/components'
import type { OwnershipEvent } from '../../services/types'
import type { Resource } from '../../hooks/use-resource'
import StateView from '../../components/state-view'
import OwnershipHistory from './ownership-history'
import type { OwnershipRights } from './ownership-actions'

interface Props {
  history: Resource<OwnershipEvent[]>
  rights: OwnershipRights
  onAssign: () => void
  onReclaim: () => void
}

/** 归属记录, with a manager's 分配 / 转给他人 and 收回到公海. */
export default function HistorySection({ history, rights, onAssign, onReclaim }: Props) {
  return (
    <View className='card'>
      <View className='card-title'>
        <Text>归属记录</Text>
        {rights.isManager && (
          <View className='detail-manage'>
            <Text className='detail-manage__btn' data-testid='customer-assign' onClick={onAssign}>
              {rights.inPool ? '分配' : '转给他人'}
            </Text>
            {rights.canReclaim && (
              <Text className='detail-manage__btn detail-manage__btn--danger' data-testid='customer-reclaim-pool' onClick={onReclaim}>
                收回到公海
              </Text>
            )}
          </View>
        )}
      </View>
      <StateView compact loading={history.loading} error={history.error} onRetry={history.reload} empty={history.data.length === 0} emptyText='还没有归属变更记录'>
        <OwnershipHistory items={history.data} />
      </StateView>
    </View>
  )
}
