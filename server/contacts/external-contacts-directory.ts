/**
 * What the contacts capability (and the handover) need from WeCom's 客户联系 API. The typed
 * client in bot/wecom implements it (WecomClient); the server never imports bot/, the runtime
 * passes the client in AppDeps.externalContacts, exactly as auth's WecomDirectory.
 * Field names are WeCom's (WECOM.md §6).
 */
export interface WecomExternalContactFacts {
  external_userid: string;
  name: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: 1 | 2;
  corp_name?: string;
  corp_full_name?: string;
}

export interface WecomFollowFacts {
  userid: string;
  remark?: string;
  /** Seconds. */
  createtime: number;
  tag_id?: string[];
  tags?: Array<{ tag_id?: string }>;
  remark_corp_name?: string;
  remark_mobiles?: string[];
  add_way?: number;
}

/** Per customer of a transfer call: errcode 0 = started (WeCom takes over after 24 h). */
export interface TransferOutcomeFacts {
  external_userid: string;
  errcode: number;
}

export interface ExternalContactsDirectory {
  /** Every (customer, member) pair of these members (batch/get_by_user, 100 members a call, every page). */
  allExternalContactsOf(userids: string[]): Promise<Array<{ contact: WecomExternalContactFacts; follow: WecomFollowFacts }>>;
  /** One customer and every member following them (externalcontact/get); errcode 40096/84061 when gone. */
  getExternalContact(externalUserid: string): Promise<{ contact: WecomExternalContactFacts; followUsers: WecomFollowFacts[] }>;

  // For the handover (issue 10 part 2): ≤ 100 customers or chats per call.
  /** transfer_customer (on-job, the member still active; `transferSuccessMsg` ≤ 200 chars) or resigned/transfer_customer. */
  transferCustomers(kind: 'onjob' | 'resigned', request: {
    handoverUserid: string; takeoverUserid: string; externalUserids: string[]; transferSuccessMsg?: string;
  }): Promise<TransferOutcomeFacts[]>;
  /** transfer_result / resigned/transfer_result of one pair: status 1 taken over, 2 waiting, 3 refused, 4 takeover full, 5 no record. */
  transferResults(kind: 'onjob' | 'resigned', pair: { handoverUserid: string; takeoverUserid: string }): Promise<Array<{
    external_userid: string; status: 1 | 2 | 3 | 4 | 5; takeover_time: number;
  }>>;
  /** groupchat/list of these owners (status 0 all, 1 owner resigned awaiting, 2 in progress, 3 done). */
  listGroupChats(ownerUserids: string[], statusFilter?: 0 | 1 | 2 | 3): Promise<Array<{ chat_id: string; status: 0 | 1 | 2 | 3 }>>;
  /** groupchat/onjob_transfer or groupchat/transfer (owner resigned); the chats that failed. */
  transferGroupChats(kind: 'onjob' | 'resigned', chatIds: string[], newOwner: string): Promise<Array<{ chat_id: string; errcode: number; errmsg: string }>>;
}
