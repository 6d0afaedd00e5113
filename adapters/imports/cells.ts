import type { ActorId } from '../../src/domain/actor.js';
import type { NoteSource } from '../../src/domain/note.js';

/**
 * Cell conversions shared by the export formats: CRM dates, HTML note bodies, CRM users as authors.
 */

/** Who wrote a note when the export does not say (a system id: never a person's). */
export const IMPORT_AUTHOR: ActorId = 'system:import';

/**
 * A CRM user as a note author, qualified by the CRM (`salesforce:005xx...`), like chat actors
 * are by platform. Characters an actor id cannot hold become `_`.
 */
export function crmAuthor(source: NoteSource, value: string | undefined): ActorId {
  const cleaned = (value ?? '').trim().replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 128);
  return cleaned ? `${source}:${cleaned}` : IMPORT_AUTHOR;
}

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * A creation time as CRMs export it: ISO 8601 with a zone (Salesforce, Zoho), `YYYY-MM-DD HH:mm[:ss]`
 * without one (read as UTC: the exports' documented default), a bare date, or epoch milliseconds
 * (HubSpot's `hs_timestamp`). Empty is null (the import's time is used); anything else is an invalid Date.
 */
export function exportDate(value: string | undefined): Date | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  if (/^\d{12,14}$/.test(text)) return new Date(Number(text));
  const local = LOCAL_TIME.exec(text);
  if (local) return new Date(`${local[1]}T${local[2]}Z`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) return new Date(text);
  return new Date(Number.NaN);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Note bodies that HubSpot and Salesforce (ContentNote) export as HTML, as plain text: line
 * breaks kept, tags dropped, entities decoded. Plain text passes through unchanged.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A title and a body as one note text: the title on its own line first, when there is one. */
export function titled(title: string | undefined, body: string | undefined): string {
  const head = (title ?? '').trim();
  const text = (body ?? '').trim();
  return head && text && !text.startsWith(head) ? `${head}\n${text}` : text || head;
}
