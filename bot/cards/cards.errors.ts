/**
 * Why a card could not be built. Every one of these is permanent for the outbox row that
 * caused it (retrying builds the same card), so the dispatcher marks the row failed with the
 * code and message rather than retrying.
 */

export const cardMessages = {
  unknownKind: '未知的卡片类型',
  invalidPayload: '卡片数据不完整或格式不正确',
  invalidTaskId: '卡片 task_id 只能由字母、数字和 _-@ 组成，且不超过 128 字节',
  invalidLink: '卡片链接必须是 http(s) 地址且不超过 2048 字节',
  overLimits: '生成的卡片超出企业微信的字段限制',
};

export type CardErrorCode = 'UNKNOWN_CARD_KIND' | 'INVALID_CARD_PAYLOAD' | 'INVALID_TASK_ID' | 'INVALID_CARD_LINK' | 'CARD_OVER_LIMITS';

export class CardError extends Error {
  constructor(
    readonly code: CardErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CardError';
  }
}

export class UnknownCardKindError extends CardError {
  constructor(kind: unknown) {
    super('UNKNOWN_CARD_KIND', `${cardMessages.unknownKind}：${String(kind)}`, { kind });
  }
}

export class InvalidCardPayloadError extends CardError {
  constructor(kind: string, issues: Array<{ path: string; message: string }>) {
    super('INVALID_CARD_PAYLOAD', `${cardMessages.invalidPayload}（${kind}）`, { kind, issues });
  }
}

export class InvalidTaskIdError extends CardError {
  constructor(taskId: unknown) {
    super('INVALID_TASK_ID', cardMessages.invalidTaskId, { taskId });
  }
}

export class InvalidCardLinkError extends CardError {
  constructor(url: unknown) {
    super('INVALID_CARD_LINK', cardMessages.invalidLink, { url });
  }
}

export class CardOverLimitsError extends CardError {
  constructor(kind: string, problems: string[]) {
    super('CARD_OVER_LIMITS', `${cardMessages.overLimits}（${kind}）`, { kind, problems });
  }
}
