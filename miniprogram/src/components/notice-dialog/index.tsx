import { View, Text } from '@tarojs/components'
import './index.scss'

export interface DialogAction {
  label: string
  onClick: () => void
  /** primary: filled blue; danger: filled red; default: plain */
  kind?: 'primary' | 'danger' | 'default'
  testId?: string
}

interface Props {
  visible: boolean
  title: string
  message: string
  /** sits on the message element, so tests and screen readers find the words themselves */
  messageTestId?: string
  /** a smaller second line: what the user can do about it */
  hint?: string
  tone?: 'warning' | 'info'
  actions: DialogAction[]
  onClose: () => void
}

/**
 * A centred dialog that stays until the user acts: for refusals the user must read (holding cap,
 * cooldown…), where a two-second toast would truncate or vanish. Taro.showModal cannot carry test ids
 * or a coloured icon, so this one is drawn.
 */
export default function NoticeDialog({ visible, title, message, messageTestId, hint, tone = 'warning', actions, onClose }: Props) {
  if (!visible) return null
  return (
    <View className='notice-dialog' catchMove>
      <View className='notice-dialog__mask' onClick={onClose} />
      <View className='notice-dialog__panel'>
        <View className={`notice-dialog__icon notice-dialog__icon--${tone}`}>{tone === 'warning' ? '!' : 'i'}</View>
        <Text className='notice-dialog__title'>{title}</Text>
        <Text className='notice-dialog__message' data-testid={messageTestId}>
          {message}
        </Text>
        {hint && <Text className='notice-dialog__hint'>{hint}</Text>}
        <View className='notice-dialog__actions'>
          {actions.map((a) => (
            <View
              key={a.label}
              className={`notice-dialog__btn notice-dialog__btn--${a.kind ?? 'default'}`}
              data-testid={a.testId}
              onClick={a.onClick}
            >
              {a.label}
            </View>
          ))}
        </View>
      </View>
    </View>
  )
}
