import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { addPaymentPlan, getContract, recordPayment, updateContract, type Contract, type PaymentPlan } from '../../services/contracts'
import { consumeStale, markStale } from '../../services/session'
import Sheet from '../../components/sheet'
import StateView from '../../components/state-view'
import { useResource } from '../../hooks/use-resource'
import { CONTRACT_STATUS, discountText, todayDate } from '../../utils/contract-labels'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'
import { fenToYuanInput, formatFen, parseYuanToFen } from '../../utils/money'
import { DateInput, Field, parseDiscount } from '../contract-new/fields'
import '../contracts/index.scss'
import './index.scss'

type SheetState =
  | { kind: 'plan' }
  | { kind: 'payment'; plan: PaymentPlan }
  | { kind: 'edit' }
  | null

/** 合同详情: the contract, its approval, its payment plans with their payments; 添加回款计划, 登记回款. */
export default function ContractDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const load = useCallback(() => getContract(id), [id])
  const res = useResource<Contract | null>(load, null)
  const [sheet, setSheet] = useState<SheetState>(null)

  useEffect(() => {
    res.reload()
  }, [res.reload])
  useDidShow(() => {
    if (consumeStale(`contract:${id}`)) res.reload()
  })
  usePullDownRefresh(async () => {
    try {
      await res.reload()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  const c = res.data
  if (!c) return <StateView loading={res.loading || !res.error} error={res.error} onRetry={res.reload} />

  const changed = () => {
    markStale('contract-list', 'contracts', `customer:${c.customer.id}`)
    setSheet(null)
    res.reload()
  }
  const status = CONTRACT_STATUS[c.status]
  const canPlan = c.status === 'draft' || c.status === 'pending_approval' || c.status === 'signed'
  const unplanned = c.amountFen - c.plannedFen

  const setStatus = async (next: 'completed' | 'void') => {
    const { confirm } = await Taro.showModal({
      title: next === 'void' ? '作废合同' : '标记完成',
      content: next === 'void' ? `确定作废合同 ${c.number}？作废后不能再登记回款。` : `确定将合同 ${c.number} 标记为已完成？`
    })
    if (!confirm) return
    try {
      await updateContract(c.id, { status: next })
      Taro.showToast({ title: next === 'void' ? '已作废' : '已完成', icon: 'success' })
      changed()
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    }
  }

  return (
    <View className='contract-detail' data-testid='contract-detail'>
      <View className='card'>
        <View className='contract-detail__top'>
          <Text className='contract-detail__customer' onClick={() => Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(c.customer.id)}` })}>
            {c.customer.name} ›
          </Text>
          <Text className={`contract-status contract-status--${status.tone}`} data-testid='contract-status'>
            {status.label}
          </Text>
        </View>
        <Text className='contract-detail__amount' data-testid='contract-amount-text'>
          {formatFen(c.amountFen)}
        </Text>
        <View className='contract-detail__grid'>
          <Text>编号：{c.number}</Text>
          <Text>{discountText(c.discountPct)}</Text>
          <Text>负责人：{c.owner.name}</Text>
          {c.opportunityId && (
            <Text className='link' data-testid='contract-opportunity' onClick={() => Taro.navigateTo({ url: `/pages/opportunity-detail/index?id=${encodeURIComponent(c.opportunityId!)}` })}>
              关联商机 ›
            </Text>
          )}
          <Text>签订：{c.signedOn ?? '—'}</Text>
          <Text>
            期限：{c.startOn} 至 {c.endOn}
          </Text>
        </View>
        {c.status === 'pending_approval' && (
          <View className='contract-detail__note'>
            <Text>超出审批额度，审批通过后自动签订。</Text>
            {c.approvalId && (
              <Text className='link' onClick={() => Taro.navigateTo({ url: `/pages/approval-detail/index?id=${encodeURIComponent(c.approvalId!)}` })}>
                查看审批 ›
              </Text>
            )}
          </View>
        )}
        {c.status === 'draft' && (
          <View className='contract-detail__note'>
            <Text>{c.approvalId ? '审批未通过，修改金额或折扣后重新提交。' : '草稿'}</Text>
            <Text className='link' data-testid='contract-edit' onClick={() => setSheet({ kind: 'edit' })}>
              修改并提交 ›
            </Text>
          </View>
        )}
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>回款计划</Text>
          {canPlan && unplanned > 0 && (
            <Text className='link contract-detail__action' data-testid='plan-add' onClick={() => setSheet({ kind: 'plan' })}>
              + 添加
            </Text>
          )}
        </View>
        <View className='contract-detail__sums'>
          <Text>已计划 {formatFen(c.plannedFen)}</Text>
          <Text>已回款 {formatFen(c.paidFen)}</Text>
          {c.overdueFen > 0 && <Text className='contract-detail__overdue'>逾期 {formatFen(c.overdueFen)}</Text>}
        </View>
        {(c.plans ?? []).length === 0 ? (
          <Text className='contract-detail__empty'>还没有回款计划{canPlan ? '，点击右上角添加' : ''}</Text>
        ) : (
          (c.plans ?? []).map((p, i) => (
            <View key={p.id} className='plan' data-testid={`plan-${p.id}`}>
              <View className='plan__head'>
                <Text className='plan__title'>
                  第 {i + 1} 期 · {p.dueOn}
                </Text>
                <Text className={p.status === 'settled' ? 'plan__state plan__state--settled' : p.overdue ? 'plan__state plan__state--overdue' : 'plan__state'}>
                  {p.status === 'settled' ? '已结清' : p.overdue ? '已逾期' : '待回款'}
                </Text>
              </View>
              <View className='plan__row'>
                <Text>
                  计划 {formatFen(p.amountFen)} · 已收 {formatFen(p.paidFen)}
                </Text>
                {p.status === 'open' && c.status === 'signed' && (
                  <Text className='link' data-testid={`payment-add-${p.id}`} onClick={() => setSheet({ kind: 'payment', plan: p })}>
                    登记回款
                  </Text>
                )}
              </View>
              {p.payments.map((pay) => (
                <Text key={pay.id} className='plan__payment'>
                  {pay.receivedOn} 收到 {formatFen(pay.amountFen)}（{pay.by.name}）
                </Text>
              ))}
            </View>
          ))
        )}
      </View>

      {(c.status === 'signed' || c.status === 'draft' || c.status === 'pending_approval') && (
        <View className='contract-detail__actions'>
          {c.status === 'signed' && (
            <View className='btn btn--ghost' data-testid='contract-complete' onClick={() => setStatus('completed')}>
              标记完成
            </View>
          )}
          <View className='btn btn--plain' data-testid='contract-void' onClick={() => setStatus('void')}>
            作废
          </View>
        </View>
      )}

      {sheet?.kind === 'plan' && <PlanSheet contract={c} onClose={() => setSheet(null)} onSaved={changed} />}
      {sheet?.kind === 'payment' && <PaymentSheet plan={sheet.plan} onClose={() => setSheet(null)} onSaved={changed} />}
      {sheet?.kind === 'edit' && <EditSheet contract={c} onClose={() => setSheet(null)} onSaved={changed} />}
    </View>
  )
}

function useSubmit() {
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [general, setGeneral] = useState<string | null>(null)
  const run = async (fn: () => Promise<void>) => {
    if (busy) return
    setBusy(true)
    setGeneral(null)
    try {
      await fn()
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(fieldErrorsFrom(e))
      setGeneral(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, errors, setErrors, general, run }
}

function Footer({ busy, onClick, label, testId }: { busy: boolean; onClick: () => void; label: string; testId: string }) {
  return (
    <View className={`btn ${busy ? 'btn--disabled' : ''}`} data-testid={testId} onClick={onClick}>
      {busy ? '保存中…' : label}
    </View>
  )
}

function PlanSheet({ contract: c, onClose, onSaved }: { contract: Contract; onClose: () => void; onSaved: () => void }) {
  const left = c.amountFen - c.plannedFen
  const [dueOn, setDueOn] = useState(todayDate())
  const [amount, setAmount] = useState(fenToYuanInput(left))
  const s = useSubmit()
  const parsed = amount.trim() ? parseYuanToFen(amount) : null
  const save = () => {
    const found: FieldErrors = {}
    if (!dueOn) found.dueOn = '请选择计划回款日期'
    if (!parsed) found.amountFen = '请填写金额'
    else if (!parsed.ok) found.amountFen = parsed.error
    else if (parsed.fen > left) found.amountFen = `最多还可计划 ${formatFen(left)}`
    s.setErrors(found)
    if (Object.keys(found).length || !parsed?.ok) return
    s.run(async () => {
      await addPaymentPlan(c.id, { dueOn, amountFen: parsed.fen })
      Taro.showToast({ title: '已添加', icon: 'success' })
      onSaved()
    })
  }
  return (
    <Sheet visible title='添加回款计划' onClose={onClose} testId='plan-sheet' footer={<Footer busy={s.busy} onClick={save} label='保存' testId='plan-save' />}>
      <Field label='计划回款日期' required error={s.errors.dueOn}>
        <DateInput value={dueOn} onChange={setDueOn} testId='plan-due-on' />
      </Field>
      <Field label='金额（元）' required error={s.errors.amountFen} hint={`未计划 ${formatFen(left)}`}>
        <Input className='cf-input' type='digit' value={amount} data-testid='plan-amount' onInput={(e) => setAmount(e.detail.value)} />
      </Field>
      {s.general && <View className='form-error'>{s.general}</View>}
    </Sheet>
  )
}

function PaymentSheet({ plan, onClose, onSaved }: { plan: PaymentPlan; onClose: () => void; onSaved: () => void }) {
  const [receivedOn, setReceivedOn] = useState(todayDate())
  const [amount, setAmount] = useState(fenToYuanInput(plan.remainingFen))
  const s = useSubmit()
  const parsed = amount.trim() ? parseYuanToFen(amount) : null
  const save = () => {
    const found: FieldErrors = {}
    if (!receivedOn) found.receivedOn = '请选择回款日期'
    else if (receivedOn > todayDate()) found.receivedOn = '回款日期不能晚于今天'
    if (!parsed) found.amountFen = '请填写金额'
    else if (!parsed.ok) found.amountFen = parsed.error
    else if (parsed.fen > plan.remainingFen) found.amountFen = `不能超过未收金额 ${formatFen(plan.remainingFen)}`
    s.setErrors(found)
    if (Object.keys(found).length || !parsed?.ok) return
    s.run(async () => {
      const res = await recordPayment(plan.id, { amountFen: parsed.fen, receivedOn })
      Taro.showToast({ title: res.plan.status === 'settled' ? '本期已结清' : '已登记', icon: 'success' })
      onSaved()
    })
  }
  return (
    <Sheet visible title='登记回款' onClose={onClose} testId='payment-sheet' footer={<Footer busy={s.busy} onClick={save} label='登记' testId='payment-save' />}>
      <Field label='回款日期' required error={s.errors.receivedOn}>
        <DateInput value={receivedOn} onChange={setReceivedOn} testId='payment-received-on' />
      </Field>
      <Field label='金额（元）' required error={s.errors.amountFen} hint={`本期未收 ${formatFen(plan.remainingFen)}，可部分回款`}>
        <Input className='cf-input' type='digit' value={amount} data-testid='payment-amount' onInput={(e) => setAmount(e.detail.value)} />
      </Field>
      {s.general && <View className='form-error'>{s.general}</View>}
    </Sheet>
  )
}

function EditSheet({ contract: c, onClose, onSaved }: { contract: Contract; onClose: () => void; onSaved: () => void }) {
  const [amount, setAmount] = useState(fenToYuanInput(c.amountFen))
  const [discount, setDiscount] = useState(c.discountPct ? String(c.discountPct) : '')
  const s = useSubmit()
  const save = () => {
    const parsed = parseYuanToFen(amount)
    const d = parseDiscount(discount)
    const found: FieldErrors = {}
    if (!parsed.ok) found.amountFen = parsed.error
    if (!d.ok) found.discountPct = d.error
    s.setErrors(found)
    if (!parsed.ok || !d.ok) return
    s.run(async () => {
      const saved = await updateContract(c.id, { amountFen: parsed.fen, discountPct: d.pct })
      Taro.showToast({ title: saved.status === 'signed' ? '合同已签订' : '已重新提交审批', icon: 'success' })
      onSaved()
    })
  }
  return (
    <Sheet visible title='修改并提交' onClose={onClose} testId='contract-edit-sheet' footer={<Footer busy={s.busy} onClick={save} label='提交' testId='contract-edit-save' />}>
      <Field label='合同金额（元）' required error={s.errors.amountFen}>
        <Input className='cf-input' type='digit' value={amount} onInput={(e) => setAmount(e.detail.value)} />
      </Field>
      <Field label='折扣（%）' error={s.errors.discountPct} hint='在审批额度内将直接签订，否则重新提交审批'>
        <Input className='cf-input' type='digit' value={discount} onInput={(e) => setDiscount(e.detail.value)} />
      </Field>
      {s.general && <View className='form-error'>{s.general}</View>}
    </Sheet>
  )
}
