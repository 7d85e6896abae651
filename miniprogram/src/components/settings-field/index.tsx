import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { Level } from '../../services/types'
import { LEVELS } from '../../utils/labels'
import './index.scss'

// The parts of an admin's settings form (pool rules, escalation): a titled card of fields, each
// with its control on the right, a help line and the server's error under it; a drawn switch; the
// customer-level chips.

/** A titled group of fields on a card. */
export function SettingsSection({ title, off, children }: { title?: string; off?: boolean; children: ReactNode }) {
  return (
    <View className={`settings-section ${off ? 'settings-section--off' : ''}`}>
      {title && <View className='settings-section__title'>{title}</View>}
      <View className='card settings-section__card'>{children}</View>
    </View>
  )
}

interface FieldProps {
  label?: string
  help: ReactNode
  error?: string
  testId?: string
  /** the control on the label's row (an input with its unit, a switch) */
  children?: ReactNode
  /** what goes under the label's row: a sub-row, level chips */
  below?: ReactNode
}

export function SettingsField({ label, help, error, testId, children, below }: FieldProps) {
  return (
    <View className={`settings-field ${error ? 'settings-field--error' : ''}`} data-testid={testId}>
      {label !== undefined && (
        <View className='settings-field__row'>
          <Text className='settings-field__label'>{label}</Text>
          <View className='settings-field__control'>{children}</View>
        </View>
      )}
      {below}
      <Text className='settings-field__help'>{help}</Text>
      {error && <Text className='settings-field__error' data-testid={testId ? `${testId}-error` : undefined}>{error}</Text>}
    </View>
  )
}

/** A sub-row under a field's label ("距回收不超过 [3] 天"). */
export function SettingsSubRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='settings-field__row settings-field__row--sub'>
      <Text className='settings-field__sub-label'>{label}</Text>
      <View className='settings-field__control'>{children}</View>
    </View>
  )
}

/** A drawn switch: behaves the same in WeCom and H5 and can carry a test id. */
export function SettingsSwitch({ on, onToggle, testId, disabled }: { on: boolean; onToggle: () => void; testId: string; disabled?: boolean }) {
  return (
    <View
      className={`settings-switch ${on ? 'settings-switch--on' : ''}`}
      data-testid={testId}
      role='switch'
      aria-checked={on}
      onClick={() => !disabled && onToggle()}
    >
      <View className='settings-switch__knob' />
    </View>
  )
}

/** The customer levels as chips to tick (重点客户, A 级 …); `testIdPrefix` + level names each chip. */
export function LevelChips({ selected, onToggle, testIdPrefix, disabled }: { selected: Level[]; onToggle: (level: Level) => void; testIdPrefix: string; disabled?: boolean }) {
  return (
    <View className='level-chips'>
      {LEVELS.map((l) => (
        <View
          key={l.value}
          className={`level-chips__chip ${selected.includes(l.value) ? 'level-chips__chip--active' : ''}`}
          data-testid={`${testIdPrefix}${l.value}`}
          onClick={() => !disabled && onToggle(l.value)}
        >
          {l.value === 'key' ? '重点客户' : `${l.label} 级`}
        </View>
      ))}
    </View>
  )
}

/** The input class of a field's number box. */
export const SETTINGS_INPUT = 'settings-field__input'
export const SETTINGS_UNIT = 'settings-field__unit'
