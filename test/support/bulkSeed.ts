import { insertNotes } from '../../bench/common/seedNotes.js';
import type { Note } from '../../src/domain/note.js';

/**
 * `count` live notes on one record, inserted through the driver in bulk (adding 10,000 notes one
 * command at a time would take minutes on FerretDB). Ids sort in creation order.
 */
export async function seedBulkNotes(databaseUri: string, count: number, recordId: string): Promise<string[]> {
  const start = Date.UTC(2026, 0, 1);
  const notes: Note[] = Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * 1000);
    return {
      id: `n-${recordId.replace(/[^a-z0-9]/gi, '')}${i.toString().padStart(6, '0')}`,
      recordId,
      body: `imported row ${i}`,
      tags: [],
      authorId: 'console:import',
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      deletedBy: null,
      deleteReason: null,
      deletionPlanId: null,
    };
  });
  await insertNotes(databaseUri, notes);
  return notes.map((n) => n.id);
}
