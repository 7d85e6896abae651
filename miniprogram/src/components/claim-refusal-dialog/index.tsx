import Taro from '@tarojs/taro'
import { ApiError, errorMessage } from '../../services/api'
import { formatDate } from '../../utils/time'
import NoticeDialog, { type DialogAction } from '../notice-dialog'

const TITLES: Record<string, string> = {
  POOL_HOLDING_CAP: '持有客户已达上限',
  POOL_CLAIM_COOLDOWN: '暂时不能重新领取',
  POOL_DAILY_LIMIT: '今日领取已达上限',
  CUSTOMER_NOT_IN_POOL: '客户已不在公海'
}

function hintFor(error: ApiError): string | undefined {
  const d = error.details as Record<string, unknown>
  switch (error.code) {
    case 'POOL_HOLDING_CAP':
      // The message already gives the count and what it leaves out; the same line heads 我的客户.
      return '「我的客户」顶部显示计入上限的客户数，释放不再跟进的客户后即可领取'
    case 'POOL_CLAIM_COOLDOWN':
      return typeof d.availableAt === 'string' ? `${formatDate(d.availableAt)} 起可以重新领取` : undefined
    case 'POOL_DAILY_LIMIT':
      return '明天 0 点后额度恢复'
    default:
      return undefined
  }
}

/** Is this a refusal the rep should read in a dialog (rather than a generic failure)? */
export function isClaimRefusal(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 409
}

interface Props {
  /** the error thrown by claimCustomer; null hides the dialog */
  error: unknown
  onClose: () => void
}

/** The server's own words for a refused claim (cap, cooldown, daily limit), in a dialog that stays readable. */
export default function ClaimRefusalDialog({ error, onClose }: Props) {
  if (!error) return null
  const api = error instanceof ApiError ? error : null
  const title = (api && TITLES[api.code]) || '领取失败'
  const ok: DialogAction = { label: '知道了', onClick: onClose, testId: 'claim-error-ok' }
  const actions: DialogAction[] =
    api?.code === 'POOL_HOLDING_CAP'
      ? [
          {
            label: '去释放客户',
            kind: 'primary',
            testId: 'claim-error-release',
            onClick: () => {
              onClose()
              Taro.redirectTo({ url: '/pages/customers/index' })
            }
          },
          ok
        ]
      : [{ ...ok, kind: 'primary' }]
  return (
    <NoticeDialog
      visible
      title={title}
      message={errorMessage(error)}
      messageTestId='claim-error'
      hint={api ? hintFor(api) : undefined}
      actions={actions}
      onClose={onClose}
    />
  )
}
