import type { ApprovalRequest } from '../../../src/domain/approval.js';
import type { Operation } from '../../../src/domain/operation.js';
import type { Digest, DigestTopic } from '../../../adapters/chat/digestPublisher.js';
import { BODY, REASON } from './hostileText.js';
import { allOperations, backup, decided, importReport, pendingApproval } from './outcomeSamples.js';

/**
 * What platforms post besides answers, at their largest: approval cards in every status, job
 * digests of 200 long lines, and progress messages of every operation kind in every state.
 */

/** A note delete with a marked-up excerpt and a bulk plan with the longest filter, in every status. */
export const approvalSamples: Array<{ label: string; request: ApprovalRequest }> = [0, 1, 3].flatMap((i) => {
  const pending = pendingApproval(i);
  return [
    { label: `${pending.id} ${pending.kind} pending`, request: pending },
    ...(['approved', 'rejected', 'expired'] as const).map((status) => ({ label: `${pending.id} ${pending.kind} ${status}`, request: decided(status, pending) })),
  ];
});

const DIGEST_LINES = 200;
/** `L0000` first: a marker no platform escapes, to find the line in the rendered message. */
export const lineMarker = (i: number) => `L${String(i).padStart(4, '0')}`;
const line = (i: number, chinese: boolean) => `${lineMarker(i)} ${(chinese ? BODY.chinese : BODY.markup).slice(0, 400)}`;

/** Each topic, in English and in Chinese, with 200 lines of 400 characters (a roles review of a large workspace). */
export const digestSamples: Array<{ label: string; digest: Digest }> = (['backup', 'backup-failed', 'trash-purge', 'roles-review'] as DigestTopic[]).flatMap((topic) =>
  [false, true].map((chinese) => ({
    label: `${topic} ${chinese ? 'zh-CN' : 'en'}`,
    digest: {
      topic,
      ok: topic !== 'backup-failed',
      title: chinese ? `备份 ${backup(0).id} 已完成：1,234,567 条笔记` : `Backup ${backup(0).id} written: 1,234,567 notes <!channel>`,
      lines: Array.from({ length: DIGEST_LINES }, (_, i) => line(i, chinese)),
      locale: chinese ? ('zh-CN' as const) : ('en' as const),
    },
  })),
);

const withResult = (op: Operation, result: Record<string, unknown>): Operation => ({ ...op, result });
const find = (kind: Operation['kind'], status: Operation['status']) => allOperations.find((op) => op.kind === kind && op.status === status)!;

/** Every kind in every state, plus the ended ones that carry data: a backup's file, an import's report, work that cannot stop. */
export const progressSamples: Array<{ label: string; view: Operation }> = [
  ...allOperations.map((view) => ({ label: `${view.kind} ${view.status}`, view })),
  { label: 'backup done with its file', view: withResult(find('backup', 'done'), { backup: backup(2) }) },
  { label: 'import done with its report', view: withResult(find('import', 'done'), { report: importReport }) },
  { label: 'import stopped with its report', view: withResult(find('import', 'cancelled'), { report: importReport }) },
  { label: 'restore running, not stoppable', view: withResult(find('backup-restore', 'running'), { stoppable: false }) },
  { label: 'bulk delete failed, long failure', view: withResult(find('bulk-delete', 'failed'), { failure: REASON.chinese }) },
];
