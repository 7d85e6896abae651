import type { EntityManager } from 'typeorm';
import { forUpdate, insertIgnore, placeholders } from '../infra/db.ts';
import { parseTags } from './customers.dto.ts';
import { searchDocument, searchTerms, type SearchDocument } from './rules/search-text.ts';

/**
 * The search index (customer_search_terms: every suffix of the normalised name and contact
 * names, and of the phone digits — see rules/search-text.ts) and the tag index
 * (customer_tags), kept in step with customers and contacts by one function that every
 * write of customers.name, customers.tags or a contact calls in its own transaction.
 *
 * customers.search_text / search_phones record what the index holds for a row, so an update
 * deletes exactly the terms that went away (by primary key) and inserts the new ones; the
 * index needs no second key on customer_id.
 */
export const TAG_MAX_LENGTH = 64;

const INSERT_ROWS_PER_STATEMENT = 500;
const IDS_PER_STATEMENT = 500;

interface CustomerRow { id: number | string; name: string; tags: string; search_text: string | null; search_phones: string | null }

/** Brings the search and tag index of these customers up to date with their rows and contacts. */
export async function reindexCustomerSearch(em: EntityManager, customerIds: readonly number[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await reindexBatch(em, ids.slice(i, i + IDS_PER_STATEMENT));
}

async function reindexBatch(em: EntityManager, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const kind = em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
  const list = placeholders(ids.length);
  // Locking read: the latest committed index state, and no concurrent reindex of the same rows.
  const rows: CustomerRow[] = await em.query(
    `SELECT id, name, tags, search_text, search_phones FROM customers WHERE id IN (${list}) ORDER BY id${forUpdate(kind)}`, ids);
  const contacts: Array<{ customer_id: number | string; name: string; phone_key: string | null }> = await em.query(
    `SELECT customer_id, name, phone_key FROM customer_contacts WHERE customer_id IN (${list}) ORDER BY id`, ids);
  const tagRows: Array<{ customer_id: number | string; tag: string }> = await em.query(
    `SELECT customer_id, tag FROM customer_tags WHERE customer_id IN (${list})`, ids);

  const contactsOf = groupBy(contacts, (k) => Number(k.customer_id));
  const tagsOf = groupBy(tagRows, (t) => Number(t.customer_id));
  const removedTerms: Array<[number, string[]]> = [];
  const addedTerms: Array<[string, number]> = [];
  const changedDocs: Array<[number, SearchDocument]> = [];
  const removedTags: Array<[number, string[]]> = [];
  const addedTags: Array<[number, string]> = [];

  for (const row of rows) {
    const id = Number(row.id);
    const doc = searchDocument(row.name, (contactsOf.get(id) ?? []).map((k) => ({ name: k.name, phoneKey: k.phone_key })));
    const indexed = row.search_text === null ? null : { text: row.search_text, phones: row.search_phones ?? '' };
    if (!indexed || indexed.text !== doc.text || indexed.phones !== doc.phones) {
      const before = new Set(indexed ? searchTerms(indexed) : []);
      const after = new Set(searchTerms(doc));
      const gone = [...before].filter((t) => !after.has(t));
      if (gone.length) removedTerms.push([id, gone]);
      for (const t of after) if (!before.has(t)) addedTerms.push([t, id]);
      changedDocs.push([id, doc]);
    }
    const wanted = new Set(parseTags(row.tags).filter((t) => t.length > 0 && [...t].length <= TAG_MAX_LENGTH));
    const present = new Set((tagsOf.get(id) ?? []).map((t) => t.tag));
    const goneTags = [...present].filter((t) => !wanted.has(t));
    if (goneTags.length) removedTags.push([id, goneTags]);
    for (const t of wanted) if (!present.has(t)) addedTags.push([id, t]);
  }

  for (const [id, terms] of removedTerms) {
    for (let i = 0; i < terms.length; i += IDS_PER_STATEMENT) {
      const chunk = terms.slice(i, i + IDS_PER_STATEMENT);
      await em.query(`DELETE FROM customer_search_terms WHERE customer_id = ? AND term IN (${placeholders(chunk.length)})`, [id, ...chunk]);
    }
  }
  // IGNORE: a backfill interrupted between its statements may have stored some of these already.
  await insertRows(em, `${insertIgnore(kind)} INTO customer_search_terms (term, customer_id)`, addedTerms);
  for (const [id, tags] of removedTags) {
    await em.query(`DELETE FROM customer_tags WHERE customer_id = ? AND tag IN (${placeholders(tags.length)})`, [id, ...tags]);
  }
  await insertRows(em, `${insertIgnore(kind)} INTO customer_tags (customer_id, tag)`, addedTags);
  if (changedDocs.length) {
    // One statement for the batch (a backfill writes a million rows this way).
    const cases = changedDocs.map(() => 'WHEN ? THEN ?').join(' ');
    await em.query(
      `UPDATE customers SET search_text = CASE id ${cases} END, search_phones = CASE id ${cases} END WHERE id IN (${placeholders(changedDocs.length)})`,
      [
        ...changedDocs.flatMap(([id, d]) => [id, d.text]),
        ...changedDocs.flatMap(([id, d]) => [id, d.phones]),
        ...changedDocs.map(([id]) => id),
      ],
    );
  }
}

async function insertRows(em: EntityManager, head: string, rows: Array<[unknown, unknown]>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + INSERT_ROWS_PER_STATEMENT);
    await em.query(`${head} VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
  }
}

/**
 * Indexes every customer not indexed yet (search_text IS NULL), in id order and batches: the
 * migration runs it for existing rows, the benchmark after a bulk load. Restartable: an
 * interrupted run resumes where the index is still missing.
 */
export async function backfillCustomerSearch(
  em: EntityManager,
  opts: {
    batchSize?: number;
    onBatch?: (done: number) => void;
    /** Runs one batch, e.g. in its own transaction (one log flush per batch, not per statement). */
    inBatch?: (fn: (em: EntityManager) => Promise<void>) => Promise<void>;
  } = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? 1000;
  const inBatch = opts.inBatch ?? ((fn) => fn(em));
  let after = 0;
  let done = 0;
  for (;;) {
    const rows: Array<{ id: number | string }> = await em.query(
      `SELECT id FROM customers WHERE id > ? AND search_text IS NULL ORDER BY id LIMIT ${batchSize}`, [after]);
    if (!rows.length) return done;
    const ids = rows.map((r) => Number(r.id));
    await inBatch((batchEm) => reindexCustomerSearch(batchEm, ids));
    done += ids.length;
    after = ids[ids.length - 1]!;
    opts.onBatch?.(done);
  }
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
