import type { Clock } from '../../server/infra/clock.ts';
import { execute, insertIgnore, sqlTime, type Database } from '../../server/infra/db.ts';
import type { Logger } from '../../server/infra/logger.ts';
import type { CallbackMessage } from './callback-envelope.ts';

/** Handles one kind of event; returns a short outcome for the log. */
export type CallbackHandler = (message: CallbackMessage) => Promise<string>;

/**
 * Stores each valid callback once (unique dedupe key) and processes it after the HTTP answer.
 * A row is taken for processing by a conditional update, so it runs exactly once even with
 * several instances; rows left behind by a crash are picked up by `processPending`.
 */
export class CallbackInbox {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handlers: Record<string, CallbackHandler>,
  ) {}

  /** True when the callback is new (and processing was scheduled), false for a retry/replay. */
  async accept(dedupeKey: string, message: CallbackMessage): Promise<boolean> {
    const event = String(message.Event || message.MsgType || 'unknown').slice(0, 64);
    const inserted = await execute(
      this.db.manager,
      `${insertIgnore(this.db.kind)} INTO callback_events (dedupe_key, event, from_user, payload, status, received_at) VALUES (?, ?, ?, ?, 'received', ?)`,
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

  /** Processes callbacks a crashed process stored but never handled. */
  async processPending(olderThanMs = 30_000): Promise<number> {
    const before = sqlTime(new Date(this.clock.now().getTime() - olderThanMs));
    const rows: Array<{ id: number | string }> = await this.db.manager.query(
      "SELECT id FROM callback_events WHERE status = 'received' AND received_at < ? ORDER BY id LIMIT 100", [before]);
    for (const r of rows) await this.process(Number(r.id));
    return rows.length;
  }

  private async process(id: number): Promise<void> {
    const taken = await execute(this.db.manager, "UPDATE callback_events SET status = 'processing' WHERE id = ? AND status = 'received'", [id]);
    if (!taken) return;
    const [row] = await this.db.manager.query('SELECT event, payload FROM callback_events WHERE id = ?', [id]);
    const message = JSON.parse(row.payload) as CallbackMessage;
    const handler = this.handlers[row.event];
    try {
      const outcome = handler ? await handler(message) : 'ignored: no handler';
      if (!handler) this.logger.info({ event: row.event, id }, 'wecom callback acknowledged without a handler');
      await this.finish(id, 'processed', null);
      this.logger.info({ event: row.event, id, outcome }, 'wecom callback processed');
    } catch (err) {
      this.logger.error({ err, event: row.event, id }, 'wecom callback failed');
      await this.finish(id, 'failed', (err as Error).message.slice(0, 500));
    }
  }

  private async finish(id: number, status: string, error: string | null): Promise<void> {
    await this.db.manager.query('UPDATE callback_events SET status = ?, error = ?, processed_at = ? WHERE id = ?', [status, error, sqlTime(this.clock.now()), id]);
  }
}
