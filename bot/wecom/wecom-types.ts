/**
 * Response shapes of the WeCom server API, with WeCom's own field names (WECOM.md §1, §7.1,
 * §8, §9), so a reader can hold them against the official pages.
 */

/** Every WeCom JSON answer carries these; `errcode` 0 means success. */
export interface WecomEnvelope {
  errcode: number;
  errmsg: string;
}

/** GET gettoken */
export interface GetTokenResponse extends WecomEnvelope {
  /** Up to 512 bytes. */
  access_token: string;
  /** Seconds, normally 7200. */
  expires_in: number;
}

/** GET miniprogram/jscode2session (raw: session_key stays inside the client). */
export interface Jscode2SessionResponse extends WecomEnvelope {
  corpid: string;
  userid: string;
  session_key: string;
}

/**
 * What callers get from a mini-program login. session_key is deliberately absent: it must
 * never reach the mini-program, and nothing in wecrm needs it.
 */
export interface MiniprogramSession {
  corpid: string;
  userid: string;
}

/** GET auth/getuserinfo, raw. Members get userid; anyone else gets openid. */
export interface GetUserInfoResponse extends WecomEnvelope {
  userid?: string;
  /** Only with scope snsapi_privateinfo and a member in the app's visible range; valid 1800 s. */
  user_ticket?: string;
  openid?: string;
  /** Only when the person is a customer whose follower is in the app's visible range. */
  external_userid?: string;
}

/** Who opened an OAuth link: a member of the corp, or someone outside it. */
export type OAuthIdentity =
  | { kind: 'member'; userid: string; user_ticket?: string }
  | { kind: 'non_member'; openid: string; external_userid?: string };

/** One row of department/list. */
export interface WecomDepartment {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  /** The root department has id 1 and parentid 0. */
  parentid: number;
  /** Order among siblings; larger comes first. */
  order: number;
}

/** One row of department/simplelist. */
export interface WecomDepartmentId {
  id: number;
  parentid: number;
  order: number;
}

/** 1 activated, 2 disabled, 4 not activated, 5 left the enterprise. */
export type WecomUserStatus = 1 | 2 | 4 | 5;

/** One row of user/simplelist. */
export interface WecomUserSimple {
  userid: string;
  name: string;
  department: number[];
  /** Only for third-party apps. */
  open_userid?: string;
}

/**
 * user/get and rows of user/list. Apps created after 2022-06-20 no longer receive the
 * private fields (mobile, gender, email, biz_mail, avatar, qr_code, address): they are
 * optional here and nothing may rely on them.
 */
export interface WecomUserDetail {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  position?: string;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
  telephone?: string;
  alias?: string;
  main_department?: number;
  status: WecomUserStatus;
  open_userid?: string;
  external_position?: string;
  extattr?: { attrs: unknown[] };
  mobile?: string;
  gender?: string;
  email?: string;
  biz_mail?: string;
  avatar?: string;
  thumb_avatar?: string;
  qr_code?: string;
  address?: string;
}

export interface DepartmentListResponse extends WecomEnvelope {
  department: WecomDepartment[];
}

export interface DepartmentSimpleListResponse extends WecomEnvelope {
  department_id: WecomDepartmentId[];
}

export interface UserListResponse extends WecomEnvelope {
  userlist: WecomUserDetail[];
}

export interface UserSimpleListResponse extends WecomEnvelope {
  userlist: WecomUserSimple[];
}

export type UserGetResponse = WecomEnvelope & WecomUserDetail;
