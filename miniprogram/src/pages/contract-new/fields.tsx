import { View, Text, Picker } from '@tarojs/components'
import type { ReactNode } from 'react'
import '../../components/customer-form/index.scss'
import './fields.scss'

/** One labelled form row with its hint or error (the customer form's look). */
export function Field({ label, required, error, hint, children }: { label: string; required?: boolean; error?: string; hint?: string; children: ReactNode }) {
  return (
    <View className={`cf-field ${error ? 'cf-field--error' : ''}`}>
      <View className='cf-field__label'>
        {label}
        {required && <Text className='cf-field__required'>*</Text>}
      </View>
      <View className='cf-field__control'>{children}</View>
      {hint && !error && <Text className='cf-field__hint'>{hint}</Text>}
      {error && <Text className='cf-field__error'>{error}</Text>}
    </View>
  )
}

/** A YYYY-MM-DD day from the platform's date picker. */
export function DateInput({ value, onChange, testId, placeholder = '选择日期' }: { value: string; onChange: (v: string) => void; testId: string; placeholder?: string }) {
  return (
    <Picker mode='date' value={value} onChange={(e) => onChange(e.detail.value)}>
      <View className='contract-form__picker' data-testid={testId}>
        <Text className={value ? '' : 'contract-form__placeholder'}>{value || placeholder}</Text>
        <Text className='contract-form__arrow'>›</Text>
      </View>
    </Picker>
  )
}

/** "12.5" → 12.5; null with a reason when it is not a percentage with at most two decimals. */
export function parseDiscount(text: string): { ok: true; pct: number } | { ok: false; error: string } {
  const t = text.trim().replace(/[%％]$/, '')
  if (!t) return { ok: true, pct: 0 }
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return { ok: false, error: '折扣应为 0–100 的数字，最多两位小数' }
  const pct = Number(t)
  if (pct > 100) return { ok: false, error: '折扣不能大于 100%' }
  return { ok: true, pct }
}
