import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import { errorMessage } from '../../services/api'
import { retryWecomTransfers, type HandoverDetail, type HandoverItem } from '../../services/handover'
import type { User } from '../../services/types'
import UserPicker from '../../components/user-picker'
import { wecomTransferMeta } from '../../utils/handover-labels'

const SHOWN = 50


interface Props {
  handover: HandoverDetail
  /** the CRM customers of this handover, to name the WeCom customers linked to them */
  customers: HandoverItem[]
  onChanged: () => void
}

/**
 * 企业微信客户转接: each WeCom customer of the leaver linked to a moved customer (and their customer
 * groups) goes to the new owner through WeCom; the customer has 24 h to refuse. Failures can be
 * asked again, or given to someone else.
 */
export default function WecomSection({ handover: h, customers, onChanged }: Props) {
  const { wecom } = h
  const items = h.wecomItems ?? []
  const [busy, setBusy] = useState(false)
  const [picking, setPicking] = useState(false)
  const [all, setAll] = useState(false)
  const names = new Map(customers.map((c) => [c.customerId, c.customerName]))
  const cells = [
    { key: 'requested', label: '已申请', value: wecom.requested, tone: '' },
    { key: 'waiting', label: '等待接替', value: wecom.waiting, tone: wecom.waiting ? 'warn' : '' },
    { key: 'takenOver', label: '已接替', value: wecom.takenOver, tone: wecom.takenOver ? 'ok' : '' },
    { key: 'failed', label: '失败', value: wecom.failed, tone: wecom.failed ? 'bad' : '' }
  ]

  const retry = async (to?: User) => {
    setPicking(false)
    if (busy) return
    setBusy(true)
    try {
      await retryWecomTransfers(h.id, to?.id)
      Taro.showToast({ title: to ? `已改由${to.name}接替` : '已重新发起转接', icon: 'success' })
      onChanged()
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 })
    } finally {
      setBusy(false)
    }
  }

  const shown = all ? items : items.slice(0, SHOWN)
  return (
    <View className='card' data-testid='handover-wecom'>
      <View className='card-title'>
        <Text>企业微信客户转接</Text>
      </View>
      <View className='ho-wecom'>
        {cells.map((c) => (
          <View key={c.key} className='ho-wecom__cell' data-testid={`handover-wecom-${c.key}`}>
            <Text className={`ho-wecom__value ${c.tone ? `ho-wecom__value--${c.tone}` : ''}`}>{c.value}</Text>
            <Text className='ho-wecom__label'>{c.label}</Text>
          </View>
        ))}
      </View>
      <Text className='ho-note'>
        {wecom.requested
          ? '客户 24 小时内未拒绝即由接手人接替；失败的可以重新转接或换人接替。'
          : '没有需要转接的企业微信客户。'}
      </Text>
      {wecom.failed > 0 && (
        <View className='ho-wecom__actions'>
          <View className={`btn btn--ghost ho-wecom__btn ${busy ? 'btn--disabled' : ''}`} data-testid='handover-wecom-retry' onClick={() => retry()}>
            {busy ? '提交中…' : `重新转接失败的 ${wecom.failed} 位`}
          </View>
          <View className={`btn btn--plain ho-wecom__btn ${busy ? 'btn--disabled' : ''}`} data-testid='handover-wecom-reassign' onClick={() => !busy && setPicking(true)}>
            换人接替
          </View>
        </View>
      )}
      {shown.map((t) => {
        const meta = wecomTransferMeta(t.status)
        const customer = t.customerName ?? (t.customerId ? names.get(t.customerId) : null)
        return (
          <View key={t.externalUserId} className='ho-item' data-testid={`handover-wecom-item-${t.externalUserId}`}>
            <View className='ho-item__main'>
              <Text className='ho-item__name'>{t.targetType === 'group' ? `客户群 ${t.name === '客户群' ? '' : t.name}`.trim() : [t.name || '企业微信客户', customer ? `（${customer}）` : ''].join('')}</Text>
              <Text className='ho-item__note'>
                → {t.toUser.name}
                {t.note ? ` · ${t.note}` : ''}
              </Text>
            </View>
            <Text className={`ho-wecom__state ho-wecom__state--${meta.tone}`} data-testid={`handover-wecom-state-${t.externalUserId}`}>
              {meta.label}
            </Text>
          </View>
        )
      })}
      {!all && items.length > SHOWN && (
        <View className='ho-more' onClick={() => setAll(true)}>
          显示全部 {items.length} 条
        </View>
      )}
      <UserPicker visible={picking} title='选择接替的同事' purpose='handover-to' onPick={(u) => retry(u)} onClose={() => setPicking(false)} />
    </View>
  )
}
