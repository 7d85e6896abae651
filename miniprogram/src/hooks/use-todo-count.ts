import { useCallback, useEffect, useState } from 'react'
import { getToken } from '../services/api'
import { countTodo } from '../services/approvals'

// The number of requests waiting on me, shared by the tab bar and the 审批 page: every page that
// shows it refreshes it on mount, and the last answer is what the next page starts from.
let lastCount = 0
const listeners = new Set<(n: number) => void>()

function publish(n: number) {
  lastCount = n
  listeners.forEach((l) => l(n))
}

let inFlight: Promise<number> | null = null

/** Refreshes the shared 待我审批 count (after a decision, on pull-to-refresh); one request at a time. */
export function refreshTodoCount(): Promise<number> {
  if (!getToken()) return Promise.resolve(lastCount)
  if (!inFlight) {
    inFlight = countTodo()
      .then((n) => {
        publish(n)
        return n
      })
      .finally(() => {
        inFlight = null
      })
  }
  return inFlight
}

export function useTodoCount(): { count: number; refresh: () => Promise<void> } {
  const [count, setCount] = useState(lastCount)

  useEffect(() => {
    listeners.add(setCount)
    return () => {
      listeners.delete(setCount)
    }
  }, [])

  const refresh = useCallback(async () => {
    try {
      await refreshTodoCount()
    } catch {
      // a badge that failed to refresh keeps its last value; the list itself shows the error
    }
  }, [])

  useEffect(() => {
    refresh()
  }, [refresh])

  return { count, refresh }
}
