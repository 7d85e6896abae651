import { View, Text } from '@tarojs/components'
import type { Holding } from '../../services/types'
import './index.scss'

interface Props {
  holding: Holding | null
  error: string | null
  onRetry: () => void
}

/**
 * One line over 我的客户: what the holding cap counts and what it leaves out, in the server's words
 * (the same count a refused claim names), so a list longer than the cap never looks like a contradiction.
 */
export default function HoldingSummary({ holding, error, onRetry }: Props) {
  if (!holding) {
    if (!error) return <View className='holding-summary holding-summary--placeholder'>持有上限计算中…</View>
    return (
      <View className='holding-summary holding-summary--error' data-testid='holding-summary-error' onClick={onRetry}>
        <Text>持有上限未能加载：{error}</Text>
        <Text className='holding-summary__retry'>重试</Text>
      </View>
    )
  }
  const full = holding.counted >= holding.cap
  return (
    <View className={`holding-summary ${full ? 'holding-summary--full' : ''}`} data-testid='holding-summary'>
      <Text className='holding-summary__text'>{holding.text}</Text>
    </View>
  )
}
