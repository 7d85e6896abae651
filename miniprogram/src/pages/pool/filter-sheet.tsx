import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import type { Level, User, UserRef } from '../../services/types'
import Sheet from '../../components/sheet'
import UserPicker from '../../components/user-picker'
import { COMMON_INDUSTRIES, COMMON_REGIONS, LEVELS } from '../../utils/labels'

export interface PoolFilters {
  level: Level | ''
  industry: string
  region: string
  lastOwner: UserRef | null
}

interface Props {
  visible: boolean
  filters: PoolFilters
  /** values seen in the listing, added to the preset choices */
  industries: string[]
  regions: string[]
  onChange: (filters: PoolFilters) => void
  onReset: () => void
  onClose: () => void
}

function union(preset: string[], seen: string[], current: string): string[] {
  const all = [...preset]
  for (const v of [...seen, current]) if (v && !all.includes(v)) all.push(v)
  return all
}

function ChipGroup({ name, options, value, onPick }: { name: string; options: { value: string; label: string }[]; value: string; onPick: (v: string) => void }) {
  return (
    <View className='pool-filter__chips'>
      {options.map((o) => (
        <View
          key={o.value}
          className={`pool-filter__chip ${value === o.value ? 'pool-filter__chip--active' : ''}`}
          data-testid={`pool-filter-${name}-${o.value}`}
          onClick={() => onPick(value === o.value ? '' : o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  )
}

/** Level, industry, region and last owner; each choice applies at once, the list refreshes behind the sheet. */
export default function PoolFilterSheet({ visible, filters, industries, regions, onChange, onReset, onClose }: Props) {
  const [pickingOwner, setPickingOwner] = useState(false)
  const set = (patch: Partial<PoolFilters>) => onChange({ ...filters, ...patch })
  const asOptions = (list: string[]) => list.map((v) => ({ value: v, label: v }))

  return (
    <>
      <Sheet
        visible={visible && !pickingOwner}
        title='筛选公海客户'
        onClose={onClose}
        testId='pool-filter'
        footer={
          <View className='pool-filter__actions'>
            <View className='btn btn--plain pool-filter__action' data-testid='pool-filter-reset' onClick={onReset}>
              重置
            </View>
            <View className='btn pool-filter__action' data-testid='pool-filter-done' onClick={onClose}>
              完成
            </View>
          </View>
        }
      >
        <View className='pool-filter__label'>级别</View>
        <ChipGroup name='level' options={LEVELS} value={filters.level} onPick={(v) => set({ level: v as Level | '' })} />
        <View className='pool-filter__label'>行业</View>
        <ChipGroup name='industry' options={asOptions(union(COMMON_INDUSTRIES, industries, filters.industry))} value={filters.industry} onPick={(v) => set({ industry: v })} />
        <View className='pool-filter__label'>地区</View>
        <ChipGroup name='region' options={asOptions(union(COMMON_REGIONS, regions, filters.region))} value={filters.region} onPick={(v) => set({ region: v })} />
        <View className='pool-filter__label'>上一负责人</View>
        <View className='pool-filter__owner' data-testid='pool-filter-owner' onClick={() => setPickingOwner(true)}>
          <Text className={filters.lastOwner ? '' : 'pool-filter__placeholder'}>{filters.lastOwner ? filters.lastOwner.name : '不限'}</Text>
          {filters.lastOwner ? (
            <Text
              className='pool-filter__owner-clear'
              onClick={(e) => {
                e.stopPropagation()
                set({ lastOwner: null })
              }}
            >
              清除
            </Text>
          ) : (
            <Text className='pool-filter__arrow'>›</Text>
          )}
        </View>
      </Sheet>
      <UserPicker
        visible={visible && pickingOwner}
        title='上一负责人'
        onPick={(u: User) => {
          set({ lastOwner: { id: u.id, name: u.name } })
          setPickingOwner(false)
        }}
        onClose={() => setPickingOwner(false)}
      />
    </>
  )
}
