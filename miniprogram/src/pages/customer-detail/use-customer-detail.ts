import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef } from 'react'
import { getCustomer, listFollowUps, listOwnershipHistory } from '../../services/customers'
import { getCustomerExpenses } from '../../services/approvals'
import { listLevelRequests } from '../../services/level-requests'
import type { Customer, CustomerExpenses, FollowUp, LevelRequest, OwnershipEvent } from '../../services/types'
import { useResource } from '../../hooks/use-resource'

export type DetailPart = 'customer' | 'followUps' | 'history' | 'levelRequests' | 'expenses'

const ALL_PARTS: DetailPart[] = ['customer', 'followUps', 'history', 'levelRequests', 'expenses']

/**
 * Everything the customer page shows from the server: the customer, its follow-ups, its
 * ownership history, its level requests and its approved expenses, each with its own loading and error state (a
 * section fails alone). `reload()` refreshes them all, `reload('customer', 'history')` some.
 */
export function useCustomerDetail(id: string) {
  const customer = useResource<Customer | null>(
    useCallback(async () => {
      if (!id) throw new Error('缺少客户编号')
      const c = await getCustomer(id)
      Taro.setNavigationBarTitle({ title: c.name })
      return c
    }, [id]),
    null
  )
  const followUps = useResource<FollowUp[]>(useCallback(async () => (await listFollowUps(id)).items, [id]), [])
  const history = useResource<OwnershipEvent[]>(useCallback(async () => (await listOwnershipHistory(id)).items, [id]), [])
  const levelRequests = useResource<LevelRequest[] | null>(useCallback(async () => (await listLevelRequests(id)).items, [id]), null)
  const expenses = useResource<CustomerExpenses | null>(useCallback(() => getCustomerExpenses(id), [id]), null)

  const reloaders: Record<DetailPart, () => Promise<void>> = {
    customer: customer.reload,
    followUps: followUps.reload,
    history: history.reload,
    levelRequests: levelRequests.reload,
    expenses: expenses.reload
  }
  const reloadersRef = useRef(reloaders)
  reloadersRef.current = reloaders

  const reload = useCallback((...parts: DetailPart[]) => {
    for (const part of parts.length ? parts : ALL_PARTS) reloadersRef.current[part]()
  }, [])

  useEffect(() => {
    // Without an id only the customer is "loaded": it fails with the reason, nothing is asked.
    if (!id) reload('customer')
    else reload()
  }, [id, reload])

  // A level changed by an approval made elsewhere or by a manager's edit: its requests changed too.
  const level = customer.data?.level
  const seenLevel = useRef<{ level: typeof level } | null>(null)
  useEffect(() => {
    if (!customer.data) return
    if (seenLevel.current && seenLevel.current.level !== level) reload('levelRequests')
    seenLevel.current = { level }
  }, [customer.data, level, reload])

  return { customer, followUps, history, levelRequests, expenses, reload }
}
