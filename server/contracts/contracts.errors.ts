import { ConflictError, NotFoundError } from '../http/errors.ts';
import { formatFen } from '../approvals/rules/money.ts';

export const contractMessages = {
  notFound: '合同不存在或无权查看',
  planNotFound: '回款计划不存在或无权查看',
  numberTaken: (n: string) => `合同编号「${n}」已被使用`,
  endBeforeStart: '结束日期不能早于开始日期',
  plansExceed: (remainingFen: number) => `回款计划合计不能超过合同金额，最多还可计划 ${formatFen(remainingFen)}`,
  amountBelowPlans: (plannedFen: number) => `合同金额不能低于已计划的回款 ${formatFen(plannedFen)}`,
  paymentExceeds: (remainingFen: number) => `回款不能超过该期计划的未收金额 ${formatFen(remainingFen)}`,
  notOpenForPlans: '该合同已完成或作废，不能再添加回款计划',
  notSignedForPayments: '合同签订后才能登记回款',
  notEditable: '审批中、已完成或已作废的合同不能修改',
  amountLocked: '已签订合同的金额和折扣不能修改',
  badTransition: (from: string, to: string) => `合同不能从「${from}」变为「${to}」`,
  futurePayment: '回款日期不能晚于今天',
  opportunityUnknown: '商机不存在或不属于该客户',
  resubmitOnContract: '合同审批请在合同详情中修改金额或折扣后重新提交',
  settingsAdminOnly: '只有管理员可以修改合同审批额度',
  targetsForbidden: '只有经理和管理员可以设置业绩目标',
  targetOutside: '只能为自己部门（含下级部门）的成员和部门设置目标',
};

export const STATUS_LABELS: Record<string, string> = {
  draft: '草稿', pending_approval: '审批中', signed: '已签订', completed: '已完成', void: '已作废',
};

export class ContractNotFoundError extends NotFoundError {
  constructor() {
    super(contractMessages.notFound);
  }
}

export class PaymentPlanNotFoundError extends NotFoundError {
  constructor() {
    super(contractMessages.planNotFound);
  }
}

export class ContractNumberTakenError extends ConflictError {
  constructor(number: string) {
    super('CONTRACT_NUMBER_TAKEN', contractMessages.numberTaken(number), { number });
  }
}

export class PlansExceedContractError extends ConflictError {
  constructor(remainingFen: number) {
    super('PAYMENT_PLANS_EXCEED_CONTRACT', contractMessages.plansExceed(remainingFen), { remainingFen });
  }
}

export class AmountBelowPlansError extends ConflictError {
  constructor(plannedFen: number) {
    super('PAYMENT_PLANS_EXCEED_CONTRACT', contractMessages.amountBelowPlans(plannedFen), { plannedFen });
  }
}

export class PaymentExceedsPlanError extends ConflictError {
  constructor(remainingFen: number) {
    super('PAYMENT_EXCEEDS_PLAN', contractMessages.paymentExceeds(remainingFen), { remainingFen });
  }
}

export class ContractStateError extends ConflictError {
  constructor(message: string, status: string) {
    super('CONTRACT_STATE', message, { status });
  }
}
