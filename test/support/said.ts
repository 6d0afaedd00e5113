import { english } from '../../adapters/chat/i18n/index.js';
import { renderErrorText } from '../../adapters/chat/words.js';
import { isNotesError, type NotesError } from '../../src/domain/errors.js';

/**
 * What an English reader is told for a refusal: errors carry a key and parameters, and the edge
 * renders them (adapters/chat/words.ts). The first line is the message, the second the usage.
 */
export function said(error: unknown): string {
  if (!isNotesError(error)) throw new Error(`expected a NotesError, got ${String(error)}`);
  return renderErrorText(error, english).split('\n')[0];
}

/** The usage line shown under a bad input, in English, or undefined. */
export const usageShown = (error: NotesError): string | undefined => (error.usage ? english.t(`actions.${error.usage}.usage`) : undefined);

/** A refused promise as { code, message, usage } in English, for toMatchObject. */
export async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; message: string; usage?: string }> {
  try {
    await promise;
  } catch (error) {
    if (isNotesError(error)) return { code: error.code, message: said(error), usage: usageShown(error) };
    throw error;
  }
  throw new Error('expected a refusal');
}
