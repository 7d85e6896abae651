import { View, Text } from '@tarojs/components'
import { useEffect, useState, type ReactElement, type ReactNode } from 'react'
import type { DueTodayCard, ForgottenCard, HomeCards as HomeCardsData, SoonReclaimedCard } from '../../services/types'
import { formatTime, lastFollowUpText, reclaimText } from '../../utils/time'
import LevelBadge from '../level-badge'
import StateView from '../state-view'
import './index.scss'

export type HomeCardKind = 'forgotten' | 'soon' | 'due'

/** The customer a row's 写跟进 is for. */
export interface HomeCardTarget {
  id: string
  name: string
}

interface Props {
  cards: HomeCardsData | null
  loading: boolean
  error: string | null
  onRetry: () => void
  onOpen: (customerId: string) => void
  onFollowUp: (target: HomeCardTarget) => void
}

/** Rows shown before 查看全部: the list underneath must stay in sight on a phone. */
const COLLAPSED_ROWS = 3

const KINDS: { kind: HomeCardKind; label: string }[] = [
  { kind: 'forgotten', label: '被遗忘' },
  { kind: 'soon', label: '即将回收' },
  { kind: 'due', label: '今日待跟进' }
]

function countOf(cards: HomeCardsData, kind: HomeCardKind): number {
  if (kind === 'forgotten') return cards.forgotten.length
  if (kind === 'soon') return cards.soonReclaimed.length
  return cards.dueToday.length
}

function emptyText(kind: HomeCardKind, forgottenDays: number): string {
  if (kind === 'forgotten') return `没有超过 ${forgottenDays} 天未联系的客户，保持得很好`
  if (kind === 'soon') return '没有即将回收的客户，跟进都很及时'
  return '今天没有计划中的跟进'
}

/**
 * 今日提醒 on top of 我的客户: the forgotten customers the bot pushes to chat, the customers about
 * to return to the pool and today's planned follow-ups — one segment each, every row with its own
 * 写跟进. The server computes them live, so a row leaves as soon as its follow-up is logged.
 */
export default function HomeCards({ cards, loading, error, onRetry, onOpen, onFollowUp }: Props) {
  const [picked, setPicked] = useState<HomeCardKind | null>(null)
  const [expanded, setExpanded] = useState(false)

  // Until the rep picks a segment, show the most pressing one that has something in it.
  const fallback = cards ? KINDS.find((k) => countOf(cards, k.kind) > 0)?.kind ?? 'forgotten' : 'forgotten'
  const active = picked ?? fallback

  useEffect(() => setExpanded(false), [active])

  const pick = (kind: HomeCardKind) => setPicked(kind)

  const rows = (): ReactElement[] => {
    if (!cards) return []
    const followUp = (id: string, name: string) => (e: { stopPropagation: () => void }) => {
      e.stopPropagation()
      onFollowUp({ id, name })
    }
    if (active === 'forgotten') return cards.forgotten.map((c) => <ForgottenRow key={c.customerId} item={c} onOpen={onOpen} onFollowUp={followUp(c.customerId, c.customerName)} />)
    if (active === 'soon') return cards.soonReclaimed.map((c) => <SoonRow key={c.customerId} item={c} onOpen={onOpen} onFollowUp={followUp(c.customerId, c.customerName)} />)
    return cards.dueToday.map((c) => <DueRow key={c.customerId} item={c} onOpen={onOpen} onFollowUp={followUp(c.customerId, c.customerName)} />)
  }

  const all = rows()
  const shown = expanded ? all : all.slice(0, COLLAPSED_ROWS)
  const total = cards ? KINDS.reduce((n, k) => n + countOf(cards, k.kind), 0) : 0

  return (
    <View className='home-cards' data-testid='home-cards'>
      <View className='home-cards__head'>
        <Text className='home-cards__title'>今日提醒</Text>
        {cards && (
          <Text className='home-cards__summary'>{total > 0 ? `${total} 项需要你关注` : '一切都在掌握中'}</Text>
        )}
        {loading && cards && <View className='home-cards__busy' data-testid='home-cards-refreshing' />}
      </View>

      {!cards ? (
        <StateView compact loading={loading || !error} error={error} onRetry={onRetry} />
      ) : (
        <>
          <View className='home-cards__tabs'>
            {KINDS.map(({ kind, label }) => {
              const n = countOf(cards, kind)
              return (
                <View
                  key={kind}
                  className={`home-cards__tab home-cards__tab--${kind} ${active === kind ? 'home-cards__tab--active' : ''} ${n === 0 ? 'home-cards__tab--zero' : ''}`}
                  data-testid={`home-tab-${kind}`}
                  onClick={() => pick(kind)}
                >
                  <Text className='home-cards__count'>{n}</Text>
                  <Text className='home-cards__label'>{label}</Text>
                </View>
              )
            })}
          </View>

          <View className='home-cards__rows' data-testid={`home-rows-${active}`}>
            {all.length === 0 ? (
              <View className='home-cards__empty' data-testid={`home-empty-${active}`}>
                <View className='home-cards__empty-mark'>✓</View>
                <Text>{emptyText(active, cards.forgottenDays)}</Text>
              </View>
            ) : (
              shown
            )}
          </View>

          {all.length > COLLAPSED_ROWS && (
            <View className='home-cards__more' data-testid='home-more' onClick={() => setExpanded(!expanded)}>
              {expanded ? '收起' : `查看全部 ${all.length} 个`}
            </View>
          )}
          {error && (
            <Text className='home-cards__stale link' data-testid='home-cards-error' onClick={onRetry}>
              刷新失败：{error}，点击重试
            </Text>
          )}
        </>
      )}
    </View>
  )
}

interface RowProps<T> {
  item: T
  onOpen: (customerId: string) => void
  onFollowUp: (e: { stopPropagation: () => void }) => void
}

function Row({ testId, customerId, name, level, children, followUpTestId, onOpen, onFollowUp }: {
  testId: string
  customerId: string
  name: string
  level?: ForgottenCard['level']
  children: ReactNode
  followUpTestId: string
  onOpen: (customerId: string) => void
  onFollowUp: (e: { stopPropagation: () => void }) => void
}) {
  return (
    <View className='home-row' data-testid={testId} onClick={() => onOpen(customerId)}>
      <View className='home-row__main'>
        <View className='home-row__top'>
          <Text className='home-row__name'>{name}</Text>
          <LevelBadge level={level} />
        </View>
        {children}
      </View>
      <View className='home-row__action' data-testid={followUpTestId} onClick={onFollowUp}>
        写跟进
      </View>
    </View>
  )
}

function ForgottenRow({ item, onOpen, onFollowUp }: RowProps<ForgottenCard>) {
  return (
    <Row
      testId={`home-forgotten-${item.customerId}`}
      followUpTestId={`home-forgotten-followup-${item.customerId}`}
      customerId={item.customerId}
      name={item.customerName}
      level={item.level}
      onOpen={onOpen}
      onFollowUp={onFollowUp}
    >
      <Text className='home-row__status home-row__status--forgotten'>
        {item.lastFollowUpAt ? `已 ${item.days} 天未联系` : `创建 ${item.days} 天，从未跟进`}
      </Text>
      <Text className='home-row__summary'>
        {item.lastFollowUpSummary ? `上次：${item.lastFollowUpSummary}` : item.lastFollowUpAt ? '上次跟进没有留下内容' : '还没有任何跟进记录'}
      </Text>
    </Row>
  )
}

function SoonRow({ item, onOpen, onFollowUp }: RowProps<SoonReclaimedCard>) {
  const hint = reclaimText(item.reclaimDaysLeft)
  return (
    <Row
      testId={`home-soon-${item.customerId}`}
      followUpTestId={`home-soon-followup-${item.customerId}`}
      customerId={item.customerId}
      name={item.customerName}
      level={item.level}
      onOpen={onOpen}
      onFollowUp={onFollowUp}
    >
      <View className='home-row__line'>
        {hint && (
          <Text className={`home-row__chip ${item.reclaimUrgent ? 'home-row__chip--urgent' : ''}`} data-testid={`home-soon-days-${item.customerId}`}>
            {hint}
          </Text>
        )}
        <Text className='home-row__meta'>{lastFollowUpText(item.lastFollowUpAt, item.daysSinceFollowUp)}</Text>
      </View>
    </Row>
  )
}

function DueRow({ item, onOpen, onFollowUp }: RowProps<DueTodayCard>) {
  return (
    <Row
      testId={`home-due-${item.customerId}`}
      followUpTestId={`home-due-followup-${item.customerId}`}
      customerId={item.customerId}
      name={item.customerName}
      onOpen={onOpen}
      onFollowUp={onFollowUp}
    >
      <Text className='home-row__status home-row__status--due'>今天 {formatTime(item.nextFollowUpAt)} 待跟进</Text>
      {item.lastFollowUpSummary && <Text className='home-row__summary'>上次：{item.lastFollowUpSummary}</Text>}
    </Row>
  )
}
