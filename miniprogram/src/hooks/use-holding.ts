import { useCallback, useRef, useState } from 'react'
import { errorMessage } from '../services/api'
import { getMyHolding } from '../services/pool'
import type { Holding } from '../services/types'

/**
 * What the holding cap counts for me (GET /api/me/holding). A reload keeps the last answer on
 * screen until the new one arrives; only the latest request may write.
 */
export function useHolding() {
  const [holding, setHolding] = useState<Holding | null>(null)
  const [error, setError] = useState<string | null>(null)
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const mySeq = ++seq.current
    setError(null)
    try {
      const res = await getMyHolding()
      if (mySeq === seq.current) setHolding(res)
    } catch (e) {
      if (mySeq === seq.current) setError(errorMessage(e))
    }
  }, [])

  return { holding, error, reload }
}
