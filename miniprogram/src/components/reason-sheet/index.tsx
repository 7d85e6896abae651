import { View, Text } from '@tarojs/components'
import { useEffect, useState, type ReactNode } from 'react'
import { errorMessage } from '../../services/api'
import Sheet from '../sheet'
import TextArea from '../text-area'
import './index.scss'

/** The server accepts 1–200 characters of reason. */
export const REASON_MAX = 200
const OTHER = '其他'

interface Props {
  visible: boolean
  title: string
  /** quick reasons; "其他" asks for words in the text box */
  chips: string[]
  /** a reason must be given (release, reclaim); optional for assign */
  required?: boolean
  placeholder?: string
  submitLabel: string
  /** red submit button for actions that take a customer away from someone */
  danger?: boolean
  /** prefix of the test ids: `<prefix>-reason-chip-<i>`, `<prefix>-reason-input`, `<prefix>-submit` */
  testIdPrefix: string
  /** what will happen, shown above the chips */
  note?: ReactNode
  onClose: () => void
  /** throws to keep the sheet open with the error shown */
  onSubmit: (reason: string) => Promise<void>
}

/** Chip + free text, e.g. "联系不上：电话停机" — the words the next owner will read in the pool. */
export function composeReason(chip: string | null, text: string): string {
  const words = text.trim()
  if (!chip || chip === OTHER) return words
  return words ? `${chip}：${words}` : chip
}

/** A bottom sheet asking why (释放 / 收回 / 分配), with quick reasons and free text. */
export default function ReasonSheet({ visible, title, chips, required = true, placeholder, submitLabel, danger, testIdPrefix, note, onClose, onSubmit }: Props) {
  const [chip, setChip] = useState<string | null>(null)
  const [text, setText] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!visible) return
    setChip(null)
    setText('')
    setError(null)
  }, [visible])

  const reason = composeReason(chip, text)

  const submit = async () => {
    if (saving) return
    if (required && !reason) {
      setError(chip === OTHER ? '请写下具体原因' : '请选择或填写原因')
      return
    }
    if (reason.length > REASON_MAX) {
      setError(`原因不能超过 ${REASON_MAX} 个字`)
      return
    }
    setSaving(true)
    setError(null)
    try {
      await onSubmit(reason)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Sheet
      visible={visible}
      title={title}
      onClose={onClose}
      testId={`${testIdPrefix}-sheet`}
      footer={
        <View
          className={`btn ${danger ? 'reason-sheet__danger' : ''} ${saving ? 'btn--disabled' : ''}`}
          data-testid={`${testIdPrefix}-submit`}
          onClick={submit}
        >
          {saving ? '提交中…' : submitLabel}
        </View>
      }
    >
      {note && <View className='reason-sheet__note'>{note}</View>}
      <View className='reason-sheet__label'>
        {required ? '原因' : '原因（可选）'}
        {required && <Text className='reason-sheet__required'>*</Text>}
      </View>
      <View className='reason-sheet__chips'>
        {chips.map((c, i) => (
          <View
            key={c}
            className={`reason-sheet__chip ${chip === c ? 'reason-sheet__chip--active' : ''}`}
            data-testid={`${testIdPrefix}-reason-chip-${i}`}
            onClick={() => {
              setChip(chip === c ? null : c)
              if (error) setError(null)
            }}
          >
            {c}
          </View>
        ))}
      </View>
      <TextArea
        value={text}
        onInput={(v) => {
          setText(v)
          if (error) setError(null)
        }}
        placeholder={placeholder ?? (chip === OTHER ? '请写下具体原因' : '补充说明（可选），下一位跟进的同事会看到')}
        maxlength={REASON_MAX}
        testId={`${testIdPrefix}-reason-input`}
        fixed
      />
      <View className='reason-sheet__foot'>
        {error ? (
          <Text className='reason-sheet__error' data-testid={`${testIdPrefix}-error`}>
            {error}
          </Text>
        ) : (
          <Text className='reason-sheet__preview'>{reason ? `将记录为：${reason}` : ' '}</Text>
        )}
        <Text className={`reason-sheet__count ${reason.length > REASON_MAX ? 'reason-sheet__count--over' : ''}`}>
          {reason.length}/{REASON_MAX}
        </Text>
      </View>
    </Sheet>
  )
}
