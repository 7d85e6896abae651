/**
 * Expected failures carry a stable code and a zh-CN message; the error middleware turns
 * them into {"error":{code,message,details}}. Anything else is a bug and becomes a plain 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A 400 whose message, unless given, is the first field's message: the app shows it as is. */
export class ValidationError extends AppError {
  constructor(fields: Record<string, string>, message?: string) {
    super(400, 'VALIDATION_FAILED', message ?? Object.values(fields)[0] ?? '请求参数不正确', { fields });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = '请先登录') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '没有权限执行此操作', code = 'FORBIDDEN', details?: Record<string, unknown>) {
    super(403, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message = '资源不存在或无权查看') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}
