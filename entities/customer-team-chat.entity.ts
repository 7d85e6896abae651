import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A customer's internal team group (客户作战群): an app group chat (appchat) of the owner, the
 * co-followers and the owner's manager, one per customer. `pending` until WeCom created it.
 */
@Entity({ name: 'customer_team_chats' })
export class CustomerTeamChat {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('uq_team_chats_customer', { unique: true })
  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  /** ≤ 32 of [0-9a-zA-Z], chosen by wecrm so a retried create is recognised. */
  @Index('uq_team_chats_chat', { unique: true })
  @Column({ name: 'chat_id', type: 'varchar', length: 32 })
  chatId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'pending' | 'active';

  @Column({ name: 'owner_wecom_user_id', type: 'varchar', length: 64 })
  ownerWecomUserId: string;

  /** JSON list of the members' WeCom userids as WeCom has them. */
  @Column({ name: 'member_ids', type: 'text' })
  memberIds: string;

  /** The last follow-up and history event already turned into posts. */
  @Column({ name: 'follow_up_cursor', type: 'int', default: 0 })
  followUpCursor: number;

  @Column({ name: 'event_cursor', type: 'int', default: 0 })
  eventCursor: number;

  @Column({ name: 'created_by', type: 'int' })
  createdBy: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** What the bot posts into a team group, queued in the transaction that decides it and sent by the team-chat job. */
@Entity({ name: 'team_chat_posts' })
@Index('idx_team_chat_posts_pending', ['status', 'id'])
export class TeamChatPost {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'chat_id', type: 'varchar', length: 32 })
  chatId: string;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  /** One post per event: `summary`, `fu:<follow-up id>`, `oe:<history event id>` (with the chat id). */
  @Index('uq_team_chat_posts_event', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 96 })
  eventKey: string;

  @Column({ type: 'text' })
  content: string;

  /** `sending`: claimed by a run at `sent_at`; a claim older than a few minutes (a crash) is taken again. */
  @Column({ type: 'varchar', length: 16 })
  status: 'pending' | 'sending' | 'sent';

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 255, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;
}
