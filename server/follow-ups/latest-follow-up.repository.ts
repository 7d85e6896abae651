import type { EntityManager } from 'typeorm';
import { placeholders, readQuery } from '../infra/db.ts';

/**
 * "The latest follow-up of its customer" as SQL, for a follow-up aliased `alias`: no later
 * entry of the same customer (ties on `at` broken by id). Only the latest counts for a plan
 * (a newer entry supersedes an older plan) and for the "last said" line of reminders. Served by
 * idx_follow_ups_customer_at.
 */
export function isLatestFollowUp(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM follow_ups g WHERE g.customer_id = ${alias}.customer_id AND (g.at > ${alias}.at OR (g.at = ${alias}.at AND g.id > ${alias}.id)))`;
}

const SUMMARY_CHARS = 60;

/** A follow-up's text as reminders and cards quote it: at most 60 characters. */
export function followUpSummary(content: string): string {
  const chars = [...content];
  return chars.length > SUMMARY_CHARS ? `${chars.slice(0, SUMMARY_CHARS - 1).join('')}…` : content;
}

/** The latest follow-up's summary of each customer that has one (500 customers per statement). */
export async function latestFollowUpSummaries(em: EntityManager, customerIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < customerIds.length; i += 500) {
    const chunk = customerIds.slice(i, i + 500);
    const rows = await readQuery<{ customer_id: number | string; content: string }>(em,
      `SELECT f.customer_id, f.content FROM follow_ups f WHERE f.customer_id IN (${placeholders(chunk.length)}) AND ${isLatestFollowUp('f')}`,
      chunk,
    );
    for (const r of rows) out.set(Number(r.customer_id), followUpSummary(r.content));
  }
  return out;
}
