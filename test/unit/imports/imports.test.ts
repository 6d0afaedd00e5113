import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ExportFiles } from '../../../adapters/imports/exportFiles.js';
import { isNotesError } from '../../../src/domain/errors.js';
import type { ImportProgress } from '../../../src/ports/imports.js';
import { importFile } from '../../../src/usecases/importNotes.js';
import { expectKind, makeCore } from '../../support/core.js';
import { renderErrorText } from '../../../adapters/chat/words.js';
import { importProblemText } from '../../../adapters/chat/renderIngest.js';
import type { NotesError } from '../../../src/domain/errors.js';
import type { ImportProblem } from '../../../src/usecases/importNotes.js';

/** A bad row's problem as an English reader sees it. */
const problemText = (p: ImportProblem) => importProblemText(p);

const dir = mkdtempSync(join(tmpdir(), 'imports-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const BOM = '\uFEFF';

function setup() {
  const core = makeCore();
  const files = new ExportFiles(dir);
  const ctx = core.ctx('console:admin');
  const progress: ImportProgress[] = [];
  const run = async (path: string) => expectKind(await importFile(core.deps, ctx, files, path, { onProgress: (p) => progress.push(p) }), 'import-done').report;
  return { core, run, progress };
}

const zohoCsv = [
  `${BOM}Record Id,Note Owner,Note Title,Note Content,Parent ID,Parent Module,Created Time`,
  'zcrm_1,Jane Doe,Call,"Said ""yes"", needs quote #renewal",zcrm_acct_1,Accounts,2024-03-05 14:22:11',
  'zcrm_2,Li Wei,,"第一行',
  '第二行 客户同意续约",zcrm_acct_2,Accounts,2024-03-06T09:00:00+08:00',
  'zcrm_3,Jane Doe,,,zcrm_acct_1,Accounts,2024-03-07 10:00:00',
  'zcrm_4,Jane Doe,,missing parent,,Accounts,2024-03-07 10:00:00',
  'zcrm_5,Jane Doe,,short row',
  'zcrm_6,Jane Doe,,bad date,zcrm_acct_1,Accounts,yesterday',
].join('\r\n');

describe('import of a Zoho CRM Notes CSV', () => {
  test('maps good rows, skips bad ones by line number, and is idempotent', async () => {
    const { core, run, progress } = setup();
    const path = file('zoho.csv', zohoCsv);
    const report = await run(path);
    expect(report).toMatchObject({ file: 'zoho.csv', format: 'zoho', rows: 6, created: 2, updated: 0, skipped: 4 });
    expect(report.problems.map((p) => p.line)).toEqual([5, 6, 7, 8]);
    expect(problemText(report.problems[0])).toMatch(/no text/);
    expect(report.problems[1]).toEqual({ line: 6, problem: { code: 'emptyColumn', params: { column: 'Parent ID' } } });
    expect(problemText(report.problems[1])).toBe('the Parent ID column is empty.');
    // A note's limit is kept as the error's key and parameters: no sentence in the stored report.
    expect(report.problems[0]).toEqual({ line: 5, error: { key: expect.any(String), params: expect.any(Object) } });
    expect(problemText(report.problems[3])).toMatch(/not a date/);
    const quoted = await core.deps.notes.findBySource('zoho', 'zcrm_1');
    expect(quoted).toMatchObject({ recordId: 'zcrm_acct_1', body: 'Call\nSaid "yes", needs quote #renewal', tags: ['renewal'], authorId: 'zoho:Jane_Doe' });
    expect(quoted!.createdAt.toISOString()).toBe('2024-03-05T14:22:11.000Z');
    const chinese = await core.deps.notes.findBySource('zoho', 'zcrm_2');
    expect(chinese!.body).toBe('第一行\n第二行 客户同意续约');
    expect(chinese!.createdAt.toISOString()).toBe('2024-03-06T01:00:00.000Z');
    expect(progress.at(-1)).toEqual({ phase: 'writing', rows: 6, total: 6 });

    const again = await run(path);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 4 });
    expect(await core.deps.notes.count({ state: 'live' })).toBe(2);
    const audits = core.stores.audit.entries.filter((e) => e.action === 'notes.import');
    expect(audits).toHaveLength(2);
    expect(audits[0].details).toMatchObject({ file: 'zoho.csv', format: 'zoho', rows: 6, created: 2, skipped: 4, badLines: [5, 6, 7, 8] });
  });

  test('an edited export updates the note in place', async () => {
    const { core, run } = setup();
    await run(file('z1.csv', 'Record Id,Note Content,Parent ID\nz-9,first text,acct-9\n'));
    core.clock.advanceMinutes(5);
    const report = await run(file('z2.csv', 'Record Id,Note Content,Parent ID\nz-9,edited text,acct-9\n'));
    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect((await core.deps.notes.findBySource('zoho', 'z-9'))!.body).toBe('edited text');
    expect(await core.deps.notes.count({ state: 'live' })).toBe(1);
  });
});

describe('import of a HubSpot notes export', () => {
  test('HTML bodies become text, the first associated object is the record, unassociated rows are skipped', async () => {
    const { core, run } = setup();
    const csv = [
      'Record ID,Note body,Activity date,Created by,Associated Company IDs,Associated Contact IDs',
      '101,"<p>Met the buyer &amp; CFO</p><p>Next: <b>demo</b></p>",2024-05-01 10:30,owner 7,"555;556",',
      '102,<p>联系人说下周回复</p>,1714559400000,,,901',
      '103,<p>orphan</p>,2024-05-01 10:30,,,',
    ].join('\n');
    const report = await run(file('hubspot.csv', csv));
    expect(report).toMatchObject({ format: 'hubspot', rows: 3, created: 2, skipped: 1 });
    expect(report.problems).toEqual([{ line: 4, problem: { code: 'noAssociation' } }]);
    expect(problemText(report.problems[0])).toBe('the note is associated with no company, deal, contact or ticket.');
    expect(await core.deps.notes.findBySource('hubspot', '101')).toMatchObject({ recordId: 'company-555', body: 'Met the buyer & CFO\nNext: demo', authorId: 'hubspot:owner_7' });
    const contact = await core.deps.notes.findBySource('hubspot', '102');
    expect(contact).toMatchObject({ recordId: 'contact-901', body: '联系人说下周回复', authorId: 'system:import' });
    expect(contact!.createdAt.getTime()).toBe(1714559400000);
  });
});

describe('import of Salesforce Note and ContentNote CSVs', () => {
  test('Note: Title and Body, ParentId; deleted rows skipped', async () => {
    const { core, run } = setup();
    const csv = [
      '"Id","ParentId","Title","Body","OwnerId","CreatedDate","IsDeleted"',
      '"002A","001X","Kickoff","Agreed scope,\nsigned ""SOW""","005U","2024-02-01T08:00:00.000Z","false"',
      '"002B","001X","Old","gone","005U","2024-02-01T08:00:00.000Z","true"',
    ].join('\n');
    const report = await run(file('sf-note.csv', csv));
    expect(report).toMatchObject({ format: 'salesforce', rows: 2, created: 1, skipped: 1 });
    expect(report.problems).toEqual([{ line: 4, problem: { code: 'deletedInSource', params: { source: 'salesforce' } } }]);
    expect(await core.deps.notes.findBySource('salesforce', '002A')).toMatchObject({ recordId: '001X', body: 'Kickoff\nAgreed scope,\nsigned "SOW"', authorId: 'salesforce:005U' });
  });

  test('ContentNote: base64 HTML Content and LinkedEntityId', async () => {
    const { core, run } = setup();
    const content = Buffer.from('<p>Renewal risk: 高</p>').toString('base64');
    const csv = `Id,Title,Content,LinkedEntityId,CreatedDate\n069A,Risk,${content},006Q,2024-02-02T08:00:00.000Z\n`;
    const report = await run(file('sf-contentnote.csv', csv));
    expect(report).toMatchObject({ format: 'salesforce', created: 1 });
    expect((await core.deps.notes.findBySource('salesforce', '069A'))!.body).toBe('Risk\nRenewal risk: 高');
  });
});

describe('import of the bot’s own NDJSON', () => {
  const lines = [
    JSON.stringify({ c: 'note', d: { id: 'n-abc123', recordId: 'acct-1', body: 'from a backup #b', tags: ['b'], authorId: 'slack:U1', createdAt: '2024-01-01T00:00:00.000Z', deletedAt: null } }),
    JSON.stringify({ c: 'role', d: { actorId: 'slack:U1', role: 'admin' } }),
    '{not json',
    JSON.stringify({ recordId: 'acct-2', body: 'bare, from HubSpot', source: 'hubspot', externalId: '77' }),
    JSON.stringify({ c: 'note', d: { id: 'n-del', recordId: 'acct-1', body: 'deleted', deletedAt: '2024-02-01T00:00:00.000Z' } }),
    JSON.stringify({ recordId: 'acct-3' }),
  ].join('\n');

  test('backup lines and bare notes import; role lines pass; bad lines are reported', async () => {
    const { core, run } = setup();
    const report = await run(file('notes.ndjson', lines));
    expect(report).toMatchObject({ format: 'ndjson', rows: 5, created: 2, skipped: 3 });
    expect(report.problems).toEqual([
      { line: 3, problem: { code: 'notJson' } },
      { line: 5, problem: { code: 'deletedInExport' } },
      { line: 6, problem: { code: 'missingField', params: { field: 'body' } } },
    ]);
    expect(await core.deps.notes.findBySource('import', 'n-abc123')).toMatchObject({ body: 'from a backup #b', authorId: 'slack:U1' });
    expect(await core.deps.notes.findBySource('hubspot', '77')).toMatchObject({ recordId: 'acct-2' });
  });

  test('a gzipped backup file is read too', async () => {
    const { run } = setup();
    const report = await run(file('backup.ndjson.gz', gzipSync(lines)));
    expect(report).toMatchObject({ format: 'ndjson', created: 2 });
  });
});

describe('files refused up front, nothing written', () => {
  const refusal = async (name: string, content: string) => {
    const { core, run } = setup();
    const error = await run(file(name, content)).catch((e: unknown) => e);
    expect(isNotesError(error, 'BadInput')).toBe(true);
    expect(await core.deps.notes.count({ state: 'live' })).toBe(0);
    expect(core.stores.audit.entries).toHaveLength(0);
    return renderErrorText(error as NotesError);
  };
  test('an unknown header', async () => {
    expect(await refusal('other.csv', 'a,b,c\n1,2,3\n')).toMatch(/not an export this bot knows/);
  });
  test('a known export missing a required column names the column', async () => {
    expect(await refusal('nozohoid.csv', 'Note Content,Parent ID\nhello,acct-1\n')).toMatch(/lacks these columns: "Record Id" \/ "Note Id" \/ "Id"\.\n/);
  });
  test('an unclosed quote half-way: not even the good rows before it are written', async () => {
    const good = Array.from({ length: 700 }, (_, i) => `z${i},fine,acct-1`).join('\n');
    expect(await refusal('broken.csv', `Record Id,Note Content,Parent ID\n${good}\nzbad,"never closed,acct-1\n`)).toMatch(/cannot be read as a zoho export.*Nothing was imported/);
  });
  test('a missing file', async () => {
    expect(await refusal('../nope/missing.csv', '').catch(() => 'x')).toBeDefined();
    const { run } = setup();
    const missing = await run('does-not-exist.csv').catch((e: unknown) => e);
    expect(renderErrorText(missing as NotesError)).toMatch(/There is no file does-not-exist.csv/);
  });
});

test('import is refused outside the console: a chat user must not make the bot read its files', async () => {
  const { core } = setup();
  const ctx = { ...core.ctx('slack:UADMIN'), origin: { platform: 'slack' as const, channelId: 'C1' } };
  await expect(importFile(core.deps, ctx, new ExportFiles(dir), 'zoho.csv')).rejects.toMatchObject({ code: 'NotPermitted' });
});
