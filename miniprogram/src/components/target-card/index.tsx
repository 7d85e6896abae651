import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { Figures, Progress, TargetCard as TargetCardData } from '../../services/contracts'
import { barWidth, periodLabel } from '../../utils/contract-labels'
import { formatFen } from '../../utils/money'
import StateView from '../state-view'
import './index.scss'

interface Props {
  card: TargetCardData | null
  loading: boolean
  error: string | null
  onRetry: () => void
}

function Bar({ label, actual, target, pct, testId }: { label: string; actual: number; target: number | null; pct: number | null; testId: string }) {
  return (
    <View className='target-card__bar' data-testid={testId}>
      <View className='target-card__bar-head'>
        <Text className='target-card__bar-label'>{label}</Text>
        <Text className='target-card__bar-value'>
          {formatFen(actual)}
          {target !== null ? <Text className='target-card__bar-target'> / {formatFen(target)}</Text> : <Text className='target-card__bar-target'> · 未设目标</Text>}
        </Text>
      </View>
      <View className='target-card__track'>
        <View className={`target-card__fill ${pct !== null && pct >= 100 ? 'target-card__fill--done' : ''}`} style={{ width: `${barWidth(pct)}%` }} />
      </View>
      {pct !== null && <Text className='target-card__pct'>{pct}%</Text>}
    </View>
  )
}

function Figures2({ actual, target, progress, prefix }: { actual: Figures; target: Figures | null; progress: Progress; prefix: string }) {
  return (
    <>
      <Bar label='成交' actual={actual.wonAmountFen} target={target?.wonAmountFen ?? null} pct={progress.wonPct} testId={`${prefix}-won`} />
      <Bar label='回款' actual={actual.paymentsFen} target={target?.paymentsFen ?? null} pct={progress.paymentsPct} testId={`${prefix}-payments`} />
    </>
  )
}

/**
 * 本月业绩: my target and progress (won, payments), payments due this month, and for managers
 * their department with the ranking of its people. Fixed on top of the home page.
 */
export default function TargetCard({ card, loading, error, onRetry }: Props) {
  const openContract = (id: string) => Taro.navigateTo({ url: `/pages/contract-detail/index?id=${encodeURIComponent(id)}` })
  return (
    <View className='target-card' data-testid='target-card'>
      <View className='target-card__head'>
        <Text className='target-card__title'>{card ? `${periodLabel(card.period)}业绩` : '本月业绩'}</Text>
        <Text className='link target-card__more' onClick={() => Taro.navigateTo({ url: '/pages/contracts/index' })}>
          合同 ›
        </Text>
      </View>
      {!card ? (
        <StateView compact loading={loading || !error} error={error} onRetry={onRetry} />
      ) : (
        <>
          <Figures2 actual={card.me.actual} target={card.me.target} progress={card.me.progress} prefix='target-me' />
          <View className='target-card__due' data-testid='target-payments-due'>
            <Text className='target-card__due-title'>
              本月待回款 {card.paymentsDue.count} 笔 · {formatFen(card.paymentsDue.remainingFen)}
            </Text>
            {card.paymentsDue.items.slice(0, 3).map((p) => (
              <View key={p.planId} className='target-card__due-row' onClick={() => openContract(p.contractId)}>
                <Text className='target-card__due-name'>{p.customerName}</Text>
                <Text className={p.overdue ? 'target-card__due-date target-card__due-date--overdue' : 'target-card__due-date'}>
                  {p.overdue ? `已逾期 ${p.dueOn}` : p.dueOn}
                </Text>
                <Text className='target-card__due-amount'>{formatFen(p.remainingFen)}</Text>
              </View>
            ))}
          </View>
          {card.department && (
            <View className='target-card__dept' data-testid='target-department'>
              <View className='target-card__dept-head'>
                <Text className='target-card__dept-name'>
                  {card.department.name}
                  {card.department.derived ? '（按成员目标汇总）' : ''}
                </Text>
                <Text className='link' onClick={() => Taro.navigateTo({ url: '/pages/targets/index' })}>
                  设置目标 ›
                </Text>
              </View>
              <Figures2 actual={card.department.actual} target={card.department.target} progress={card.department.progress} prefix='target-dept' />
              <View className='target-card__ranking' data-testid='target-ranking'>
                {card.department.ranking.slice(0, 5).map((r) => (
                  <View key={r.userId} className='target-card__rank-row'>
                    <Text className={`target-card__rank target-card__rank--${r.rank <= 3 ? 'top' : 'rest'}`}>{r.rank}</Text>
                    <Text className='target-card__rank-name'>{r.name}</Text>
                    <Text className='target-card__rank-amount'>{formatFen(r.actual.wonAmountFen)}</Text>
                    <Text className='target-card__rank-pct'>{r.progress.wonPct === null ? '—' : `${r.progress.wonPct}%`}</Text>
                  </View>
                ))}
              </View>
            </View>
          )}
        </>
      )}
    </View>
  )
}
