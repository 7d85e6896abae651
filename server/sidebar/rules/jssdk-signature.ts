import { createHash } from 'node:crypto';

export interface SignatureInput {
  ticket: string;
  nonceStr: string;
  /** Seconds. */
  timestamp: number;
  /** The page URL; anything from `#` on is dropped, as WeCom signs it. */
  url: string;
}

/** The page URL WeCom signs: the current URL without `#…`, not URL-encoded (WECOM.md §7.4). */
export function signableUrl(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * The JS-SDK signature: sha1 of "jsapi_ticket=…&noncestr=…&timestamp=…&url=…" in this fixed
 * order, values raw (no encoding). The same algorithm signs the corp (register's
 * getConfigSignature) and the app identity (getAgentConfigSignature) with their own tickets.
 */
export function jssdkSignature(input: SignatureInput): string {
  const plain = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${signableUrl(input.url)}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}
