import type { MessageRef } from '../../src/domain/approval.js';
import { toActor, type Platform } from '../../src/domain/actor.js';
import type { Locale } from '../../src/domain/locale.js';
import type { Operation } from '../../src/domain/operation.js';
import type { Logger, ProgressBoard } from '../../src/ports/system.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import { translatorFor, type Translator } from './i18n/index.js';
import type { ProgressMessages } from './platform.js';

/** The language a long operation is shown in: its requester's. */
export type OperationReader = (op: Operation) => Promise<Translator>;

/**
 * The requester's own `lang`, else what their platform reports (`platformLocale`, when the
 * platform can say outside a request), else DEFAULT_LOCALE. The progress message continues the
 * requester's own answer ("started"), and the notice is for them alone. A failing lookup falls
 * back to DEFAULT_LOCALE: the progress must still be shown.
 */
export function operationReader(
  core: Pick<Dispatcher, 'localeOf'>,
  fallback: Locale,
  platformLocale: (op: Operation) => Promise<Locale | null> = async () => null,
): OperationReader {
  return async (op) => {
    try {
      const locale = await core.localeOf({ actor: toActor(op.requesterId), origin: op.origin, platformLocale: await platformLocale(op) });
      return translatorFor(locale);
    } catch {
      return translatorFor(fallback);
    }
  };
}

/**
 * Routes a long operation's progress to the platform that shows it: the platform its message was
 * posted on, else the one the request came from. Each chat adapter registers its board; an
 * operation asked for where no board runs (the system, a platform not mounted here) runs unseen
 * and is logged.
 */
export class PlatformProgress implements ProgressBoard {
  private readonly byPlatform = new Map<Platform, ProgressBoard>();

  constructor(private readonly logger: Logger) {}

  register(platform: Platform, board: ProgressBoard): void {
    this.byPlatform.set(platform, board);
  }

  async open(op: Operation): Promise<MessageRef | null> {
    return (await this.boardOf(op)?.open(op)) ?? null;
  }

  async update(op: Operation): Promise<void> {
    await this.boardOf(op)?.update(op);
  }

  async finish(op: Operation): Promise<void> {
    const board = this.boardOf(op);
    if (!board) this.logger.info({ operationId: op.id, status: op.status, done: op.done, skipped: op.skipped }, 'long operation ended (no board to show it)');
    await board?.finish(op);
  }

  private boardOf(op: Operation): ProgressBoard | undefined {
    return this.byPlatform.get(op.message?.platform ?? op.origin.platform);
  }
}

/**
 * A platform's progress messages (the platform contract) as the core's board: post where the
 * request came from, update in place through the stored ref, and at the end show the result in
 * place and tell the requester.
 */
export function progressBoardOf(messages: ProgressMessages): ProgressBoard {
  return {
    open: (op) => messages.post({ channelId: op.origin.channelId ?? '' }, op),
    async update(op) {
      if (op.message) await messages.update(op.message, op);
    },
    async finish(op) {
      if (op.message) await messages.update(op.message, op);
      await messages.notifyRequester(op);
    },
  };
}
