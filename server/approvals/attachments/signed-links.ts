import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a link to a receipt photo works. */
export const FILE_LINK_TTL_MS = 60 * 60_000;

const mac = (secret: string, attachmentId: number, expires: number): string =>
  createHmac('sha256', secret).update(`approval-file:${attachmentId}:${expires}`).digest('base64url');

/**
 * Receipt photos are served without a session (an <img> cannot send a bearer token) through links
 * signed with the session secret that expire: only an answer that already passed the approval's
 * visibility check carries one.
 */
export function signFileLink(secret: string, attachmentId: number, now: Date, ttlMs = FILE_LINK_TTL_MS): string {
  const expires = Math.floor((now.getTime() + ttlMs) / 1000);
  return `/api/approval-files/${attachmentId}?exp=${expires}&sig=${mac(secret, attachmentId, expires)}`;
}

export function verifyFileLink(secret: string, attachmentId: number, exp: unknown, sig: unknown, now: Date): boolean {
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || sig.length > 100) return false;
  const expires = Number(exp);
  if (expires * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(mac(secret, attachmentId, expires));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
