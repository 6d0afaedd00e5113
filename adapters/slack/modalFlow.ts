import type { webApi } from '@slack/bolt';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { Command } from '../../src/usecases/commands.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { RequestContext } from '../../src/usecases/context.js';
import { renderText } from '../chat/renderText.js';
import { renderOutcome } from './blocks.js';
import type { ReplyTarget } from './payloads.js';
import { explainError, reply } from './reply.js';
import type { ReaderOf } from './readers.js';
import { LIMITS } from './limits.js';
import { loadingView, planPreviewView, textView, type ViewMetadata } from './views.js';

export interface ModalRequest {
  triggerId: string;
  ctx: RequestContext;
  command: Command;
  target: ReplyTarget & { channelId: string };
  /** The list the click came from, read again after the submit (ViewAction.refresh). */
  refresh?: string;
}

/** A confirmation token's room in the metadata (viewMetadata caps it at 200). */
const TOKEN_ROOM = JSON.stringify({ c: 'x'.repeat(200) }).length;

/**
 * Bulk delete and "Delete selected": the preview lives in a modal. A trigger_id dies 3 s after
 * the click, and matching 10,000 notes can take longer, so the modal opens first with a
 * placeholder and the preview replaces it when the core has frozen the plan.
 */
export async function previewInModal(core: Dispatcher, client: webApi.WebClient, logger: Logger, clock: Clock, reader: ReaderOf, request: ModalRequest): Promise<void> {
  const tr = await reader(request.ctx, request.target.userId);
  const title = tr.t('slack.modalTitle');
  let viewId: string | undefined;
  try {
    const opened = await client.views.open({ trigger_id: request.triggerId, view: loadingView(title, tr) });
    viewId = opened.view?.id;
  } catch (error) {
    // Trigger expired or modals unavailable: the preview still arrives, as a message with buttons.
    logger.warn({ err: error }, 'could not open the preview modal; answering with a message instead');
  }
  let outcome;
  try {
    outcome = await core.execute(request.ctx, request.command);
  } catch (error) {
    if (!viewId) throw error; // the error funnel answers through the response_url
    const text = explainError(error, logger, { command: request.command.name, actor: request.ctx.actor.id }, tr);
    await client.views.update({ view_id: viewId, view: textView(title, text, tr) });
    return;
  }
  if (!viewId) {
    await reply(client, request.target, renderOutcome(outcome, clock.now(), tr));
    return;
  }
  const meta = metadataOf(request);
  const view = outcome.kind === 'confirm-plan' ? planPreviewView(outcome, meta, clock.now(), tr) : textView(title, renderText(outcome, tr), tr);
  await client.views.update({ view_id: viewId, view });
}

/** Where the submit reports back; the refresh only when it fits in Slack's 3,000 characters (else the list simply stays). */
function metadataOf({ target, refresh }: ModalRequest): Omit<ViewMetadata, 'c'> {
  const meta = { ch: target.channelId, ...(target.responseUrl ? { r: target.responseUrl } : {}) };
  if (!refresh || !target.responseUrl) return meta;
  const withRefresh = { ...meta, v: refresh };
  return JSON.stringify(withRefresh).length + TOKEN_ROOM <= LIMITS.privateMetadata ? withRefresh : meta;
}
