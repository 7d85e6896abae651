import { ConflictError } from '../http/errors.ts';
import { claimRefusalMessage, type ClaimRefusal } from './rules/may-claim.ts';

export const poolMessages = {
  notInPool: '该客户已被领取或不在公海中',
  notOwned: '该客户当前没有负责人',
  notMember: '你不是该公海的成员',
  assigneeInvalid: '该成员不存在、已离职或不在你的管理范围内',
  assigneeIsOwner: '该客户已由此成员负责',
  rulesForbidden: '只有管理员可以修改公海规则',
  assignForbidden: '只有经理或管理员可以分配客户',
  reclaimForbidden: '只有经理或管理员可以收回客户',
};

export class ClaimRefusedError extends ConflictError {
  constructor(refusal: ClaimRefusal) {
    const { code, ...details } = refusal;
    super(code, claimRefusalMessage(refusal), details);
  }
}

export class CustomerNotInPoolError extends ConflictError {
  constructor() {
    super('CUSTOMER_NOT_IN_POOL', poolMessages.notInPool);
  }
}
