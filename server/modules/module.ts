import type Router from '@koa/router';
import type { AppConfig } from '../../config/config.ts';
import type { DatabaseProbe } from '../health/db-probe.ts';
import type { WecomDirectory } from '../auth/wecom-directory.ts';
import type { ExternalContactsDirectory } from '../contacts/external-contacts-directory.ts';
import type { JsapiTicketSource } from '../sidebar/jsapi-tickets.ts';
import type { GroupChatSource } from '../groups/group-chat-source.ts';
import type { AppChatSource } from '../team-chats/app-chat-source.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db.ts';
import type { KeyValueStore } from '../infra/kv.ts';
import type { Logger } from '../infra/logger.ts';
import type { ScheduledJob } from '../jobs/job.ts';
import type { CardAction } from '../notifications/card-actions.ts';
import type { NotificationDefinition } from '../notifications/notification.ts';

/** What every capability may use, built once by the runtime. */
export interface AppDeps {
  config: AppConfig;
  db: Database;
  /** The /healthz database check, on its own connections (db-probe.ts). */
  dbProbe: DatabaseProbe;
  kv: KeyValueStore;
  /** Business time: rules, jobs, timestamps. Adjustable in simulator mode. */
  clock: Clock;
  /** Real time: session expiry. */
  wallClock: Clock;
  logger: Logger;
  wecom: WecomDirectory;
  /** WeCom 客户联系 (customers, transfers, customer groups); absent where nobody wired it (the contacts sync then does nothing). */
  externalContacts?: ExternalContactsDirectory;
  /** WeCom jsapi tickets for the sidebar's JS-SDK signatures; absent → jssdk-config answers 503. */
  jssdk?: JsapiTicketSource;
  /** WeCom customer groups (groupchat/list, groupchat/get); absent → the groups sync does nothing. */
  groupChats?: GroupChatSource;
  /** WeCom app group chats (appchat/*) for the customers' team groups; absent → creating one answers 502. */
  appChats?: AppChatSource;
  /** Mounted under /sim in simulator mode only. */
  simulatorRouter?: Router;
  /** Routers that read their own raw bodies (the WeCom callback), mounted first. */
  rawRouters?: Router[];
  /** Folder of the H5 build; not served when absent. */
  h5Root?: string;
  publicBaseUrl: () => string;
}

/**
 * The services of every capability, by name. Each capability adds its own from its module file
 * (`declare module '../modules/module.ts' { interface Services { pool: PoolService } }`), so this
 * file never changes when a capability is added.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

export interface ModuleContext {
  deps: AppDeps;
  /** The services of the modules listed before this one (and, for routes and actions, of all). */
  services: Services;
}

/** A decrypted WeCom callback event (its XML fields) and the inbox row it came in. */
export type CallbackEventHandler = (event: Readonly<Record<string, unknown>>, delivery: { id: number }) => Promise<string>;

/**
 * A capability plugs in through its module: the runtime, the app and the CLI loop over
 * server/modules/index.ts. A new capability is a new folder plus one line in that list.
 */
export interface CapabilityModule {
  name: string;
  /** Builds the capability's services (from shared deps and earlier modules' services). */
  services?(ctx: ModuleContext): Partial<Services>;
  /** Routers served without a session (health, login). */
  publicRoutes?(ctx: ModuleContext): Router[];
  /** Routers under /api behind the session check. */
  routes?(ctx: ModuleContext): Router[];
  /** Scheduled jobs (node-cron in the business time zone, once per tick across instances). */
  jobs?: readonly ScheduledJob[];
  /** The kinds of card the capability sends (the bot has a card builder for each). */
  notifications?: readonly NotificationDefinition[];
  /** Buttons on its cards: EventKey prefix → decision. */
  cardActions?(ctx: ModuleContext): CardAction[];
  /** WeCom callback events it handles (change_contact, change_external_contact …), by Event name. */
  callbackEvents?(ctx: ModuleContext): Record<string, CallbackEventHandler>;
}

export const defineModule = (m: CapabilityModule): CapabilityModule => m;

/** Every service of every module, built in list order. */
export function buildServices(modules: readonly CapabilityModule[], deps: AppDeps): Services {
  const services = {} as Services;
  for (const m of modules) Object.assign(services, m.services?.({ deps, services }));
  return services;
}

export const allJobs = (modules: readonly CapabilityModule[]): ScheduledJob[] => modules.flatMap((m) => m.jobs ?? []);
export const allNotifications = (modules: readonly CapabilityModule[]): NotificationDefinition[] => modules.flatMap((m) => m.notifications ?? []);
