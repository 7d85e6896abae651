import { useCallback, useRef, useState } from 'react'
import { errorMessage } from '../services/api'

export interface Page<T> {
  items: T[]
  total: number
  /** the server stopped counting at `total` (shown as "1万+") */
  totalCapped?: boolean
  pageSize?: number
}

/** A page as long as the server's page size: past a capped total, there may be more. */
const isFull = <T>(res: Page<T>) => res.items.length > 0 && res.items.length >= (res.pageSize ?? 1)

/**
 * An infinitely scrolled list: `load(true)` starts over, `load(false)` appends the next page.
 * Only the latest request may write state (typing and tab switches fire overlapping requests),
 * and the loading flags are always reset.
 */
export function usePagedList<T>(fetchPage: ((page: number) => Promise<Page<T>>) | null, onPage?: (items: T[]) => void, firstPage?: Page<T> | null) {
  // `firstPage`: page 1 already at hand on the first render (read once; `onPage` is not called for it).
  const [items, setItems] = useState<T[]>(firstPage?.items ?? [])
  const [total, setTotal] = useState(firstPage?.total ?? 0)
  const [totalCapped, setTotalCapped] = useState(Boolean(firstPage?.totalCapped))
  const [lastPageFull, setLastPageFull] = useState(firstPage ? isFull(firstPage) : false)
  const [page, setPage] = useState(firstPage ? 1 : 0)
  const [loading, setLoading] = useState(!firstPage)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [moreError, setMoreError] = useState<string | null>(null)
  const seq = useRef(0)

  const load = useCallback(
    async (reset: boolean) => {
      if (!fetchPage) return
      const mySeq = ++seq.current
      const nextPage = reset ? 1 : page + 1
      if (reset) {
        setLoading(true)
        setError(null)
      } else {
        setLoadingMore(true)
      }
      setMoreError(null)
      try {
        const res = await fetchPage(nextPage)
        if (mySeq !== seq.current) return
        setItems((prev) => (reset ? res.items : [...prev, ...res.items]))
        setTotal(res.total)
        setTotalCapped(Boolean(res.totalCapped))
        setLastPageFull(isFull(res))
        setPage(nextPage)
        onPage?.(res.items)
      } catch (e) {
        if (mySeq !== seq.current) return
        if (reset) setError(errorMessage(e))
        else setMoreError(errorMessage(e))
      } finally {
        if (mySeq === seq.current) {
          setLoading(false)
          setLoadingMore(false)
        }
      }
    },
    [fetchPage, onPage, page]
  )

  /** Drops one row locally (e.g. a claimed customer leaving the pool list). */
  const remove = useCallback((pick: (item: T) => boolean) => {
    setItems((prev) => prev.filter((x) => !pick(x)))
    setTotal((t) => Math.max(0, t - 1))
  }, [])

  // Past a capped total the list goes on while pages come back full.
  const hasMore = totalCapped ? lastPageFull : items.length < total
  return { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, load, remove }
}
