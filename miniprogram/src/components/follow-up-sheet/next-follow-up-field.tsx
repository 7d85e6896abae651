import { View, Text, Picker } from '@tarojs/components'
import { DEFAULT_PLANNED_TIME, quickPicks, shortDateLabel } from '../../utils/next-follow-up'

export interface PlannedValue {
  /** YYYY-MM-DD on the business calendar; '' when no follow-up is planned */
  date: string
  /** HH:mm business time */
  time: string
}

export const NO_PLAN: PlannedValue = { date: '', time: DEFAULT_PLANNED_TIME }

interface Props {
  value: PlannedValue
  /** today's business date (the quick picks count from it; the date picker starts there) */
  today: string
  /** the form's refusal (a time already past), shown under the pickers */
  error: string | null
  onChange: (value: PlannedValue) => void
}

/**
 * 下次跟进: quick picks (明天 / 3天后 / 下周一 at 09:00) and a date and a time picker, all on the
 * business wall clock. Picking a quick pick keeps the time already chosen.
 */
export default function NextFollowUpField({ value, today, error, onChange }: Props) {
  const picks = quickPicks(today)
  const planned = value.date !== ''
  return (
    <View className='fu-next' data-testid='followup-next'>
      <View className='fu-next__picks'>
        {picks.map((p) => {
          const active = value.date === p.date
          return (
            <View
              key={p.key}
              className={`fu-next__pick ${active ? 'fu-next__pick--active' : ''}`}
              data-testid={`followup-next-${p.key}`}
              onClick={() => onChange(active ? { ...value, date: '' } : { ...value, date: p.date })}
            >
              <Text className='fu-next__pick-label'>{p.label}</Text>
              <Text className='fu-next__pick-date'>{shortDateLabel(p.date, today)}</Text>
            </View>
          )
        })}
      </View>

      <View className='fu-next__row'>
        <Picker mode='date' value={value.date || today} start={today} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
          <View className={`fu-next__field ${planned ? 'fu-next__field--set' : ''}`} data-testid='followup-next-date'>
            <Text className='fu-next__field-label'>日期</Text>
            <Text className='fu-next__field-value'>{planned ? shortDateLabel(value.date, today) : '选择日期'}</Text>
          </View>
        </Picker>
        <Picker
          mode='time'
          value={value.time}
          // A time alone plans nothing: without a date yet, it applies to tomorrow.
          onChange={(e) => onChange({ date: value.date || picks[0].date, time: String(e.detail.value) })}
        >
          <View className={`fu-next__field ${planned ? 'fu-next__field--set' : ''}`} data-testid='followup-next-time'>
            <Text className='fu-next__field-label'>时间</Text>
            <Text className='fu-next__field-value'>{value.time}</Text>
          </View>
        </Picker>
        {planned && (
          <View className='fu-next__clear' data-testid='followup-next-clear' onClick={() => onChange(NO_PLAN)}>
            不设置
          </View>
        )}
      </View>

      {error ? (
        <Text className='fu-next__error' data-testid='followup-next-error'>{error}</Text>
      ) : (
        planned && (
          <Text className='fu-next__summary' data-testid='followup-next-summary'>
            下次跟进：{shortDateLabel(value.date, today)} {value.time}
          </Text>
        )
      )}
    </View>
  )
}
