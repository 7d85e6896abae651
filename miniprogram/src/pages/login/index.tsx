import Taro, { useLoad } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useMemo, useState } from 'react'
import { errorMessage, getToken, takeReturnTo } from '../../services/api'
import { fetchAppConfig, fetchDemoUsers, loginAsDemoUser, loginWithMiniProgramCode, loginWithOAuthCode } from '../../services/auth'
import type { AppConfig, Role, User } from '../../services/types'
import { forgetOAuthCode, isInsideWeCom, isMiniProgram, miniProgramLoginCode, readOAuthCode, redirectToOAuth } from '../../services/wecom'
import StateView from '../../components/state-view'
import { roleLabel } from '../../utils/labels'
import './index.scss'

const HOME = '/pages/customers/index'

/** The picker's groups, in this order, each with what that role can try in the demo. */
const ROLE_GROUPS: { role: Role; tryIt: string }[] = [
  { role: 'admin', tryIt: '全公司的客户、公海和审批；设置公海规则、商机阶段和业绩目标，看费用报表' },
  { role: 'manager', tryIt: '首页看团队即将回收、被遗忘的客户；审批报销；把离职同事的客户交接给他人' },
  { role: 'rep', tryIt: '写跟进并约好下次跟进的日期和时间；从公海领取客户；提交费用审批、推进商机' }
]

type Phase = 'working' | 'picker' | 'redirecting' | 'outside-wecom' | 'error'

/** Home, or back to the page that needed a login (a card link opened without a session). */
const goHome = () => Taro.reLaunch({ url: takeReturnTo() ?? HOME })

export default function LoginPage() {
  const [phase, setPhase] = useState<Phase>('working')
  const [error, setError] = useState<string | null>(null)
  const [users, setUsers] = useState<User[]>([])
  const [departed, setDeparted] = useState<User[]>([])
  const [pendingUserId, setPendingUserId] = useState<string | null>(null)
  const [liveConfig, setLiveConfig] = useState<AppConfig | null>(null)

  const goToOAuth = (config: AppConfig) => {
    setPhase('redirecting')
    try {
      redirectToOAuth(config)
    } catch (e) {
      setError(errorMessage(e))
      setPhase('error')
    }
  }

  const start = useCallback(async () => {
    setPhase('working')
    setError(null)
    try {
      if (isMiniProgram) {
        if (getToken()) return goHome()
        await loginWithMiniProgramCode(await miniProgramLoginCode())
        return goHome()
      }
      // H5: a WeCom OAuth redirect always wins over an older session.
      const code = readOAuthCode()
      if (code) {
        forgetOAuthCode()
        await loginWithOAuthCode(code)
        return goHome()
      }
      if (getToken()) return goHome()
      const config = await fetchAppConfig()
      if (config.mode === 'simulator') {
        const res = await fetchDemoUsers()
        setUsers(res.items)
        setDeparted(res.departed ?? [])
        setPhase('picker')
        return
      }
      // snsapi_base authorisation only completes inside the WeCom client; elsewhere explain first.
      if (!isInsideWeCom()) {
        setLiveConfig(config)
        setPhase('outside-wecom')
        return
      }
      goToOAuth(config)
    } catch (e) {
      setError(errorMessage(e))
      setPhase('error')
    }
  }, [])

  useLoad(() => {
    start()
  })

  const pick = async (user: User) => {
    if (pendingUserId) return
    setPendingUserId(user.id)
    try {
      await loginAsDemoUser(user.id)
      goHome()
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    } finally {
      setPendingUserId(null)
    }
  }

  const groups = useMemo(() => {
    const known = ROLE_GROUPS.map((g) => g.role)
    // A role this client does not know yet still gets a group (after the known ones), not a lost member.
    const others = [...new Set(users.map((u) => u.role))].filter((r) => !known.includes(r)).map((role) => ({ role, tryIt: '' }))
    return [...ROLE_GROUPS, ...others]
      .map((g) => ({ ...g, items: users.filter((u) => u.role === g.role), departed: departed.filter((u) => u.role === g.role) }))
      .filter((g) => g.items.length > 0)
  }, [users, departed])

  const deptOf = (u: User) => u.departmentName || (u.departmentId ? `部门 ${u.departmentId}` : '未分配部门')

  return (
    <View className='login'>
      <View className='login__hero'>
        <View className='login__logo'>客</View>
        <Text className='login__brand'>wecrm 客户管理</Text>
        <Text className='login__slogan'>客户是公司的资产 · 跟进留痕不遗漏</Text>
      </View>

      {phase === 'working' && <StateView loading />}
      {phase === 'redirecting' && (
        <View className='login__status'>正在跳转企业微信授权…</View>
      )}
      {phase === 'outside-wecom' && liveConfig && (
        <View className='login__status' data-testid='login-outside-wecom'>
          <Text className='login__status-title'>请在企业微信中打开</Text>
          <Text>从企业微信工作台或聊天侧边栏进入，将自动登录</Text>
          <View className='btn btn--ghost login__status-btn' onClick={() => goToOAuth(liveConfig)}>
            仍然前往企业微信授权
          </View>
        </View>
      )}
      {phase === 'error' && <StateView error={error ?? '登录失败'} onRetry={start} />}

      {phase === 'picker' && (
        <View className='login__picker' data-testid='dev-user-picker'>
          <View className='login__demo-tip'>
            <Text className='login__demo-badge'>演示模式</Text>
            <Text>选择一位演示成员登录，体验不同角色看到的内容；机器人发到企业微信的卡片在模拟器 /sim 里查看</Text>
          </View>
          <StateView empty={groups.length === 0} emptyText='演示公司还没有成员' onRetry={start}>
            {groups.map((group) => (
              <View key={group.role} className='card login__group' data-testid={`dev-group-${group.role}`}>
                <View className='login__group-title'>
                  {roleLabel(group.role)}
                  <Text className='login__group-count'>{group.items.length}人</Text>
                </View>
                {group.tryIt && (
                  <Text className='login__group-try' data-testid={`dev-group-${group.role}-try`}>
                    {group.tryIt}
                  </Text>
                )}
                {group.items.map((u) => (
                  <View
                    key={u.id}
                    className='login__user'
                    data-testid={`dev-user-${u.wecomUserId}`}
                    onClick={() => pick(u)}
                  >
                    <View className={`login__avatar login__avatar--${u.role}`}>{u.name.slice(0, 1)}</View>
                    <View className='login__user-main'>
                      <Text className='login__user-name'>{u.name}</Text>
                      <Text className='login__user-dept'>
                        {deptOf(u)} · {u.wecomUserId}
                      </Text>
                    </View>
                    <Text className='login__user-go'>{pendingUserId === u.id ? '登录中…' : '登录 ›'}</Text>
                  </View>
                ))}
                {group.departed.map((u) => (
                  <View key={u.id} className='login__user login__user--departed' data-testid={`dev-departed-${u.wecomUserId}`}>
                    <View className='login__avatar login__avatar--departed'>{u.name.slice(0, 1)}</View>
                    <View className='login__user-main'>
                      <View className='login__user-name'>
                        <Text>{u.name}</Text>
                        <Text className='login__left-badge'>已离职</Text>
                      </View>
                      <Text className='login__user-dept'>{deptOf(u)} · 不能登录，留下的客户由经理交接</Text>
                    </View>
                  </View>
                ))}
              </View>
            ))}
          </StateView>
        </View>
      )}
    </View>
  )
}
