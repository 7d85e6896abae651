import type { ApprovalAttachment, ApprovalInput, ApprovalType, UserRef } from '../services/types'
import type { FieldErrors } from './field-errors'
import { APPROVAL_PHOTOS_MAX, APPROVAL_REASON_MAX, CUSTOMER_REQUIRED_TYPES } from './approval-labels'
import { parseYuanToFen } from './money'

/** A receipt photo on the form: picked, being uploaded, uploaded (with its attachment id) or failed. */
export interface FormPhoto {
  key: string
  /** what the thumbnail shows: the local temp path, or the signed url of an attachment already stored */
  src: string
  status: 'uploading' | 'done' | 'failed'
  attachment?: ApprovalAttachment
  error?: string
}

export interface ApprovalFormValues {
  type: ApprovalType | ''
  /** 元, as typed */
  amount: string
  customer: UserRef | null
  reason: string
  /** YYYY-MM-DD */
  occurredOn: string
  photos: FormPhoto[]
}

/**
 * The client's copy of the server's rules, so a rep hears about a missing customer before the
 * request goes out; the keys are the request's own fields, as the server names them in a 400.
 * The server stays the judge: whatever it refuses is shown in its words.
 */
export function validateApprovalForm(v: ApprovalFormValues): FieldErrors {
  const errors: FieldErrors = {}
  if (!v.type) errors.type = '请选择费用类型'
  const amount = parseYuanToFen(v.amount)
  if (!amount.ok) errors.amountFen = amount.error
  if (v.type && CUSTOMER_REQUIRED_TYPES.includes(v.type) && !v.customer) errors.customerId = '招待、礼品、折扣申请需要选择客户'
  const reason = v.reason.trim()
  if (!reason) errors.reason = '请填写申请事由'
  else if (reason.length > APPROVAL_REASON_MAX) errors.reason = `事由不能超过 ${APPROVAL_REASON_MAX} 个字`
  if (v.photos.length > APPROVAL_PHOTOS_MAX) errors.attachmentIds = `最多上传 ${APPROVAL_PHOTOS_MAX} 张照片`
  else if (v.photos.some((p) => p.status === 'uploading')) errors.attachmentIds = '照片还在上传，请稍候'
  else if (v.photos.some((p) => p.status === 'failed')) errors.attachmentIds = '有照片上传失败，请删除后重新添加'
  return errors
}

/** The request body of a valid form (call validateApprovalForm first). */
export function toApprovalInput(v: ApprovalFormValues): ApprovalInput {
  const amount = parseYuanToFen(v.amount)
  if (!amount.ok || !v.type) throw new Error('表单未通过校验')
  return {
    type: v.type,
    amountFen: amount.fen,
    ...(v.customer ? { customerId: v.customer.id } : {}),
    reason: v.reason.trim(),
    ...(v.occurredOn ? { occurredOn: v.occurredOn } : {}),
    attachmentIds: v.photos.flatMap((p) => (p.attachment ? [p.attachment.id] : []))
  }
}

/** Server field paths onto the form's fields ("attachmentIds.3" is the photos' row). */
export function formFieldOf(path: string): keyof ApprovalFormValues | 'amountFen' | 'customerId' | 'attachmentIds' | null {
  const head = path.split('.')[0]
  if (head === 'amountFen' || head === 'customerId' || head === 'attachmentIds') return head
  if (head === 'type' || head === 'reason' || head === 'occurredOn') return head
  return null
}
