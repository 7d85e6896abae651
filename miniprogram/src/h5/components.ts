/**
 * H5 only: what `@tarojs/components` resolves to in the H5 build (see config/index.ts). Taro's React
 * components for the web (`h5.useHtmlComponents`), except View and Text, which are plain <div> and
 * <span> here, and Input, which sits in an element carrying the page's class as it did before.
 *
 * Taro's View keeps three pieces of state, a wrapper component and an effect per element for `hoverClass`
 * (which this app does not use), and applies a changed `className` one render late (it copies it into
 * state in an effect). The customer list's first screen alone renders some 400 of them; these render one
 * element each, with the class of the render they belong to. Text keeps Taro's `taro-text`
 * class (not selectable, as in the mini-program) unless `selectable` is set. (Taro's own components use
 * these too: its Picker's columns are Views in its ScrollView.)
 *
 * Taro's web components pass on only the props they know: a `data-testid` on a ScrollView, say, does not
 * reach the page; put it on a View around it.
 */
export * from '@tarojs/components-react'
export { View, Text, Input } from './view-text'
export type { ViewProps, TextProps, InputProps } from './view-text'
