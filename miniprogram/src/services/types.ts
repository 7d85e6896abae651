// Shapes of the wecrm HTTP API (see shared API.md). Ids are strings in JSON.

export type Role = 'rep' | 'manager' | 'admin'

export interface User {
  id: string
  wecomUserId: string
  name: string
  role: Role
  departmentId: string | null
  departmentName?: string | null
}

export interface Session {
  token: string
  user: User
}

export interface AppConfig {
  mode: 'simulator' | 'live'
  corpId?: string
  agentId?: string | number
  publicBaseUrl?: string
  /** the business time zone (TZ_BUSINESS) dates are written in */
  tzBusiness?: string
}

export type Stage = 'lead' | 'contacted' | 'opportunity' | 'deal' | 'repeat' | 'dormant' | 'lost'
export type Level = 'A' | 'B' | 'C' | 'key'
export type CustomerScope = 'mine' | 'team' | 'all'

export interface Contact {
  id?: string
  name: string
  title?: string | null
  phone?: string | null
  /** YYYY-MM-DD; not edited here but carried through so a PATCH does not clear it */
  birthday?: string | null
}

export interface UserRef {
  id: string
  name: string
}

export interface Customer {
  id: string
  name: string
  industry?: string | null
  size?: string | null
  region?: string | null
  source?: string | null
  level?: Level | null
  tags: string[]
  stage: Stage
  ownerId: string | null
  owner: UserRef | null
  /** the pool it sits in; null while someone owns it */
  poolId: string | null
  /** the pool it returns to when released or reclaimed */
  homePoolId?: string | null
  inPool?: boolean
  contacts: Contact[]
  followers: UserRef[]
  lastFollowUpAt: string | null
  claimedAt?: string | null
  /** when the pool rules return it to the pool; null while in the pool or exempt */
  reclaimAt: string | null
  /** whole business days until reclaimAt (0: today); null with it */
  reclaimDaysLeft: number | null
  /** inside its pool's warning window (warnDaysBefore): shown red */
  reclaimUrgent: boolean
  /** whole business days since the last follow-up (or since it was created) */
  daysSinceFollowUp: number
  /** whole business days in the pool; null while owned */
  daysInPool: number | null
  createdAt?: string
}

export interface Page<T> {
  items: T[]
  total: number
  /** true when the server stopped counting at `total` (lists of more than 10,000) */
  totalCapped?: boolean
  page: number
  pageSize: number
}

export interface CustomerInput {
  name: string
  /** optional texts: omitted on create; null clears the field on PATCH */
  industry?: string | null
  size?: string | null
  region?: string | null
  source?: string | null
  level?: Level
  /** not part of the create contract; editable with PATCH */
  stage?: Stage
  tags?: string[]
  contacts?: Contact[]
  /** PATCH only: why an exempt level or a deal stage changed (managers; recorded in the history) */
  reason?: string
}

export type FollowUpType = 'call' | 'visit' | 'wechat' | 'email' | 'meeting' | 'other'

export interface FollowUp {
  id: string
  type: FollowUpType
  content: string
  at: string
  nextFollowUpAt: string | null
  checkIn: { lat: number; lng: number; address: string } | null
  author: UserRef | null
  /** whole business days since `at` (0: today, 1: yesterday) */
  daysAgo: number
  /** `at` is in the current business year */
  thisYear: boolean
}

export interface FollowUpInput {
  type: FollowUpType
  content: string
  /** an instant, or a business date (YYYY-MM-DD: 09:00 business time) */
  nextFollowUpAt?: string
  /** 09:00 business time this many days after today: 明天 / 3天后 / 下周 */
  nextFollowUpInDays?: number
}

/** details of 409 CUSTOMER_DUPLICATE (the error's `message` already names the customer and who has it) */
export interface DuplicateDetails {
  customerId: string
  customerName: string
  ownerName: string | null
  inPool: boolean
  /** the caller owns the existing record */
  ownedByYou: boolean
  matchedBy: 'name' | 'phone'
  poolName: string | null
  /** the matching phone, masked, when matchedBy is phone */
  phone?: string
}

// Public pool (公海)

export interface PoolRules {
  noFollowUpDays: number
  noDealDays: number
  /** null: deal customers are never reclaimed for lack of a repeat deal */
  noRepeatDealDays: number | null
  warnDaysBefore: number
  holdingCap: number
  claimCooldownDays: number
  dailyClaimLimit: number
  exemptLevels: Level[]
}

export interface Pool {
  id: string
  name: string
  departmentId?: string
  rules: PoolRules
  /** GET /api/pools: the caller may claim from it (a manager above a department's pool sees it and may assign, not claim) */
  member?: boolean
}

export interface Department {
  id: string
  name: string
  parentId: string | null
  /** materialised path, "/1/2/3/" */
  path: string
  /** the department's own pool, if it has one */
  poolId: string | null
}

/** GET /api/me/holding: what the holding cap counts, in the words of the cap refusal */
export interface Holding {
  counted: number
  cap: number
  excluded: { exempt: number; coFollowed: number }
  exemptLevels: Level[]
  pool: { id: string; name: string }
  /** e.g. "计入持有上限 20/20（不含重点等免回收客户 3 个、协作客户 5 个）" */
  text: string
}

export interface PoolEntry {
  enteredAt: string | null
  /** why it came back: the reason a rep typed, or the rule of the automatic sweep */
  reason: string | null
  daysInPool: number | null
  lastOwner: UserRef | null
}

export interface PoolCustomer extends Customer {
  pool: PoolEntry
}

export type OwnershipEventType =
  | 'created'
  | 'claimed'
  | 'released'
  | 'reclaimed'
  | 'assigned'
  | 'transferred'
  /** a manager set or lifted an exempt level (fromValue / toValue are levels) */
  | 'level_changed'
  /** a manager moved the customer into or out of a deal stage (fromValue / toValue are stages) */
  | 'stage_changed'
  /** the pipeline: an opportunity opened, moved, won, lost or reopened (fromValue / toValue are pipeline stage names; reason names it) */
  | 'opp_created'
  | 'opp_moved'
  | 'opp_won'
  | 'opp_lost'
  | 'opp_reopened'

export interface OwnershipEvent {
  id: string
  type: OwnershipEventType
  fromUserId: string | null
  toUserId: string | null
  /** null: the automatic reclaim sweep */
  byUserId: string | null
  fromUser: UserRef | null
  toUser: UserRef | null
  byUser: UserRef | null
  reason: string | null
  /** level_changed / stage_changed: the value before and after */
  fromValue?: string | null
  toValue?: string | null
  at: string
}

/** A rep's request for an exempt level (申请设为重点), decided by a manager above them. */
export interface LevelRequest {
  id: string
  customer: UserRef
  fromLevel: Level
  level: Level
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  requestedBy: UserRef
  decidedBy: UserRef | null
  decisionComment: string | null
  createdAt: string
  decidedAt: string | null
}

/** codes of the 409 refusals of POST /api/customers/:id/claim (and of assign over the cap) */
export type ClaimRefusalCode = 'POOL_HOLDING_CAP' | 'POOL_CLAIM_COOLDOWN' | 'POOL_DAILY_LIMIT' | 'CUSTOMER_NOT_IN_POOL'

// Home cards (首页提醒): computed live by the server for the caller's own customers

export interface ForgottenCard {
  customerId: string
  customerName: string
  level: Level | null
  /** whole business days since the last contact (or since it was created) */
  days: number
  lastFollowUpAt: string | null
  lastFollowUpSummary: string | null
}

export interface SoonReclaimedCard {
  customerId: string
  customerName: string
  level: Level | null
  reclaimAt: string | null
  lastFollowUpAt: string | null
  reclaimDaysLeft: number | null
  reclaimUrgent: boolean
  daysSinceFollowUp: number
}

export interface DueTodayCard {
  customerId: string
  customerName: string
  nextFollowUpAt: string
  lastFollowUpSummary: string | null
}

export interface HomeCards {
  /** the threshold behind "forgotten" (FORGOTTEN_DAYS on the server) */
  forgottenDays: number
  forgotten: ForgottenCard[]
  soonReclaimed: SoonReclaimedCard[]
  dueToday: DueTodayCard[]
}
