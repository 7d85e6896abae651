import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { addFollower, getCustomer, listFollowUps, listOwnershipHistory, removeFollower } from '../../services/customers'
import { assignCustomer, claimCustomer, reclaimToPool, releaseCustomer } from '../../services/pool'
import { cachedUser, consumeStale, markStale } from '../../services/session'
import type { Customer, FollowUp, OwnershipEvent, User, UserRef } from '../../services/types'
import ClaimRefusalDialog from '../../components/claim-refusal-dialog'
import FollowUpSheet from '../../components/follow-up-sheet'
import LevelBadge from '../../components/level-badge'
import NoticeDialog from '../../components/notice-dialog'
import ReasonSheet from '../../components/reason-sheet'
import StateView from '../../components/state-view'
import UserPicker from '../../components/user-picker'
import { usePool } from '../../hooks/use-pool'
import { ASSIGN_REASONS, RECLAIM_REASONS, RELEASE_REASONS, stageLabel } from '../../utils/labels'
import { businessDaysUntil, daysInPoolText, formatBusinessDate, lastFollowUpText, reclaimHint } from '../../utils/time'
import LevelRequestPanel from './level-request'
import OwnershipHistory from './ownership-history'
import ProfileCards from './profile-cards'
import Timeline from './timeline'
import './index.scss'

/** `?action=follow-up`: the 写跟进 buttons of the bot's cards land here with the sheet open. */
const FOLLOW_UP_ACTION = 'follow-up'
/** `?action=assign`: 分配 on a pool row of a pool the manager oversees but does not belong to. */
const ASSIGN_ACTION = 'assign'

export default function CustomerDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const autoFollowUp = useRef(params.action === FOLLOW_UP_ACTION)
  const autoAssign = useRef(params.action === ASSIGN_ACTION)
  const [customer, setCustomer] = useState<Customer | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)

  const [followUps, setFollowUps] = useState<FollowUp[]>([])
  const [fuLoading, setFuLoading] = useState(true)
  const [fuError, setFuError] = useState<string | null>(null)

  const [history, setHistory] = useState<OwnershipEvent[]>([])
  const [histLoading, setHistLoading] = useState(true)
  const [histError, setHistError] = useState<string | null>(null)

  const [sheetOpen, setSheetOpen] = useState(false)
  const [pickerOpen, setPickerOpen] = useState(false)
  const [releaseOpen, setReleaseOpen] = useState(false)
  const [reclaimOpen, setReclaimOpen] = useState(false)
  const [assignPickerOpen, setAssignPickerOpen] = useState(false)
  /** the colleague picked in the assignee picker, waiting for an optional reason */
  const [assignee, setAssignee] = useState<User | null>(null)
  /** an assignment refused for the holding cap, offered again with overrideCap */
  const [capConflict, setCapConflict] = useState<{ user: User; reason: string; message: string } | null>(null)
  const [claiming, setClaiming] = useState(false)
  const [claimRefusal, setClaimRefusal] = useState<unknown>(null)
  const me = cachedUser()
  // The pool it sits in (or returns to): its exempt levels, and whether I may claim from it.
  const { pool, loaded: poolLoaded } = usePool(customer ? customer.poolId ?? customer.homePoolId : undefined)

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

  const loadHistory = useCallback(async () => {
    setHistLoading(true)
    setHistError(null)
    try {
      const res = await listOwnershipHistory(id)
      setHistory(res.items)
    } catch (e) {
      setHistError(errorMessage(e))
    } finally {
      setHistLoading(false)
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
    loadHistory()
  }, [id, loadCustomer, loadFollowUps, loadHistory])

  // Once, when the customer first arrives: later reloads (after saving) must not reopen it.
  useEffect(() => {
    if (!customer || !autoFollowUp.current) return
    autoFollowUp.current = false
    if (customer.inPool ?? customer.ownerId === null) {
      Taro.showToast({ title: '客户已在公海，领取后才能写跟进', icon: 'none', duration: 2500 })
      return
    }
    setSheetOpen(true)
  }, [customer])

  useEffect(() => {
    if (!customer || !autoAssign.current) return
    autoAssign.current = false
    if (me?.role === 'manager' || me?.role === 'admin') setAssignPickerOpen(true)
  }, [customer, me?.role])

  useDidShow(() => {
    if (consumeStale(`customer:${id}`)) {
      loadCustomer()
      loadHistory()
    }
  })

  /** After a change of hands: this page, the ownership timeline and both lists are out of date. */
  const afterOwnershipChange = () => {
    markStale('customers', 'pool')
    loadCustomer()
    loadHistory()
  }

  const claim = async () => {
    if (claiming) return
    setClaiming(true)
    try {
      await claimCustomer(id)
      Taro.showToast({ title: '领取成功', icon: 'success' })
      afterOwnershipChange()
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.code === 'CUSTOMER_NOT_IN_POOL')) {
        // Gone from the pool for me (a colleague claimed it: 404) or already mine: nothing to decide,
        // say so in the server's words and show what stands now.
        Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 })
        afterOwnershipChange()
      } else {
        setClaimRefusal(e)
      }
    } finally {
      setClaiming(false)
    }
  }

  const release = async (reason: string) => {
    await releaseCustomer(id, reason)
    setReleaseOpen(false)
    markStale('customers', 'pool')
    Taro.showToast({ title: '已释放到公海', icon: 'success' })
    // Back to the list it was opened from; it no longer belongs there.
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
    else Taro.redirectTo({ url: '/pages/customers/index' })
  }

  const reclaim = async (reason: string) => {
    await reclaimToPool(id, reason)
    setReclaimOpen(false)
    Taro.showToast({ title: '已收回到公海', icon: 'success' })
    afterOwnershipChange()
  }

  const assign = async (user: User, reason: string, overrideCap = false) => {
    try {
      await assignCustomer(id, { userId: user.id, reason: reason || undefined, overrideCap: overrideCap || undefined })
    } catch (e) {
      if (e instanceof ApiError && e.code === 'POOL_HOLDING_CAP' && !overrideCap) {
        // The server names the assignee and what the cap leaves out.
        setAssignee(null)
        setCapConflict({ user, reason, message: e.message })
        return
      }
      throw e
    }
    setAssignee(null)
    setCapConflict(null)
    Taro.showToast({ title: `已分配给${user.name}`, icon: 'success' })
    afterOwnershipChange()
  }

  const assignOverCap = async () => {
    if (!capConflict) return
    const { user, reason } = capConflict
    Taro.showLoading({ title: '分配中' })
    try {
      await assign(user, reason, true)
      Taro.hideLoading()
    } catch (e) {
      Taro.hideLoading()
      setCapConflict(null)
      Taro.showModal({ title: '分配失败', content: errorMessage(e), showCancel: false })
    }
  }

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

  if (loading && !customer) return <StateView loading />
  if (error || !customer) return <StateView error={error ?? '客户不存在'} onRetry={loadCustomer} />

  const reclaimDue = reclaimHint(customer.reclaimAt)
  const inPool = customer.inPool ?? customer.ownerId === null
  const isOwner = Boolean(me && me.id === customer.ownerId)
  const isManager = me?.role === 'manager' || me?.role === 'admin'
  // The server decides in the end (a manager only over their own team); these only hide what cannot work.
  const canRelease = !inPool && (isOwner || isManager)
  const canReclaim = !inPool && isManager && !isOwner
  const poolEntry = inPool ? history.find((e) => e.type === 'released' || e.type === 'reclaimed') : undefined
  // Only members claim; a manager above a department's pool assigns it to one instead.
  const mayClaim = pool?.member ?? true
  const afterFactChange = () => {
    markStale('customers')
    loadCustomer()
    loadHistory()
  }

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
              {inPool ? (
                <Text className='detail-head__pool-badge'>公海客户</Text>
              ) : (
                <Text>负责人：{customer.owner ? customer.owner.name : '无'}</Text>
              )}
            </View>
          </View>
          {!inPool && (
            <View
              className='detail-head__edit'
              data-testid='customer-edit'
              onClick={() => Taro.navigateTo({ url: `/pages/customer-edit/index?id=${encodeURIComponent(customer.id)}` })}
            >
              编辑
            </View>
          )}
        </View>
        <View className='detail-head__stats'>
          <Text className={customer.lastFollowUpAt ? '' : 'detail-head__never'}>{lastFollowUpText(customer.lastFollowUpAt)}</Text>
          {reclaimDue && (
            <Text className={`detail-head__reclaim ${reclaimDue.urgent ? 'detail-head__reclaim--urgent' : ''}`} data-testid='reclaim-days'>
              {reclaimDue.text}
            </Text>
          )}
        </View>
        {inPool && (
          <View className='detail-pool' data-testid='pool-banner'>
            <Text className='detail-pool__title'>
              {poolEntry
                ? `${poolEntry.type === 'reclaimed' ? '回收' : '释放'}于 ${formatBusinessDate(poolEntry.at)} · ${daysInPoolText(-businessDaysUntil(new Date(poolEntry.at)))}`
                : '在公海中，领取后即可跟进'}
            </Text>
            {poolEntry?.reason && <Text className='detail-pool__reason'>原因：{poolEntry.reason}</Text>}
            {poolEntry?.fromUser && <Text className='detail-pool__owner'>上一负责人：{poolEntry.fromUser.name}</Text>}
          </View>
        )}
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

      <LevelRequestPanel
        customer={customer}
        me={me}
        exemptLevels={pool?.rules.exemptLevels ?? (poolLoaded ? ['key'] : null)}
        onDecided={afterFactChange}
      />

      <ProfileCards customer={customer} />

      <View className='card'>
        <View className='card-title'>
          <Text>销售团队</Text>
          {!inPool && (
            <Text className='link detail-add' data-testid='follower-add' onClick={() => setPickerOpen(true)}>
              + 添加协同人
            </Text>
          )}
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
        {customer.followers.length === 0 && (
          <View className='detail-empty'>{inPool ? '公海客户没有负责人，领取后即可组建销售团队' : '添加技术、售后同事一起跟进，新记录会通知他们'}</View>
        )}
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>归属记录</Text>
          {isManager && (
            <View className='detail-manage'>
              <Text className='detail-manage__btn' data-testid='customer-assign' onClick={() => setAssignPickerOpen(true)}>
                {inPool ? '分配' : '转给他人'}
              </Text>
              {canReclaim && (
                <Text className='detail-manage__btn detail-manage__btn--danger' data-testid='customer-reclaim-pool' onClick={() => setReclaimOpen(true)}>
                  收回到公海
                </Text>
              )}
            </View>
          )}
        </View>
        <StateView compact loading={histLoading} error={histError} onRetry={loadHistory} empty={history.length === 0} emptyText='还没有归属变更记录'>
          <OwnershipHistory items={history} />
        </StateView>
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
        {inPool && mayClaim && (
          <View className={`btn detail-bar__btn detail-bar__main ${claiming ? 'btn--disabled' : ''}`} data-testid='customer-claim' onClick={claim}>
            {claiming ? '领取中…' : '领取到我的客户'}
          </View>
        )}
        {inPool && !mayClaim && isManager && (
          <View className='btn detail-bar__btn detail-bar__main' data-testid='customer-assign-main' onClick={() => setAssignPickerOpen(true)}>
            分配给成员
          </View>
        )}
        {inPool && !mayClaim && !isManager && <View className='detail-bar__note'>你不是该公海的成员，不能领取</View>}
        {!inPool && (
          <>
            {canRelease && (
              <View className='btn btn--plain detail-bar__side' data-testid='customer-release' onClick={() => setReleaseOpen(true)}>
                释放到公海
              </View>
            )}
            <View className='btn detail-bar__btn detail-bar__main' data-testid='followup-open' onClick={() => setSheetOpen(true)}>
              写跟进
            </View>
          </>
        )}
      </View>

      <FollowUpSheet customerId={customer.id} visible={sheetOpen} onClose={() => setSheetOpen(false)} onSaved={onFollowUpSaved} />
      <UserPicker
        visible={pickerOpen}
        title='添加协同人'
        purpose='follower'
        customerId={customer.id}
        onPick={onPickFollower}
        onClose={() => setPickerOpen(false)}
      />

      <ReasonSheet
        visible={releaseOpen}
        title='放弃客户 · 释放到公海'
        chips={RELEASE_REASONS}
        submitLabel='确认释放'
        danger
        testIdPrefix='release'
        note='释放后客户回到公海，其他同事可以领取；跟进记录会保留，原因会展示给下一位负责人。'
        onClose={() => setReleaseOpen(false)}
        onSubmit={release}
      />
      <ReasonSheet
        visible={reclaimOpen}
        title='收回到公海'
        chips={RECLAIM_REASONS}
        submitLabel='确认收回'
        danger
        testIdPrefix='reclaim'
        note={`将从 ${customer.owner?.name ?? '负责人'} 处收回，客户回到公海，${customer.owner?.name ?? '负责人'} 会失去此客户。`}
        onClose={() => setReclaimOpen(false)}
        onSubmit={reclaim}
      />
      <UserPicker
        visible={assignPickerOpen}
        title={inPool ? '分配给' : '转给'}
        purpose='assign'
        customerId={customer.id}
        onPick={(u) => {
          setAssignPickerOpen(false)
          setAssignee(u)
        }}
        onClose={() => setAssignPickerOpen(false)}
      />
      <ReasonSheet
        visible={Boolean(assignee)}
        title={`${inPool ? '分配给' : '转给'} ${assignee?.name ?? ''}`}
        chips={ASSIGN_REASONS}
        required={false}
        submitLabel={`确认${inPool ? '分配' : '转给'} ${assignee?.name ?? ''}`}
        testIdPrefix='assign'
        onClose={() => setAssignee(null)}
        onSubmit={(reason) => assign(assignee as User, reason)}
      />
      <NoticeDialog
        visible={Boolean(capConflict)}
        title='对方已达持有上限'
        message={capConflict?.message ?? ''}
        messageTestId='assign-cap-error'
        hint={capConflict ? `仍要分配给 ${capConflict.user.name} 吗？超出上限的分配会被记录。` : undefined}
        actions={[
          { label: '仍然分配（超出上限）', kind: 'danger', testId: 'assign-override', onClick: assignOverCap },
          { label: '取消', testId: 'assign-cancel', onClick: () => setCapConflict(null) }
        ]}
        onClose={() => setCapConflict(null)}
      />
      <ClaimRefusalDialog error={claimRefusal} onClose={() => setClaimRefusal(null)} />
    </View>
  )
}
