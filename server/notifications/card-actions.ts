import type { Actor } from '../auth/actor.ts';

/**
 * Buttons on cards, capability side. A capability owns the EventKeys that start with its
 * action's prefix; when a member clicks, the bot resolves them to the same Actor an HTTP request
 * would have, the action decides (through the capability's own services and rules) and says what
 * the cards should show; the bot then updates them through WeCom. Nothing here talks to WeCom.
 */
export interface CardClick {
  /** The member who clicked; null when unknown here or no longer active. */
  actor: Actor | null;
  wecomUserId: string;
  key: string;
  /** The key without the action's prefix. */
  arg: string;
  /** Selector answers on the card: question key → chosen option ids. */
  selections: Readonly<Record<string, readonly string[]>>;
  /** Stable for one click (the callback's inbox row): a rerun after a crash can find what the first run did. */
  requestId: string;
  /** The card clicked, from its outbox row; null when that row is gone. */
  card: { kind: string; payload: unknown; eventKey: string | null } | null;
}

/** What a card shows after a decision. */
export type CardUpdate =
  /** The buttons greyed with this text (WeCom: button.replace_name). */
  | { mode: 'replace-name'; text: string }
  /** The card redrawn in a state its builder knows (WeCom: a replacement template_card). */
  | { mode: 'redraw'; state: string };

export interface CardActionResult {
  /** A short word recorded on the card's outbox row (released, approved …). */
  outcome: string;
  update: CardUpdate | null;
  /** Whose cards change: the clicker's only, or every card of the same event (all approvers of a level). */
  scope: 'clicker' | 'event';
}

export interface CardAction {
  /** The EventKey prefix the action owns, e.g. "release:". */
  prefix: string;
  handle(click: CardClick): Promise<CardActionResult>;
}

/** The action that owns `key` (longest prefix wins), or null. */
export function findCardAction(actions: readonly CardAction[], key: string): CardAction | null {
  let best: CardAction | null = null;
  for (const a of actions) if (key.startsWith(a.prefix) && (!best || a.prefix.length > best.prefix.length)) best = a;
  return best;
}
