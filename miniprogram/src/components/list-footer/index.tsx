import { Text, View } from '@tarojs/components'

interface Props {
  /** The page's own footer class (spacing differs per list). */
  className: string
  loadingMore: boolean
  moreError: boolean
  hasMore: boolean
  /** Items shown so far: the end is only announced under a non-empty list. */
  count: number
  onMore: () => void
}

/** The foot of a paged list: loading, a retry after a failed page, 加载更多, or the end. */
export default function ListFooter({ className, loadingMore, moreError, hasMore, count, onMore }: Props) {
  return (
    <View className={className}>
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
