/**
 * The latency benchmark's notes: shaped like a CRM import, and the same at every size in what a
 * single command touches (about 25 notes per record), so a command whose cost grows with the
 * collection shows it.
 */
import type { Note } from '../../src/domain/note.js';

const TYPEABLE = '23456789abcdefghjkmnpqrstuvwxyz';
const ID_SPACE = TYPEABLE.length ** 6;
/** Coprime to 31^6, so i -> i * STRIDE mod 31^6 is a bijection: unique ids that look random. */
const STRIDE = 524_287;
export const NOTES_PER_RECORD = 25;
export const AUTHORS = 50;
export const TAGS = ['renewal', 'pricing', 'onboarding', 'churn-risk', 'demo', 'legal', 'security', 'billing', 'expansion', 'support'];
/** The 20th note of every record is in the trash (a record's notes are i = r, r + R, r + 2R, ...). */
export const TRASHED_ROUND = 19;
const START = Date.UTC(2024, 0, 1);
const topics = ['Called about the renewal', 'Sent the revised quote', 'Demo went well', 'Asked for a discount', 'Escalated a billing issue'];

export function noteId(i: number): string {
  let n = (i * STRIDE) % ID_SPACE;
  let out = '';
  for (let c = 0; c < 6; c += 1) {
    out += TYPEABLE[n % TYPEABLE.length];
    n = Math.floor(n / TYPEABLE.length);
  }
  return `n-${out}`;
}

export const recordCount = (count: number) => Math.max(1, Math.ceil(count / NOTES_PER_RECORD));
export const recordOf = (i: number, count: number) => `acct-${i % recordCount(count)}`;
export const authorOf = (i: number) => `console:rep${String(i % AUTHORS).padStart(2, '0')}`;
export const isSeededDeleted = (i: number, count: number) => Math.floor(i / recordCount(count)) === TRASHED_ROUND;

export function* latencyNotes(count: number): Generator<Note> {
  if (count > ID_SPACE) throw new Error(`at most ${ID_SPACE} notes`);
  for (let i = 0; i < count; i += 1) {
    const createdAt = new Date(START + i * 60_000);
    const tag = TAGS[i % TAGS.length];
    const followup = i % 3 === 0;
    const deleted = isSeededDeleted(i, count);
    yield {
      id: noteId(i),
      recordId: recordOf(i, count),
      body: `${topics[i % topics.length]} (row ${i}); next step agreed by email. #${tag}${followup ? ' #followup' : ''}`,
      tags: followup ? [tag, 'followup'] : [tag],
      authorId: authorOf(i),
      createdAt,
      updatedAt: createdAt,
      deletedAt: deleted ? new Date(createdAt.getTime() + 86_400_000) : null,
      deletedBy: deleted ? 'console:admin' : null,
      deleteReason: deleted ? 'duplicate' : null,
      deletionPlanId: null,
    };
  }
}
