import { useEffect, useState } from 'react'
import { listPools } from '../services/pool'
import type { Pool } from '../services/types'

// The pools a user sees change rarely (an admin edits rules or adds a pool); one answer serves the
// detail and edit pages for a minute instead of a request per page.
const TTL_MS = 60_000
let cached: { at: number; pools: Promise<Pool[]> } | null = null

export function loadPools(): Promise<Pool[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.pools
  const pools = listPools().then((res) => res.items)
  const entry = { at: Date.now(), pools }
  cached = entry
  pools.catch(() => {
    if (cached === entry) cached = null
  })
  return pools
}

/** Taro.eventCenter event with the new Pool, after 新建公海 (the rules page shows it). */
export const POOL_CREATED = 'wecrm:pool-created'

/** After a pool is created or its rules change. */
export function forgetPools(): void {
  cached = null
}

/**
 * The pool a customer belongs to (its home pool, or the one it sits in), as GET /api/pools says it
 * to this user: its rules (exempt levels) and whether the user is a member (may claim). `pool` is
 * null until known, and stays null if the pool is not among the user's (the server decides then).
 */
export function usePool(poolId: string | null | undefined): { pool: Pool | null; loaded: boolean } {
  // Keyed by the pool asked for, so a change of customer never shows the previous pool's answer.
  const [state, setState] = useState<{ forId: string; pool: Pool | null } | null>(null)
  useEffect(() => {
    if (!poolId) return
    let alive = true
    loadPools()
      .then((pools) => alive && setState({ forId: poolId, pool: pools.find((p) => p.id === poolId) ?? null }))
      // Not knowing the pool only loses the hints (choices offered, claim shown); the server still judges.
      .catch(() => alive && setState({ forId: poolId, pool: null }))
    return () => {
      alive = false
    }
  }, [poolId])
  if (!poolId) return { pool: null, loaded: true }
  return state?.forId === poolId ? { pool: state.pool, loaded: true } : { pool: null, loaded: false }
}
