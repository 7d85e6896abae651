export interface MemberRow {
  memberId: string;
  /** 1 internal member, 2 external contact. */
  type: number;
  name: string;
}

/** Who joined and who left between two readings of a group's members. */
export function memberChanges(before: readonly MemberRow[], after: readonly MemberRow[]): { joined: MemberRow[]; left: MemberRow[] } {
  const had = new Set(before.map((m) => m.memberId));
  const has = new Set(after.map((m) => m.memberId));
  return {
    joined: after.filter((m) => !had.has(m.memberId)),
    left: before.filter((m) => !has.has(m.memberId)),
  };
}

/** The timeline line: "客户方 王五 加入了群「星河项目群」". Cut to the column's 255 characters. */
export function memberChangeText(m: MemberRow, change: 'joined' | 'left', groupName: string): string {
  const who = `${m.type === 2 ? '客户方' : '同事'} ${m.name || m.memberId}`;
  const text = `${who} ${change === 'joined' ? '加入了' : '退出了'}群「${groupName || '未命名客户群'}」`;
  return [...text].slice(0, 255).join('');
}
