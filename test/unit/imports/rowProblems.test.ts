import { importProblemText, renderIngestText } from '../../../adapters/chat/renderIngest.js';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { ndjsonRow } from '../../../adapters/imports/ndjsonExport.js';
import type { RowProblem } from '../../../src/ports/imports.js';
import type { ImportReport } from '../../../src/usecases/importNotes.js';
import { englishWords } from '../../support/english.js';

/**
 * A bad row of an import is a code and its data (src/ports/imports.ts), worded at the edge in the
 * reader's language: nothing English reaches a Chinese reader but the names that are data.
 */
const en = translatorFor('en');
const zh = translatorFor('zh-CN');

const WORDING: Array<[RowProblem, string, string]> = [
  [{ code: 'notJson' }, 'the line is not JSON.', '不是有效的 JSON。'],
  [{ code: 'notObject' }, 'the line holds no note object.', '该行不是备注对象。'],
  [{ code: 'missingField', params: { field: 'recordId' } }, 'the field recordId is missing.', '缺少 recordId 字段。'],
  [{ code: 'emptyField', params: { field: 'id' } }, 'the field id is empty.', 'id 字段为空。'],
  [{ code: 'badField', params: { field: 'tags.1' } }, 'the field tags.1 has a value of the wrong kind.', 'tags.1 字段的值类型不对。'],
  [{ code: 'emptyColumn', params: { column: 'ParentId' } }, 'the ParentId column is empty.', 'ParentId 列为空。'],
  [{ code: 'noAssociation' }, 'the note is associated with no company, deal, contact or ticket.', '该备注未关联任何公司、交易、联系人或工单。'],
  [{ code: 'deletedInSource', params: { source: 'salesforce' } }, 'the note is deleted in Salesforce.', '该备注在 Salesforce 中已删除。'],
  [{ code: 'deletedInExport' }, 'the note is deleted in the export.', '该备注在导出文件中已删除。'],
  [{ code: 'noId' }, 'the note has neither an id nor a source and externalId.', '该备注既没有 ID，也没有来源（source）和外部 ID（externalId）。'],
];

test.each(WORDING)('%j reads in English and in Chinese', (problem, english, chinese) => {
  expect(importProblemText({ line: 2, problem }, en)).toBe(english);
  expect(importProblemText({ line: 2, problem }, zh)).toBe(chinese);
});

test('zod’s findings become a field and a code, never zod’s English message', () => {
  const row = (value: unknown) => ndjsonRow(JSON.stringify(value), 7);
  expect(ndjsonRow('{oops', 2)).toEqual({ line: 2, problem: { code: 'notJson' } });
  expect(row([1, 2])).toEqual({ line: 7, problem: { code: 'notObject' } });
  expect(row({ body: 'x' })).toEqual({ line: 7, problem: { code: 'missingField', params: { field: 'recordId' } } });
  expect(row({ recordId: 5, body: 'x' })).toEqual({ line: 7, problem: { code: 'badField', params: { field: 'recordId' } } });
  expect(row({ id: '', recordId: 'a-1', body: 'x' })).toEqual({ line: 7, problem: { code: 'emptyField', params: { field: 'id' } } });
  expect(row({ recordId: 'a-1', body: 'x', tags: ['ok', 3] })).toEqual({ line: 7, problem: { code: 'badField', params: { field: 'tags.1' } } });
  expect(row({ recordId: 'a-1', body: 'x', source: 'sugarcrm', externalId: '9' })).toEqual({ line: 7, problem: { code: 'badField', params: { field: 'source' } } });
  // A backup line's note is checked inside its wrapper: the field is the note's own.
  expect(row({ c: 'note', d: { id: 'n-1', body: 'x' } })).toEqual({ line: 7, problem: { code: 'missingField', params: { field: 'recordId' } } });
  expect(row({ recordId: 'a-1', body: 'x' })).toEqual({ line: 7, problem: { code: 'noId' } });
});

const report: ImportReport = {
  file: 'notes.ndjson',
  format: 'ndjson',
  rows: 6,
  created: 1,
  updated: 0,
  unchanged: 0,
  inTrash: 0,
  skipped: 5,
  problems: [
    { line: 2, problem: { code: 'notJson' } },
    { line: 3, problem: { code: 'missingField', params: { field: 'recordId' } } },
    { line: 4, problem: { code: 'emptyColumn', params: { column: 'ParentId' } } },
    { line: 5, problem: { code: 'deletedInSource', params: { source: 'salesforce' } } },
    { line: 6, error: { key: 'rowIdTooLong', params: { max: 255 } } },
  ],
};

test('an import report in Chinese: every bad row in Chinese, only names that are data in Latin letters', () => {
  const text = renderIngestText({ kind: 'import-done', report }, zh);
  expect(text).toContain('第 2 行：不是有效的 JSON。');
  expect(text).toContain('第 3 行：缺少 recordId 字段。');
  expect(text).toContain('第 4 行：ParentId 列为空。');
  expect(text).toContain('第 5 行：该备注在 Salesforce 中已删除。');
  const data = ['notes.ndjson', 'ndjson', 'recordId', 'ParentId', 'JSON'];
  expect(englishWords(data.reduce((rest, d) => rest.replaceAll(d, ''), text))).toEqual([]);
});

test('a report stored before the codes, with English sentences, is still shown as it was', () => {
  const old = { ...report, problems: [{ line: 2, problem: 'the line is not JSON.' }, { line: 3, problem: 'BadInput: rowNoId {}', error: { key: 'rowNoId' as const, params: {} } }] };
  const text = renderIngestText({ kind: 'import-done', report: old }, zh);
  expect(text).toContain('第 2 行：the line is not JSON.');
  expect(text).not.toContain('BadInput');
});
