import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

interface Props {
  loading?: boolean
  error?: string | null
  empty?: boolean
  emptyText?: string
  emptyAction?: ReactNode
  onRetry?: () => void
  /** what else the error state offers (返回, a hint), below the message */
  errorAction?: ReactNode
  /** compact variant for sections inside a card */
  compact?: boolean
  children?: ReactNode
}

/** The designed loading / error / empty states; renders children only when there is data to show. */
export default function StateView({ loading, error, empty, emptyText = '暂无数据', emptyAction, onRetry, errorAction, compact, children }: Props) {
  const cls = `state-view ${compact ? 'state-view--compact' : ''}`
  if (loading) {
    return (
      <View className={cls} data-testid='state-loading'>
        <View className='state-view__spinner' />
        <Text className='state-view__text'>加载中…</Text>
      </View>
    )
  }
  if (error) {
    return (
      <View className={cls} data-testid='state-error'>
        <View className='state-view__icon state-view__icon--error'>!</View>
        <Text className='state-view__text'>{error}</Text>
        {onRetry && (
          <View className='state-view__retry' onClick={onRetry} data-testid='state-retry'>
            重试
          </View>
        )}
        {errorAction}
      </View>
    )
  }
  if (empty) {
    return (
      <View className={cls} data-testid='state-empty'>
        <View className='state-view__icon'>
          <View className='state-view__tray' />
        </View>
        <Text className='state-view__text'>{emptyText}</Text>
        {emptyAction}
      </View>
    )
  }
  return <>{children}</>
}
