import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { fetchAppConfig } from './services/auth'
import './app.scss'

function App({ children }: PropsWithChildren) {
  // The business time zone may have changed since the last launch (it is kept in storage until then).
  useLaunch(() => {
    fetchAppConfig().catch(() => undefined)
  })
  // Pages decide for themselves whether a session is needed; the login page is the entry point.
  return children
}

export default App
