import type { TextAreaProps } from './props'
import './index.scss'

/**
 * Multi-line input, H5: a plain <textarea>, so the test id sits on a real form control that browser tests
 * can fill and IME input behaves natively. Its own file (Taro builds `index.h5.tsx` for H5, `index.tsx`
 * elsewhere) so that the H5 build does not import Taro's Textarea at all: it is a Stencil web component
 * (the H5 build's other components are plain React ones), and importing it put the Stencil runtime and
 * every Taro component's style sheet into the first screen's script.
 */
export default function TextArea({ value, onInput, placeholder, maxlength = 2000, testId, autoFocus, className }: TextAreaProps) {
  return (
    <textarea
      className={className ? `text-area ${className}` : 'text-area'}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      data-testid={testId}
      autoFocus={autoFocus}
      onChange={(e) => onInput(e.target.value)}
    />
  )
}
