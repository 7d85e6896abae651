import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage, LOGIN_PAGE } from '../../services/api'
import { logout } from '../../services/auth'
import { cachedUser, refreshMe } from '../../services/session'
import type { User } from '../../services/types'
import StateView from '../../components/state-view'
import TabBar from '../../components/tab-bar'
import { roleLabel } from '../../utils/labels'
import './index.scss'

export default function ProfilePage() {
  const [me, setMe] = useState<User | null>(cachedUser())
  const [loading, setLoading] = useState(!me)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      setMe(await refreshMe())
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    load()
  }, [load])

  const onLogout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号？' })
    if (!confirm) return
    logout()
    Taro.reLaunch({ url: LOGIN_PAGE })
  }

  return (
    <View className='profile'>
      <StateView loading={loading && !me} error={!me ? error : null} onRetry={load}>
        {me && (
          <View className='profile__card' data-testid='profile-card'>
            <View className='profile__avatar'>{me.name.slice(0, 1)}</View>
            <View className='profile__main'>
              <Text className='profile__name' data-testid='profile-name'>
                {me.name}
              </Text>
              <View className='profile__meta'>
                <Text className='profile__role'>{roleLabel(me.role)}</Text>
                <Text>{me.departmentName || (me.departmentId ? `部门 ${me.departmentId}` : '未分配部门')}</Text>
              </View>
              <Text className='profile__id'>企业微信账号：{me.wecomUserId}</Text>
            </View>
          </View>
        )}
        <View className='card profile__menu'>
          <View className='profile__item' onClick={() => Taro.redirectTo({ url: '/pages/customers/index' })}>
            <Text>我的客户</Text>
            <Text className='profile__arrow'>›</Text>
          </View>
          <View className='profile__item' data-testid='profile-pool' onClick={() => Taro.redirectTo({ url: '/pages/pool/index' })}>
            <Text>公海</Text>
            <Text className='profile__arrow'>›</Text>
          </View>
          <View className='profile__item' data-testid='profile-approvals' onClick={() => Taro.redirectTo({ url: '/pages/approvals/index' })}>
            <Text>审批</Text>
            <Text className='profile__arrow'>›</Text>
          </View>
          <View className='profile__item' data-testid='profile-contracts' onClick={() => Taro.navigateTo({ url: '/pages/contracts/index' })}>
            <View className='profile__item-main'>
              <Text>合同与回款</Text>
              <Text className='profile__item-sub'>合同、回款计划、登记回款</Text>
            </View>
            <Text className='profile__arrow'>›</Text>
          </View>
          {(me?.role === 'manager' || me?.role === 'admin') && (
            <View className='profile__item' data-testid='profile-targets' onClick={() => Taro.navigateTo({ url: '/pages/targets/index' })}>
              <View className='profile__item-main'>
                <Text>业绩目标</Text>
                <Text className='profile__item-sub'>每月成交和回款目标，按成员和部门</Text>
              </View>
              <Text className='profile__arrow'>›</Text>
            </View>
          )}
          {(me?.role === 'manager' || me?.role === 'admin') && (
            <View className='profile__item' data-testid='profile-expense-report' onClick={() => Taro.navigateTo({ url: '/pages/expense-report/index' })}>
              <View className='profile__item-main'>
                <Text>费用报表</Text>
                <Text className='profile__item-sub'>每月已批准费用，按成员和客户汇总</Text>
              </View>
              <Text className='profile__arrow'>›</Text>
            </View>
          )}
          <View className='profile__item' data-testid='profile-opportunities' onClick={() => Taro.redirectTo({ url: '/pages/opportunities/index' })}>
            <Text>商机</Text>
            <Text className='profile__arrow'>›</Text>
          </View>
          {me?.role === 'admin' && (
            <View className='profile__item' data-testid='profile-stages' onClick={() => Taro.navigateTo({ url: '/pages/stages/index' })}>
              <View className='profile__item-main'>
                <Text>商机阶段</Text>
                <Text className='profile__item-sub'>阶段顺序、赢率、进入前必填的反馈</Text>
              </View>
              <Text className='profile__arrow'>›</Text>
            </View>
          )}
          {(me?.role === 'manager' || me?.role === 'admin') && (
            <View className='profile__item' data-testid='profile-handover' onClick={() => Taro.navigateTo({ url: '/pages/handover-list/index' })}>
              <View className='profile__item-main'>
                <Text>离职交接</Text>
                <Text className='profile__item-sub'>成员离职或调岗时，把客户交给同事或退回公海</Text>
              </View>
              <Text className='profile__arrow'>›</Text>
            </View>
          )}
          {me?.role === 'admin' && (
            <View className='profile__item' data-testid='profile-pool-rules' onClick={() => Taro.navigateTo({ url: '/pages/pool-rules/index' })}>
              <View className='profile__item-main'>
                <Text>公海规则</Text>
                <Text className='profile__item-sub'>回收天数、持有上限、领取限制</Text>
              </View>
              <Text className='profile__arrow'>›</Text>
            </View>
          )}
          {me?.role === 'admin' && (
            <View className='profile__item' data-testid='profile-escalation' onClick={() => Taro.navigateTo({ url: '/pages/escalation-settings/index' })}>
              <View className='profile__item-main'>
                <Text>升级提醒</Text>
                <Text className='profile__item-sub'>成员预警后未跟进时，早上告诉其经理</Text>
              </View>
              <Text className='profile__arrow'>›</Text>
            </View>
          )}
        </View>
        <View className='profile__logout' data-testid='logout' onClick={onLogout}>
          退出登录
        </View>
      </StateView>
      <View className='tab-bar-spacer' />
      <TabBar active='profile' />
    </View>
  )
}
