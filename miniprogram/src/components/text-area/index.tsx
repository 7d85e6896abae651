import { Textarea } from '@tarojs/components'
import './index.scss'

interface Props {
  value: string
  onInput: (value: string) => void
  placeholder?: string
  maxlength?: number
  testId?: string
  /** set when rendered inside a position:fixed container (required by the mini-program's native textarea) */
  fixed?: boolean
  autoFocus?: boolean
}

/**
 * Multi-line input. H5 renders a plain <textarea>, so the test id sits on a real form control that browser
 * tests can fill and IME input behaves natively; the mini-program uses its native Textarea.
 */
export default function TextArea({ value, onInput, placeholder, maxlength = 2000, testId, fixed, autoFocus }: Props) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <textarea
        className='text-area'
        value={value}
        placeholder={placeholder}
        maxLength={maxlength}
        data-testid={testId}
        autoFocus={autoFocus}
        onChange={(e) => onInput(e.target.value)}
      />
    )
  }
  return (
    <Textarea
      className='text-area'
      value={value}
      placeholder={placeholder}
      placeholderClass='text-area__placeholder'
      maxlength={maxlength}
      data-testid={testId}
      fixed={fixed}
      focus={autoFocus}
      onInput={(e) => onInput(e.detail.value)}
    />
  )
}
