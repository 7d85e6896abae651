import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import { createHandover, type Handover, type HandoverInput, type HandoverMember } from '../../services/handover'
import type { Role, User } from '../../services/types'
import NoticeDialog from '../../components/notice-dialog'
import TextArea from '../../components/text-area'
import UserPicker from '../../components/user-picker'
import { handoverFormProblem, handoverSummary, type HandoverMode } from '../../utils/handover-form'
import CustomerSelectSheet from './customer-select-sheet'

type Mode = HandoverMode

const MODES: Array<{ value: Mode; label: string; hint: string }> = [
  { value: 'one', label: '交给一位同事', hint: '全部客户、协作席位和待办交给一人' },
  { value: 'many', label: '分给多位同事', hint: '按当前负载平均分配，遵守持有上限' },
  { value: 'pool', label: '退回公海', hint: '客户回到公海，同事可以领取' }
]

const REASON_MAX = 200

interface Props {
  leaver: HandoverMember
  /** how many customers the leaver owns now (the preview) */
  customers: number
  role: Role | undefined
  /** a departure's draft says why already (成员已离职) */
  initialReason: string
  onDone: (handover: Handover) => void
}

/** The choice (one successor, several, or the pools), an optional selection, the reason, and the confirmation. */
export default function HandoverForm({ leaver, customers, role, initialReason, onDone }: Props) {
  const [mode, setMode] = useState<Mode>('one')
  const [successors, setSuccessors] = useState<User[]>([])
  const [picking, setPicking] = useState(false)
  const [partial, setPartial] = useState(false)
  const [selected, setSelected] = useState<Map<string, string>>(new Map())
  const [selecting, setSelecting] = useState(false)
  const [reason, setReason] = useState(initialReason)
  const [overrideCap, setOverrideCap] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [capMessage, setCapMessage] = useState<string | null>(null)

  const isAdmin = role === 'admin'
  const chosen = mode === 'one' ? successors.slice(0, 1) : mode === 'many' ? successors : []

  const chooseMode = (m: Mode) => {
    setMode(m)
    setFormError(null)
    if (m === 'one' && successors.length > 1) setSuccessors(successors.slice(0, 1))
  }

  const onPick = (u: User) => {
    setPicking(false)
    setFormError(null)
    if (u.id === leaver.id) {
      setFormError('接手人不能是交出客户的成员本人')
      return
    }
    if (mode === 'one') setSuccessors([u])
    else if (!successors.some((s) => s.id === u.id)) setSuccessors([...successors, u])
  }

  const formChoice = { mode, successors: chosen.map((s) => s.name), selected: partial ? selected.size : null, reason }
  const summary = () => handoverSummary(leaver.name, customers, formChoice)
  const check = () => handoverFormProblem(formChoice)

  /** Said inline above the button, and as a toast: the button sits at the bottom, the message may be scrolled away. */
  const showError = (message: string | null) => {
    setFormError(message)
    if (message) Taro.showToast({ title: message, icon: 'none', duration: 2500 })
  }

  const askConfirm = () => {
    const problem = check()
    showError(problem)
    if (!problem) setConfirming(true)
  }

  const submit = async () => {
    if (busy) return
    setBusy(true)
    setFormError(null)
    const input: HandoverInput = {
      fromUserId: leaver.id,
      to: mode === 'pool' ? { pool: true } : mode === 'one' ? { userId: chosen[0]!.id } : { userIds: chosen.map((s) => s.id) },
      reason: reason.trim(),
      ...(partial ? { customerIds: [...selected.keys()] } : {}),
      ...(isAdmin && mode !== 'pool' && overrideCap ? { overrideCap: true } : {})
    }
    try {
      const handover = await createHandover(input)
      setConfirming(false)
      onDone(handover)
    } catch (e) {
      setConfirming(false)
      // Over the cap: the server names each successor and what they would hold; shown as it says it.
      if (e instanceof ApiError && e.code === 'POOL_HOLDING_CAP') setCapMessage(e.message)
      else showError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View data-testid='handover-form'>
      <View className='card'>
        <View className='card-title'>
          <Text>交给谁</Text>
        </View>
        {MODES.map((m) => (
          <View key={m.value} className={`ho-mode ${mode === m.value ? 'ho-mode--on' : ''}`} data-testid={`handover-mode-${m.value}`} onClick={() => chooseMode(m.value)}>
            <View className='ho-radio' />
            <View className='ho-mode__main'>
              <Text className='ho-mode__label'>{m.label}</Text>
              <Text className='ho-mode__hint'>{m.hint}</Text>
            </View>
          </View>
        ))}
        {mode !== 'pool' && (
          <View className='ho-successors' data-testid='handover-successors'>
            {chosen.map((s) => (
              <View key={s.id} className='ho-chip' data-testid={`handover-successor-${s.wecomUserId}`}>
                <View className='ho-chip__avatar'>{s.name.slice(0, 1)}</View>
                <Text>{s.name}</Text>
                {s.departmentName && <Text className='ho-chip__dept'>{s.departmentName}</Text>}
                <Text className='ho-chip__remove' onClick={() => setSuccessors(successors.filter((x) => x.id !== s.id))}>
                  ×
                </Text>
              </View>
            ))}
            {(mode === 'many' || chosen.length === 0) && (
              <View className='ho-chip ho-chip--add' data-testid='handover-pick-successor' onClick={() => setPicking(true)}>
                {mode === 'one' ? '+ 选择接手人' : chosen.length ? '+ 再加一位' : '+ 添加接手人'}
              </View>
            )}
            {mode === 'one' && chosen.length > 0 && (
              <Text className='link ho-successors__change' data-testid='handover-change-successor' onClick={() => setPicking(true)}>
                更换
              </Text>
            )}
          </View>
        )}
      </View>

      <View className='card'>
        <View className='ho-row' data-testid='handover-partial' onClick={() => setPartial(!partial)}>
          <View className='ho-row__main'>
            <Text className='ho-row__label'>只交接部分客户</Text>
            <Text className='ho-row__hint'>{partial ? '协作席位和审批待全部交接时再转交' : `默认交接全部 ${customers} 位客户`}</Text>
          </View>
          <View className={`ho-switch ${partial ? 'ho-switch--on' : ''}`} />
        </View>
        {partial && (
          <View className='ho-row ho-row--link' data-testid='handover-select-customers' onClick={() => setSelecting(true)}>
            <Text>{selected.size ? `已选 ${selected.size} 位客户` : '选择客户'}</Text>
            <Text className='ho-arrow'>›</Text>
          </View>
        )}
        {isAdmin && mode !== 'pool' && (
          <View className='ho-row' data-testid='handover-override-cap' onClick={() => setOverrideCap(!overrideCap)}>
            <View className='ho-row__main'>
              <Text className='ho-row__label'>超出持有上限也交接</Text>
              <Text className='ho-row__hint'>仅管理员可用：接手人的客户数可以超过公海规则的上限</Text>
            </View>
            <View className={`ho-switch ${overrideCap ? 'ho-switch--on' : ''}`} />
          </View>
        )}
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>
            交接原因<Text className='ho-required'>*</Text>
          </Text>
          <Text className='ho-counter'>
            {reason.length}/{REASON_MAX}
          </Text>
        </View>
        <TextArea value={reason} onInput={setReason} maxlength={REASON_MAX} placeholder='如：离职、调岗、区域调整；接手人和客户历史里都看得到' testId='handover-reason' />
      </View>

      {formError && (
        <View className='form-error' data-testid='handover-form-error'>
          {formError}
        </View>
      )}

      <View className='ho-bar-spacer' />
      <View className='ho-bar'>
        <View className={`btn ho-bar__btn ${busy ? 'btn--disabled' : ''}`} data-testid='handover-submit' onClick={askConfirm}>
          {busy ? '交接中…' : mode === 'pool' ? '退回公海' : '确认交接'}
        </View>
      </View>

      <UserPicker visible={picking} title={mode === 'one' ? '选择接手人' : '添加接手人'} purpose='handover-to' onPick={onPick} onClose={() => setPicking(false)} />
      <CustomerSelectSheet
        visible={selecting}
        role={role}
        ownerId={leaver.id}
        selected={selected}
        onChange={setSelected}
        onClose={() => setSelecting(false)}
      />
      <NoticeDialog
        visible={confirming}
        tone='info'
        title={mode === 'pool' ? '确认退回公海' : '确认交接'}
        message={summary()}
        messageTestId='handover-confirm-message'
        hint={partial ? '只交接选中的客户；其余客户仍在原负责人名下。' : '计划跟进随客户转移，协作席位和待办审批一并交接；客户历史记下这次交接。'}
        actions={[
          { label: busy ? '交接中…' : '确认交接', kind: 'primary', testId: 'handover-confirm', onClick: submit },
          { label: '再想想', testId: 'handover-confirm-cancel', onClick: () => setConfirming(false) }
        ]}
        onClose={() => !busy && setConfirming(false)}
      />
      <NoticeDialog
        visible={capMessage !== null}
        title='超出持有上限'
        message={capMessage ?? ''}
        messageTestId='handover-cap-message'
        actions={[{ label: '知道了', kind: 'primary', testId: 'handover-cap-ok', onClick: () => setCapMessage(null) }]}
        onClose={() => setCapMessage(null)}
      />
    </View>
  )
}
