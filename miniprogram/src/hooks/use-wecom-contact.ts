import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../services/api'
import { cachedUser, markStale } from '../services/session'
import type { Customer, WecomContact } from '../services/types'
import { getWecomContact, linkWecomContact } from '../services/wecom-contacts'

export interface WecomContactData {
  contact: WecomContact
  customer: Customer | null
  suggestions: Customer[]
}

/**
 * One WeCom customer contact as the sidebar and the 关联 page show it: the contact, its linked
 * customer (when the caller may see it) and suggested records; `link` ties it to one of mine and
 * then calls `onLinked` (the sidebar reloads, the page opens the customer).
 */
export function useWecomContact(externalUserId: string, onLinked: (customer: Customer) => void) {
  const me = cachedUser()
  const [data, setData] = useState<WecomContactData | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [linking, setLinking] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setData(await getWecomContact(externalUserId))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [externalUserId])

  useEffect(() => {
    load()
  }, [load])

  const link = async (customer: Customer) => {
    if (linking) return
    setLinking(customer.id)
    try {
      await linkWecomContact(externalUserId, customer.id)
      markStale('wecom-contacts', 'customers', `customer:${customer.id}`)
      Taro.showToast({ title: '已关联', icon: 'success' })
      onLinked(customer)
    } catch (e) {
      Taro.showModal({ title: '无法关联', content: errorMessage(e), showCancel: false })
    } finally {
      setLinking(null)
    }
  }

  /** Owned or co-followed: what the server lets me link to. */
  const isMine = (c: Customer) => c.ownerId === me?.id || c.followers.some((f) => f.id === me?.id)

  return { data, error, load, linking, link, isMine }
}
