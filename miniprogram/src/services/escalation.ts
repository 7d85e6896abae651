import { api } from './api'
import type { EscalationSettings } from './types'

/** The admins' escalation settings: whether managers get the morning team digest, for which customers, when. */
export const getEscalationSettings = () => api.get<EscalationSettings>('/api/escalation-settings')

export const putEscalationSettings = (settings: EscalationSettings) => api.put<EscalationSettings>('/api/escalation-settings', settings)
