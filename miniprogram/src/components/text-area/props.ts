export interface TextAreaProps {
  value: string
  onInput: (value: string) => void
  placeholder?: string
  maxlength?: number
  testId?: string
  /** set when rendered inside a position:fixed container (required by the mini-program's native textarea) */
  fixed?: boolean
  autoFocus?: boolean
  /** a page's own look for the field, added to the shared one */
  className?: string
}
