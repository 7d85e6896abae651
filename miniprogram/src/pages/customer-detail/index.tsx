import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { cachedUser, consumeStale, markStale } from '../../services/session'
import FollowUpSheet from '../../components/follow-up-sheet'
import StateView from '../../components/state-view'
import { usePool } from '../../hooks/use-pool'
import ActionBar from './action-bar'
import DetailHeader from './detail-header'
import ExpensesSection from './expenses-section'
import ContractsSection from './contracts-section'
import FollowUpsSection from './follow-ups-section'
import GroupsSection from './groups-section'
import HistorySection from './history-section'
import LevelRequestPanel from './level-request'
import { OwnershipDialogs, ownershipRights, useOwnershipActions } from './ownership-actions'
import ProfileCards from './profile-cards'
import TeamSection from './team-section'
import OpportunitiesSection from './opportunities-section'
import { useCustomerDetail } from './use-customer-detail'
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
  const me = cachedUser()
  const { customer: customerResource, followUps, history, levelRequests, expenses, reload } = useCustomerDetail(id)
  const customer = customerResource.data
  // The pool it sits in (or returns to): its exempt levels, and whether I may claim from it.
  const { pool, loaded: poolLoaded } = usePool(customer ? customer.poolId ?? customer.homePoolId : undefined)
  const ownership = useOwnershipActions(id, () => reload('customer', 'history'))
  const [sheetOpen, setSheetOpen] = useState(false)

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

  const { openAssign } = ownership
  useEffect(() => {
    if (!customer || !autoAssign.current) return
    autoAssign.current = false
    if (me?.role === 'manager' || me?.role === 'admin') openAssign()
  }, [customer, me?.role, openAssign])

  useDidShow(() => {
    if (consumeStale(`customer:${id}`)) reload('customer', 'history', 'expenses')
  })

  if (customerResource.loading && !customer) return <StateView loading />
  if (customerResource.error || !customer) {
    // A customer one cannot see (someone else's, another department's pool, claimed meanwhile) says so and offers the way back.
    const back = () => Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/pages/customers/index' }))
    return (
      <StateView
        error={customerResource.error ?? '客户不存在'}
        onRetry={() => reload('customer')}
        errorAction={
          <>
            <Text className='state-view__hint'>可能已转给他人、回到你看不到的公海，或你没有查看权限</Text>
            <View className='state-view__retry' onClick={back} data-testid='state-back'>
              返回
            </View>
          </>
        }
      />
    )
  }

  const rights = ownershipRights(customer, me, pool)
  const poolEntry = rights.inPool ? history.data.find((e) => e.type === 'released' || e.type === 'reclaimed') : undefined

  const onFollowUpSaved = () => {
    // lastFollowUpAt and reclaimAt move with every follow-up, so the header and the list are stale too.
    markStale('customers')
    reload('followUps', 'customer')
  }
  const onLevelDecided = () => {
    markStale('customers')
    reload('customer', 'history')
  }

  return (
    <View className='detail' data-testid='customer-detail'>
      <DetailHeader customer={customer} inPool={rights.inPool} poolEntry={poolEntry} nextFollowUpAt={followUps.data[0]?.nextFollowUpAt} />

      <LevelRequestPanel
        customer={customer}
        me={me}
        exemptLevels={pool?.rules.exemptLevels ?? (poolLoaded ? ['key'] : null)}
        requests={levelRequests.data}
        error={levelRequests.error}
        onReloadRequests={() => reload('levelRequests')}
        onDecided={onLevelDecided}
      />

      <ProfileCards customer={customer} />
      <TeamSection customer={customer} inPool={rights.inPool} onChanged={() => reload('customer')} />
      <OpportunitiesSection customerId={customer.id} inPool={rights.inPool} />
      <GroupsSection customer={customer} me={me} inPool={rights.inPool} onBound={() => reload('history')} />
      <HistorySection history={history} rights={rights} onAssign={ownership.openAssign} onReclaim={ownership.openReclaim} />
      <ContractsSection customer={customer} canCreate={!rights.inPool} />
      <ExpensesSection customer={customer} expenses={expenses} canApply={!rights.inPool} />
      <FollowUpsSection followUps={followUps} />

      <ActionBar
        rights={rights}
        claiming={ownership.claiming}
        onClaim={ownership.claim}
        onAssign={ownership.openAssign}
        onRelease={ownership.openRelease}
        onFollowUp={() => setSheetOpen(true)}
      />

      <FollowUpSheet customerId={customer.id} visible={sheetOpen} onClose={() => setSheetOpen(false)} onSaved={onFollowUpSaved} />
      <OwnershipDialogs actions={ownership} customer={customer} inPool={rights.inPool} />
    </View>
  )
}
