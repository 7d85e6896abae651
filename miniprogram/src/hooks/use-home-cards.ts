import { useCallback, useRef, useState } from 'react'
import { errorMessage } from '../services/api'
import { getHomeCards } from '../services/home'
import type { HomeCards } from '../services/types'

/**
 * The home cards of the logged-in rep. A reload keeps the cards on screen until the answer
 * arrives (after a follow-up the row simply disappears, no spinner flash); only the first load
 * shows the loading state.
 */
export function useHomeCards() {
  const [cards, setCards] = useState<HomeCards | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // A follow-up saved during a slow load must not be overwritten by the older answer.
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const mySeq = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const res = await getHomeCards()
      if (mySeq === seq.current) setCards(res)
    } catch (e) {
      if (mySeq === seq.current) setError(errorMessage(e))
    } finally {
      if (mySeq === seq.current) setLoading(false)
    }
  }, [])

  return { cards, loading, error, reload }
}
