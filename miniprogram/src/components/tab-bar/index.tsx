import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { useTodoCount } from '../../hooks/use-todo-count'
import { iconSrc } from './icons'
import './index.scss'

const TABS = [
  { key: 'customers', label: '客户', url: '/pages/customers/index' },
  { key: 'pool', label: '公海', url: '/pages/pool/index' },
  { key: 'approvals', label: '审批', url: '/pages/approvals/index' },
  { key: 'opportunities', label: '商机', url: '/pages/opportunities/index' },
  { key: 'profile', label: '我的', url: '/pages/profile/index' }
] as const

type TabKey = (typeof TABS)[number]['key']

/** "99+" past two digits, as WeCom writes its own badges. */
export const badgeText = (n: number) => (n > 99 ? '99+' : String(n))

/**
 * Bottom navigation between the top-level pages (a drawn bar behaves the same in WeCom and H5, so
 * the 审批 badge is drawn too: setTabBarBadge only reaches a native tab bar).
 */
export default function TabBar({ active }: { active: TabKey }) {
  const { count } = useTodoCount()
  return (
    <View className='tab-bar'>
      {TABS.map((tab) => (
        <View
          key={tab.key}
          className={`tab-bar__item ${tab.key === active ? 'tab-bar__item--active' : ''}`}
          data-testid={`tab-${tab.key}`}
          onClick={() => tab.key !== active && Taro.redirectTo({ url: tab.url })}
        >
          <View className='tab-bar__icon'>
            <Image className='tab-bar__img' src={iconSrc(tab.key, tab.key === active)} data-testid={`tab-${tab.key}-icon`} />
            {tab.key === 'approvals' && count > 0 && (
              <Text className='tab-bar__badge' data-testid='tab-approvals-badge'>
                {badgeText(count)}
              </Text>
            )}
          </View>
          <Text className='tab-bar__label'>{tab.label}</Text>
        </View>
      ))}
    </View>
  )
}
