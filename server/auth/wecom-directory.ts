/**
 * What auth needs from WeCom. The typed client in bot/wecom implements it; keeping the
 * seam narrow lets auth be tested against the simulator or a fake.
 */
export interface WecomDirectory {
  jscode2session(code: string): Promise<{ userid: string; corpid: string }>;
  getUserInfoByCode(code: string): Promise<{ userid: string } | { openid: string; external_userid?: string }>;
  getUser(userid: string): Promise<{ userid: string; name: string; department: number[]; main_department?: number; position?: string; status?: number }>;
  listDepartments(id?: number): Promise<Array<{ id: number; name: string; parentid: number; order?: number }>>;
}

/** errcode of a failed WeCom call, if the error came from WeCom. */
export function wecomErrcode(err: unknown): number | undefined {
  const e = err as { errcode?: unknown };
  return typeof e?.errcode === 'number' ? e.errcode : undefined;
}
