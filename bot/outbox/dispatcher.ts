import { randomUUID } from 'node:crypto';
import type { Clock } from '../../server/infra/clock.ts';
import { forUpdate, fromSqlTime, placeholders, sqlTime, type Database } from '../../server/infra/db.ts';
import type { KeyValueStore } from '../../server/infra/kv.ts';
import type { Logger } from '../../server/infra/logger.ts';
import { WecomApiError } from '../wecom/wecom-api-error.ts';
import { inQuietHours, type QuietHours } from '../../server/notifications/quiet-hours.ts';
import { classifyFailure, DIGEST_THRESHOLD, MAX_ATTEMPTS, MEMBER_LIMITS, retryDelayMs } from './dispatcher.rules.ts';
import { CARD_UPDATE_KIND, type CardUpdatePayload } from '../../server/notifications/card-updates.ts';
import { WecomErrcode } from '../wecom/wecom-errcodes.ts';
import type { RenderUpdate } from './wecom-rendering.ts';

/** The message/send body for one card, minus touser/agentid (built by bot/cards). */
export type RenderCard = (kind: string, payload: unknown, taskId: string, now: Date) => Record<string, unknown>;
export type RenderDigest = (rows: Array<{ kind: string; payload: unknown }>, taskId: string, now: Date) => Record<string, unknown>;

/** The one WeCom call the dispatcher makes. */
export interface MessageSender {
  sendMessage(body: Record<string, unknown>): Promise<{ msgid?: string; response_code?: string; invaliduser?: string }>;
}

/** message/update_template_card, for cards whose subject changed in the app. */
export interface CardUpdateSender {
  updateTemplateCard(body: Record<string, unknown>): Promise<unknown>;
}

export interface DispatcherOptions {
  db: Database;
  kv: KeyValueStore;
  clock: Clock;
  sender: MessageSender;
  renderCard: RenderCard;
  renderDigest: RenderDigest;
  /** For `card-update` rows (server/notifications/card-updates.ts); without it they fail with the reason. */
  updater?: CardUpdateSender;
  renderUpdate?: RenderUpdate;
  agentId: number;
  tz: string;
  quietHours: QuietHours | null;
  logger?: Logger;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /** How long a claimed row stays ours before another worker may take it over (crash recovery). */
  leaseMs?: number;
  workerId?: string;
  random?: () => number;
}

interface Row {
  id: number;
  kind: string;
  to_user: string;
  payload: string;
  attempts: number;
  task_id: string | null;
  urgent: number;
  digestible: number;
}

export interface DispatchRound {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  deferred: number;
}

type Outcome =
  | { ids: number[]; status: 'sent'; taskId: string; msgid: string | null; responseCode: string | null; digest: boolean }
  | { ids: number[]; status: 'pending'; dueAt: Date; attempts: 'same' | 'next'; error: string | null }
  | { ids: number[]; status: 'failed'; error: string };

/**
 * Sends due outbox rows through WeCom. Rows are claimed with FOR UPDATE SKIP LOCKED (MySQL)
 * or inside SQLite's single writer, leased for a while, and each gets a task_id derived from
 * its id: a row resent after a crash is refused by WeCom as a duplicate task (42014) and then
 * counted as delivered, so a card is never sent twice. Per-member limits are counted in the
 * shared store; quiet hours hold non-urgent cards; many reminders for one member become one digest.
 */
export class OutboxDispatcher {
  private readonly workerId: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly o: DispatcherOptions) {
    this.workerId = o.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  /** Polls every `intervalMs` until stopped; a round never overlaps the previous one. */
  start(intervalMs = 1000): void {
    const tick = async () => {
      try {
        this.running = this.drain();
        await this.running;
      } catch (err) {
        this.o.logger?.error({ err }, 'outbox dispatcher round failed');
      } finally {
        this.running = null;
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      }
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = null;
    if (t) clearTimeout(t);
    await this.running;
  }

  /** Rounds until nothing due is left. */
  async drain(maxRounds = 1000): Promise<DispatchRound> {
    const total: DispatchRound = { claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const round = await this.runOnce();
      for (const k of Object.keys(total) as Array<keyof DispatchRound>) total[k] += round[k];
      if (round.claimed === 0) break;
    }
    return total;
  }

  /**
   * When the next pending row after `after` falls due (a retry, a card held by a member's rate
   * limit, a reminder queued for later), or null: the simulator's time travel stops there so
   * the card goes out when this dispatcher, polling every second, would send it.
   */
  async nextDueAfter(after: Date): Promise<Date | null> {
    const [row]: Array<{ due: string | Date | null }> = await this.o.db.manager.query(
      "SELECT MIN(due_at) AS due FROM outbox_messages WHERE status = 'pending' AND due_at > ?", [sqlTime(after)]);
    return row?.due ? fromSqlTime(row.due) : null;
  }

  async runOnce(): Promise<DispatchRound> {
    const now = this.o.clock.now();
    const rows = await this.claim(now);
    const round: DispatchRound = { claimed: rows.length, sent: 0, retried: 0, failed: 0, deferred: 0 };
    if (!rows.length) return round;

    const units = this.group(rows);
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < units.length) {
        const unit = units[next++]!;
        outcomes.push(await this.deliver(unit, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency ?? 16, units.length) }, worker));
    await this.record(outcomes, now);
    for (const o of outcomes) {
      if (o.status === 'sent') round.sent += o.ids.length;
      else if (o.status === 'failed') round.failed += o.ids.length;
      else if (o.attempts === 'next') round.retried += o.ids.length;
      else round.deferred += o.ids.length;
    }
    return round;
  }

  private async claim(now: Date): Promise<Row[]> {
    const { db } = this.o;
    const quiet = inQuietHours(now, this.o.quietHours, this.o.tz);
    const lease = new Date(now.getTime() + (this.o.leaseMs ?? 60_000));
    const limit = this.o.batchSize ?? 200;
    const only = quiet ? ' AND urgent = 1' : '';
    const lock = `${forUpdate(db.kind)}${db.kind === 'mysql' ? ' SKIP LOCKED' : ''}`;
    return db.tx(async (em) => {
      // Rows whose lease ran out (a worker died mid-send), then due rows. Two single-range scans of
      // idx_outbox_status_due in index order, not one OR: InnoDB would filesort the OR and lock every
      // row it read before the LIMIT, so one claimer would hold the whole due set and every other
      // worker would find nothing (SKIP LOCKED) and go idle.
      const rows: Array<{ id: number | string }> = await em.query(
        `SELECT id FROM outbox_messages WHERE status = 'sending' AND locked_until < ?${only} ORDER BY due_at, id LIMIT ${limit}${lock}`,
        [sqlTime(now)],
      );
      if (rows.length < limit) {
        rows.push(...await em.query(
          `SELECT id FROM outbox_messages WHERE status = 'pending' AND due_at <= ?${only} ORDER BY due_at, id LIMIT ${limit - rows.length}${lock}`,
          [sqlTime(now)],
        ));
      }
      if (!rows.length) return [];
      const ids = rows.map((r) => Number(r.id));
      await em.query(
        `UPDATE outbox_messages SET status = 'sending', locked_by = ?, locked_until = ? WHERE id IN (${placeholders(ids.length)})`,
        [this.workerId, sqlTime(lease), ...ids],
      );
      const claimed: Row[] = await em.query(
        `SELECT id, kind, to_user, payload, attempts, task_id, urgent, digestible FROM outbox_messages WHERE id IN (${placeholders(ids.length)}) ORDER BY id`, ids);
      return claimed.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), urgent: Number(r.urgent), digestible: Number(r.digestible) }));
    });
  }

  /** One send per row, except a member's many reminders, which go as one digest. */
  private group(rows: Row[]): Row[][] {
    const digestible = new Map<string, Row[]>();
    const units: Row[][] = [];
    for (const row of rows) {
      // Urgent cards (an approval waiting) never wait inside a digest.
      if (row.digestible && !row.urgent) {
        const list = digestible.get(row.to_user) ?? [];
        list.push(row);
        digestible.set(row.to_user, list);
      } else {
        units.push([row]);
      }
    }
    for (const list of digestible.values()) {
      if (list.length > DIGEST_THRESHOLD) units.push(list);
      else for (const row of list) units.push([row]);
    }
    return units;
  }

  private async deliver(unit: Row[], now: Date): Promise<Outcome> {
    const ids = unit.map((r) => r.id);
    const first = unit[0]!;
    if (first.kind === CARD_UPDATE_KIND) return this.applyCardUpdate(first, now);
    const digest = unit.length > 1;
    const taskId = digest ? `wecrm_digest_${first.id}` : first.task_id ?? `wecrm_${first.id}`;

    const limited = await this.overMemberLimit(first.to_user, this.o.clock.now());
    if (limited) return { ids, status: 'pending', dueAt: limited, attempts: 'same', error: null };

    let body: Record<string, unknown>;
    try {
      body = digest
        ? this.o.renderDigest(unit.map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) })), taskId, now)
        : this.o.renderCard(first.kind, JSON.parse(first.payload), taskId, now);
    } catch (err) {
      return { ids, status: 'failed', error: `render: ${(err as Error).message}`.slice(0, 500) };
    }
    try {
      const res = await this.o.sender.sendMessage({ touser: first.to_user, agentid: this.o.agentId, ...body });
      const invalid = (res.invaliduser ?? '').toLowerCase().split('|').filter(Boolean);
      if (invalid.includes(first.to_user.toLowerCase())) return { ids, status: 'failed', error: 'invaliduser: recipient unknown to WeCom' };
      return { ids, status: 'sent', taskId, msgid: res.msgid ?? null, responseCode: res.response_code ?? null, digest };
    } catch (err) {
      const e = err instanceof WecomApiError ? err : null;
      const kind = e ? classifyFailure(e.errcode, e.retryable) : 'retry';
      const message = e ? `errcode ${e.errcode}: ${e.errmsg}` : (err as Error).message;
      if (kind === 'already-delivered') return { ids, status: 'sent', taskId, msgid: null, responseCode: null, digest };
      const attempts = Math.max(...unit.map((r) => r.attempts)) + 1;
      if (kind === 'permanent' || attempts >= MAX_ATTEMPTS) return { ids, status: 'failed', error: message.slice(0, 500) };
      return { ids, status: 'pending', dueAt: new Date(now.getTime() + retryDelayMs(attempts, this.o.random)), attempts: 'next', error: message.slice(0, 500) };
    }
  }

  /**
   * A `card-update` row: the cards of its target (one event, or a customer's cards of a kind)
   * that show no outcome yet. Unsent ones are cancelled (a stale card is not delivered); sent
   * ones are updated with their send's response code (single use, 72 h) and then show the
   * outcome; a card being sent right now makes the update wait for the next round.
   */
  private async applyCardUpdate(row: Row, now: Date): Promise<Outcome> {
    const ids = [row.id];
    const taskId = `wecrm_upd_${row.id}`;
    let p: CardUpdatePayload;
    try {
      p = JSON.parse(row.payload) as CardUpdatePayload;
    } catch {
      return { ids, status: 'failed', error: 'card-update: payload is not JSON' };
    }
    const where = 'eventKey' in p.target ? 'event_key = ?' : 'customer_id = ? AND kind = ?';
    const params = 'eventKey' in p.target ? [p.target.eventKey] : [p.target.customerId, p.target.kind];
    const targets: Array<{ id: number | string; kind: string; payload: string; status: string; response_code: string | null; digest_task_id: string | null }> =
      await this.o.db.manager.query(
        `SELECT id, kind, payload, status, response_code, digest_task_id FROM outbox_messages
          WHERE ${where} AND kind <> ? AND outcome IS NULL AND status <> 'cancelled' ORDER BY id`,
        [...params, CARD_UPDATE_KIND]);
    const outcome = p.outcome.slice(0, 64);
    for (const t of targets) {
      const id = Number(t.id);
      if (t.status === 'sending') return { ids, status: 'pending', dueAt: new Date(now.getTime() + 5_000), attempts: 'same', error: null };
      if (t.status === 'pending' || t.status === 'failed') {
        await this.o.db.manager.query(
          "UPDATE outbox_messages SET status = 'cancelled', outcome = ?, locked_by = NULL, locked_until = NULL WHERE id = ? AND status IN ('pending', 'failed')", [outcome, id]);
        continue;
      }
      // Sent: a digest line cannot be changed on its own, and a spent code cannot change anything.
      if (t.response_code && !t.digest_task_id) {
        const fragment = this.o.renderUpdate?.(t.kind, JSON.parse(t.payload), p.update, now) ?? null;
        if (fragment && this.o.updater) {
          try {
            await this.o.updater.updateTemplateCard({ atall: 1, agentid: this.o.agentId, response_code: t.response_code, ...fragment });
          } catch (err) {
            const e = err instanceof WecomApiError ? err : null;
            const spent = e?.reason === 'api' && e.errcode === WecomErrcode.RESPONSE_CODE_INVALID;
            if (!spent && (!e || classifyFailure(e.errcode, e.retryable) === 'retry')) {
              const attempts = row.attempts + 1;
              const message = e ? `errcode ${e.errcode}: ${e.errmsg}` : (err as Error).message;
              if (attempts >= MAX_ATTEMPTS) return { ids, status: 'failed', error: message.slice(0, 500) };
              return { ids, status: 'pending', dueAt: new Date(now.getTime() + retryDelayMs(attempts, this.o.random)), attempts: 'next', error: message.slice(0, 500) };
            }
            this.o.logger?.info({ err, id }, 'card not updated (response code spent or card too old); its outcome is recorded');
          }
        }
      }
      await this.o.db.manager.query('UPDATE outbox_messages SET outcome = ?, response_code = NULL WHERE id = ?', [outcome, id]);
    }
    return { ids, status: 'sent', taskId, msgid: null, responseCode: null, digest: false };
  }

  /**
   * Counts this send against the member's budget in sliding windows (any 60 s, any hour),
   * shared by every worker through the store; returns when to try again if over.
   */
  private async overMemberLimit(member: string, now: Date): Promise<Date | null> {
    const t = now.getTime();
    if (!(await this.o.kv.hitWindow(`wecom-rl:m:${member}`, t, 60_000, MEMBER_LIMITS.perMinute))) return new Date(t + 5_000);
    if (!(await this.o.kv.hitWindow(`wecom-rl:h:${member}`, t, 3_600_000, MEMBER_LIMITS.perHour))) return new Date(t + 60_000);
    return null;
  }

  private async record(outcomes: Outcome[], now: Date): Promise<void> {
    const at = sqlTime(now);
    // Sent rows in one statement per 500 (a round trip per row made recording the slowest part
    // of a round on MySQL); the rest, rarer, one by one.
    const sent = outcomes.flatMap((o) => (o.status === 'sent'
      ? o.ids.map((id) => ({ id, taskId: o.digest ? null : o.taskId, msgid: o.msgid, responseCode: o.responseCode, digestTaskId: o.digest ? o.taskId : null }))
      : []));
    await this.o.db.tx(async (em) => {
      for (let i = 0; i < sent.length; i += 500) {
        const chunk = sent.slice(i, i + 500);
        const cases = (col: 'taskId' | 'msgid' | 'responseCode' | 'digestTaskId') => ({
          sql: `CASE id ${chunk.map(() => 'WHEN ? THEN ?').join(' ')} END`,
          params: chunk.flatMap((r) => [r.id, r[col]]),
        });
        const [t, m, r, d] = [cases('taskId'), cases('msgid'), cases('responseCode'), cases('digestTaskId')];
        await em.query(
          `UPDATE outbox_messages SET status = 'sent', sent_at = ?, locked_by = NULL, locked_until = NULL, last_error = NULL,
             task_id = ${t.sql}, msgid = ${m.sql}, response_code = ${r.sql}, digest_task_id = ${d.sql}
           WHERE id IN (${placeholders(chunk.length)}) AND locked_by = ?`,
          [at, ...t.params, ...m.params, ...r.params, ...d.params, ...chunk.map((x) => x.id), this.workerId],
        );
      }
      for (const o of outcomes) {
        const where = `id IN (${placeholders(o.ids.length)}) AND locked_by = ?`;
        if (o.status === 'sent') {
          continue;
        } else if (o.status === 'failed') {
          await em.query(
            `UPDATE outbox_messages SET status = 'failed', attempts = attempts + 1, last_error = ?, locked_by = NULL, locked_until = NULL WHERE ${where}`,
            [o.error, ...o.ids, this.workerId],
          );
        } else {
          await em.query(
            `UPDATE outbox_messages SET status = 'pending', due_at = ?, last_error = COALESCE(?, last_error), locked_by = NULL, locked_until = NULL${o.attempts === 'next' ? ', attempts = attempts + 1' : ''} WHERE ${where}`,
            [sqlTime(o.dueAt), o.error, ...o.ids, this.workerId],
          );
        }
      }
    });
  }
}

