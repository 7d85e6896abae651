import type { PropsWithChildren } from 'react'
import './app.scss'

function App({ children }: PropsWithChildren) {
  // Pages decide for themselves whether a session is needed; the login page is the entry point.
  return children
}

export default App
