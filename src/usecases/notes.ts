import { NotesError } from '../domain/errors.js';
import type { NoteFilter, NoteState } from '../domain/filter.js';
import { checkRecordId, cleanNoteBody } from '../domain/input.js';
import { newNote } from '../domain/note.js';
import { usageOf } from './actions.js';
import { record, roleOf, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

const MAX_ID_ATTEMPTS = 5;

/** Adds a note; tags come from the body's #hashtags. Input over a limit is refused before anything is stored. */
export async function addNote(deps: CoreDeps, ctx: RequestContext, recordId: string, body: string): Promise<Outcome> {
  checkRecordId(recordId, usageOf('add'));
  const text = cleanNoteBody(body, usageOf('add'));
  const now = deps.clock.now();
  for (let attempt = 1; ; attempt += 1) {
    const note = newNote({ id: deps.ids.noteId(), recordId, body: text, authorId: ctx.actor.id, at: now });
    try {
      await deps.notes.insert(note);
    } catch (error) {
      // Short ids collide now and then; a fresh id is the fix, a few times at most.
      if (isDuplicateKey(error) && attempt < MAX_ID_ATTEMPTS) continue;
      throw error;
    }
    await record(deps, ctx, 'note.add', [note.id, recordId], { recordId, body: note.body, tags: note.tags });
    return { kind: 'note-added', note };
  }
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

export async function listNotes(
  deps: CoreDeps,
  ctx: RequestContext,
  state: NoteState,
  filter: NoteFilter,
  filterText: string,
  requestedPage: number,
): Promise<Outcome> {
  const role = await roleOf(deps, ctx.actor.id);
  const query = { ...filter, state };
  const { pageSize } = deps.settings;
  const total = await deps.notes.count(query);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  // Clamp rather than fail: a Next button on a list that shrank meanwhile still lands somewhere.
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  const notes = await deps.notes.list(query, { offset: (page - 1) * pageSize, limit: pageSize });
  return { kind: 'note-list', state, notes, filter, filterText, page, pageCount, total, role };
}

export async function showNote(deps: CoreDeps, ctx: RequestContext, noteId: string): Promise<Outcome> {
  const role = await roleOf(deps, ctx.actor.id);
  const note = await deps.notes.findById(noteId);
  // Only admins see the trash; for everyone else a deleted note does not exist.
  if (!note || (note.deletedAt && role !== 'admin')) throw noteNotFound(noteId);
  return { kind: 'note', note, role };
}

export const noteNotFound = (noteId: string) =>
  new NotesError('NoteNotFound', `There is no note ${noteId}. Check the id with "list".`);
