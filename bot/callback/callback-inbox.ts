import type { Clock } from '../../server/infra/clock.ts';
import { execute, fromSqlTime, insertIgnore, sqlTime, type Database } from '../../server/infra/db.ts';
import type { Logger } from '../../server/infra/logger.ts';
import type { CallbackMessage } from './callback-envelope.ts';

/** What a handler knows about the stored callback besides the message. */
export interface CallbackDelivery {
  /** callback_events.id: stable across reruns, so a handler can recognise its own earlier work. */
  id: number;
  receivedAt: Date;
  /** 1 on the first run; more when a crash or an error made the row run again. */
  attempt: number;
}

/**
 * Handles one kind of event; returns a short outcome for the log. A row can run more than once
 * (a crash after the handler's writes but before the row was marked processed), so a handler
 * must recognise work it already did and finish with the same outcome.
 */
export type CallbackHandler = (message: CallbackMessage, delivery: CallbackDelivery) => Promise<string>;

export interface CallbackInboxOptions {
  /** How long a taken row belongs to its processor before another may take it again. */
  leaseMs?: number;
  /** Runs after which a row is marked failed instead of taken again. */
  maxAttempts?: number;
  /** Called right after a row was taken for processing (crash tests stop the process here). */
  afterTake?(id: number): void | Promise<void>;
}

/** Far longer than any handler runs (one transaction and one WeCom call). */
export const CALLBACK_LEASE_MS = 2 * 60_000;
export const CALLBACK_MAX_ATTEMPTS = 5;
/** A row stored moments ago is probably being processed by the process that stored it. */
const RECEIVED_GRACE_MS = 30_000;

/**
 * Stores each valid callback once (unique dedupe key) and processes it after the HTTP answer.
 * A row is taken for processing by one conditional update that also leases it, so it runs once
 * at a time even with several instances; a row whose processor died (kill -9, a lost
 * connection) is taken again when its lease runs out, by `processPending`.
 */
export class CallbackInbox {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly leaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handlers: Record<string, CallbackHandler>,
    private readonly opts: CallbackInboxOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? CALLBACK_LEASE_MS;
    this.maxAttempts = opts.maxAttempts ?? CALLBACK_MAX_ATTEMPTS;
  }

  /** True when the callback is new (and processing was scheduled), false for a retry/replay. */
  async accept(dedupeKey: string, message: CallbackMessage): Promise<boolean> {
    const event = String(message.Event || message.MsgType || 'unknown').slice(0, 64);
    const inserted = await execute(
      this.db.manager,
      `${insertIgnore(this.db.kind)} INTO callback_events (dedupe_key, event, from_user, payload, status, received_at, attempts) VALUES (?, ?, ?, ?, 'received', ?, 0)`,
      [dedupeKey, event, String(message.FromUserName ?? '').slice(0, 64) || null, JSON.stringify(message), sqlTime(this.clock.now())],
    );
    if (!inserted) return false;
    const [{ id }] = await this.db.manager.query('SELECT id FROM callback_events WHERE dedupe_key = ?', [dedupeKey]);
    const job = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.process(Number(id)));
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return true;
  }

  /** Waits for scheduled processing (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Processes what a crash or an error left behind: rows stored but never taken (after a grace
   * period, so the storing process gets its chance) and rows whose lease ran out.
   */
  async processPending(receivedGraceMs = RECEIVED_GRACE_MS): Promise<number> {
    const now = this.clock.now();
    const [received, expired]: Array<Array<{ id: number | string }>> = await Promise.all([
      this.db.manager.query(
        "SELECT id FROM callback_events WHERE status = 'received' AND received_at < ? ORDER BY id LIMIT 100",
        [sqlTime(new Date(now.getTime() - receivedGraceMs))]),
      this.db.manager.query(
        "SELECT id FROM callback_events WHERE status = 'processing' AND lease_until < ? ORDER BY id LIMIT 100", [sqlTime(now)]),
    ]);
    const ids = [...new Set([...received, ...expired].map((r) => Number(r.id)))].sort((a, b) => a - b);
    for (const id of ids) await this.process(id);
    return ids.length;
  }

  private async process(id: number): Promise<void> {
    const now = this.clock.now();
    const taken = await execute(
      this.db.manager,
      `UPDATE callback_events SET status = 'processing', lease_until = ?, attempts = attempts + 1
        WHERE id = ? AND attempts < ? AND (status = 'received' OR (status = 'processing' AND lease_until < ?))`,
      [sqlTime(new Date(now.getTime() + this.leaseMs)), id, this.maxAttempts, sqlTime(now)],
    );
    if (!taken) {
      await this.giveUpIfExhausted(id, now);
      return;
    }
    await this.opts.afterTake?.(id);
    const [row] = await this.db.manager.query('SELECT event, payload, received_at, attempts FROM callback_events WHERE id = ?', [id]);
    const message = JSON.parse(row.payload) as CallbackMessage;
    const handler = this.handlers[row.event];
    const delivery: CallbackDelivery = { id, receivedAt: fromSqlTime(row.received_at), attempt: Number(row.attempts) };
    try {
      const outcome = handler ? await handler(message, delivery) : 'ignored: no handler';
      if (!handler) this.logger.info({ event: row.event, id }, 'wecom callback acknowledged without a handler');
      await this.finish(id, 'processed', null);
      this.logger.info({ event: row.event, id, attempt: delivery.attempt, outcome }, 'wecom callback processed');
    } catch (err) {
      const reason = (err as Error).message.slice(0, 400);
      if (delivery.attempt >= this.maxAttempts) {
        this.logger.error({ err, event: row.event, id, attempt: delivery.attempt }, 'wecom callback failed for good');
        await this.finish(id, 'failed', `gave up after ${delivery.attempt} attempts: ${reason}`);
      } else {
        // Keep the lease: the row is taken again once it runs out, like a crashed one.
        this.logger.warn({ err, event: row.event, id, attempt: delivery.attempt }, 'wecom callback failed, will retry');
        await this.db.manager.query('UPDATE callback_events SET error = ? WHERE id = ?', [reason, id]);
      }
    }
  }

  /** A row that crashed its processor `maxAttempts` times is failed with the reason, not retried forever. */
  private async giveUpIfExhausted(id: number, now: Date): Promise<void> {
    const [row] = await this.db.manager.query('SELECT error FROM callback_events WHERE id = ?', [id]);
    const last = row?.error ?? 'the process handling it stopped before it finished';
    const failed = await execute(
      this.db.manager,
      `UPDATE callback_events SET status = 'failed', lease_until = NULL, processed_at = ?, error = ?
        WHERE id = ? AND status = 'processing' AND lease_until < ? AND attempts >= ?`,
      [sqlTime(now), `gave up after ${this.maxAttempts} attempts: ${last}`.slice(0, 500), id, sqlTime(now), this.maxAttempts],
    );
    if (failed) this.logger.error({ id, attempts: this.maxAttempts }, 'wecom callback given up after repeated attempts');
  }

  private async finish(id: number, status: string, error: string | null): Promise<void> {
    await this.db.manager.query(
      'UPDATE callback_events SET status = ?, error = ?, processed_at = ?, lease_until = NULL WHERE id = ?',
      [status, error, sqlTime(this.clock.now()), id]);
  }
}
