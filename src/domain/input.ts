import type { ActionName } from '../usecases/actions.js';
import { badInput, NotesError } from './errors.js';

/**
 * Limits on what people type (DESIGN.md section 3), enforced in the core so every front end
 * refuses the same input with the same sentence, before anything is stored.
 */
export const INPUT_LIMITS = {
  /** Characters of a note body. */
  noteBody: 4000,
  /** Characters of a delete or reject reason. */
  reason: 500,
  /** Characters of a record id, from RECORD_ID_PATTERN's alphabet. */
  recordId: 64,
  /** Characters of one whole command line, filters and all. */
  command: 8000,
  /** Characters of one `text:"..."` phrase or bare search word of a filter. */
  filterPhrase: 200,
} as const;

/** A record id: letters, digits and `. _ : -`, starting with a letter or digit, at most 64. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

// C0 controls except tab (\x09) and newline (\x0A), DEL, and the C1 range (U+009B alone is an
// 8-bit CSI that some terminals honour like ESC [).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/g;

/** The text without control characters other than newline and tab: no bell, NUL or escape code is stored. */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL, '');
}

/** What was too long; the renderer names it in the reader's language. */
export type TooLongWhat = 'note' | 'reason' | 'recordId' | 'command' | 'searchPhrase';

/** The refusal for input over a limit: one line naming what was too long and the limit. */
export function inputTooLong(what: TooLongWhat, length: number, limit: number, usage?: ActionName): NotesError {
  return new NotesError('InputTooLong', 'tooLong', { what, length, limit }, { usage });
}

/** A note body as stored: control characters stripped, trimmed, non-empty and within the limit. */
export function cleanNoteBody(body: string, usage?: ActionName): string {
  const text = stripControlChars(body).trim();
  if (!text) throw badInput('noText', {}, usage);
  if (text.length > INPUT_LIMITS.noteBody) throw inputTooLong('note', text.length, INPUT_LIMITS.noteBody, usage);
  return text;
}

/** A delete or reject reason as stored: cleaned like a body; an empty reason is no reason. */
export function cleanReason(reason: string | null, usage?: ActionName): string | null {
  if (reason === null) return null;
  const text = stripControlChars(reason).trim();
  if (text.length > INPUT_LIMITS.reason) throw inputTooLong('reason', text.length, INPUT_LIMITS.reason, usage);
  return text || null;
}

/** Refuses a record id that is too long or has characters outside `[A-Za-z0-9._:-]`. */
export function checkRecordId(recordId: string, usage?: ActionName): string {
  if (recordId.length > INPUT_LIMITS.recordId) throw inputTooLong('recordId', recordId.length, INPUT_LIMITS.recordId, usage);
  if (!RECORD_ID_PATTERN.test(recordId)) {
    throw badInput('notRecordId', { recordId: stripControlChars(recordId) }, usage);
  }
  return recordId;
}

/** Refuses a command line over the limit before it is parsed at all. */
export function checkCommandLength(text: string): string {
  if (text.length > INPUT_LIMITS.command) throw inputTooLong('command', text.length, INPUT_LIMITS.command);
  return text;
}

/** Refuses a filter's search phrase over the limit (a longer one cannot be a useful search). */
export function checkFilterPhrase(phrase: string, usage?: ActionName): string {
  if (phrase.length > INPUT_LIMITS.filterPhrase) throw inputTooLong('searchPhrase', phrase.length, INPUT_LIMITS.filterPhrase, usage);
  return phrase;
}
