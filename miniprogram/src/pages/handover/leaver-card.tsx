import { View, Text } from '@tarojs/components'
import type { HandoverMember, HandoverPreview } from '../../services/handover'
import { PREVIEW_COUNTS } from '../../utils/handover-labels'

/** Who leaves (或转派) and everything they hold now, as the server counted it. */
export default function LeaverCard({ member, counts }: { member: HandoverMember; counts: HandoverPreview['counts'] | null }) {
  const left = member.status !== 'active'
  const [main, ...rest] = PREVIEW_COUNTS
  return (
    <View className='card ho-leaver' data-testid='handover-leaver'>
      <View className='ho-leaver__top'>
        <View className='ho-leaver__avatar'>{member.name.slice(0, 1)}</View>
        <View className='ho-leaver__who'>
          <Text className='ho-leaver__name' data-testid='handover-leaver-name'>
            {member.name}
          </Text>
          <Text className='ho-leaver__sub'>{left ? '离职交接：客户、协作和待办交给接手人' : '在职转派：客户、协作和待办交给接手人'}</Text>
        </View>
        <Text className={`ho-badge ${left ? 'ho-badge--left' : 'ho-badge--active'}`} data-testid='handover-leaver-status'>
          {left ? '已离职' : '在职'}
        </Text>
      </View>
      {counts && (
        <>
          <View className='ho-counts__main' data-testid={`handover-count-${main!.key}`}>
            <Text className='ho-counts__num ho-counts__num--main'>{counts[main!.key]}</Text>
            <Text className='ho-counts__label'>
              位{main!.label}待交接
            </Text>
          </View>
          <View className='ho-counts'>
            {rest.map((c) => (
              <View key={c.key} className='ho-counts__cell' data-testid={`handover-count-${c.key}`}>
                <Text className={`ho-counts__num ${counts[c.key] ? '' : 'ho-counts__num--zero'}`}>{counts[c.key]}</Text>
                <Text className='ho-counts__label'>{c.label}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  )
}
