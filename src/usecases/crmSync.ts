import { systemActor } from '../domain/actor.js';
import { INPUT_LIMITS, stripControlChars } from '../domain/input.js';
import type { SourcedNoteInput } from '../domain/sourcedNote.js';
import { CrmRateLimited, crmProblemOf, type CrmConnector, type CrmNote, type CrmSource, type CrmSyncReport, type CrmSyncState, type PullCursor } from '../ports/crm.js';
import { record, type CoreDeps } from './context.js';

export interface PullOptions {
  /** Pages read in one run at most; the next run goes on from the stored cursor (default 500). */
  maxPages?: number;
  /** A 429 asking for at most this long is waited out; a longer one ends the run (default 60 s). */
  maxWaitMs?: number;
  sleep?(ms: number): Promise<void>;
}

/** 429s waited out in one run at most. */
const MAX_WAITS = 5;

const systemCtx = { actor: systemActor, origin: { platform: 'system' as const } };

/**
 * Pulls the notes a CRM created or changed since the stored cursor into the bot, page by page:
 * each page is upserted by (source, externalId), and only then is the cursor moved past it, so
 * a crash re-reads at most one page and re-reading changes nothing (the upsert is idempotent).
 * Notes deleted in the bot stay deleted (the upsert leaves the trash alone). One audit entry per
 * run that brought something in, with counts.
 */
export async function pullFromCrm(deps: CoreDeps, connector: CrmConnector, state: CrmSyncState, options: PullOptions = {}): Promise<CrmSyncReport> {
  const { source } = connector;
  const report: CrmSyncReport = { source, ok: true, pages: 0, pulled: 0, added: 0, updated: 0, unchanged: 0 };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let cursor: PullCursor = (await state.cursor(source)) ?? { since: null, page: null };
  let waits = 0;
  try {
    while (report.pages < (options.maxPages ?? 500)) {
      let page;
      try {
        page = await connector.pullPage(cursor);
      } catch (error) {
        // A CRM that keeps saying 429 ends the run after a few waits; the cursor stays where it is.
        if (error instanceof CrmRateLimited && error.retryAfterMs <= (options.maxWaitMs ?? 60_000) && waits < MAX_WAITS) {
          waits += 1;
          await sleep(error.retryAfterMs);
          continue;
        }
        throw error;
      }
      report.pages += 1;
      const inputs = page.notes.map((note) => toInput(source, note)).filter((input): input is SourcedNoteInput => input !== null);
      if (inputs.length) {
        const stored = await deps.notes.upsertBySource(inputs, deps.clock.now());
        report.added += stored.counts.created;
        report.updated += stored.counts.updated;
        report.unchanged += stored.counts.unchanged + stored.counts['in-trash'];
      }
      report.pulled += page.notes.length;
      if (!page.next) break;
      await state.saveCursor(source, page.next);
      cursor = page.next;
      if (page.next.page === null) break;
    }
  } catch (error) {
    report.ok = false;
    // Data, worded by the reader's catalog; an error that is not the CRM's own is logged in full.
    report.problem = crmProblemOf(error, source);
    if (report.problem.code === 'unexpected') deps.logger.error({ err: error, source }, 'CRM pull failed unexpectedly');
  }
  const { source: _omit, ...result } = report;
  await state.finish(source, deps.clock.now(), result);
  if (report.added || report.updated || !report.ok) {
    await record(deps, systemCtx, 'crm.sync', [`crm:${source}`], {
      source,
      ok: report.ok,
      pulled: report.pulled,
      added: report.added,
      updated: report.updated,
      ...(report.problem ? { problem: report.problem } : {}),
    });
  }
  deps.logger.info({ ...report }, 'CRM pull finished');
  return report;
}

/**
 * The author of a CRM note: `<crm>:<owner id>`, as imports of the same CRM's exports write it
 * (adapters/imports), so a note imported first and pulled later is the same note; the CRM itself
 * (`system:<crm>`) when it names no owner.
 */
export function crmAuthorId(source: CrmSource, ownerId: string | undefined): string {
  const cleaned = (ownerId ?? '').trim().replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 128);
  return cleaned ? `${source}:${cleaned}` : `system:${source}`;
}

/**
 * A CRM note as the bot stores it. Text over the bot's limit is cut (the CRM keeps the whole
 * note); a note with no text at all is not brought in, since the bot has no empty notes.
 */
function toInput(source: CrmSource, note: CrmNote): SourcedNoteInput | null {
  let body = stripControlChars(note.body).trim();
  if (!body) return null;
  if (body.length > INPUT_LIMITS.noteBody) body = `${body.slice(0, INPUT_LIMITS.noteBody - 1)}…`;
  return {
    source,
    externalId: note.externalId,
    recordId: note.recordId,
    body,
    tags: [],
    authorId: crmAuthorId(source, note.ownerId),
    createdAt: note.createdAt,
  };
}
