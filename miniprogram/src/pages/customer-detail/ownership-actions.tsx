import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { assignCustomer, claimCustomer, reclaimToPool, releaseCustomer } from '../../services/pool'
import { markStale } from '../../services/session'
import type { Customer, Pool, User } from '../../services/types'
import ClaimRefusalDialog from '../../components/claim-refusal-dialog'
import NoticeDialog from '../../components/notice-dialog'
import ReasonSheet from '../../components/reason-sheet'
import UserPicker from '../../components/user-picker'
import { ASSIGN_REASONS, RECLAIM_REASONS, RELEASE_REASONS } from '../../utils/labels'

/** What the caller may try on this customer. The server decides in the end; these only hide what cannot work. */
export interface OwnershipRights {
  inPool: boolean
  isOwner: boolean
  isManager: boolean
  /** the owner, or a manager (only over their own team, says the server) */
  canRelease: boolean
  /** a manager taking it back from someone else */
  canReclaim: boolean
  /** only members claim; a manager above a department's pool assigns it to one instead */
  mayClaim: boolean
}

export function ownershipRights(customer: Customer, me: User | null, pool: Pool | null): OwnershipRights {
  const inPool = customer.inPool ?? customer.ownerId === null
  const isOwner = Boolean(me && me.id === customer.ownerId)
  const isManager = me?.role === 'manager' || me?.role === 'admin'
  return {
    inPool,
    isOwner,
    isManager,
    canRelease: !inPool && (isOwner || isManager),
    canReclaim: !inPool && isManager && !isOwner,
    mayClaim: pool?.member ?? true
  }
}

/**
 * Claim, release, assign (or transfer) and reclaim of one customer, with the sheets they open.
 * `onChanged` runs after a change of hands that leaves the caller on this page (a release goes
 * back to the list instead).
 */
export function useOwnershipActions(customerId: string, onChanged: () => void) {
  const [releaseOpen, setReleaseOpen] = useState(false)
  const [reclaimOpen, setReclaimOpen] = useState(false)
  const [assignPickerOpen, setAssignPickerOpen] = useState(false)
  /** the colleague picked in the assignee picker, waiting for an optional reason */
  const [assignee, setAssignee] = useState<User | null>(null)
  /** an assignment refused for the holding cap, offered again with overrideCap */
  const [capConflict, setCapConflict] = useState<{ user: User; reason: string; message: string } | null>(null)
  const [claiming, setClaiming] = useState(false)
  const [claimRefusal, setClaimRefusal] = useState<unknown>(null)

  const openRelease = useCallback(() => setReleaseOpen(true), [])
  const openReclaim = useCallback(() => setReclaimOpen(true), [])
  const openAssign = useCallback(() => setAssignPickerOpen(true), [])

  /** After a change of hands: this page, the ownership timeline and both lists are out of date. */
  const changed = () => {
    markStale('customers', 'pool')
    onChanged()
  }

  const claim = async () => {
    if (claiming) return
    setClaiming(true)
    try {
      await claimCustomer(customerId)
      Taro.showToast({ title: '领取成功', icon: 'success' })
      changed()
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.code === 'CUSTOMER_NOT_IN_POOL')) {
        // Gone from the pool for me (a colleague claimed it: 404) or already mine: nothing to decide,
        // say so in the server's words and show what stands now.
        Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 })
        changed()
      } else {
        setClaimRefusal(e)
      }
    } finally {
      setClaiming(false)
    }
  }

  const release = async (reason: string) => {
    await releaseCustomer(customerId, reason)
    setReleaseOpen(false)
    markStale('customers', 'pool')
    Taro.showToast({ title: '已释放到公海', icon: 'success' })
    // Back to the list it was opened from; it no longer belongs there.
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
    else Taro.redirectTo({ url: '/pages/customers/index' })
  }

  const reclaim = async (reason: string) => {
    await reclaimToPool(customerId, reason)
    setReclaimOpen(false)
    Taro.showToast({ title: '已收回到公海', icon: 'success' })
    changed()
  }

  const assign = async (user: User, reason: string, overrideCap = false) => {
    try {
      await assignCustomer(customerId, { userId: user.id, reason: reason || undefined, overrideCap: overrideCap || undefined })
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
    changed()
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

  return {
    claiming,
    claim,
    openRelease,
    openReclaim,
    openAssign,
    sheets: {
      releaseOpen, closeRelease: () => setReleaseOpen(false), release,
      reclaimOpen, closeReclaim: () => setReclaimOpen(false), reclaim,
      assignPickerOpen, closeAssignPicker: () => setAssignPickerOpen(false),
      pickAssignee: (u: User) => {
        setAssignPickerOpen(false)
        setAssignee(u)
      },
      assignee, closeAssignee: () => setAssignee(null), assign,
      capConflict, closeCapConflict: () => setCapConflict(null), assignOverCap,
      claimRefusal, closeClaimRefusal: () => setClaimRefusal(null)
    }
  }
}

export type OwnershipActions = ReturnType<typeof useOwnershipActions>

/** The sheets and dialogs of the ownership actions: reasons, the assignee picker, the cap and claim refusals. */
export function OwnershipDialogs({ actions, customer, inPool }: { actions: OwnershipActions; customer: Customer; inPool: boolean }) {
  const s = actions.sheets
  const ownerName = customer.owner?.name ?? '负责人'
  const verb = inPool ? '分配' : '转给'
  return (
    <>
      <ReasonSheet
        visible={s.releaseOpen}
        title='放弃客户 · 释放到公海'
        chips={RELEASE_REASONS}
        submitLabel='确认释放'
        danger
        testIdPrefix='release'
        note='释放后客户回到公海，其他同事可以领取；跟进记录会保留，原因会展示给下一位负责人。'
        onClose={s.closeRelease}
        onSubmit={s.release}
      />
      <ReasonSheet
        visible={s.reclaimOpen}
        title='收回到公海'
        chips={RECLAIM_REASONS}
        submitLabel='确认收回'
        danger
        testIdPrefix='reclaim'
        note={`将从 ${ownerName} 处收回，客户回到公海，${ownerName} 会失去此客户。`}
        onClose={s.closeReclaim}
        onSubmit={s.reclaim}
      />
      <UserPicker
        visible={s.assignPickerOpen}
        title={inPool ? '分配给' : '转给'}
        purpose='assign'
        customerId={customer.id}
        onPick={s.pickAssignee}
        onClose={s.closeAssignPicker}
      />
      <ReasonSheet
        visible={Boolean(s.assignee)}
        title={`${inPool ? '分配给' : '转给'} ${s.assignee?.name ?? ''}`}
        chips={ASSIGN_REASONS}
        required={false}
        submitLabel={`确认${verb} ${s.assignee?.name ?? ''}`}
        testIdPrefix='assign'
        onClose={s.closeAssignee}
        onSubmit={(reason) => s.assign(s.assignee as User, reason)}
      />
      <NoticeDialog
        visible={Boolean(s.capConflict)}
        title='对方已达持有上限'
        message={s.capConflict?.message ?? ''}
        messageTestId='assign-cap-error'
        hint={s.capConflict ? `仍要分配给 ${s.capConflict.user.name} 吗？超出上限的分配会被记录。` : undefined}
        actions={[
          { label: '仍然分配（超出上限）', kind: 'danger', testId: 'assign-override', onClick: s.assignOverCap },
          { label: '取消', testId: 'assign-cancel', onClick: s.closeCapConflict }
        ]}
        onClose={s.closeCapConflict}
      />
      <ClaimRefusalDialog error={s.claimRefusal} onClose={s.closeClaimRefusal} />
    </>
  )
}
