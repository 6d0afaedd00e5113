import type { Platform } from '../../src/domain/actor.js';
import type { Locale } from '../../src/domain/locale.js';
import type { ApprovalRequest, MessageRef } from '../../src/domain/approval.js';
import type { Operation } from '../../src/domain/operation.js';
import type { ConversationAddresses } from '../../src/ports/conversations.js';
import type { DeliveryLedger } from '../../src/ports/deliveries.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import type { Clock, Logger, Notifier } from '../../src/ports/system.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import type { Config } from '../config.js';
import type { RouteHandler } from '../http/server.js';
import type { Digest, DigestPoster } from './digestPublisher.js';

/**
 * The platform contract: what a chat platform adapter (Slack, Teams, Feishu, ...) implements, and
 * all it receives. A platform lives in its own folder under `adapters/` and is registered with
 * one line in `root/platforms.ts`. It only translates: payload -> (actor, command, locale) ->
 * dispatcher -> outcome -> view -> native message. Everything platform-neutral (grammar, who sees
 * which button, backup and digest wording) is in this folder, `adapters/chat/`.
 */
export interface ChatPlatform<Settings> {
  /** Its name: the prefix of its actor ids and of channels in settings (`slack:C0123`). */
  readonly name: Platform;
  /**
   * Its own settings out of the validated config, or null when it is not configured (it is then
   * not started). The only place a platform sees the config; a ConfigError here stops start-up.
   */
  settingsFrom(config: Config): Settings | null;
  /** Mounts (HTTP routes or a socket) and connects; throws a ConfigError for rejected credentials. */
  start(context: PlatformContext<Settings>): Promise<RunningPlatform>;
  /**
   * How it renders the shared views natively, in one language: pure, so the shared contract
   * suites (test/contract/platforms.test.ts, platformLimits.test.ts) run on every registered
   * platform, buttons by role, refusals and size limits included.
   */
  renderer(locale: Locale): PlatformRenderer<unknown>;
}

/** The narrow context the root hands a platform: never the app, the connection or the config. */
export interface PlatformContext<Settings> {
  settings: Settings;
  /** The one entry point of the core. */
  dispatcher: Dispatcher;
  /** The injected clock: expiry texts and anything time-based use it, never the wall clock. */
  clock: Clock;
  /** Already namespaced with the platform's name. */
  logger: Logger;
  /** `DEFAULT_LOCALE`: the language of unknown senders (and of errors no one can be told). */
  defaultLocale: Locale;
  /**
   * The language of what the bot posts to one of this platform's channels rather than to a person
   * (approval cards, progress messages): the channel's `lang channel` setting, else
   * `DIGEST_LOCALE`, else `DEFAULT_LOCALE`. Read at posting time: an admin may change it any time.
   */
  channelLocale(channelId: string): Promise<Locale>;
  /** Routes on the shared HTTP server (webhook platforms); a socket platform need not use it. */
  http: HttpRoutes;
  ports: PlatformPorts;
}

/** Mounting on the one HTTP server of the process (`/healthz` shares it). */
export interface HttpRoutes {
  mount(method: string, path: string, handler: RouteHandler): void;
}

/** The stores a platform may use; each is a port with a memory twin and a contract test. */
export interface PlatformPorts {
  /** Where an approval card was posted (`attachMessage`), so any instance can update it later. */
  approvals: Pick<ApprovalStore, 'attachMessage' | 'find'>;
  /** Where to post proactively per conversation and tenant (Teams service URLs, Feishu, ...). */
  addresses: ConversationAddresses;
  /**
   * Platforms that deliver at least once (Feishu resends events; several instances may each get
   * a copy) record each delivery's key here first and act only when they were first.
   */
  deliveries: DeliveryLedger;
}

/** What a started platform gives back; the root registers each part and stops it on shutdown. */
export interface RunningPlatform {
  /** Approval events: posts the card when requested, updates it in place when decided. */
  approvals: Notifier;
  /** Job digests (backups, purge, role review) to a channel of this platform. */
  digests: DigestPoster;
  /** Long operations' progress messages; a platform without them runs long work unseen (logged). */
  progress?: ProgressMessages;
  /** Stops taking work and lets in-flight work finish; the HTTP server is stopped before this. */
  stop(): Promise<void>;
}

/**
 * How a platform renders, kept pure (no I/O) so the shared contract suite
 * (`test/contract/suites/platform.ts`) runs the same checks on every platform. `now` is always
 * the injected clock's time.
 */
export interface PlatformRenderer<Native> {
  /** The answer to a command or a click. */
  outcome(outcome: Outcome, now: Date): Native;
  /** A refusal or error, one sentence (already the user's text). */
  error(text: string): Native;
  /** The approval card while pending (Approve / Reject) and once decided (no buttons). */
  approvalCard(request: ApprovalRequest, now: Date): Native;
  /** A job digest as a channel message. */
  digest(digest: Digest): Native;
  /** A long operation's progress message: running (counts, rate, time left, Stop) or ended (result, Undo). */
  progress?(view: ProgressView, now: Date): Native;
}

/**
 * A long operation's state, as shown in its progress message: the operation itself (kind, counts,
 * start, status, who asked and who stopped it, result data), never sentences.
 */
export type ProgressView = Operation;

/**
 * Posting a long operation's progress message once, updating it in place (from any instance: the
 * ref is stored with the operation), and telling the requester when it ends.
 */
export interface ProgressMessages {
  /** `channelId` is the conversation the request came from; empty when there is none (a platform may then use a direct message). */
  post(target: { channelId: string }, view: ProgressView): Promise<MessageRef | null>;
  update(ref: MessageRef, view: ProgressView): Promise<void>;
  /** It ended: tell whoever asked for it, also when they are not looking at the message (a DM, a mention). */
  notifyRequester(view: ProgressView): Promise<void>;
}
