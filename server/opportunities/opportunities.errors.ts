import { AppError, ConflictError, NotFoundError } from '../http/errors.ts';
import { missingMessage, type RequiredField } from './rules/stage-gate.ts';

/** What the app tells people about the pipeline, in one place. */
export const opportunityMessages = {
  notFound: '商机不存在或无权查看',
  stageUnknown: '阶段不存在',
  stagesAdminOnly: '只有管理员可以修改商机阶段',
  stageInUse: (name: string) => `阶段「${name}」下还有商机，不能删除`,
  sameStage: '商机已处于该阶段',
  wonAmount: '赢单商机的金额必须大于 0',
  unknownFeedback: (keys: string[]) => `没有这些反馈字段：${keys.join('、')}`,
  customerInPool: '该客户在公海中，请先领取再管理商机',
  editForbidden: '只有客户的负责人、协作人及其上级可以管理商机',
  customerFixed: '商机不能转到其他客户名下，请在该客户下新建商机',
  ownerNotInTeam: '负责人应为客户的负责人或协作人',
};

export class OpportunityNotFoundError extends NotFoundError {
  constructor() {
    super(opportunityMessages.notFound);
  }
}

/** 422: entering the stage needs feedback that was not given; `missing` names the keys, `fields` what to ask. */
export class StageFeedbackRequiredError extends AppError {
  constructor(missing: readonly RequiredField[]) {
    super(422, 'STAGE_FEEDBACK_REQUIRED', missingMessage(missing), { missing: missing.map((f) => f.key), fields: missing });
  }
}

export class WonAmountError extends AppError {
  constructor() {
    super(422, 'OPPORTUNITY_WON_AMOUNT', opportunityMessages.wonAmount, { missing: ['amountFen'] });
  }
}

export class SameStageError extends ConflictError {
  constructor() {
    super('OPPORTUNITY_STAGE_UNCHANGED', opportunityMessages.sameStage);
  }
}

export class StageInUseError extends ConflictError {
  constructor(stage: { id: number; name: string }) {
    super('STAGE_IN_USE', opportunityMessages.stageInUse(stage.name), { stageId: String(stage.id) });
  }
}
