import type { EntityManager } from 'typeorm';
import { placeholders, readQuery } from '../infra/db.ts';

/** What another capability shows of a customer it refers to (an approval, a level request, a handover line). */
export interface CustomerSummary {
  id: string;
  name: string;
  owner: { id: string; name: string } | null;
}

/**
 * Summaries of the given customers with their owner's name, in one statement per 500. The caller
 * has checked visibility (or shows only the name of what it already may see); ids not found
 * are absent from the map.
 */
export async function customerSummaries(em: EntityManager, ids: readonly number[]): Promise<Map<number, CustomerSummary>> {
  const out = new Map<number, CustomerSummary>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await readQuery<{ id: number | string; name: string; owner_id: number | string | null; owner_name: string | null }>(em,
      `SELECT c.id, c.name, c.owner_id, u.name AS owner_name FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id IN (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const r of rows) {
      out.set(Number(r.id), {
        id: String(r.id), name: r.name,
        owner: r.owner_id === null ? null : { id: String(r.owner_id), name: r.owner_name ?? '' },
      });
    }
  }
  return out;
}
