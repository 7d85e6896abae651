import { AppError, ForbiddenError } from '../http/errors.ts';

export const authMessages = {
  codeInvalid: '登录凭证无效或已过期，请重新进入应用',
  notMember: '只有企业成员可以登录',
  otherCorp: '该账号不属于本企业',
  userLeft: '该成员已离职，无法登录',
  wecomUnavailable: '企业微信暂时无法访问，请稍后重试',
  devOnly: '接口不存在',
  userNotFound: '用户不存在',
};

export class WecomCodeInvalidError extends AppError {
  constructor() {
    super(401, 'WECOM_CODE_INVALID', authMessages.codeInvalid);
  }
}

export class WecomUnavailableError extends AppError {
  constructor(errcode?: number) {
    super(502, 'WECOM_UNAVAILABLE', authMessages.wecomUnavailable, errcode !== undefined ? { errcode } : undefined);
  }
}

export class UserLeftError extends ForbiddenError {
  constructor() {
    super(authMessages.userLeft, 'USER_LEFT');
  }
}
