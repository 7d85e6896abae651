import { useCallback, useRef, useState } from 'react'
import { errorMessage } from '../services/api'

export interface Resource<T> {
  data: T
  /** true from the first render until the first answer, and during every reload */
  loading: boolean
  error: string | null
  reload: () => Promise<void>
}

/**
 * One server answer with its loading and error state. A reload keeps the last data; the latest
 * reload wins over a slower earlier one (its answer, its error and the end of loading alike).
 */
export function useResource<T>(load: () => Promise<T>, initial: T): Resource<T> {
  const [data, setData] = useState<T>(initial)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const value = await load()
      if (mine === seq.current) setData(value)
    } catch (e) {
      if (mine === seq.current) setError(errorMessage(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [load])

  return { data, loading, error, reload }
}
