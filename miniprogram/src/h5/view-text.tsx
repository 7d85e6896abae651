/** View and Text for the H5 build as plain elements, and Input inside one: see ./components.ts. */
import { Input as TaroInput } from '@tarojs/components-react'
import { forwardRef, type ComponentProps, type CSSProperties, type HTMLAttributes } from 'react'

type Own<T> = HTMLAttributes<T> & { [data: `data-${string}`]: unknown }

export interface ViewProps extends Own<HTMLDivElement> {
  /** Taro's touch-feedback props, accepted and ignored (nothing here uses them). */
  hoverClass?: string
  hoverStartTime?: number
  hoverStayTime?: number
  /** The mini-program's scroll-through guard: no effect in a browser (as with Taro's own H5 View). */
  catchMove?: boolean
}

export const View = forwardRef<HTMLDivElement, ViewProps>(function View({ hoverClass: _c, hoverStartTime: _s, hoverStayTime: _t, catchMove: _m, ...rest }, ref) {
  return <div ref={ref} {...rest} />
})

export interface TextProps extends Own<HTMLSpanElement> {
  selectable?: boolean
}

export const Text = forwardRef<HTMLSpanElement, TextProps>(function Text({ selectable, className, ...rest }, ref) {
  const cls = selectable ? 'taro-text taro-text__selectable' : 'taro-text'
  return <span ref={ref} className={className ? `${cls} ${className}` : cls} {...rest} />
})

type TaroInputProps = ComponentProps<typeof TaroInput>

export interface InputProps extends Omit<TaroInputProps, 'className' | 'style'> {
  className?: string
  style?: CSSProperties
  'data-testid'?: string
}

/**
 * Taro's Input inside an element that takes the page's class, style and test id, as Taro's Web Component
 * did: the field's box (height, padding, border, background) is that element's, and the <input> fills it
 * (app.scss). Without it the page's class lands on the <input> itself, whose sizing differs from the
 * mini-program's (a full-width field with padding overflows its card).
 */
export const Input = forwardRef<HTMLInputElement, InputProps>(function Input({ className, style, 'data-testid': testId, ...rest }, ref) {
  return (
    <div className={className ? `taro-input ${className}` : 'taro-input'} style={style} data-testid={testId}>
      <TaroInput ref={ref} {...(rest as TaroInputProps)} />
    </div>
  )
})
