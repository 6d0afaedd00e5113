import type { ChainProblem } from '../../src/domain/audit.js';
import type { BackupProblem, StoredProblem } from '../../src/ports/backups.js';
import type { DrillProblem } from '../../src/ports/jobState.js';
import { english, type Translator } from './i18n/index.js';

/**
 * Problems are stored as codes with their fields (a backup's verification, a restore drill, a
 * break in the audit chain); this words them in the reader's language. A string is a sentence
 * an older version stored: shown as it is. A code this version does not know is named, not lost.
 */

const COLLECTIONS = new Set(['notes', 'roles', 'audit']);

/** "notes", "备注": a collection named inside a sentence; an unknown one by its own name. */
export const collectionText = (name: string, tr: Translator = english): string =>
  COLLECTIONS.has(name) ? tr.t(`backup.collection.${name as 'notes'}`) : name;

/** "120 notes", "120 条备注": a count of a collection's records. */
function countOf(collection: string, count: number, tr: Translator): string {
  return COLLECTIONS.has(collection)
    ? tr.t(`backup.counts.${collection as 'notes'}`, { count })
    : tr.t('backup.counts.other', { count, name: collection });
}

export function chainProblemText(problem: ChainProblem | string | undefined, tr: Translator = english): string {
  if (problem === undefined) return tr.t('backup.unknownProblem');
  if (typeof problem === 'string') return problem;
  switch (problem.code) {
    case 'sequenceJump':
      return tr.t('audit.problem.sequenceJump', { from: problem.from, to: problem.to });
    case 'linkMismatch':
    case 'hashMismatch':
      return tr.t(`audit.problem.${problem.code}`);
    default:
      return tr.t('backup.problem.other', { code: (problem as { code: string }).code });
  }
}

/** A backup verification's or a restore drill's problem, as the reader reads it. */
export function problemText(problem: StoredProblem<BackupProblem | DrillProblem> | undefined, tr: Translator = english): string {
  if (problem === undefined) return tr.t('backup.unknownProblem');
  if (typeof problem === 'string') return problem;
  const { t } = tr;
  switch (problem.code) {
    case 'missing':
    case 'sha256Mismatch':
    case 'noBackup':
      return t(`backup.problem.${problem.code}`);
    case 'unreadable':
      return t('backup.problem.unreadable', { detail: problem.detail });
    case 'notJson':
    case 'notRecord':
    case 'cutOff':
      return t(`backup.problem.${problem.code}`, { line: problem.line });
    case 'countMismatch':
      return t('backup.problem.countMismatch', {
        expected: countOf(problem.collection, problem.expected, tr),
        found: countOf(problem.collection, problem.found, tr),
      });
    case 'restoredCount':
      return t('backup.problem.restoredCount', {
        restored: countOf(problem.collection, problem.restored, tr),
        expected: countOf(problem.collection, problem.expected, tr),
      });
    case 'restoredDiffers':
      return t('backup.problem.restoredDiffers', { collection: collectionText(problem.collection, tr) });
    case 'auditChainBroken':
      return t('backup.problem.auditChainBroken', { at: problem.at, problem: chainProblemText(problem.chain, tr) });
    default:
      return t('backup.problem.other', { code: (problem as { code: string }).code });
  }
}

/** A problem carried in a NotesError's parameters (adapters/backups/reader.ts problemParams), rebuilt. */
export function problemOfParams(params: Record<string, string | number>): BackupProblem {
  const fields = Object.fromEntries(
    Object.entries(params)
      .filter(([name]) => name.startsWith('problem.'))
      .map(([name, value]) => [name.slice('problem.'.length), value]),
  );
  return { ...fields, code: String(params.problemCode) } as BackupProblem;
}
