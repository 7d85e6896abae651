import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../services/api'
import { addFollower, getCustomer, listFollowUps, removeFollower } from '../../services/customers'
import { consumeStale, markStale } from '../../services/session'
import type { Customer, FollowUp, User, UserRef } from '../../services/types'
import FollowUpSheet from '../../components/follow-up-sheet'
import LevelBadge from '../../components/level-badge'
import StateView from '../../components/state-view'
import UserPicker from '../../components/user-picker'
import { stageLabel } from '../../utils/labels'
import { formatDate, lastFollowUpText, reclaimHint } from '../../utils/time'
import Timeline from './timeline'
import './index.scss'

function InfoRow({ label, value }: { label: string; value?: string | null }) {
  return (
    <View className='detail-info__row'>
      <Text className='detail-info__label'>{label}</Text>
      <Text className={`detail-info__value ${value ? '' : 'detail-info__value--empty'}`}>{value || '未填写'}</Text>
    </View>
  )
}

export default function CustomerDetailPage() {
  const id = useRouter().params.id ?? ''
  const [customer, setCustomer] = useState<Customer | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)

  const [followUps, setFollowUps] = useState<FollowUp[]>([])
  const [fuLoading, setFuLoading] = useState(true)
  const [fuError, setFuError] = useState<string | null>(null)

  const [sheetOpen, setSheetOpen] = useState(false)
  const [pickerOpen, setPickerOpen] = useState(false)

  const loadCustomer = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      const c = await getCustomer(id)
      setCustomer(c)
      Taro.setNavigationBarTitle({ title: c.name })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [id])

  const loadFollowUps = useCallback(async () => {
    setFuLoading(true)
    setFuError(null)
    try {
      const res = await listFollowUps(id)
      setFollowUps(res.items)
    } catch (e) {
      setFuError(errorMessage(e))
    } finally {
      setFuLoading(false)
    }
  }, [id])

  useEffect(() => {
    if (!id) {
      setError('缺少客户编号')
      setLoading(false)
      return
    }
    loadCustomer()
    loadFollowUps()
  }, [id, loadCustomer, loadFollowUps])

  useDidShow(() => {
    if (consumeStale(`customer:${id}`)) loadCustomer()
  })

  const onFollowUpSaved = () => {
    // lastFollowUpAt and reclaimAt move with every follow-up, so the header and the list are stale too.
    markStale('customers')
    loadFollowUps()
    loadCustomer()
  }

  const onPickFollower = async (user: User) => {
    setPickerOpen(false)
    Taro.showLoading({ title: '添加中' })
    try {
      await addFollower(id, user.id)
      Taro.hideLoading()
      Taro.showToast({ title: `已添加${user.name}`, icon: 'success' })
      loadCustomer()
    } catch (e) {
      Taro.hideLoading()
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    }
  }

  const onRemoveFollower = async (user: UserRef) => {
    const { confirm } = await Taro.showModal({ title: '移除协同人', content: `确定将 ${user.name} 移出销售团队？`, confirmColor: '#F54A45' })
    if (!confirm) return
    try {
      await removeFollower(id, user.id)
      Taro.showToast({ title: '已移除', icon: 'success' })
      loadCustomer()
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    }
  }

  const call = (phone: string) => {
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
  }

  if (loading && !customer) return <StateView loading />
  if (error || !customer) return <StateView error={error ?? '客户不存在'} onRetry={loadCustomer} />

  const reclaim = reclaimHint(customer.reclaimAt)
  const excludeIds = [customer.ownerId, ...customer.followers.map((f) => f.id)].filter(Boolean) as string[]

  return (
    <View className='detail' data-testid='customer-detail'>
      <View className='detail-head'>
        <View className='detail-head__top'>
          <View className='detail-head__avatar'>{customer.name.slice(0, 1)}</View>
          <View className='detail-head__main'>
            <View className='detail-head__name-row'>
              <Text className='detail-head__name' data-testid='customer-detail-name'>
                {customer.name}
              </Text>
              <LevelBadge level={customer.level} />
            </View>
            <View className='detail-head__sub'>
              <Text className='detail-head__stage'>{stageLabel(customer.stage)}</Text>
              <Text>负责人：{customer.owner ? customer.owner.name : '公海'}</Text>
            </View>
          </View>
          <View
            className='detail-head__edit'
            data-testid='customer-edit'
            onClick={() => Taro.navigateTo({ url: `/pages/customer-edit/index?id=${encodeURIComponent(customer.id)}` })}
          >
            编辑
          </View>
        </View>
        <View className='detail-head__stats'>
          <Text className={customer.lastFollowUpAt ? '' : 'detail-head__never'}>{lastFollowUpText(customer.lastFollowUpAt)}</Text>
          {reclaim && (
            <Text className={`detail-head__reclaim ${reclaim.urgent ? 'detail-head__reclaim--urgent' : ''}`} data-testid='customer-reclaim'>
              {reclaim.text}
            </Text>
          )}
        </View>
        {customer.tags.length > 0 && (
          <View className='detail-head__tags'>
            {customer.tags.map((t) => (
              <Text key={t} className='detail-head__tag'>
                {t}
              </Text>
            ))}
          </View>
        )}
      </View>

      <View className='card detail-info'>
        <View className='card-title'>基本信息</View>
        <InfoRow label='行业' value={customer.industry} />
        <InfoRow label='规模' value={customer.size} />
        <InfoRow label='地区' value={customer.region} />
        <InfoRow label='来源' value={customer.source} />
        {customer.createdAt && <InfoRow label='创建于' value={formatDate(customer.createdAt)} />}
      </View>

      <View className='card'>
        <View className='card-title'>联系人</View>
        {customer.contacts.length === 0 ? (
          <View className='detail-empty'>暂无联系人，可在编辑中添加</View>
        ) : (
          customer.contacts.map((c, i) => (
            <View key={c.id ?? i} className='detail-contact'>
              <View className='detail-contact__main'>
                <Text className='detail-contact__name'>{c.name}</Text>
                {c.title && <Text className='detail-contact__title'>{c.title}</Text>}
              </View>
              {c.phone ? (
                <View className='detail-contact__call' data-testid={`contact-call-${i}`} onClick={() => call(c.phone as string)}>
                  <Text className='detail-contact__phone'>{c.phone}</Text>
                  <Text className='detail-contact__call-btn'>拨打</Text>
                </View>
              ) : (
                <Text className='detail-contact__nophone'>无电话</Text>
              )}
            </View>
          ))
        )}
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>销售团队</Text>
          <Text className='link detail-add' data-testid='follower-add' onClick={() => setPickerOpen(true)}>
            + 添加协同人
          </Text>
        </View>
        <View className='detail-team'>
          {customer.owner && (
            <View className='detail-team__member'>
              <View className='detail-team__avatar detail-team__avatar--owner'>{customer.owner.name.slice(0, 1)}</View>
              <Text className='detail-team__name'>{customer.owner.name}</Text>
              <Text className='detail-team__role'>负责人</Text>
            </View>
          )}
          {customer.followers.map((f) => (
            <View key={f.id} className='detail-team__member' data-testid={`follower-${f.id}`}>
              <View className='detail-team__avatar'>{f.name.slice(0, 1)}</View>
              <Text className='detail-team__name'>{f.name}</Text>
              <Text className='detail-team__remove' data-testid={`follower-remove-${f.id}`} onClick={() => onRemoveFollower(f)}>
                移除
              </Text>
            </View>
          ))}
        </View>
        {customer.followers.length === 0 && <View className='detail-empty'>添加技术、售后同事一起跟进，新记录会通知他们</View>}
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>跟进记录</Text>
          {!fuLoading && !fuError && <Text className='detail-count'>{followUps.length} 条</Text>}
        </View>
        <StateView
          compact
          loading={fuLoading}
          error={fuError}
          onRetry={loadFollowUps}
          empty={followUps.length === 0}
          emptyText='还没有跟进记录，点击下方「写跟进」记录第一次沟通'
        >
          <Timeline items={followUps} />
        </StateView>
      </View>

      <View className='detail-bar-spacer' />
      <View className='detail-bar'>
        <View className='btn detail-bar__btn' data-testid='followup-open' onClick={() => setSheetOpen(true)}>
          写跟进
        </View>
      </View>

      <FollowUpSheet customerId={customer.id} visible={sheetOpen} onClose={() => setSheetOpen(false)} onSaved={onFollowUpSaved} />
      <UserPicker
        visible={pickerOpen}
        title='添加协同人'
        excludeIds={excludeIds}
        onPick={onPickFollower}
        onClose={() => setPickerOpen(false)}
      />
    </View>
  )
}
