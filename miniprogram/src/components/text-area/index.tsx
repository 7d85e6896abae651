import { Textarea } from '@tarojs/components'
import type { TextAreaProps } from './props'
import './index.scss'

/** Multi-line input: the mini-program's native Textarea (H5 builds `index.h5.tsx`, a plain <textarea>). */
export default function TextArea({ value, onInput, placeholder, maxlength = 2000, testId, fixed, autoFocus, className }: TextAreaProps) {
  return (
    <Textarea
      className={className ? `text-area ${className}` : 'text-area'}
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
