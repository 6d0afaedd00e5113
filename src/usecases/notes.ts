import { NotesError } from '../domain/errors.js';
import type { NoteFilter, NoteQuery, NoteState } from '../domain/filter.js';
import { checkRecordId, cleanNoteBody } from '../domain/input.js';
import { newNote, type Note } from '../domain/note.js';
import { encodePagePosition, MAX_PAGE, type PagePosition } from '../domain/paging.js';
import { record, roleOf, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

const MAX_ID_ATTEMPTS = 5;

/** Adds a note; tags come from the body's #hashtags. Input over a limit is refused before anything is stored. */
export async function addNote(deps: CoreDeps, ctx: RequestContext, recordId: string, body: string): Promise<Outcome> {
  checkRecordId(recordId, 'add');
  const text = cleanNoteBody(body, 'add');
  const now = deps.clock.now();
  const note = await insertWithFreshId(deps, (id) => newNote({ id, recordId, body: text, authorId: ctx.actor.id, at: now }));
  await record(deps, ctx, 'note.add', [note.id, recordId], { recordId, body: note.body, tags: note.tags });
  return { kind: 'note-added', note };
}

/** Stores a new note built around a fresh id: short ids collide now and then, and a fresh one is the fix, a few times at most. */
export async function insertWithFreshId(deps: CoreDeps, build: (id: string) => Note): Promise<Note> {
  for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt += 1) {
    const note = build(deps.ids.noteId());
    if ((await deps.notes.insert(note)) !== 'id-taken') return note;
  }
  throw new Error(`no free note id after ${MAX_ID_ATTEMPTS} attempts`);
}

/**
 * One page of notes, newest first, found by key (see src/domain/paging.ts). No exact total on
 * every page: one note more than a page tells whether there is a next one, and the total is
 * known once the last page is reached. Only a typed page number past the end costs a count.
 */
export async function listNotes(
  deps: CoreDeps,
  ctx: RequestContext,
  state: NoteState,
  filter: NoteFilter,
  filterText: string,
  position: PagePosition,
): Promise<Outcome> {
  const role = await roleOf(deps, ctx.actor.id);
  const query: NoteQuery = { ...filter, state };
  const { pageSize } = deps.settings;
  let page = Math.min(Math.max(1, position.page), MAX_PAGE);
  const from = position.from;
  let notes: Note[];
  let hasNext: boolean;
  if (from?.side === 'before') {
    const found = await deps.notes.list(query, { limit: pageSize + 1, before: from.key });
    // A previous page is full unless it is the first: whatever precedes it decides its number.
    notes = found.slice(-pageSize);
    if (found.length <= pageSize) page = 1;
    hasNext = true;
  } else {
    const typedOffset = from ? 0 : (page - 1) * pageSize;
    let found = await deps.notes.list(query, { limit: pageSize + 1, ...(from ? { after: from.key } : { offset: typedOffset }) });
    if (!from && !found.length && page > 1) {
      // Clamp rather than fail: a typed page past the end shows the last page. The one count.
      const total = await deps.notes.count(query);
      page = Math.max(1, Math.ceil(total / pageSize));
      found = await deps.notes.list(query, { limit: pageSize + 1, offset: (page - 1) * pageSize });
    }
    hasNext = found.length > pageSize;
    notes = found.slice(0, pageSize);
  }
  const keyOf = (note: Note) => ({ at: state === 'deleted' ? note.deletedAt! : note.createdAt, id: note.id });
  const first = notes[0];
  const last = notes[notes.length - 1];
  return {
    kind: 'note-list',
    state,
    notes,
    filter,
    filterText,
    page,
    seen: (page - 1) * pageSize + notes.length,
    previous: page > 1 && first ? encodePagePosition({ page: page - 1, from: { side: 'before', key: keyOf(first) } }) : null,
    next: hasNext && last ? encodePagePosition({ page: page + 1, from: { side: 'after', key: keyOf(last) } }) : null,
    role,
  };
}

export async function showNote(deps: CoreDeps, ctx: RequestContext, noteId: string): Promise<Outcome> {
  const role = await roleOf(deps, ctx.actor.id);
  const note = await deps.notes.findById(noteId);
  // Only admins see the trash; for everyone else a deleted note does not exist.
  if (!note || (note.deletedAt && role !== 'admin')) throw noteNotFound(noteId);
  return { kind: 'note', note, role };
}

export const noteNotFound = (noteId: string) =>
  new NotesError('NoteNotFound', 'noteNotFound', { noteId });
