import type { NoteSource } from '../../src/domain/note.js';
import type { SourcedNoteInput } from '../../src/domain/sourcedNote.js';
import type { RowProblem } from '../../src/ports/imports.js';
import { crmAuthor, exportDate, htmlToText, titled } from './cells.js';

/**
 * The CRM export formats, told apart by their header row. Column names are matched without
 * regard to case or surrounding spaces, and each field accepts the names the CRM has used in its
 * exports (the UI export and the API/Data Loader export name them differently).
 */
export type Cells = (names: readonly string[]) => string | undefined;

export interface CsvFormat {
  format: 'zoho' | 'hubspot' | 'salesforce';
  source: NoteSource;
  /** True when the header is this CRM's notes export. */
  matches(has: (names: readonly string[]) => boolean): boolean;
  /** Columns without which no row can become a note: the file is refused up front, naming them. */
  required: { what: string; names: readonly string[] }[];
  /** The note a row holds, or what is wrong with it (a code: worded at the edge). */
  toNote(cell: Cells): SourcedNoteInput | RowProblem;
}

const COLUMNS = {
  zoho: {
    id: ['Record Id', 'Note Id', 'Id'],
    title: ['Note Title'],
    body: ['Note Content'],
    record: ['Parent ID', 'Parent Id', 'Parent_Id'],
    author: ['Note Owner Id', 'Created By Id', 'Note Owner', 'Created By'],
    created: ['Created Time', 'Created_Time'],
  },
  hubspot: {
    id: ['Record ID', 'Note ID', 'Activity ID', 'Object ID', 'hs_object_id'],
    body: ['Note body', 'Body', 'hs_note_body'],
    company: ['Associated Company IDs', 'Associated Company ID', 'Associated Company'],
    deal: ['Associated Deal IDs', 'Associated Deal ID'],
    contact: ['Associated Contact IDs', 'Associated Contact ID'],
    ticket: ['Associated Ticket IDs', 'Associated Ticket ID'],
    author: ['Created by', 'Activity created by', 'hs_created_by', 'Activity assigned to', 'HubSpot owner ID', 'hubspot_owner_id'],
    created: ['Activity date', 'Create date', 'Created at', 'hs_timestamp', 'hs_createdate'],
  },
  salesforce: {
    id: ['Id'],
    title: ['Title'],
    // Note has Body; ContentNote has Content (HTML) and TextPreview.
    body: ['Body', 'TextPreview', 'Content'],
    record: ['ParentId', 'LinkedEntityId'],
    author: ['OwnerId', 'CreatedById'],
    created: ['CreatedDate'],
    deleted: ['IsDeleted'],
  },
} as const;

const createdAt = (cell: Cells, names: readonly string[]) => exportDate(cell(names));
/** An empty cell in a column every row needs, named by the column's header as the CRM writes it. */
const needs = (value: string | undefined, column: string): RowProblem | null => (value?.trim() ? null : { code: 'emptyColumn', params: { column } });

const zoho: CsvFormat = {
  format: 'zoho',
  source: 'zoho',
  matches: (has) => has(COLUMNS.zoho.body),
  required: [
    { what: 'note id', names: COLUMNS.zoho.id },
    { what: 'note content', names: COLUMNS.zoho.body },
    { what: 'parent record id', names: COLUMNS.zoho.record },
  ],
  toNote(cell) {
    const c = COLUMNS.zoho;
    const problem = needs(cell(c.id), 'Record Id') ?? needs(cell(c.record), 'Parent ID');
    if (problem) return problem;
    return {
      source: 'zoho',
      externalId: cell(c.id)!.trim(),
      recordId: cell(c.record)!.trim(),
      body: titled(cell(c.title), cell(c.body)),
      tags: [],
      authorId: crmAuthor('zoho', cell(c.author)),
      createdAt: createdAt(cell, c.created),
    };
  },
};

/** HubSpot notes hang off companies, deals, contacts or tickets: the first one named is the record. */
function hubspotRecord(cell: Cells): string | undefined {
  const c = COLUMNS.hubspot;
  const kinds = [['company', c.company], ['deal', c.deal], ['contact', c.contact], ['ticket', c.ticket]] as const;
  for (const [kind, names] of kinds) {
    const first = (cell(names) ?? '').split(/[;,]/)[0]?.trim();
    if (first) return `${kind}-${first}`;
  }
  return undefined;
}

const hubspot: CsvFormat = {
  format: 'hubspot',
  source: 'hubspot',
  matches: (has) => has(['Note body', 'hs_note_body']) || (has(['Body']) && has([...COLUMNS.hubspot.company, ...COLUMNS.hubspot.contact, ...COLUMNS.hubspot.deal])),
  required: [
    { what: 'note id', names: COLUMNS.hubspot.id },
    { what: 'note body', names: COLUMNS.hubspot.body },
  ],
  toNote(cell) {
    const c = COLUMNS.hubspot;
    const recordId = hubspotRecord(cell);
    const problem = needs(cell(c.id), 'Record ID') ?? (recordId ? null : { code: 'noAssociation' });
    if (problem) return problem;
    return {
      source: 'hubspot',
      externalId: cell(c.id)!.trim(),
      recordId: recordId!,
      body: htmlToText(cell(c.body) ?? ''),
      tags: [],
      authorId: crmAuthor('hubspot', cell(c.author)),
      createdAt: createdAt(cell, c.created),
    };
  },
};

/** ContentNote exports its Content as base64 of the HTML (Data Loader); Note's Body is plain text. */
function salesforceBody(cell: Cells): string {
  const preview = cell(['TextPreview']);
  const body = cell(['Body']);
  if (body?.trim()) return body;
  const content = cell(['Content'])?.trim() ?? '';
  if (content && /^[A-Za-z0-9+/=\s]+$/.test(content) && content.length % 4 === 0) {
    return htmlToText(Buffer.from(content, 'base64').toString('utf8'));
  }
  return htmlToText(content || preview || '');
}

const salesforce: CsvFormat = {
  format: 'salesforce',
  source: 'salesforce',
  matches: (has) => has(['Id']) && has([...COLUMNS.salesforce.record, 'TextPreview', 'Content']),
  required: [
    { what: 'note id', names: COLUMNS.salesforce.id },
    { what: 'note body', names: COLUMNS.salesforce.body },
    { what: 'parent record id', names: COLUMNS.salesforce.record },
  ],
  toNote(cell) {
    const c = COLUMNS.salesforce;
    if (cell(c.deleted)?.trim().toLowerCase() === 'true') return { code: 'deletedInSource', params: { source: 'salesforce' } };
    const problem = needs(cell(c.id), 'Id') ?? needs(cell(c.record), 'ParentId');
    if (problem) return problem;
    return {
      source: 'salesforce',
      externalId: cell(c.id)!.trim(),
      recordId: cell(c.record)!.trim(),
      body: titled(cell(c.title), salesforceBody(cell)),
      tags: [],
      authorId: crmAuthor('salesforce', cell(c.author)),
      createdAt: createdAt(cell, c.created),
    };
  },
};

/** In the order they are tried: Zoho's and HubSpot's headers are distinctive, Salesforce's generic. */
export const CSV_FORMATS: readonly CsvFormat[] = [zoho, hubspot, salesforce];
