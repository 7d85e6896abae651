import { createHash } from 'node:crypto';

/**
 * The demo company's WeCom side (issue 10): most of the reps' customers are also their WeCom
 * customers, linked by external_userid (the seed writes the ids on the records' first contacts);
 * each rep also has a few WeCom customers not on any record yet (待建档). Everything is derived
 * from stable seeds, so every start of the simulator shows the same ids.
 */

const hash = (seed: string): Buffer => createHash('sha256').update(`wecrm-demo:${seed}`).digest();

/** A WeCom-looking external_userid ("wm" + 30 letters/digits), stable for the seed. */
export function demoExternalUserId(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `wm${[...hash(seed)].slice(0, 30).map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** About four in five owned customers are linked to their owner's WeCom customer. */
export function isLinkedInDemo(nameKey: string): boolean {
  return hash(`link:${nameKey}`)[0]! % 5 !== 0;
}

const PEOPLE = ['王总', '刘经理', '陈总', '杨主任', '黄经理', '周总', '吴总监', '徐经理', '孙总', '马经理', '朱总', '胡经理'];
const COMPANIES = ['华瑞精密机械', '鼎盛包装材料', '恒通电子科技', '新禾农业发展', '博远物流', '嘉和医疗器械', '远帆建材', '启明教育科技', '安达汽配', '润泽环保'];

export interface DemoUnlinkedContact {
  externalUserId: string;
  name: string;
  corpName: string;
  mobile: string;
}

/** The rep's WeCom customers that no record knows yet (their 待建档 list). */
export function demoUnlinkedContacts(wecomUserId: string, count = 3): DemoUnlinkedContact[] {
  return Array.from({ length: count }, (_, i) => {
    const h = hash(`unlinked:${wecomUserId}:${i}`);
    const digits = [...h].slice(4, 12).map((b) => String(b % 10)).join('');
    return {
      externalUserId: demoExternalUserId(`unlinked:${wecomUserId}:${i}`),
      name: PEOPLE[h[0]! % PEOPLE.length]!,
      corpName: `${COMPANIES[(h[1]! + i) % COMPANIES.length]!}有限公司`,
      mobile: `139${digits}`,
    };
  });
}
