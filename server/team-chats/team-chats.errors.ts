import { AppError, ConflictError } from '../http/errors.ts';

export class TeamChatTooSmallError extends ConflictError {
  constructor() {
    super('TEAM_CHAT_TOO_SMALL', '客户作战群至少需要两人：请先为客户添加协作人（负责人没有可加入的上级）');
  }
}

export class TeamChatInPoolError extends ConflictError {
  constructor() {
    super('TEAM_CHAT_IN_POOL', '公海中的客户不能创建客户作战群，请先领取');
  }
}

/** WeCom refused to create the group chat; nothing was created, the next try starts again. */
export class TeamChatWecomError extends AppError {
  constructor(errcode: number | null) {
    super(502, 'TEAM_CHAT_WECOM_FAILED', errcode === 60011
      ? '企业微信拒绝创建群聊：应用的可见范围需设为根部门（企业微信管理后台 → 应用 → 可见范围）'
      : `企业微信暂时无法创建群聊${errcode !== null ? `（错误码 ${errcode}）` : ''}，请稍后重试`, errcode !== null ? { errcode } : undefined);
  }
}
