import { extractTags, type Note } from '../../src/domain/note.js';

let counter = 0;

/** `aNote().on('acct-1').by('console:bob').deleted().build()` */
export function aNote(body = 'A note about the account #followup') {
  counter += 1;
  const createdAt = new Date(Date.UTC(2026, 0, 1) + counter * 60_000);
  const note: Note = {
    id: `n-test${counter.toString().padStart(4, '0')}`,
    recordId: 'acct-1',
    body,
    tags: extractTags(body),
    authorId: 'console:alice',
    createdAt,
    updatedAt: createdAt,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    deletionPlanId: null,
  };
  const builder = {
    id: (id: string) => ((note.id = id), builder),
    on: (recordId: string) => ((note.recordId = recordId), builder),
    by: (authorId: string) => ((note.authorId = authorId), builder),
    at: (date: Date) => ((note.createdAt = date), (note.updatedAt = date), builder),
    deleted: (by = 'console:admin', at = new Date(Date.UTC(2026, 5, 1))) => {
      Object.assign(note, { deletedAt: at, deletedBy: by, deleteReason: 'test' });
      return builder;
    },
    build: () => ({ ...note, tags: [...note.tags] }),
  };
  return builder;
}
