import { likeContains } from '../infra/db.ts';
import type { ListDriver, ListPredicate } from './customer-list.query.ts';
import { searchRanges, type SearchQuery } from './rules/search-text.ts';

/**
 * A search as list parts: the row predicate (the normalised columns contain the query) and
 * the driver (the customers whose indexed terms start with the query). When the query fits
 * in a term the driver's ids are exactly the matches; longer queries are verified.
 */
export function searchListParts(query: SearchQuery): { predicate: ListPredicate; driver: ListDriver } {
  const { ranges, exact } = searchRanges(query);
  const termSql = ranges.map(() => '(term >= ? AND term < ?)').join(' OR ');
  const termParams = ranges.flatMap((r) => [r.from, r.to]);
  const predicate: ListPredicate = query.phone === null
    ? { name: 'search', sql: "c.search_text LIKE ? ESCAPE '!'", params: [likeContains(query.text)] }
    : {
      name: 'search',
      sql: "c.search_text LIKE ? ESCAPE '!' OR c.search_phones LIKE ? ESCAPE '!'",
      params: [likeContains(query.text), likeContains(query.phone)],
    };
  return {
    predicate,
    driver: {
      name: 'search',
      ids: (limit) => ({
        sql: `SELECT DISTINCT customer_id AS id FROM customer_search_terms WHERE ${termSql}${limit ? ` LIMIT ${limit}` : ''}`,
        params: termParams,
      }),
      size: { sql: `SELECT 1 AS one FROM customer_search_terms WHERE ${termSql}`, params: termParams },
      guarantees: exact ? ['search'] : [],
    },
  };
}

/** The tag filter: customers carrying exactly this tag (customer_tags, kept by reindexCustomerSearch). */
export function tagListParts(tag: string): { predicate: ListPredicate; driver: ListDriver } {
  return {
    predicate: { name: 'tag', sql: 'EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = ?)', params: [tag] },
    driver: {
      name: 'tag',
      ids: (limit) => ({ sql: `SELECT customer_id AS id FROM customer_tags WHERE tag = ?${limit ? ` LIMIT ${limit}` : ''}`, params: [tag] }),
      size: { sql: 'SELECT 1 AS one FROM customer_tags WHERE tag = ?', params: [tag] },
      guarantees: ['tag'],
    },
  };
}
