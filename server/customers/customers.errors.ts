import { ConflictError, ForbiddenError } from '../http/errors.ts';

export interface DuplicateDetails {
  customerId: string;
  customerName: string;
  ownerName: string | null;
  inPool: boolean;
  /** The caller owns the existing record themself. */
  ownedByYou: boolean;
  matchedBy: 'name' | 'phone';
  /** The pool it sits in, when inPool. */
  poolName: string | null;
  /** The matching phone, masked (138****5678), when matchedBy is phone. */
  phone?: string;
}

export const customerMessages = {
  notFound: '客户不存在或无权查看',
  notClaimable: '该客户已不在你可领取的公海中（可能刚被他人领取）',
  nameKeyEmpty: '客户名称需包含文字或数字',
  /** 防撞单: name the customer, say who to talk to, and never tell a rep that a colleague owns their own customer. */
  duplicate: (d: DuplicateDetails): string => {
    const what = d.matchedBy === 'phone' ? `联系人电话 ${d.phone ?? ''} 已登记在客户「${d.customerName}」下` : `客户「${d.customerName}」已存在`;
    if (d.ownedByYou) return `${what}，该客户由你负责，无需重复创建`;
    if (d.ownerName) return `${what}，由 ${d.ownerName} 负责，不能重复创建`;
    if (d.inPool) return `${what}，目前在${d.poolName ? `「${d.poolName}」` : '公海'}中，可直接领取`;
    return `${what}，不能重复创建`;
  },
  phoneRepeated: (first: number, second: number) => `第 ${second} 个联系人的电话与第 ${first} 个重复`,
  scopeForbidden: '当前角色不能查看该范围的客户',
  editForbidden: '只有负责人或其上级经理可以修改该客户',
  inPool: '客户在公海中，请先领取',
  followUpForbidden: '只有负责人、协作人或上级经理可以写跟进',
  followerNotFound: '该成员不存在或已离职',
  followerIsOwner: '负责人不需要添加为协作人',
  levelNeedsManager: (to: string, from: string) =>
    to === '重点' || from !== '重点'
      ? `「${to}」等级的客户免于回收，只能由经理设置；可在客户详情中申请设为${to}`
      : `「${from}」等级只能由经理调整`,
  stageNeedsManager: '成交阶段只能由经理设置（或由商机赢单产生）',
  factChangedBy: (name: string) => `由 ${name} 设置`,
};

export class CustomerDuplicateError extends ConflictError {
  constructor(details: DuplicateDetails) {
    super('CUSTOMER_DUPLICATE', customerMessages.duplicate(details), { ...details });
  }
}

export class CustomerInPoolError extends ForbiddenError {
  constructor() {
    super(customerMessages.inPool, 'CUSTOMER_IN_POOL');
  }
}
