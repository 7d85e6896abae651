import { View, Text, Input } from '@tarojs/components'
import './index.scss'

interface Props {
  value: string
  onChange: (value: string) => void
  placeholder: string
  /** on the Input host; in H5 the real <input> is inside it */
  testId?: string
}

/** The rounded search field of the list pages, with a CSS-drawn magnifier and a clear button. */
export default function SearchBox({ value, onChange, placeholder, testId }: Props) {
  return (
    <View className='search-box'>
      <View className='search-box__icon' />
      <Input
        className='search-box__input'
        value={value}
        placeholder={placeholder}
        confirmType='search'
        data-testid={testId}
        onInput={(e) => onChange(e.detail.value)}
      />
      {value && (
        <Text className='search-box__clear' onClick={() => onChange('')}>
          ×
        </Text>
      )}
    </View>
  )
}
