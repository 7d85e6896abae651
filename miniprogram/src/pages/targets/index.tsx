import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { getTargets, putTargets, type TargetRow, type Targets } from '../../services/contracts'
import { markStale } from '../../services/session'
import Sheet from '../../components/sheet'
import StateView from '../../components/state-view'
import { useResource } from '../../hooks/use-resource'
import { barWidth, currentPeriod, periodLabel } from '../../utils/contract-labels'
import { fenToYuanInput, formatFen, parseYuanToFen } from '../../utils/money'
import { Field } from '../contract-new/fields'
import { shiftMonth } from '../expense-report/month'
import '../../components/customer-form/index.scss'
import './index.scss'

/**
 * 业绩目标 (managers and admins): each month's won-amount and payment targets of the departments
 * and people they lead, with the figures so far. A department without its own target shows the
 * sum of its people's.
 */
export default function TargetsPage() {
  const [period, setPeriod] = useState(currentPeriod())
  const load = useCallback(() => getTargets(period), [period])
  const res = useResource<Targets | null>(load, null)
  const [editing, setEditing] = useState<TargetRow | null>(null)

  useEffect(() => {
    res.reload()
  }, [res.reload])
  usePullDownRefresh(async () => {
    try {
      await res.reload()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  const data = res.data
  const depts = data?.items.filter((i) => i.type === 'department') ?? []
  const people = data?.items.filter((i) => i.type === 'user') ?? []

  return (
    <View className='targets' data-testid='targets-page'>
      <View className='targets__month'>
        <Text className='link' data-testid='targets-prev' onClick={() => setPeriod(shiftMonth(period, -1))}>
          ‹ 上月
        </Text>
        <Text className='targets__month-label' data-testid='targets-period'>
          {periodLabel(period)}
        </Text>
        <Text className='link' data-testid='targets-next' onClick={() => setPeriod(shiftMonth(period, 1))}>
          下月 ›
        </Text>
      </View>
      {!data || data.period !== period ? (
        <StateView loading={res.loading || !res.error} error={res.error} onRetry={res.reload} />
      ) : (
        <>
          {depts.length > 0 && (
            <View className='card'>
              <View className='card-title'>部门</View>
              {depts.map((d) => (
                <Row key={`d${d.id}`} row={d} canEdit={data.canEdit} onEdit={setEditing} />
              ))}
            </View>
          )}
          <View className='card'>
            <View className='card-title'>成员</View>
            {people.length === 0 ? <Text className='targets__empty'>没有成员</Text> : people.map((p) => <Row key={`u${p.id}`} row={p} canEdit={data.canEdit} onEdit={setEditing} />)}
          </View>
        </>
      )}
      {editing && (
        <EditSheet
          period={period}
          row={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            markStale('contracts')
            res.reload()
          }}
        />
      )}
    </View>
  )
}

function Row({ row, canEdit, onEdit }: { row: TargetRow; canEdit: boolean; onEdit: (r: TargetRow) => void }) {
  return (
    <View className='target-row' data-testid={`target-row-${row.type}-${row.id}`} onClick={() => canEdit && onEdit(row)}>
      <View className='target-row__head'>
        <Text className='target-row__name'>{row.name}</Text>
        <Text className='target-row__hint'>{row.target ? (row.derived ? '按成员汇总' : '') : '未设目标'}</Text>
        {canEdit && <Text className='link target-row__edit'>设置</Text>}
      </View>
      {(['won', 'payments'] as const).map((k) => {
        const actual = k === 'won' ? row.actual.wonAmountFen : row.actual.paymentsFen
        const target = row.target ? (k === 'won' ? row.target.wonAmountFen : row.target.paymentsFen) : null
        const pct = k === 'won' ? row.progress.wonPct : row.progress.paymentsPct
        return (
          <View key={k} className='target-row__line'>
            <Text className='target-row__label'>{k === 'won' ? '成交' : '回款'}</Text>
            <View className='target-row__track'>
              <View className='target-row__fill' style={{ width: `${barWidth(pct)}%` }} />
            </View>
            <Text className='target-row__value'>
              {formatFen(actual)}
              {target !== null ? ` / ${formatFen(target)}` : ''}
            </Text>
          </View>
        )
      })}
    </View>
  )
}

function EditSheet({ period, row, onClose, onSaved }: { period: string; row: TargetRow; onClose: () => void; onSaved: () => void }) {
  const own = row.target && !row.derived ? row.target : null
  const [won, setWon] = useState(own ? fenToYuanInput(own.wonAmountFen) : '')
  const [paid, setPaid] = useState(own ? fenToYuanInput(own.paymentsFen) : '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const key = row.type === 'user' ? { userId: row.id } : { departmentId: row.id }

  const send = async (wonAmountFen: number | null, paymentsFen: number | null) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await putTargets(period, [{ ...key, wonAmountFen, paymentsFen }])
      Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const parse = (text: string) => (text.trim() === '' || text.trim() === '0' ? { ok: true as const, fen: 0 } : parseYuanToFen(text))
  const save = () => {
    const w = parse(won)
    const p = parse(paid)
    if (!w.ok) return setError(`成交目标：${w.error}`)
    if (!p.ok) return setError(`回款目标：${p.error}`)
    send(w.fen, p.fen)
  }
  return (
    <Sheet
      visible
      title={`${row.name} · ${periodLabel(period)}目标`}
      onClose={onClose}
      testId='target-sheet'
      footer={
        <View className={`btn ${busy ? 'btn--disabled' : ''}`} data-testid='target-save' onClick={save}>
          {busy ? '保存中…' : '保存'}
        </View>
      }
    >
      <Field label='成交目标（元）'>
        <Input className='cf-input' type='digit' value={won} placeholder='0' data-testid='target-won' onInput={(e) => setWon(e.detail.value)} />
      </Field>
      <Field label='回款目标（元）'>
        <Input className='cf-input' type='digit' value={paid} placeholder='0' data-testid='target-payments' onInput={(e) => setPaid(e.detail.value)} />
      </Field>
      {row.type === 'department' && own && (
        <Text className='link targets__clear' data-testid='target-clear' onClick={() => send(null, null)}>
          改为按成员目标汇总
        </Text>
      )}
      {error && <View className='form-error'>{error}</View>}
    </Sheet>
  )
}
