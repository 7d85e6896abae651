import { AppError, ConflictError, NotFoundError } from '../http/errors.ts';

export const groupMessages = {
  notFound: '客户群不存在或无权查看',
} as const;

export class GroupNotFoundError extends NotFoundError {
  constructor() {
    super(groupMessages.notFound);
  }
}

export class GroupAlreadyBoundError extends ConflictError {
  constructor() {
    super('GROUP_ALREADY_BOUND', '该客户群已绑定其他客户，请先解除绑定');
  }
}

export class GroupDismissedError extends ConflictError {
  constructor() {
    super('GROUP_DISMISSED', '该客户群已解散，不能再绑定');
  }
}

export class GroupBindForbiddenError extends AppError {
  constructor(message = '只有客户的负责人、协作人或其上级可以绑定或解除客户群') {
    super(403, 'GROUP_BIND_FORBIDDEN', message);
  }
}
