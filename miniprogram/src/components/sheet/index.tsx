import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

interface Props {
  visible: boolean
  title: string
  onClose: () => void
  children: ReactNode
  footer?: ReactNode
  testId?: string
}

/** A bottom sheet over a dimmed mask; tapping the mask closes it. */
export default function Sheet({ visible, title, onClose, children, footer, testId }: Props) {
  if (!visible) return null
  return (
    <View className='sheet' data-testid={testId}>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__panel' catchMove>
        <View className='sheet__header'>
          <Text className='sheet__title'>{title}</Text>
          <View className='sheet__close' onClick={onClose} data-testid={testId ? `${testId}-close` : undefined}>
            ×
          </View>
        </View>
        <View className='sheet__body'>{children}</View>
        {footer && <View className='sheet__footer'>{footer}</View>}
      </View>
    </View>
  )
}
