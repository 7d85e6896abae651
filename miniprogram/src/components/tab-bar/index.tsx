import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import './index.scss'

const TABS = [
  { key: 'customers', label: '客户', glyph: '客', url: '/pages/customers/index' },
  { key: 'pool', label: '公海', glyph: '海', url: '/pages/pool/index' },
  { key: 'opportunities', label: '商机', glyph: '商', url: '/pages/opportunities/index' },
  { key: 'profile', label: '我的', glyph: '我', url: '/pages/profile/index' }
] as const

type TabKey = (typeof TABS)[number]['key']

/** Bottom navigation between the top-level pages (a drawn bar behaves the same in WeCom and H5). */
export default function TabBar({ active }: { active: TabKey }) {
  return (
    <View className='tab-bar'>
      {TABS.map((tab) => (
        <View
          key={tab.key}
          className={`tab-bar__item ${tab.key === active ? 'tab-bar__item--active' : ''}`}
          data-testid={`tab-${tab.key}`}
          onClick={() => tab.key !== active && Taro.redirectTo({ url: tab.url })}
        >
          <View className='tab-bar__icon'>{tab.glyph}</View>
          <Text className='tab-bar__label'>{tab.label}</Text>
        </View>
      ))}
    </View>
  )
}
