import { Entity, PrimaryColumn } from 'typeorm';

/**
 * One suffix of a customer's normalised name, contact name or (marked "#") phone digits, cut
 * to 12 characters: a substring search is a range scan of the terms starting with the query.
 * Written only by reindexCustomerSearch (server/customers/customer-search.index.ts).
 */
@Entity({ name: 'customer_search_terms' })
export class CustomerSearchTerm {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  term: string;

  @PrimaryColumn({ name: 'customer_id', type: 'int' })
  customerId: number;
}
