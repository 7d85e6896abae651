import { View, Text, Input, Picker } from '@tarojs/components'
import { parseYuan, type RequiredField } from '../../services/opportunities'
import './index.scss'

/** What each field type asks for, under its label. */
const HINTS: Record<RequiredField['type'], string> = {
  text: '',
  number: '填写数字',
  amount: '单位：元',
  date: '',
  choice: ''
}

/**
 * Typed values (as text) → the feedback the server takes: amounts in integer fen, numbers as
 * numbers, dates YYYY-MM-DD, choices as one of the options. Blank or malformed fields are errors.
 */
export function feedbackFromTexts(fields: RequiredField[], texts: Record<string, string>) {
  const feedback: Record<string, string | number> = {}
  const errors: Record<string, string> = {}
  for (const f of fields) {
    const t = (texts[f.key] ?? '').trim()
    if (!t) {
      errors[f.key] = `请填写${f.label}`
      continue
    }
    if (f.type === 'amount') {
      const fen = parseYuan(t)
      if (fen === null) errors[f.key] = `${f.label}应为金额，最多两位小数`
      else feedback[f.key] = fen
    } else if (f.type === 'number') {
      const n = Number(t)
      if (!Number.isFinite(n)) errors[f.key] = `${f.label}应为数字`
      else feedback[f.key] = n
    } else {
      feedback[f.key] = t
    }
  }
  return { feedback, errors }
}

interface Props {
  fields: RequiredField[]
  texts: Record<string, string>
  errors: Record<string, string>
  onChange: (key: string, text: string) => void
}

/** The feedback a stage asks for, one control per required field (generated from its definition). */
export default function FeedbackForm({ fields, texts, errors, onChange }: Props) {
  return (
    <View className='feedback-form' data-testid='feedback-form'>
      {fields.map((f) => (
        <View key={f.key} className={`ff-field ${errors[f.key] ? 'ff-field--error' : ''}`} data-testid={`feedback-field-${f.key}`}>
          <View className='ff-field__label'>
            <Text>{f.label}</Text>
            <Text className='ff-field__required'>*</Text>
            {HINTS[f.type] && <Text className='ff-field__hint'>{HINTS[f.type]}</Text>}
          </View>
          {f.type === 'choice' ? (
            <View className='ff-chips'>
              {(f.options ?? []).map((o) => (
                <View
                  key={o}
                  className={`ff-chip ${texts[f.key] === o ? 'ff-chip--active' : ''}`}
                  data-testid={`feedback-choice-${f.key}-${o}`}
                  onClick={() => onChange(f.key, o)}
                >
                  {o}
                </View>
              ))}
            </View>
          ) : f.type === 'date' ? (
            <Picker mode='date' value={texts[f.key] ?? ''} onChange={(e) => onChange(f.key, String(e.detail.value))}>
              <View className='ff-input ff-input--picker' data-testid={`feedback-input-${f.key}`}>
                {texts[f.key] || <Text className='ff-placeholder'>选择日期</Text>}
              </View>
            </Picker>
          ) : (
            <Input
              className='ff-input'
              data-testid={`feedback-input-${f.key}`}
              type={f.type === 'text' ? 'text' : 'digit'}
              value={texts[f.key] ?? ''}
              placeholder={f.type === 'amount' ? '例如 120000' : `请输入${f.label}`}
              maxlength={f.type === 'text' ? 200 : 16}
              onInput={(e) => onChange(f.key, e.detail.value)}
            />
          )}
          {errors[f.key] && <Text className='ff-field__error'>{errors[f.key]}</Text>}
        </View>
      ))}
    </View>
  )
}
