// Shapes of the wecrm HTTP API (see shared API.md). Ids are strings in JSON.

export type Role = 'rep' | 'manager' | 'admin'

export interface User {
  id: string
  wecomUserId: string
  name: string
  role: Role
  departmentId: string | null
  departmentName?: string | null
  /** given when the list may include people who left (purpose handover-from) */
  status?: 'active' | 'left'
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
  /** the server's now (the simulator's clock in simulator mode) */
  now?: string
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
  /** the WeCom customer this contact is (企业微信客户); sent on create only */
  externalUserId?: string | null
  /** detail only: the members who follow the linked WeCom customer */
  wecomFollowers?: WecomFollower[]
}

export interface WecomFollower {
  userId: string | null
  wecomUserId: string
  name: string
  remark: string | null
}

/** A WeCom external contact of a member (GET /api/wecom-contacts). */
export interface WecomContact {
  externalUserId: string
  name: string
  corpName: string | null
  type?: number
  addedAt?: string | null
  followedBy: WecomFollower[]
  customerId: string | null
  /** one contact's view only: remark mobiles */
  mobiles?: string[]
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
  /** the owner left the company (已离职 by their name) */
  ownerLeft?: boolean
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
  /** would my 领取 succeed now; if not, why (冷却至 12-09, 已达持有上限) and until when */
  claimable?: { ok: boolean; code: string | null; reason: string | null; until: string | null }
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
  /** customer groups (客户群): bound, unbound, someone joined or left, dismissed — `reason` says who and which group */
  | 'group_bound'
  | 'group_unbound'
  | 'group_joined'
  | 'group_left'
  | 'group_dismissed'

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

// Approvals (审批): expense requests decided level by level (API.md "Approvals"). Money is integer fen.

export type ApprovalType = 'entertainment' | 'travel' | 'gift' | 'discount' | 'other' | 'contract'
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'
export type ApprovalBox = 'todo' | 'mine' | 'done'

export interface ApprovalStep {
  round: number
  /** numbered from 1 in the policy's order */
  level: number
  /** 或签: the first of them to decide decides the level */
  approvers: UserRef[]
  decision: 'approved' | 'rejected' | null
  decidedBy: UserRef | null
  comment: string | null
  decidedAt: string | null
  /** why a level passed without anyone deciding it */
  note?: string | null
  /** the amount above which this level applies */
  overAmountFen?: number
}

/** A receipt photo; `url` is a signed link that expires, so it is asked for again with the request. */
export interface ApprovalAttachment {
  id: string
  url: string
  filename?: string | null
  contentType?: string | null
  sizeBytes?: number | null
}

export interface Approval {
  id: string
  type: ApprovalType
  amountFen: number
  customer: UserRef | null
  reason: string
  status: ApprovalStatus
  requester: UserRef
  round: number
  currentLevel: number | null
  /** every level the request must pass for its amount, decided or not, earlier rounds included */
  steps: ApprovalStep[]
  createdAt: string
  /** YYYY-MM-DD: the day the expense happens */
  occurredOn?: string | null
  attachments?: ApprovalAttachment[]
  updatedAt?: string
  finishedAt?: string | null
  /** what the caller may do now, as the server would accept it */
  canDecide?: boolean
  canWithdraw?: boolean
  canResubmit?: boolean
}

export interface ApprovalInput {
  type: ApprovalType
  amountFen: number
  /** null (resubmit): the request is no longer tied to a customer */
  customerId?: string | null
  reason: string
  occurredOn?: string | null
  attachmentIds?: string[]
}

/** One approved expense of a customer. */
export interface ExpenseItem {
  approvalId: string
  type: ApprovalType
  amountFen: number
  reason: string
  occurredOn: string | null
  requester: UserRef
  approvedAt: string | null
}

/** GET /api/customers/:id/expenses: the customer's approved expenses. */
export interface CustomerExpenses {
  totalFen: number
  items: ExpenseItem[]
}

export interface ExpenseReportRow {
  totalFen: number
  count?: number
  user?: UserRef | null
  /** null: expenses tied to no customer */
  customer?: UserRef | null
}

/** GET /api/reports/expenses?month=YYYY-MM */
export interface ExpenseReport {
  month: string
  /** whose expenses: the whole company (admins), the manager's department subtree, or the rep's own */
  scope?: 'all' | 'team' | 'mine'
  totalFen: number
  count?: number
  byRep: ExpenseReportRow[]
  byCustomer: ExpenseReportRow[]
}

/** A customer on the managers' home (GET /api/home/team). */
export interface TeamCustomerRef {
  customerId: string
  customerName: string
  level: Level
  ownerId: string | null
  ownerName: string
  /** the owner left the company: shown with 已离职 */
  ownerLeft: boolean
  reclaimAt: string | null
  lastFollowUpAt: string | null
}

export interface TeamMemberLoad {
  userId: string
  name: string
  role: Role
  held: number
  cap: number | null
  followUpsThisWeek: number
  overduePlans: number
  soonReclaimed: number
  forgotten: number
  /** this month: won, and won + weighted open opportunities (null without the forecast) */
  wonFen: number | null
  forecastFen: number | null
}

/** The team's month against its won-amount target: forecast = won + weighted open opportunities closing this month. */
export interface TeamForecast {
  period: string
  department: { id: string; name: string } | null
  targetFen: number | null
  /** the target is the sum of the members' */
  derived: boolean
  wonFen: number
  weightedOpenFen: number
  openCount: number
  forecastFen: number
  /** target − forecast; negative when the forecast is above the target */
  gapFen: number | null
  wonPct: number | null
  forecastPct: number | null
}

export interface TeamHome {
  forgottenDays: number
  soonReclaimed: { total: number; items: TeamCustomerRef[] }
  forgotten: { total: number; items: TeamCustomerRef[] }
  members: TeamMemberLoad[]
  /** people who left and still hold customers */
  departed: Array<{ userId: string; name: string; holding: number }>
  forecast: TeamForecast | null
}

/** The admins' escalation settings (GET/PUT /api/escalation-settings). */
export interface EscalationSettings {
  enabled: boolean
  levels: Level[]
  /** business days a rep has to follow up after the warning (1 = the manager hears the next morning) */
  graceDays: number
  /** only customers due within this many days; null = the whole warning window */
  dueWithinDays: number | null
}
