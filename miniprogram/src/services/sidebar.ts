import { api } from './api'
import type { Customer } from './types'
import type { JssdkConfig } from './wecom'

/** Both JS-SDK signatures for the page URL (server-side, from cached jsapi tickets). */
export const fetchJssdkConfig = (url: string) => api.get<JssdkConfig>('/api/wecom/jssdk-config', { url })

export interface GroupMember {
  /** WeCom userid (internal) or external_userid */
  id: string
  type: 'internal' | 'external'
  name: string
  /** the linked customer of an external member, when the viewer may see it */
  customerId: string | null
}

export interface GroupChat {
  chatId: string
  name: string
  owner: { wecomUserId: string; name: string } | null
  members: GroupMember[]
  /** the bound customer, when the viewer may see it */
  customer: Customer | null
  suggestions: Customer[]
  dismissed?: boolean
}

export interface CustomerGroup {
  chatId: string
  name: string
  owner: { wecomUserId: string; name: string } | null
  memberCount: number
  kind: 'external' | 'team'
  dismissed?: boolean
}

export const getGroup = (chatId: string) => api.get<GroupChat>(`/api/groups/${encodeURIComponent(chatId)}`)

export const bindGroup = (chatId: string, customerId: string) =>
  api.put<GroupChat>(`/api/groups/${encodeURIComponent(chatId)}/customer`, { customerId })

export const unbindGroup = (chatId: string) => api.del<GroupChat>(`/api/groups/${encodeURIComponent(chatId)}/customer`)

export const listCustomerGroups = (customerId: string) =>
  api.get<{ items: CustomerGroup[] }>(`/api/customers/${encodeURIComponent(customerId)}/groups`)

/** The customer's internal team group (客户作战群): created once, the same answer afterwards. */
export const createTeamChat = (customerId: string) =>
  api.post<{ chatId: string }>(`/api/customers/${encodeURIComponent(customerId)}/team-chat`)

/** The unbound customer groups I am in (to bind one from a customer page). */
export const listMyUnboundGroups = () => api.get<{ items: CustomerGroup[] }>('/api/groups', { bound: 'false' })
