import { customerNameKey, NAME_KEY_MAX_LENGTH, phoneKey } from '../../customers/rules/normalize-name.ts';
import type { WecomExternalContactFacts, WecomFollowFacts } from '../external-contacts-directory.ts';

/** What wecrm keeps of one WeCom customer (wecom_contacts), derived from WeCom's answer. */
export interface ContactRow {
  externalUserId: string;
  name: string;
  corpName: string | null;
  corpKey: string | null;
  type: number;
  tags: string;
  addedAt: Date | null;
}

/** What wecrm keeps of one member following one customer (wecom_contact_follows). */
export interface FollowRow {
  externalUserId: string;
  wecomUserId: string;
  remark: string | null;
  remarkCorpName: string | null;
  remarkMobiles: string;
  tags: string;
  addWay: number;
  addedAt: Date;
}

const cut = (text: string | undefined | null, max: number): string | null => {
  const t = (text ?? '').trim();
  if (!t) return null;
  const points = [...t];
  return points.length > max ? points.slice(0, max).join('') : t;
};

/** JSON of a list that fits `maxChars` (dropping items from the end), so no database refuses it. */
export function fittingJson(items: string[], maxChars: number): string {
  const list = [...new Set(items.filter((i) => typeof i === 'string' && i !== ''))];
  while (list.length && JSON.stringify(list).length > maxChars) list.pop();
  return JSON.stringify(list);
}

/** The key suggestions compare with customers.name_key; null when nothing keys. */
export function corpKeyOf(corpName: string | null): string | null {
  if (!corpName) return null;
  const key = customerNameKey(corpName);
  return key && [...key].length <= NAME_KEY_MAX_LENGTH ? key : null;
}

export function followRowOf(externalUserId: string, f: WecomFollowFacts): FollowRow {
  const tagIds = f.tag_id ?? (f.tags ?? []).map((t) => t.tag_id ?? '');
  return {
    externalUserId,
    wecomUserId: f.userid,
    remark: cut(f.remark, 128),
    remarkCorpName: cut(f.remark_corp_name, 128),
    remarkMobiles: fittingJson((f.remark_mobiles ?? []).map((m) => cut(m, 32) ?? ''), 512),
    tags: fittingJson(tagIds, 1024),
    addWay: Number.isInteger(f.add_way) ? f.add_way! : 0,
    addedAt: new Date((Number.isFinite(f.createtime) ? f.createtime : 0) * 1000),
  };
}

/**
 * The customer's row from WeCom's facts and their followers: the company is WeCom's corp_name
 * (WeCom users), else the first remark_corp_name a member typed; added when the first member did.
 */
export function contactRowOf(c: WecomExternalContactFacts, follows: FollowRow[]): ContactRow {
  const corpName = cut(c.corp_full_name || c.corp_name, 128) ?? follows.map((f) => f.remarkCorpName).find((n) => !!n) ?? null;
  const added = follows.map((f) => f.addedAt.getTime()).filter((t) => t > 0);
  return {
    externalUserId: c.external_userid,
    name: cut(c.name, 64) ?? c.external_userid.slice(0, 64),
    corpName,
    corpKey: corpKeyOf(corpName),
    type: c.type === 2 ? 2 : 1,
    tags: fittingJson(follows.flatMap((f) => JSON.parse(f.tags) as string[]), 1024),
    addedAt: added.length ? new Date(Math.min(...added)) : null,
  };
}

/** Phone keys of the numbers members typed as the customer's remark mobiles. */
export function remarkPhoneKeys(follows: Array<Pick<FollowRow, 'remarkMobiles'>>): string[] {
  const keys = new Set<string>();
  for (const f of follows) {
    for (const m of JSON.parse(f.remarkMobiles) as string[]) {
      const key = phoneKey(m);
      if (key) keys.add(key);
    }
  }
  return [...keys];
}

/** True when the stored row already says what WeCom says (a resync then writes nothing). */
export function sameContact(a: ContactRow, b: ContactRow): boolean {
  return a.name === b.name && a.corpName === b.corpName && a.corpKey === b.corpKey && a.type === b.type && a.tags === b.tags
    && (a.addedAt?.getTime() ?? null) === (b.addedAt?.getTime() ?? null);
}

export function sameFollow(a: FollowRow, b: FollowRow): boolean {
  return a.remark === b.remark && a.remarkCorpName === b.remarkCorpName && a.remarkMobiles === b.remarkMobiles
    && a.tags === b.tags && a.addWay === b.addWay && a.addedAt.getTime() === b.addedAt.getTime();
}
