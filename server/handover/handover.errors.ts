import { ConflictError } from '../http/errors.ts';
import type { OverCap } from './rules/distribute.ts';

export const handoverMessages = {
  memberNotFound: '该成员不存在或不在你的管理范围内',
  notFound: '交接记录不存在或无权查看',
  running: '该成员的交接正在进行，请稍后查看结果',
  overrideAdminOnly: '只有管理员可以超出持有上限交接',
  successorNotFound: '接手人不存在',
  successorIsLeaver: '接手人不能是交出客户的成员本人',
  successorLeft: (name: string) => `${name} 已离职，不能接手客户`,
  successorOutOfScope: (name: string) => `${name} 不在你的管理范围内`,
  notOwned: '交接时已不在其名下',
  seatDropped: '接手人已是负责人或协作人，协作席位取消',
  departureReason: '成员已离职',
  poolFromCard: '成员离职，经理选择退回公海',
  fallbackReason: (days: number) => `成员离职 ${days} 天无人交接，自动退回公海`,
  departedTitle: (name: string, customers: number) => `${name} 已离职：${customers} 位客户待交接`,
  departedDesc: '点击卡片选择接手人，或直接退回公海',
  successorTitle: (by: string, from: string, n: number) => `${by} 将 ${from} 的 ${n} 位客户交给了你`,
  overCap: (users: OverCap[]) => `${users.map((u) => `${u.name}（已持有 ${u.held}/${u.cap}，交接后 ${u.after}）`).join('、')} 将超出持有上限；请换接手人、分给多人，或由管理员超额交接`,
};

/** Successors who would end over their holding cap: named, with what they would hold. */
export class HandoverOverCapError extends ConflictError {
  constructor(users: OverCap[]) {
    super('POOL_HOLDING_CAP', handoverMessages.overCap(users), { users: users.map((u) => ({ ...u, id: String(u.id) })) });
  }
}
