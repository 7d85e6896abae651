import { ConflictError, ForbiddenError } from '../http/errors.ts';

export const customerMessages = {
  duplicate: (ownerName: string | null, inPool: boolean) =>
    ownerName ? `该客户已由 ${ownerName} 负责，不能重复创建` : inPool ? '该客户已在公海中，可直接领取' : '该客户已存在，不能重复创建',
  phoneTaken: (ownerName: string | null) => (ownerName ? `联系人电话已登记在 ${ownerName} 负责的客户下` : '联系人电话已登记在其他客户下'),
  scopeForbidden: '当前角色不能查看该范围的客户',
  editForbidden: '只有负责人或其上级经理可以修改该客户',
  inPool: '客户在公海中，请先领取',
  followUpForbidden: '只有负责人、协作人或上级经理可以写跟进',
  followerNotFound: '该成员不存在或已离职',
  followerIsOwner: '负责人不需要添加为协作人',
};

export class CustomerDuplicateError extends ConflictError {
  constructor(details: { customerId: string; ownerName: string | null; inPool: boolean }, message?: string) {
    super('CUSTOMER_DUPLICATE', message ?? customerMessages.duplicate(details.ownerName, details.inPool), details);
  }
}

export class CustomerInPoolError extends ForbiddenError {
  constructor() {
    super(customerMessages.inPool, 'CUSTOMER_IN_POOL');
  }
}
