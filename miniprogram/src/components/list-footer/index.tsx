import { Text, View } from '@tarojs/components'
import './index.scss'

interface Props {
  loadingMore: boolean
  moreError: boolean
  hasMore: boolean
  /** Items shown so far: the end is only announced under a non-empty list. */
  count: number
  onMore: () => void
}

/** The foot of a paged list: loading, a retry after a failed page, 加载更多, or the end. */
export default function ListFooter({ loadingMore, moreError, hasMore, count, onMore }: Props) {
  return (
    <View className='list-footer'>
      {loadingMore && <Text>加载中…</Text>}
      {moreError && (
        <Text className='link' onClick={onMore}>
          加载失败，点击重试
        </Text>
      )}
      {!loadingMore && !moreError && hasMore && (
        <Text className='link' onClick={onMore}>
          加载更多
        </Text>
      )}
      {!hasMore && count > 0 && <Text>— 已经到底了 —</Text>}
    </View>
  )
}
