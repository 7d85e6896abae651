import { In, type EntityManager } from 'typeorm';
import { CustomerContact } from '../../entities/customer-contact.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { WecomContactFollow } from '../../entities/wecom-contact-follow.entity.ts';
import { WecomContact } from '../../entities/wecom-contact.entity.ts';
import { wecomErrcode } from '../auth/wecom-directory.ts';
import type { Clock } from '../infra/clock.ts';
import { isUniqueViolation, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import type { ExternalContactsDirectory, WecomExternalContactFacts, WecomFollowFacts } from './external-contacts-directory.ts';
import { contactRowOf, followRowOf, sameContact, sameFollow, type ContactRow, type FollowRow } from './rules/contact-rows.ts';

/** WeCom's answers for a customer that no longer exists for the corp (or no longer follows anyone). */
const GONE_ERRCODES = new Set([40096, 84061]);
const CHUNK = 500;

export interface FullSyncSummary {
  job: 'wecom-contacts-sync';
  affected: number;
  members: number;
  contacts: number;
  follows: number;
  added: number;
  updated: number;
  removed: number;
  skipped?: string;
}

const followKey = (externalUserId: string, wecomUserId: string) => `${externalUserId}\u0000${wecomUserId.toLowerCase()}`;

/**
 * Keeps wecom_contacts / wecom_contact_follows equal to what WeCom says: a full resync of every
 * active member (batch/get_by_user, 100 members a call) that repairs any drift and writes nothing
 * when nothing changed, and per-customer refreshes driven by the change_external_contact callbacks.
 * Both are idempotent: the same input twice ends in the same rows.
 */
/** A transfer_fail callback: the takeover member did not get the customer (refused, or at the contact limit). */
export interface TransferFailure {
  takeoverUserid: string;
  externalUserId: string;
  /** customer_refused | customer_limit_exceed (as WeCom sends it). */
  reason: string;
}

export class ContactsSyncService {
  private readonly transferFailListeners: Array<(failure: TransferFailure) => Promise<void>> = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly directory: ExternalContactsDirectory | undefined,
    private readonly logger?: Logger,
  ) {}

  /**
   * The handover registers here to track its transfers (WeCom sends change_external_contact to one
   * handler, this capability's). Listeners run in order after the customer is refetched; one that
   * throws makes the callback fail and be retried, so they must be idempotent.
   */
  onTransferFail(listener: (failure: TransferFailure) => Promise<void>): void {
    this.transferFailListeners.push(listener);
  }

  async transferFailed(failure: TransferFailure): Promise<string> {
    const change = await this.refreshContact(failure.externalUserId);
    for (const listener of this.transferFailListeners) await listener(failure);
    return change;
  }

  get available(): boolean {
    return !!this.directory;
  }

  async fullSync(opts: { dryRun?: boolean } = {}): Promise<FullSyncSummary> {
    const base: FullSyncSummary = { job: 'wecom-contacts-sync', affected: 0, members: 0, contacts: 0, follows: 0, added: 0, updated: 0, removed: 0 };
    if (!this.directory) return { ...base, skipped: 'no WeCom 客户联系 client' };
    const members = (await this.db.manager.find(User, { where: { status: 'active' }, select: { wecomUserId: true } })).map((u) => u.wecomUserId);
    if (!members.length) return base;
    const pairs = await this.directory.allExternalContactsOf(members);

    const byContact = new Map<string, { facts: WecomExternalContactFacts; follows: FollowRow[] }>();
    for (const { contact, follow } of pairs) {
      const entry = byContact.get(contact.external_userid) ?? { facts: contact, follows: [] };
      entry.follows.push(followRowOf(contact.external_userid, follow));
      byContact.set(contact.external_userid, entry);
    }
    const summary = { ...base, members: members.length, contacts: byContact.size, follows: pairs.length };
    if (opts.dryRun) return summary;

    const now = this.clock.now();
    // A callback refreshing the same customer at the same moment may insert a row first: run again once.
    const counts = await retryOnUniqueViolation(() => this.db.tx(async (em) => {
      let added = 0;
      let updated = 0;
      let removed = 0;
      // Contacts: insert the new, update the changed.
      const ids = [...byContact.keys()];
      const existing = await findIn(em, WecomContact, 'externalUserId', ids);
      const existingByExt = new Map(existing.map((c) => [c.externalUserId, c]));
      for (const [ext, entry] of byContact) {
        const row = contactRowOf(entry.facts, entry.follows);
        const r = await upsertContact(em, existingByExt.get(ext) ?? null, row, now);
        if (r === 'added') added++;
        else if (r === 'updated') updated++;
      }
      // Follows of the synced members: insert, update, and drop the ones WeCom no longer has.
      const memberKeys = new Set(members.map((m) => m.toLowerCase()));
      const stored = await findIn(em, WecomContactFollow, 'wecomUserId', members);
      const storedByKey = new Map(stored.filter((f) => memberKeys.has(f.wecomUserId.toLowerCase())).map((f) => [followKey(f.externalUserId, f.wecomUserId), f]));
      const wanted = new Map<string, FollowRow>();
      for (const entry of byContact.values()) for (const f of entry.follows) wanted.set(followKey(f.externalUserId, f.wecomUserId), f);
      for (const [key, f] of wanted) {
        const r = await upsertFollow(em, storedByKey.get(key) ?? null, f);
        if (r === 'added') added++;
        else if (r === 'updated') updated++;
      }
      const gone = [...storedByKey.entries()].filter(([key]) => !wanted.has(key)).map(([, f]) => f);
      for (let i = 0; i < gone.length; i += CHUNK) {
        await em.delete(WecomContactFollow, { id: In(gone.slice(i, i + CHUNK).map((f) => f.id)) });
      }
      removed += gone.length;
      removed += await dropOrphans(em, [...new Set(gone.map((f) => f.externalUserId))]);
      return { added, updated, removed };
    }));
    const result = { ...summary, ...counts, affected: counts.added + counts.updated + counts.removed };
    this.logger?.info(result, 'WeCom contacts synced');
    return result;
  }

  /**
   * One customer as WeCom shows them now (externalcontact/get): their row and every follower,
   * replacing what was stored. A customer WeCom no longer knows is removed (unless linked to a
   * record: then only its followers go). Returns what changed.
   */
  async refreshContact(externalUserId: string): Promise<'added' | 'updated' | 'unchanged' | 'gone'> {
    if (!this.directory) return 'unchanged';
    let fetched: { contact: WecomExternalContactFacts; followUsers: WecomFollowFacts[] } | null = null;
    try {
      fetched = await this.directory.getExternalContact(externalUserId);
    } catch (err) {
      if (!GONE_ERRCODES.has(wecomErrcode(err) ?? 0)) throw err;
    }
    const now = this.clock.now();
    return retryOnUniqueViolation(() => this.db.tx(async (em) => {
      const existing = await em.findOneBy(WecomContact, { externalUserId });
      const stored = await em.findBy(WecomContactFollow, { externalUserId });
      if (!fetched) {
        if (stored.length) await em.delete(WecomContactFollow, { externalUserId });
        await dropOrphans(em, [externalUserId]);
        return 'gone';
      }
      const follows = fetched.followUsers.map((f) => followRowOf(externalUserId, f));
      let changed = false;
      const r = await upsertContact(em, existing, contactRowOf(fetched.contact, follows), now);
      if (r !== 'unchanged') changed = true;
      const storedByKey = new Map(stored.map((f) => [followKey(f.externalUserId, f.wecomUserId), f]));
      const wanted = new Set<string>();
      for (const f of follows) {
        const key = followKey(f.externalUserId, f.wecomUserId);
        wanted.add(key);
        const followChange = await upsertFollow(em, storedByKey.get(key) ?? null, f);
        if (followChange !== 'unchanged') changed = true;
      }
      const gone = stored.filter((f) => !wanted.has(followKey(f.externalUserId, f.wecomUserId)));
      if (gone.length) {
        await em.delete(WecomContactFollow, { id: In(gone.map((f) => f.id)) });
        changed = true;
      }
      return r === 'added' ? 'added' : changed ? 'updated' : 'unchanged';
    }));
  }

  /** The member no longer follows the customer (del_external_contact / del_follow_user). */
  async removeFollow(wecomUserId: string, externalUserId: string): Promise<'removed' | 'absent'> {
    return this.db.tx(async (em) => {
      const follows = await em.findBy(WecomContactFollow, { externalUserId });
      const mine = follows.filter((f) => f.wecomUserId.toLowerCase() === wecomUserId.toLowerCase());
      if (!mine.length) return 'absent';
      await em.delete(WecomContactFollow, { id: In(mine.map((f) => f.id)) });
      await dropOrphans(em, [externalUserId]);
      return 'removed';
    });
  }
}

async function retryOnUniqueViolation<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return fn();
  }
}

async function findIn<T extends WecomContact | WecomContactFollow>(
  em: EntityManager, entity: new () => T, field: 'externalUserId' | 'wecomUserId', values: string[],
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    out.push(...(await em.find(entity, { where: { [field]: In(values.slice(i, i + CHUNK)) } as never })));
  }
  return out;
}

async function upsertContact(em: EntityManager, existing: WecomContact | null, row: ContactRow, now: Date): Promise<'added' | 'updated' | 'unchanged'> {
  if (!existing) {
    await em.insert(WecomContact, { ...row, syncedAt: now, createdAt: now });
    return 'added';
  }
  if (sameContact(rowOfEntity(existing), row)) return 'unchanged';
  await em.update(WecomContact, { id: existing.id }, { ...row, syncedAt: now });
  return 'updated';
}

async function upsertFollow(em: EntityManager, existing: WecomContactFollow | null, row: FollowRow): Promise<'added' | 'updated' | 'unchanged'> {
  if (!existing) {
    await em.insert(WecomContactFollow, row);
    return 'added';
  }
  if (sameFollow(existing, row)) return 'unchanged';
  await em.update(WecomContactFollow, { id: existing.id }, row);
  return 'updated';
}

function rowOfEntity(c: WecomContact): ContactRow {
  return {
    externalUserId: c.externalUserId, name: c.name, corpName: c.corpName, corpKey: c.corpKey, type: c.type, tags: c.tags,
    addedAt: c.addedAt ? new Date(c.addedAt) : null,
  };
}

/** Customers nobody follows any more and no record links to are forgotten; linked ones stay (the record names them). */
async function dropOrphans(em: EntityManager, externalUserIds: string[]): Promise<number> {
  let dropped = 0;
  for (const ext of externalUserIds) {
    if (await em.countBy(WecomContactFollow, { externalUserId: ext })) continue;
    if (await em.countBy(CustomerContact, { externalUserId: ext })) continue;
    dropped += (await em.delete(WecomContact, { externalUserId: ext })).affected ?? 0;
  }
  return dropped;
}
