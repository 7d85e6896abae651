import { api } from './api'
import type { HomeCards, TeamHome } from './types'

/** The caller's home cards: forgotten customers, customers about to be reclaimed, follow-ups due today. */
export const getHomeCards = () => api.get<HomeCards>('/api/home/cards')

/** The managers' home: the team's at-risk customers by rep, each member's load, who left holding what. */
export const getTeamHome = () => api.get<TeamHome>('/api/home/team')
