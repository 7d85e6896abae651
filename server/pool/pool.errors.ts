import { ConflictError } from '../http/errors.ts';

export const poolMessages = {
  notInPool: '该客户不在公海中',
  ownNotInPool: '该客户已在你名下，无需领取',
  alreadyInPool: '该客户已在公海中',
  poolNotFound: '公海不存在或无权查看',
  createForbidden: '只有管理员可以创建公海',
  departmentNotFound: '部门不存在',
  poolExists: (department: string | null) => (department ? `「${department}」已有公海，每个部门只能有一个公海` : '该部门已有公海，每个部门只能有一个公海'),
  assigneeNotFound: '该成员不存在',
  assigneeLeft: (name: string) => `${name} 已离职，不能分配客户给 TA`,
  assigneeOutOfScope: (name: string) => `${name} 不在你的管理范围内，不能分配给 TA`,
  capOverridden: (by: string, holding: number, cap: number) => `超出持有上限（已持有 ${holding}/${cap}），由 ${by} 指派`,
  notOwned: '该客户当前没有负责人',
  notMember: '你不是该公海的成员',
  assigneeInvalid: '该成员不存在、已离职或不在你的管理范围内',
  assigneeIsOwner: '该客户已由此成员负责',
  rulesForbidden: '只有管理员可以修改公海规则',
  assignForbidden: '只有经理或管理员可以分配客户',
  reclaimForbidden: '只有经理或管理员可以收回客户',
};

export class CustomerNotInPoolError extends ConflictError {
  constructor(ownedByCaller = false, message?: string) {
    super('CUSTOMER_NOT_IN_POOL', message ?? (ownedByCaller ? poolMessages.ownNotInPool : poolMessages.notInPool));
  }
}

export class PoolExistsError extends ConflictError {
  constructor(departmentName: string | null) {
    super('POOL_EXISTS', poolMessages.poolExists(departmentName));
  }
}
