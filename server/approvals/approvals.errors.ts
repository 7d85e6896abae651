import { ConflictError, ForbiddenError, NotFoundError } from '../http/errors.ts';

/** What the app and the cards tell people, in one place. */
export const approvalMessages = {
  notFound: '审批不存在或无权查看',
  customerRequired: '招待、礼品、折扣申请需要选择客户',
  notPending: '该审批已被处理或已不在待审批状态',
  notCurrentApprover: '你不是当前这一级的审批人',
  onlyRequesterWithdraws: '只有申请人可以撤回',
  onlyRequesterResubmits: '只有申请人可以修改后重新提交',
  notRejected: '只有被驳回的申请可以修改后重新提交',
  policyAdminOnly: '只有管理员可以修改审批规则',
  attachmentUnknown: '附件不存在或不是你上传的',
  attachmentTaken: '附件已用于其他申请',
  tooManyAttachments: '每个申请最多 9 张图片',
  notAnImage: (name: string) => `「${name}」不是 JPEG、PNG 或 WebP 图片`,
  noFiles: '请选择要上传的图片',
  reportScope: '无权查看该报表',
};

export class ApprovalNotFoundError extends NotFoundError {
  constructor() {
    super(approvalMessages.notFound);
  }
}

/** 409: the request is no longer waiting on this decision (someone else decided, or it left pending). */
export class ApprovalNotPendingError extends ConflictError {
  constructor(details?: Record<string, unknown>) {
    super('APPROVAL_NOT_PENDING', approvalMessages.notPending, details);
  }
}

export class ApprovalNotRejectedError extends ConflictError {
  constructor() {
    super('APPROVAL_NOT_REJECTED', approvalMessages.notRejected);
  }
}

export class NotCurrentApproverError extends ForbiddenError {
  constructor() {
    super(approvalMessages.notCurrentApprover);
  }
}
