import type { AuditAction } from '../domain/audit.js';
import type { Note } from '../domain/note.js';
import type { NoteChange, NoteEffect } from '../domain/noteEffect.js';
import type { NotePurger } from '../ports/backups.js';
import type { CoreDeps, RequestContext } from './context.js';

const AUDIT_ACTION: Record<NoteChange, AuditAction> = { delete: 'note.delete', restore: 'note.restore' };

/** The audit entry's once-key of an effect: whoever carries it out, and however often, one entry. */
const onceKeyOf = (effect: NoteEffect) => `note-effect:${effect.key}`;

/** Notes read per page while carrying out pending effects: they are few, so this rarely pages. */
const PAGE = 100;

/**
 * The write-ahead record of a single-note change by `ctx.actor`, made before the change and
 * stored with it (see `NoteEffect`). `details` are the audit details the note cannot give.
 */
export function effectOf(deps: CoreDeps, ctx: RequestContext, change: NoteChange, details: Record<string, unknown> = {}): NoteEffect {
  return {
    key: deps.ids.effectId(),
    change,
    actorId: ctx.actor.id,
    platform: ctx.actor.platform,
    ...(ctx.actor.tenantId ? { tenantId: ctx.actor.tenantId } : {}),
    at: deps.clock.now(),
    details,
  };
}

/**
 * Carries out one pending effect: the CRM outbox entry (keyed by the effect), the audit entry
 * (appended once under the effect's key, at the change's own time), then forgets the effect. Safe to
 * repeat at any point and from several processes at once: each write is keyed, so nothing is
 * written twice, and forgetting an effect already forgotten does nothing. A purge needs `purger`.
 */
export async function carryOutEffect(deps: CoreDeps, note: Note, effect: NoteEffect, purger?: NotePurger): Promise<void> {
  if (effect.change === 'purge') {
    if (!purger) throw new Error(`note ${note.id} is being purged and no purger was given to finish it`);
    await carryOutPurge(deps, purger, note, effect);
    return;
  }
  const change = effect.change;
  await deps.crm?.notesChanged(change, [note], effect.key);
  const own = change === 'delete' ? { recordId: note.recordId, body: note.body } : { recordId: note.recordId };
  await deps.audit.append(
    {
      actorId: effect.actorId,
      platform: effect.platform,
      action: AUDIT_ACTION[change],
      targetIds: [note.id, note.recordId],
      details: { ...own, ...effect.details },
      ...(effect.tenantId ? { tenantId: effect.tenantId } : {}),
    },
    effect.at,
    onceKeyOf(effect),
  );
  await deps.notes.settleEffect(note.id, effect.key);
}

/**
 * The rest of a purge once the note is marked: the `note.purge` audit (its details, hashes and the
 * backup that holds the note, were fixed when it was marked), then the removal of the marked note.
 * Audit first, so a crash in between leaves a note that is audited and still marked, which the next
 * run removes; the once-key keeps that second run, or a second purger, from auditing it again.
 * True when this call removed the note (false: someone else finished it first).
 */
export async function carryOutPurge(deps: CoreDeps, purger: NotePurger, note: Note, effect: NoteEffect): Promise<boolean> {
  await deps.audit.append(
    { actorId: effect.actorId, platform: effect.platform, action: 'note.purge', targetIds: [note.id, note.recordId], details: effect.details },
    effect.at,
    onceKeyOf(effect),
  );
  await deps.runs?.hooks.purgeAudited?.(note.id);
  return purger.removePurged(note.id, effect.key);
}

/**
 * The effect of a change just made in this request: carried out now, after the test-only crash
 * point. If carrying it out fails, the change stands and its effect stays pending for the
 * reconciler; the person is not told the delete failed when it did not.
 */
export async function settleNewEffect(deps: CoreDeps, note: Note, effect: NoteEffect): Promise<void> {
  await deps.runs?.hooks.effectPending?.(effect.change, note.id);
  try {
    await carryOutEffect(deps, note, effect);
  } catch (error) {
    deps.logger.error({ err: error, noteId: note.id, change: effect.change, key: effect.key }, 'note change stored, its audit or CRM entry not yet: left pending for the reconciler');
  }
}

/**
 * The reconciler: carries out every effect a crash (or a failed write) left pending, oldest change
 * of each note first, and finishes the purges a crash cut short (with `purger`; without it, as in
 * unit tests on deletes alone, a marked note is logged and left). Run at start-up and by the
 * periodic job. It reads only the notes that owe something. One effect that fails is logged and
 * left for the next run; the others go on. Returns how many effects were carried out.
 */
export async function carryOutPendingEffects(deps: CoreDeps, purger?: NotePurger): Promise<number> {
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const page = await deps.notes.pendingEffects(after, PAGE);
    for (const { note, effects } of page) {
      for (const effect of effects) {
        try {
          await carryOutEffect(deps, note, effect, purger);
          done += 1;
        } catch (error) {
          deps.logger.error({ err: error, noteId: note.id, key: effect.key }, 'pending note effect failed; tried again at the next run');
          break; // keep this note's later changes behind it, in order
        }
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].note.id;
  }
  if (done) deps.logger.warn({ done }, 'carried out the effects of note changes a crash had left pending');
  return done;
}
