import { View, Text } from '@tarojs/components'
import type { FollowUp } from '../../services/types'
import { followUpTypeMeta } from '../../utils/labels'
import { formatDateTime, formatPlanned } from '../../utils/time'

/** The whole follow-up history, newest first as the server returns it. */
export default function Timeline({ items }: { items: FollowUp[] }) {
  return (
    <View className='timeline' data-testid='followup-timeline'>
      {items.map((f) => {
        const meta = followUpTypeMeta(f.type)
        return (
          <View key={f.id} className='timeline__item' data-testid={`followup-item-${f.id}`}>
            <View className='timeline__rail'>
              <View className='timeline__glyph' style={{ background: meta.color }}>
                {meta.glyph}
              </View>
              <View className='timeline__line' />
            </View>
            <View className='timeline__body'>
              <View className='timeline__head'>
                <Text className='timeline__type' style={{ color: meta.color }}>
                  {meta.label}
                </Text>
                <Text className='timeline__author'>{f.author?.name ?? '未知成员'}</Text>
                <Text className='timeline__time'>{formatDateTime(f.at, f.daysAgo, f.thisYear)}</Text>
              </View>
              <Text className='timeline__content'>{f.content}</Text>
              {f.checkIn && <Text className='timeline__checkin'>签到：{f.checkIn.address}</Text>}
              {f.nextFollowUpAt && (
                <Text className='timeline__next' data-testid={`followup-item-next-${f.id}`}>
                  下次跟进：{formatPlanned(f.nextFollowUpAt)}
                </Text>
              )}
            </View>
          </View>
        )
      })}
    </View>
  )
}
