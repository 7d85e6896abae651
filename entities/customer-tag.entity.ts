import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A tag of a customer (customers.tags), indexed for the list's tag filter. Written only by reindexCustomerSearch. */
@Entity({ name: 'customer_tags' })
@Index('idx_customer_tags_tag', ['tag', 'customerId'])
export class CustomerTag {
  @PrimaryColumn({ name: 'customer_id', type: 'int' })
  customerId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  tag: string;
}
