import { View } from '@tarojs/components'
import type { OwnershipRights } from './ownership-actions'

interface Props {
  rights: OwnershipRights
  claiming: boolean
  onClaim: () => void
  onAssign: () => void
  onRelease: () => void
  onFollowUp: () => void
}

/** The bar at the bottom: 领取 (or 分配) for a pool customer, 写跟进 and 释放 for an owned one. */
export default function ActionBar({ rights, claiming, onClaim, onAssign, onRelease, onFollowUp }: Props) {
  const { inPool, mayClaim, isManager, canRelease } = rights
  return (
    <>
      <View className='detail-bar-spacer' />
      <View className='detail-bar'>
        {inPool && mayClaim && (
          <View className={`btn detail-bar__btn detail-bar__main ${claiming ? 'btn--disabled' : ''}`} data-testid='customer-claim' onClick={onClaim}>
            {claiming ? '领取中…' : '领取到我的客户'}
          </View>
        )}
        {inPool && !mayClaim && isManager && (
          <View className='btn detail-bar__btn detail-bar__main' data-testid='customer-assign-main' onClick={onAssign}>
            分配给成员
          </View>
        )}
        {inPool && !mayClaim && !isManager && <View className='detail-bar__note'>你不是该公海的成员，不能领取</View>}
        {!inPool && (
          <>
            {canRelease && (
              <View className='btn btn--plain detail-bar__side' data-testid='customer-release' onClick={onRelease}>
                释放到公海
              </View>
            )}
            <View className='btn detail-bar__btn detail-bar__main' data-testid='followup-open' onClick={onFollowUp}>
              写跟进
            </View>
          </>
        )}
      </View>
    </>
  )
}
