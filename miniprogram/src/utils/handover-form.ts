// The handover form's words: what is missing before asking the server, and what the confirmation says.

export type HandoverMode = 'one' | 'many' | 'pool'

export interface HandoverChoice {
  mode: HandoverMode
  /** the successors picked (names), in order */
  successors: string[]
  /** null: all of the member's customers; otherwise the ticked ones */
  selected: number | null
  reason: string
}

/** The first thing the form still needs, or null when it may be sent. */
export function handoverFormProblem(c: HandoverChoice): string | null {
  if (c.mode === 'one' && c.successors.length === 0) return '请选择接手人'
  if (c.mode === 'many' && c.successors.length < 2) return '分给多位同事时请至少选择两位，只有一位请选“交给一位同事”'
  if (c.selected === 0) return '请选择要交接的客户'
  if (!c.reason.trim()) return '请填写交接原因'
  return null
}

/** "将 张三 的全部 58 位客户交给 李四。" — the confirmation, in one sentence. */
export function handoverSummary(leaver: string, customers: number, c: HandoverChoice): string {
  const what = c.selected === null ? `全部 ${customers} 位客户` : `选中的 ${c.selected} 位客户`
  if (c.mode === 'pool') return `将 ${leaver} 的${what}退回公海。`
  if (c.mode === 'one') return `将 ${leaver} 的${what}交给 ${c.successors[0]}。`
  return `将 ${leaver} 的${what}按负载分给 ${c.successors.join('、')}。`
}
