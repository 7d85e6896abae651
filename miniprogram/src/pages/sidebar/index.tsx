import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useState } from 'react'
import StateView from '../../components/state-view'
import { errorMessage, getToken, LOGIN_PAGE } from '../../services/api'
import { fetchAppConfig, loginWithMiniProgramCode, loginWithOAuthCode } from '../../services/auth'
import { fetchJssdkConfig } from '../../services/sidebar'
import { forgetOAuthCode, miniProgramLoginCode, openSidebar, readOAuthCode, redirectToOAuth, sidebarHost, type SidebarContext } from '../../services/wecom'
import ContactView from './contact-view'
import GroupView from './group-view'
import './index.scss'

const SELF = '/pages/sidebar/index'

/**
 * The chat-toolbar sidebar (聊天工具栏): logs in silently through WeCom OAuth, asks the client
 * where it was opened, then shows the chat's customer or customer group.
 */
export default function SidebarPage() {
  const { params } = useRouter()
  const [ctx, setCtx] = useState<SidebarContext | null>(null)
  const [phase, setPhase] = useState<'working' | 'redirecting' | 'ready' | 'login-needed' | 'error'>('working')
  const [error, setError] = useState<string | null>(null)

  const start = useCallback(async () => {
    setPhase('working')
    setError(null)
    try {
      const host = sidebarHost() // before the OAuth clean-up drops the address's query
      const code = readOAuthCode()
      if (host === 'miniprogram') {
        if (!getToken()) await loginWithMiniProgramCode(await miniProgramLoginCode())
      } else if (code) {
        forgetOAuthCode()
        await loginWithOAuthCode(code)
      } else if (!getToken()) {
        if (host === 'wecom') {
          setPhase('redirecting')
          redirectToOAuth(await fetchAppConfig(), SELF)
          return
        }
        setPhase('login-needed')
        return
      }
      setCtx(await openSidebar((url) => fetchJssdkConfig(url), { externalUserId: params.externalUserId, chatId: params.chatId }))
      setPhase('ready')
    } catch (e) {
      setError(errorMessage(e))
      setPhase('error')
    }
  }, [params.externalUserId, params.chatId])

  useLoad(() => {
    start()
  })

  if (phase === 'working') return <StateView loading />
  if (phase === 'redirecting') return <View className='sidebar__status'>正在通过企业微信登录…</View>
  if (phase === 'error') return <StateView error={error ?? '侧边栏加载失败'} onRetry={start} />
  if (phase === 'login-needed') {
    return (
      <View className='sidebar__status' data-testid='sidebar-login-needed'>
        <Text>请从企业微信聊天工具栏打开，将自动登录</Text>
        <View className='btn btn--ghost' onClick={() => Taro.reLaunch({ url: LOGIN_PAGE })}>前往登录</View>
      </View>
    )
  }
  return (
    <View className='sidebar' data-testid='sidebar-page'>
      {ctx?.externalUserId && <ContactView externalUserId={ctx.externalUserId} />}
      {ctx?.chatId && <GroupView chatId={ctx.chatId} />}
      {ctx && !ctx.externalUserId && !ctx.chatId && (
        <View className='sidebar__status' data-testid='sidebar-no-chat'>
          <Text>请在与客户的单聊或客户群的聊天工具栏中打开</Text>
        </View>
      )}
    </View>
  )
}
