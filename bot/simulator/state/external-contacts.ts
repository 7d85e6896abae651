import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import { SimulatorError } from '../simulator-errors.ts';
import type { Directory } from './directory.ts';

const DAY_MS = 24 * 3600_000;
/** WeCom hands the customer over automatically 24 h after a transfer starts (WECOM.md §6). */
export const TAKEOVER_MS = DAY_MS;
/** Each customer (and each group) at most 2 on-job/resigned transfers within 90 natural days. */
export const TRANSFER_WINDOW_MS = 90 * DAY_MS;
export const TRANSFERS_PER_WINDOW = 2;
/** At most 300 groups a day to one new owner. */
export const GROUP_TRANSFERS_PER_DAY = 300;

/** A customer (external contact) as WeCom knows them. */
export interface SimExternalContact {
  externalUserid: string;
  name: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: 1 | 2;
  gender: 0 | 1 | 2;
  corpName: string;
  corpFullName: string;
  position: string;
  /** Told by the tester: this customer refuses transfers (transfer_result status 3). */
  refusesTransfer: boolean;
}

/** One member following one customer, with the member's own remark. */
export interface SimFollow {
  userid: string;
  externalUserid: string;
  remark: string;
  description: string;
  /** Seconds. */
  createtime: number;
  remarkCorpName: string;
  remarkMobiles: string[];
  tagIds: string[];
  /** 0 unknown … 202 assigned by an admin (a transfer). */
  addWay: number;
  operUserid: string;
  state: string;
}

export type TransferKind = 'onjob' | 'resigned';
/** 1 taken over, 2 waiting, 3 refused by the customer, 4 takeover member at the contact limit. */
export type TransferStatus = 1 | 2 | 3 | 4;

export interface SimTransfer {
  kind: TransferKind;
  handoverUserid: string;
  takeoverUserid: string;
  externalUserid: string;
  startedAt: number;
  status: TransferStatus;
  /** Seconds; set when it ended (taken over or refused). */
  takeoverTime: number | null;
  successMsg: string | null;
}

export interface SimGroupMember {
  userid: string;
  /** 1 member, 2 external contact. */
  type: 1 | 2;
  joinTime: number;
  joinScene: number;
  invitor: string | null;
}

export interface SimGroupChat {
  chatId: string;
  name: string;
  owner: string;
  createTime: number;
  notice: string;
  members: SimGroupMember[];
  /** groupchat/list status: 0 normal, 1 owner resigned awaiting, 2 in progress, 3 inherited. */
  inheritStatus: 0 | 1 | 2 | 3;
  /** ms of each transfer, for the 2-per-90-days rule. */
  transfers: number[];
  /** The join way's `state` (add_join_way, ≤ 30 chars) the customers joined through; groupchat/get shows it on them. */
  state?: string;
}

/** What a state change tells the server, as WeCom's callbacks would (the state sends them). */
export type ExternalEvent =
  | { event: 'change_external_contact'; changeType: 'add_external_contact' | 'edit_external_contact' | 'del_external_contact' | 'del_follow_user'; userid: string; externalUserid: string; source?: string; state?: string; welcomeCode?: string }
  | { event: 'change_external_contact'; changeType: 'transfer_fail'; userid: string; externalUserid: string; failReason: 'customer_refused' | 'customer_limit_exceed' }
  | { event: 'change_external_chat'; changeType: 'create' | 'dismiss' | 'update'; chatId: string; updateDetail?: string; joinScene?: number; quitScene?: number; memChangeList?: string[] }
  | { event: 'change_contact'; changeType: 'delete_user'; userid: string };

export interface TransferOutcome {
  external_userid: string;
  errcode: number;
}

/**
 * The corp's customers (客户联系): who follows whom, customer groups, and the on-job and
 * resigned transfers with WeCom's rules (WECOM.md §6, §12) — at most 100 per call, 2 per
 * customer per 90 days, automatic takeover 24 h after the start by the simulator clock,
 * customers who refuse, members at their contact limit.
 *
 * Kept in memory like every other part of the simulator state (the server loads the demo
 * company's WeCom side at boot).
 */
export class ExternalContacts {
  private contacts = new Map<string, SimExternalContact>();
  /** key `${userid lower}\u0000${externalUserid}` */
  private follows = new Map<string, SimFollow>();
  private transfers: SimTransfer[] = [];
  private groups = new Map<string, SimGroupChat>();
  /** userid (lower) → ms the member left. */
  private dimission = new Map<string, number>();
  private sequence = 0;
  /** Customers a member may have at most (WeCom's default is larger; tests lower it). */
  contactLimit = 50_000;

  constructor(
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly corpId: string,
  ) {}

  clear(): void {
    this.contacts.clear();
    this.follows.clear();
    this.transfers = [];
    this.groups.clear();
    this.dimission.clear();
    this.sequence = 0;
    this.contactLimit = 50_000;
  }

  // ---------------------------------------------------------------- control side

  /**
   * A customer adds `userid` (or, given an existing `externalUserid`, another member). The id is
   * stable for a given corp and seed, like WeCom's per-corp external_userid.
   */
  addContact(input: {
    userid: string; name: string; corpName?: string; mobile?: string; remark?: string; externalUserid?: string;
    refusesTransfer?: boolean; type?: 1 | 2; addedAt?: Date;
  }): { externalUserid: string; event: ExternalEvent } {
    const member = this.requireMember(input.userid);
    let contact = input.externalUserid ? this.contacts.get(input.externalUserid) : undefined;
    if (!contact) {
      const externalUserid = input.externalUserid ?? this.newExternalUserid(input.name);
      contact = {
        externalUserid,
        name: input.name,
        type: input.type ?? (input.corpName ? 2 : 1),
        gender: 0,
        corpName: input.corpName ?? '',
        corpFullName: input.corpName ?? '',
        position: '',
        refusesTransfer: input.refusesTransfer ?? false,
      };
      this.contacts.set(externalUserid, contact);
    } else if (input.refusesTransfer !== undefined) {
      contact.refusesTransfer = input.refusesTransfer;
    }
    const key = followKey(member.userid, contact.externalUserid);
    if (this.follows.has(key)) {
      throw new SimulatorError('VALIDATION_FAILED', `成员 ${member.userid} 已经添加了该客户`, { userId: member.userid, externalUserId: contact.externalUserid });
    }
    this.follows.set(key, {
      userid: member.userid,
      externalUserid: contact.externalUserid,
      remark: input.remark ?? contact.name,
      description: '',
      createtime: seconds(input.addedAt ?? this.clock.now()),
      remarkCorpName: input.corpName ?? '',
      remarkMobiles: input.mobile ? [input.mobile] : [],
      tagIds: [],
      addWay: 1,
      operUserid: contact.externalUserid,
      state: '',
    });
    return {
      externalUserid: contact.externalUserid,
      event: { event: 'change_external_contact', changeType: 'add_external_contact', userid: member.userid, externalUserid: contact.externalUserid, state: '', welcomeCode: `WELCOME${++this.sequence}` },
    };
  }

  /** The member edits their remark (and remark mobiles). Remark-mobile-only edits fire no callback in WeCom. */
  editFollow(userid: string, externalUserid: string, patch: { remark?: string; remarkMobiles?: string[]; remarkCorpName?: string }): ExternalEvent | null {
    const follow = this.requireFollow(userid, externalUserid);
    const fires = patch.remark !== undefined && patch.remark !== follow.remark;
    if (patch.remark !== undefined) follow.remark = patch.remark;
    if (patch.remarkMobiles !== undefined) follow.remarkMobiles = patch.remarkMobiles;
    if (patch.remarkCorpName !== undefined) { follow.remarkCorpName = patch.remarkCorpName; }
    return fires || patch.remarkCorpName !== undefined
      ? { event: 'change_external_contact', changeType: 'edit_external_contact', userid: follow.userid, externalUserid }
      : null;
  }

  /** `by: 'member'` the member deletes the customer; `'customer'` the customer deletes the member. */
  removeFollow(userid: string, externalUserid: string, by: 'member' | 'customer'): ExternalEvent {
    const follow = this.requireFollow(userid, externalUserid);
    this.follows.delete(followKey(follow.userid, externalUserid));
    return {
      event: 'change_external_contact',
      changeType: by === 'member' ? 'del_external_contact' : 'del_follow_user',
      userid: follow.userid,
      externalUserid,
    };
  }

  setRefusesTransfer(externalUserid: string, refuses: boolean): void {
    const contact = this.contacts.get(externalUserid);
    if (!contact) throw new SimulatorError('NOT_FOUND', `没有客户 ${externalUserid}`, { externalUserId: externalUserid });
    contact.refusesTransfer = refuses;
  }

  /** The member leaves the corp: their customers and groups wait for inheritance. */
  memberLeft(userid: string): void {
    this.dimission.set(userid.toLowerCase(), this.clock.now().getTime());
    for (const g of this.groups.values()) {
      if (sameUser(g.owner, userid) && g.inheritStatus === 0) g.inheritStatus = 1;
    }
  }

  createGroup(input: { owner: string; name: string; userIds?: string[]; externalUserIds: string[]; state?: string }): { chatId: string; event: ExternalEvent } {
    const owner = this.requireMember(input.owner);
    const now = seconds(this.clock.now());
    const members: SimGroupMember[] = [{ userid: owner.userid, type: 1, joinTime: now, joinScene: 1, invitor: null }];
    for (const u of input.userIds ?? []) {
      const m = this.requireMember(u);
      if (!members.some((x) => sameUser(x.userid, m.userid))) members.push({ userid: m.userid, type: 1, joinTime: now, joinScene: 1, invitor: owner.userid });
    }
    for (const e of input.externalUserIds) {
      if (!this.contacts.has(e)) throw new SimulatorError('NOT_FOUND', `没有客户 ${e}`, { externalUserId: e });
      if (!members.some((x) => x.userid === e)) members.push({ userid: e, type: 2, joinTime: now, joinScene: 1, invitor: owner.userid });
    }
    const chatId = `wr${digest(`${this.corpId}:chat:${++this.sequence}:${input.name}`).slice(0, 30)}`;
    this.groups.set(chatId, { chatId, name: input.name, owner: owner.userid, createTime: now, notice: '', members, inheritStatus: 0, transfers: [], ...(input.state ? { state: input.state } : {}) });
    return { chatId, event: { event: 'change_external_chat', changeType: 'create', chatId } };
  }

  changeGroupMembers(chatId: string, change: { add?: string[]; remove?: string[] }): ExternalEvent[] {
    const group = this.groups.get(chatId);
    if (!group) throw new SimulatorError('NOT_FOUND', `没有客户群 ${chatId}`, { chatId });
    const now = seconds(this.clock.now());
    const added: string[] = [];
    const removed: string[] = [];
    for (const id of change.add ?? []) {
      if (group.members.some((m) => sameUser(m.userid, id))) continue;
      const member = this.directory.user(id);
      if (member) group.members.push({ userid: member.userid, type: 1, joinTime: now, joinScene: 1, invitor: group.owner });
      else if (this.contacts.has(id)) group.members.push({ userid: id, type: 2, joinTime: now, joinScene: 1, invitor: group.owner });
      else throw new SimulatorError('NOT_FOUND', `没有成员或客户 ${id}`, { id });
      added.push(id);
    }
    for (const id of change.remove ?? []) {
      if (sameUser(id, group.owner)) throw new SimulatorError('VALIDATION_FAILED', '不能移除群主', { id });
      const before = group.members.length;
      group.members = group.members.filter((m) => !sameUser(m.userid, id));
      if (group.members.length !== before) removed.push(id);
    }
    const events: ExternalEvent[] = [];
    if (added.length) events.push({ event: 'change_external_chat', changeType: 'update', chatId, updateDetail: 'add_member', joinScene: 0, memChangeList: added });
    if (removed.length) events.push({ event: 'change_external_chat', changeType: 'update', chatId, updateDetail: 'del_member', quitScene: 1, memChangeList: removed });
    return events;
  }

  /** Who follows whom now (transfers due by the clock are completed first by the caller). */
  followersView(userid?: string): Array<{ externalUserId: string; name: string; corpName: string; followUsers: string[] }> {
    const out: Array<{ externalUserId: string; name: string; corpName: string; followUsers: string[] }> = [];
    for (const c of this.contacts.values()) {
      const followUsers = this.followsOf(c.externalUserid).map((f) => f.userid);
      if (userid !== undefined && !followUsers.some((u) => sameUser(u, userid))) continue;
      out.push({ externalUserId: c.externalUserid, name: c.name, corpName: c.corpName, followUsers });
    }
    return out;
  }

  group(chatId: string): SimGroupChat | undefined {
    return this.groups.get(chatId);
  }

  /** The owner dismisses the group (解散群): WeCom forgets it (groupchat/get answers 40050) and calls back dismiss. */
  dismissGroup(chatId: string): ExternalEvent {
    if (!this.groups.delete(chatId)) throw new SimulatorError('NOT_FOUND', `没有客户群 ${chatId}`, { chatId });
    return { event: 'change_external_chat', changeType: 'dismiss', chatId };
  }

  /** The owner renames the group or hands it to another member: update change_name / change_owner. */
  changeGroup(chatId: string, change: { name?: string; owner?: string }): ExternalEvent[] {
    const group = this.groups.get(chatId);
    if (!group) throw new SimulatorError('NOT_FOUND', `没有客户群 ${chatId}`, { chatId });
    const events: ExternalEvent[] = [];
    if (change.name !== undefined && change.name !== group.name) {
      group.name = change.name;
      events.push({ event: 'change_external_chat', changeType: 'update', chatId, updateDetail: 'change_name' });
    }
    if (change.owner !== undefined) {
      const owner = this.requireMember(change.owner);
      if (!group.members.some((m) => m.type === 1 && sameUser(m.userid, owner.userid))) {
        throw new SimulatorError('VALIDATION_FAILED', `新群主 ${change.owner} 不在群中`, { owner: change.owner });
      }
      if (!sameUser(group.owner, owner.userid)) {
        group.owner = owner.userid;
        events.push({ event: 'change_external_chat', changeType: 'update', chatId, updateDetail: 'change_owner' });
      }
    }
    return events;
  }

  /** Every customer group, for the /sim page. */
  groupsView(): Array<{ chatId: string; name: string; owner: string; memberCount: number }> {
    return [...this.groups.values()].map((g) => ({ chatId: g.chatId, name: g.name, owner: g.owner, memberCount: g.members.length }));
  }

  /** True when `userid` follows (has added) the customer. */
  isFollowing(userid: string, externalUserid: string): boolean {
    return this.follows.has(followKey(userid, externalUserid));
  }

  contact(externalUserid: string): SimExternalContact | undefined {
    return this.contacts.get(externalUserid);
  }

  allTransfers(): readonly SimTransfer[] {
    return this.transfers;
  }

  /**
   * Ends every waiting transfer whose 24 h have passed by the clock: taken over (the follow
   * moves to the takeover member with add_way 202), refused by the customer, or failed because
   * the takeover member is at the contact limit. Returns the callbacks WeCom would send.
   */
  settleTransfers(): ExternalEvent[] {
    const now = this.clock.now().getTime();
    const events: ExternalEvent[] = [];
    for (const t of this.transfers) {
      if (t.status !== 2 || now < t.startedAt + TAKEOVER_MS) continue;
      const end = t.startedAt + TAKEOVER_MS;
      const contact = this.contacts.get(t.externalUserid);
      const from = this.follows.get(followKey(t.handoverUserid, t.externalUserid));
      if (!contact || !from) {
        // The relationship ended meanwhile: nothing left to hand over.
        t.status = 3;
        t.takeoverTime = seconds(new Date(end));
        events.push({ event: 'change_external_contact', changeType: 'transfer_fail', userid: t.takeoverUserid, externalUserid: t.externalUserid, failReason: 'customer_refused' });
        continue;
      }
      if (contact.refusesTransfer) {
        t.status = 3;
        t.takeoverTime = seconds(new Date(end));
        events.push({ event: 'change_external_contact', changeType: 'transfer_fail', userid: t.takeoverUserid, externalUserid: t.externalUserid, failReason: 'customer_refused' });
        continue;
      }
      const already = this.follows.has(followKey(t.takeoverUserid, t.externalUserid));
      if (!already && this.countFollows(t.takeoverUserid) >= this.contactLimit) {
        t.status = 4;
        t.takeoverTime = null;
        events.push({ event: 'change_external_contact', changeType: 'transfer_fail', userid: t.takeoverUserid, externalUserid: t.externalUserid, failReason: 'customer_limit_exceed' });
        continue;
      }
      t.status = 1;
      t.takeoverTime = seconds(new Date(end));
      this.follows.delete(followKey(t.handoverUserid, t.externalUserid));
      if (!already) {
        this.follows.set(followKey(t.takeoverUserid, t.externalUserid), {
          ...from, userid: this.directory.user(t.takeoverUserid)?.userid ?? t.takeoverUserid, createtime: seconds(new Date(end)),
          addWay: 202, operUserid: t.handoverUserid,
        });
        events.push({ event: 'change_external_contact', changeType: 'add_external_contact', userid: t.takeoverUserid, externalUserid: t.externalUserid, state: '' });
      }
      if (t.kind === 'onjob') {
        events.push({ event: 'change_external_contact', changeType: 'del_external_contact', userid: t.handoverUserid, externalUserid: t.externalUserid, source: 'DELETE_BY_TRANSFER' });
      }
    }
    return events;
  }

  // ---------------------------------------------------------------- WeCom API side

  /** externalcontact/list */
  listFor(userid: string | undefined): string[] {
    const member = this.requireApiMember(userid);
    const ids = [...this.follows.values()].filter((f) => sameUser(f.userid, member.userid)).map((f) => f.externalUserid);
    // WeCom: a member without any customer is "not external contact".
    if (!ids.length) throw new WecomSimError(WecomErrcode.NO_EXTERNAL_CONTACT_RELATION, 'member has no external contact');
    return ids;
  }

  /** externalcontact/get */
  get(externalUserid: string | undefined): Record<string, unknown> {
    if (externalUserid === undefined || externalUserid === '') throw new WecomSimError(WecomErrcode.MISSING_EXTERNAL_USERID);
    const contact = this.contacts.get(externalUserid);
    const follows = contact ? this.followsOf(externalUserid) : [];
    if (!contact || !follows.length) throw new WecomSimError(WecomErrcode.INVALID_EXTERNAL_USERID);
    return {
      external_contact: contactJson(contact),
      follow_user: follows.map((f) => ({
        userid: f.userid, remark: f.remark, description: f.description, createtime: f.createtime,
        tags: [], remark_corp_name: f.remarkCorpName, remark_mobiles: f.remarkMobiles, oper_userid: f.operUserid,
        add_way: f.addWay, state: f.state,
      })),
    };
  }

  /** externalcontact/batch/get_by_user: one row per (customer, member) pair, cursor-paged. */
  batchGetByUser(body: unknown): Record<string, unknown> {
    const req = objectBody(body);
    const list = req.userid_list;
    if (list === undefined) throw new WecomSimError(WecomErrcode.INVALID_USERID_LIST, 'userid_list missing');
    if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) throw new WecomSimError(WecomErrcode.INVALID_USERID_LIST);
    if (list.length === 0 || list.length > 100) throw new WecomSimError(WecomErrcode.INVALID_USERID_LIST_LENGTH, 'userid_list size must be 1-100');
    const limit = req.limit === undefined ? 50 : req.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'limit must be 1-100');
    }
    const users: string[] = [];
    for (const u of list as string[]) {
      const member = this.directory.user(u);
      if (!member) throw new WecomSimError(WecomErrcode.INVALID_USERID, `userid ${u} not found`);
      if (!users.some((x) => sameUser(x, member.userid))) users.push(member.userid);
    }
    const rows = users.flatMap((u) => this.followsOfMember(u));
    const offset = decodeCursor(req.cursor, rows.length);
    const page = rows.slice(offset, offset + limit);
    const next = offset + limit < rows.length ? encodeCursor(offset + limit) : '';
    return {
      external_contact_list: page.map((f) => ({
        external_contact: contactJson(this.contacts.get(f.externalUserid)!),
        follow_info: {
          userid: f.userid, remark: f.remark, description: f.description, createtime: f.createtime, tag_id: f.tagIds,
          remark_corp_name: f.remarkCorpName, remark_mobiles: f.remarkMobiles, oper_userid: f.operUserid, add_way: f.addWay, state: f.state,
        },
      })),
      next_cursor: next,
      fail_info: { unlicensed_userid_list: [] },
    };
  }

  /** externalcontact/transfer_customer (on-job) and resigned/transfer_customer. */
  transfer(kind: TransferKind, body: unknown): TransferOutcome[] {
    const req = objectBody(body);
    const handover = this.transferMember(req.handover_userid, 'handover_userid');
    const takeover = this.transferMember(req.takeover_userid, 'takeover_userid');
    const ids = req.external_userid;
    if (ids === undefined || (Array.isArray(ids) && ids.length === 0)) throw new WecomSimError(WecomErrcode.MISSING_EXTERNAL_USERID);
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'external_userid must be a list');
    if (ids.length > 100) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'external_userid size must be 1-100');
    let successMsg: string | null = null;
    if (kind === 'onjob' && req.transfer_success_msg !== undefined) {
      if (typeof req.transfer_success_msg !== 'string' || [...req.transfer_success_msg].length > 200) {
        throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'transfer_success_msg exceeds 200 chars');
      }
      successMsg = req.transfer_success_msg;
    }
    if (sameUser(handover.userid, takeover.userid)) throw new WecomSimError(WecomErrcode.TRANSFER_SAME_MEMBER);
    if (kind === 'resigned' && handover.status !== 5) throw new WecomSimError(WecomErrcode.HANDOVER_NOT_RESIGNED);
    if (kind === 'onjob' && handover.status === 5) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'handover_userid has resigned, use resigned/transfer_customer');
    if (takeover.status !== 1) throw new WecomSimError(WecomErrcode.TAKEOVER_NOT_VERIFIED, 'takeover member not activated');

    const now = this.clock.now().getTime();
    let takeoverCount = this.countFollows(takeover.userid);
    return (ids as string[]).map((externalUserid) => {
      const errcode = this.transferCheck(handover.userid, takeover.userid, externalUserid, now, takeoverCount);
      if (errcode === 0) {
        this.transfers.push({ kind, handoverUserid: handover.userid, takeoverUserid: takeover.userid, externalUserid, startedAt: now, status: 2, takeoverTime: null, successMsg });
        takeoverCount++;
      }
      return { external_userid: externalUserid, errcode };
    });
  }

  /** transfer_result / resigned/transfer_result for one (handover, takeover) pair, ≤ 1000 a page. */
  transferResult(kind: TransferKind, body: unknown): Record<string, unknown> {
    const req = objectBody(body);
    const handover = this.transferMember(req.handover_userid, 'handover_userid');
    const takeover = this.transferMember(req.takeover_userid, 'takeover_userid');
    // The latest record per customer.
    const latest = new Map<string, SimTransfer>();
    for (const t of this.transfers) {
      if (t.kind === kind && sameUser(t.handoverUserid, handover.userid) && sameUser(t.takeoverUserid, takeover.userid)) latest.set(t.externalUserid, t);
    }
    const rows = [...latest.values()];
    const offset = decodeCursor(req.cursor, rows.length);
    const page = rows.slice(offset, offset + 1000);
    return {
      customer: page.map((t) => ({ external_userid: t.externalUserid, status: t.status, takeover_time: t.takeoverTime ?? 0 })),
      next_cursor: offset + 1000 < rows.length ? encodeCursor(offset + 1000) : '',
    };
  }

  /** get_unassigned_list: customers of members who left and whose transfer has not been started. */
  unassigned(body: unknown): Record<string, unknown> {
    const req = objectBody(body ?? {});
    const size = req.page_size === undefined ? 1000 : req.page_size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 1000) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'page_size must be 1-1000');
    const rows: Array<{ handover_userid: string; external_userid: string; dimission_time: number }> = [];
    for (const f of this.follows.values()) {
      const member = this.directory.user(f.userid);
      if (!member || member.status !== 5) continue;
      if (this.transfers.some((t) => t.status === 2 && sameUser(t.handoverUserid, f.userid) && t.externalUserid === f.externalUserid)) continue;
      rows.push({ handover_userid: member.userid, external_userid: f.externalUserid, dimission_time: seconds(new Date(this.dimission.get(member.userid.toLowerCase()) ?? this.clock.now().getTime())) });
    }
    const offset = decodeCursor(req.cursor, rows.length);
    const page = rows.slice(offset, offset + size);
    const isLast = offset + size >= rows.length;
    return { info: page, is_last: isLast, next_cursor: isLast ? '' : encodeCursor(offset + size) };
  }

  /** externalcontact/groupchat/list */
  listGroups(body: unknown): Record<string, unknown> {
    const req = objectBody(body);
    const status = req.status_filter === undefined ? 0 : req.status_filter;
    if (![0, 1, 2, 3].includes(status as number)) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'status_filter must be 0-3');
    const limit = req.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'limit must be 1-1000');
    let owners: string[] | null = null;
    if (req.owner_filter !== undefined) {
      const list = (req.owner_filter as { userid_list?: unknown } | null)?.userid_list;
      if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) throw new WecomSimError(WecomErrcode.INVALID_USERID_LIST);
      if (list.length > 100) throw new WecomSimError(WecomErrcode.INVALID_USERID_LIST_LENGTH, 'owner_filter.userid_list size must be <= 100');
      owners = list as string[];
    } else if (this.directory.allUsers().length > 1000) {
      throw new WecomSimError(WecomErrcode.VISIBLE_RANGE_TOO_LARGE);
    }
    const rows = [...this.groups.values()].filter((g) => {
      if (owners) { if (!owners.some((o) => sameUser(o, g.owner))) return false; }
      // Without owner_filter, groups of resigned owners are left out (they must be asked for).
      else if (this.directory.user(g.owner)?.status === 5) return false;
      return status === 0 || g.inheritStatus === status;
    });
    const offset = decodeCursor(req.cursor, rows.length);
    const page = rows.slice(offset, offset + limit);
    return {
      group_chat_list: page.map((g) => ({ chat_id: g.chatId, status: g.inheritStatus })),
      next_cursor: offset + limit < rows.length ? encodeCursor(offset + limit) : '',
    };
  }

  /** externalcontact/groupchat/get */
  getGroup(body: unknown): Record<string, unknown> {
    const req = objectBody(body);
    if (typeof req.chat_id !== 'string' || req.chat_id === '') throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'chat_id missing');
    const g = this.groups.get(req.chat_id);
    if (!g) throw new WecomSimError(WecomErrcode.INVALID_CHAT_ID);
    const needName = req.need_name === 1;
    return {
      group_chat: {
        chat_id: g.chatId, name: g.name, owner: g.owner, create_time: g.createTime, notice: g.notice,
        member_list: g.members.map((m) => ({
          userid: m.userid, type: m.type, join_time: m.joinTime, join_scene: m.joinScene,
          ...(m.invitor ? { invitor: { userid: m.invitor } } : {}), group_nickname: '',
          ...(g.state && m.type === 2 ? { state: g.state } : {}),
          ...(needName ? { name: m.type === 1 ? this.directory.user(m.userid)?.name ?? '' : this.contacts.get(m.userid)?.name ?? '' } : {}),
        })),
        admin_list: [],
        member_version: digest(`${g.chatId}:${g.members.map((m) => m.userid).join(',')}:${g.owner}`).slice(0, 32),
      },
    };
  }

  /** groupchat/transfer (owner resigned) and groupchat/onjob_transfer: immediate, per-chat errcodes. */
  transferGroups(kind: TransferKind, body: unknown): { failed: Array<{ chat_id: string; errcode: number; errmsg: string }>; events: ExternalEvent[] } {
    const req = objectBody(body);
    const list = req.chat_id_list;
    if (!Array.isArray(list) || list.some((c) => typeof c !== 'string')) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'chat_id_list missing');
    if (list.length < 1 || list.length > 100) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'chat_id_list size must be 1-100');
    const newOwner = this.transferMember(req.new_owner, 'new_owner');
    if (newOwner.status !== 1) throw new WecomSimError(WecomErrcode.TAKEOVER_NOT_VERIFIED, 'new_owner not activated');
    const now = this.clock.now().getTime();
    let today = [...this.groups.values()].flatMap((g) => g.transfers.map((at) => ({ at, g }))).filter((x) => sameUser(x.g.owner, newOwner.userid) && x.at > now - DAY_MS).length;
    const failed: Array<{ chat_id: string; errcode: number; errmsg: string }> = [];
    const events: ExternalEvent[] = [];
    for (const chatId of list as string[]) {
      const g = this.groups.get(chatId);
      const fail = (errcode: number, errmsg: string) => failed.push({ chat_id: chatId, errcode, errmsg });
      if (!g) { fail(WecomErrcode.GROUP_NOT_EXTERNAL, 'chat is not external group chat'); continue; }
      const ownerStatus = this.directory.user(g.owner)?.status;
      if (kind === 'resigned' && ownerStatus !== 5) { fail(WecomErrcode.GROUP_OWNER_NOT_RESIGNED, 'the owner of this chat is not resigned'); continue; }
      if (kind === 'onjob' && ownerStatus === 5) { fail(WecomErrcode.GROUP_RESIGNED_INHERITANCE, 'the owner has resigned, use groupchat/transfer'); continue; }
      if (sameUser(g.owner, newOwner.userid)) { fail(WecomErrcode.TRANSFER_SAME_MEMBER, 'new owner is the owner'); continue; }
      if (g.transfers.filter((at) => at > now - TRANSFER_WINDOW_MS).length >= TRANSFERS_PER_WINDOW) { fail(WecomErrcode.TRANSFER_TOO_FREQUENT, 'chat transferred twice within 90 days'); continue; }
      if (today >= GROUP_TRANSFERS_PER_DAY) { fail(WecomErrcode.API_FREQUENCY_LIMIT, 'new owner took over 300 chats today'); continue; }
      g.transfers.push(now);
      g.owner = newOwner.userid;
      if (!g.members.some((m) => sameUser(m.userid, newOwner.userid))) {
        g.members.push({ userid: newOwner.userid, type: 1, joinTime: seconds(new Date(now)), joinScene: 1, invitor: null });
      }
      if (kind === 'resigned') g.inheritStatus = 3;
      today++;
      events.push({ event: 'change_external_chat', changeType: 'update', chatId, updateDetail: 'change_owner' });
    }
    return { failed, events };
  }

  // ---------------------------------------------------------------- helpers

  private transferCheck(handover: string, takeover: string, externalUserid: string, now: number, takeoverCount: number): number {
    if (!this.contacts.has(externalUserid)) return WecomErrcode.INVALID_EXTERNAL_USERID;
    if (!this.follows.has(followKey(handover, externalUserid))) return WecomErrcode.TRANSFER_NOT_FOLLOWER;
    const ofCustomer = this.transfers.filter((t) => t.externalUserid === externalUserid);
    if (ofCustomer.some((t) => t.status === 2)) return WecomErrcode.CUSTOMER_TRANSFER_IN_PROGRESS;
    const recent = ofCustomer.filter((t) => (t.status === 1 || t.status === 2) && t.startedAt > now - TRANSFER_WINDOW_MS);
    if (recent.length >= TRANSFERS_PER_WINDOW) return WecomErrcode.TRANSFER_TOO_FREQUENT;
    if (!this.follows.has(followKey(takeover, externalUserid)) && takeoverCount >= this.contactLimit) return WecomErrcode.EXTERNAL_CONTACT_LIMIT;
    return 0;
  }

  private transferMember(value: unknown, field: string) {
    if (value === undefined || value === '') throw new WecomSimError(WecomErrcode.MISSING_USERID, `${field} missing`);
    if (typeof value !== 'string') throw new WecomSimError(WecomErrcode.INVALID_USERID, field);
    const member = this.directory.user(value);
    if (!member) throw new WecomSimError(WecomErrcode.INVALID_USERID, `${field} not found`);
    return member;
  }

  private requireApiMember(userid: string | undefined) {
    if (userid === undefined || userid === '') throw new WecomSimError(WecomErrcode.MISSING_USERID);
    const member = this.directory.user(userid);
    if (!member) throw new WecomSimError(WecomErrcode.INVALID_USERID);
    return member;
  }

  private requireMember(userid: string) {
    const member = this.directory.user(userid);
    if (!member) throw new SimulatorError('NOT_FOUND', `企业微信通讯录中没有成员 ${userid}`, { userId: userid });
    return member;
  }

  private requireFollow(userid: string, externalUserid: string): SimFollow {
    const follow = this.follows.get(followKey(userid, externalUserid));
    if (!follow) throw new SimulatorError('NOT_FOUND', `成员 ${userid} 没有客户 ${externalUserid}`, { userId: userid, externalUserId: externalUserid });
    return follow;
  }

  private followsOf(externalUserid: string): SimFollow[] {
    return [...this.follows.values()].filter((f) => f.externalUserid === externalUserid);
  }

  private followsOfMember(userid: string): SimFollow[] {
    return [...this.follows.values()].filter((f) => sameUser(f.userid, userid));
  }

  private countFollows(userid: string): number {
    return this.followsOfMember(userid).length;
  }

  private newExternalUserid(name: string): string {
    // WeCom ids look like "wmXXXX…" (32 chars). Never the same twice, even after a restart forgot the
    // earlier ones (seeds that must repeat pass their own ids).
    return `wm${digest(`${this.corpId}:external:${++this.sequence}:${name}:${randomBytes(8).toString('hex')}`).slice(0, 30)}`;
  }
}

function followKey(userid: string, externalUserid: string): string {
  return `${userid.toLowerCase()}\u0000${externalUserid}`;
}

function sameUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').replace(/[-_]/g, 'A');
}

function contactJson(c: SimExternalContact) {
  return {
    external_userid: c.externalUserid, name: c.name, type: c.type, gender: c.gender, avatar: '',
    ...(c.type === 2 ? { corp_name: c.corpName, corp_full_name: c.corpFullName, position: c.position } : {}),
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new WecomSimError(WecomErrcode.DATA_FORMAT_ERROR);
  return body as Record<string, unknown>;
}

/** Cursors are opaque to clients; a forged or stale one is "invalid Parameter". */
function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: unknown, size: number): number {
  if (cursor === undefined || cursor === '') return 0;
  if (typeof cursor !== 'string') throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'invalid cursor');
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m || Number(m[1]) > size) throw new WecomSimError(WecomErrcode.INVALID_PARAMETER, 'invalid cursor');
  return Number(m[1]);
}
