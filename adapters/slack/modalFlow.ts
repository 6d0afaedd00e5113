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
import { loadingView, planPreviewView, textView } from './views.js';

export interface ModalRequest {
  triggerId: string;
  ctx: RequestContext;
  command: Command;
  target: ReplyTarget & { channelId: string };
}

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
  const meta = { ch: request.target.channelId, ...(request.target.responseUrl ? { r: request.target.responseUrl } : {}) };
  const view = outcome.kind === 'confirm-plan' ? planPreviewView(outcome, meta, clock.now(), tr) : textView(title, renderText(outcome, tr), tr);
  await client.views.update({ view_id: viewId, view });
}
