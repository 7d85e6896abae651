import { api } from './api'
import type { HomeCards } from './types'

/** The caller's home cards: forgotten customers, customers about to be reclaimed, follow-ups due today. */
export const getHomeCards = () => api.get<HomeCards>('/api/home/cards')
