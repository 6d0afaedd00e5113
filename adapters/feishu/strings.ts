import type { NotesErrorCode } from '../../src/domain/errors.js';

/**
 * Every sentence the Feishu adapter writes itself, in English and Simplified Chinese, in one
 * module so it can move into the shared message catalog as it is (keys and parameters, no
 * sentence assembled elsewhere). Chinese reads as a CRM product does: 记录, 备注, 回收站, 审批, 撤销.
 */
export type Locale = 'en' | 'zh-CN';

export interface FeishuStrings {
  /** The language these strings are in. */
  locale: Locale;
  /** Long operations (jobs): the progress card's title while it runs, and once it ended. */
  jobRunning(jobId: string, percent: number): string;
  jobEnded(jobId: string, status: 'done' | 'cancelled' | 'failed' | 'running'): string;
  stopJob: string;
  stopJobDialog: string;
  /** Told to the requester (named by actor id; card text is plain) in the chat they asked from when their job ends. */
  jobEndedNotice(requester: string, jobId: string): string;
  notes(count: number, more: boolean): string;
  deletedNotes(count: number, more: boolean): string;
  matching(filter: string): string;
  page(page: number, last: boolean): string;
  noNotes(filter: string): string;
  noDeletedNotes(filter: string): string;
  noteLine(recordId: string, authorId: string, day: string): string;
  deletedBy(day: string, actor: string): string;
  delete: string;
  restore: string;
  undo: string;
  cancel: string;
  previous: string;
  next: string;
  selectPlaceholder: string;
  deleteSelected: string;
  confirmTitle: string;
  deleteNoteQuestion(noteId: string): string;
  deleteNoteHint(minutes: number): string;
  confirmDeleteDialog(noteId: string): string;
  bulkTitle(planId: string, count: number, filter: string): string;
  andMore(count: number): string;
  needsApproval: string;
  bulkHint(minutes: number): string;
  confirmBulkButton(count: number): string;
  confirmBulkDialog(count: number): string;
  noteDeleted(noteId: string, recordId: string): string;
  planExecuted(planId: string, deleted: number, skipped: number): string;
  noteAdded(noteId: string, recordId: string): string;
  noteRestored(noteId: string, recordId: string): string;
  planUndone(planId: string, restored: number): string;
  cancelled: string;
  approvalNeeded: string;
  approvalRequested(requestId: string, expires: string): string;
  approvalWaiting(requester: string, expires: string): string;
  approvalDecided(status: string, by: string, at: string): string;
  approve: string;
  reject: string;
  requestLabel: string;
  askedBy: string;
  noteCount: string;
  reason: string;
  status(status: string): string;
  pendingRequests(count: number): string;
  noPendingRequests: string;
  /** `status` is the request's status word (approved, rejected, expired); `by` empty when the bot decided. */
  requesterTold(requestId: string, status: string, by: string): string;
  roleChanged(actor: string, role: string, previous: string): string;
  commandsFor(role: string): string;
  noteTitle(noteId: string, deleted: boolean): string;
  working: string;
  failureNeedsAttention: string;
  backupDigest: string;
  unknownButton: string;
  genericFailure: string;
  cutLines(count: number): string;
  cutItems(count: number): string;
  error(code: NotesErrorCode): string;
}

const en: FeishuStrings = {
  locale: 'en',
  jobRunning: (jobId, percent) => `Job ${jobId} running · ${percent}%`,
  jobEnded: (jobId, status) => `Job ${jobId} ${{ done: 'finished', cancelled: 'stopped', failed: 'failed', running: 'running' }[status]}`,
  stopJob: 'Stop',
  stopJobDialog: 'It stops after the batch it is on; what it did so far stays, and can be undone.',
  jobEndedNotice: (requester, jobId) => `${requester}: your job ${jobId} has ended.`,
  notes: (count, more) => `${count}${more ? '+' : ''} note${count === 1 && !more ? '' : 's'}`,
  deletedNotes: (count, more) => `${count}${more ? '+' : ''} deleted note${count === 1 && !more ? '' : 's'}`,
  matching: (filter) => (filter ? ` matching ${filter}` : ''),
  page: (page, last) => (last ? (page > 1 ? ` — page ${page} of ${page}` : '') : ` — page ${page}`),
  noNotes: (filter) => `No notes${filter ? ` matching ${filter}` : ''}.`,
  noDeletedNotes: (filter) => `No deleted notes${filter ? ` matching ${filter}` : ''}.`,
  noteLine: (recordId, authorId, day) => `${recordId} · ${authorId} · ${day}`,
  deletedBy: (day, actor) => `deleted ${day} by ${actor}`,
  delete: 'Delete',
  restore: 'Restore',
  undo: 'Undo',
  cancel: 'Cancel',
  previous: 'Previous',
  next: 'Next',
  selectPlaceholder: 'Select notes to delete',
  deleteSelected: 'Delete selected',
  confirmTitle: 'Please confirm',
  deleteNoteQuestion: (noteId) => `Delete note ${noteId}?`,
  deleteNoteHint: (minutes) => `The note goes to the trash and can be restored. This question expires in ${minutes} minutes.`,
  confirmDeleteDialog: (noteId) => `Delete note ${noteId}? It goes to the trash and can be restored.`,
  bulkTitle: (planId, count, filter) => `Bulk delete ${planId}: ${count} note${count === 1 ? '' : 's'} match ${filter}`,
  andMore: (count) => `… and ${count} more`,
  needsApproval: 'This is above the approval threshold: after you confirm, a second admin must approve.',
  bulkHint: (minutes) => `Exactly these notes will be deleted; notes added later are not touched. Expires in ${minutes} minutes.`,
  confirmBulkButton: (count) => `Delete ${count} note${count === 1 ? '' : 's'}`,
  confirmBulkDialog: (count) => `Delete exactly these ${count} notes? They go to the trash and can be restored with undo.`,
  noteDeleted: (noteId, recordId) => `Deleted note ${noteId} (${recordId}).`,
  planExecuted: (planId, deleted, skipped) =>
    `Bulk delete ${planId} done: deleted ${deleted} note${deleted === 1 ? '' : 's'}${skipped ? `, skipped ${skipped} (deleted or changed since the preview)` : ''}.`,
  noteAdded: (noteId, recordId) => `Added note ${noteId} to ${recordId}.`,
  noteRestored: (noteId, recordId) => `Restored note ${noteId} on ${recordId}.`,
  planUndone: (planId, restored) => `Undid bulk delete ${planId}: restored ${restored} note${restored === 1 ? '' : 's'}.`,
  cancelled: 'Cancelled. Nothing was changed.',
  approvalNeeded: 'Approval needed',
  approvalRequested: (requestId, expires) => `Approval request ${requestId} sent. An admin other than you must approve it before ${expires}.`,
  approvalWaiting: (requester, expires) => `Waiting for an admin other than ${requester}; expires ${expires}.`,
  approvalDecided: (status, by, at) => `${status} by ${by}${at ? ` at ${at}` : ''}.`,
  approve: 'Approve',
  reject: 'Reject',
  requestLabel: 'Request',
  askedBy: 'Asked by',
  noteCount: 'Notes',
  reason: 'Reason',
  status: (status) => ({ pending: 'Pending', approved: 'Approved', rejected: 'Rejected', expired: 'Expired' })[status] ?? status,
  pendingRequests: (count) => `${count} pending request${count === 1 ? '' : 's'}`,
  noPendingRequests: 'No pending approval requests.',
  requesterTold: (requestId, status, by) => `Your request ${requestId} was ${status}${by ? ` by ${by}` : ''}.`,
  roleChanged: (actor, role, previous) => `${actor} is now ${role} (was ${previous}).`,
  commandsFor: (role) => `Commands for you (${role})`,
  noteTitle: (noteId, deleted) => `Note ${noteId}${deleted ? ' — deleted' : ''}`,
  working: 'Working on it — this card is updated when it is done.',
  failureNeedsAttention: 'Needs attention.',
  backupDigest: 'Backup digest',
  unknownButton: 'That button is not one of mine; run the command again.',
  genericFailure: 'Something went wrong on our side; nothing was changed. Try again in a moment.',
  cutLines: (count) => `… and ${count} more lines (the full text is in the log)`,
  cutItems: (count) => `… and ${count} more not shown here (too long for one card)`,
  error: (code) => ERROR_EN[code],
};

const ERROR_EN: Record<NotesErrorCode, string> = {
  BadInput: 'That command is not quite right',
  UnknownCommand: 'Unknown command',
  NotPermitted: 'You are not allowed to do that',
  NoteNotFound: 'No such note',
  AlreadyDeleted: 'That note is already deleted',
  NotDeleted: 'That note is not deleted',
  PlanNotFound: 'No such bulk delete',
  PlanTooLarge: 'Too many notes for one bulk delete',
  EmptyFilter: 'A filter is needed',
  NothingMatched: 'Nothing matched',
  ConfirmationNotFound: 'That question is no longer open',
  ConfirmationExpired: 'That question has expired',
  ApprovalNotFound: 'No such approval request',
  ApprovalExpired: 'That approval request has expired',
  AlreadyDecided: 'Already decided',
  SelfApproval: 'You cannot approve your own request',
  LastAdmin: 'The last admin cannot be removed',
  ListedAdmin: 'That admin is listed in NOTES_ADMINS',
  ReservedActor: 'That id is reserved for the bot',
  BackupNotFound: 'No such backup',
  BackupInvalid: 'That backup failed verification',
  Unavailable: 'Not available here',
  InputTooLong: 'Too long',
  JobNotFound: 'No such job',
  JobFinished: 'That job has already ended',
};

const zhCN: FeishuStrings = {
  locale: 'zh-CN',
  jobRunning: (jobId, percent) => `任务 ${jobId} 进行中 · ${percent}%`,
  jobEnded: (jobId, status) => `任务 ${jobId} ${{ done: '已完成', cancelled: '已停止', failed: '失败', running: '进行中' }[status]}`,
  stopJob: '停止',
  stopJobDialog: '将在当前批次完成后停止；已完成的部分会保留，并可撤销。',
  jobEndedNotice: (requester, jobId) => `${requester}：你的任务 ${jobId} 已结束。`,
  notes: (count, more) => `${count}${more ? '+' : ''} 条备注`,
  deletedNotes: (count, more) => `${count}${more ? '+' : ''} 条已删除备注`,
  matching: (filter) => (filter ? `（筛选：${filter}）` : ''),
  page: (page, last) => (last ? (page > 1 ? ` — 第 ${page} 页，共 ${page} 页` : '') : ` — 第 ${page} 页`),
  noNotes: (filter) => `没有${filter ? `符合 ${filter} 的` : ''}备注。`,
  noDeletedNotes: (filter) => `回收站中没有${filter ? `符合 ${filter} 的` : ''}备注。`,
  noteLine: (recordId, authorId, day) => `记录 ${recordId} · ${authorId} · ${day}`,
  deletedBy: (day, actor) => `${day} 由 ${actor} 删除`,
  delete: '删除',
  restore: '恢复',
  undo: '撤销',
  cancel: '取消',
  previous: '上一页',
  next: '下一页',
  selectPlaceholder: '选择要删除的备注',
  deleteSelected: '删除所选',
  confirmTitle: '请确认',
  deleteNoteQuestion: (noteId) => `删除备注 ${noteId}？`,
  deleteNoteHint: (minutes) => `备注将移入回收站，可以恢复。此确认 ${minutes} 分钟后失效。`,
  confirmDeleteDialog: (noteId) => `确定删除备注 ${noteId} 吗？备注将移入回收站，可以恢复。`,
  bulkTitle: (planId, count, filter) => `批量删除 ${planId}：${count} 条备注符合 ${filter}`,
  andMore: (count) => `…… 另有 ${count} 条`,
  needsApproval: '数量超过审批阈值：确认后需要另一位管理员审批。',
  bulkHint: (minutes) => `只删除以上这些备注，之后新增的备注不受影响。${minutes} 分钟后失效。`,
  confirmBulkButton: (count) => `删除 ${count} 条备注`,
  confirmBulkDialog: (count) => `确定删除这 ${count} 条备注吗？备注将移入回收站，可用撤销恢复。`,
  noteDeleted: (noteId, recordId) => `已删除备注 ${noteId}（记录 ${recordId}）。`,
  planExecuted: (planId, deleted, skipped) => `批量删除 ${planId} 已完成：删除 ${deleted} 条备注${skipped ? `，跳过 ${skipped} 条（预览后已被删除或修改）` : ''}。`,
  noteAdded: (noteId, recordId) => `已为记录 ${recordId} 添加备注 ${noteId}。`,
  noteRestored: (noteId, recordId) => `已恢复备注 ${noteId}（记录 ${recordId}）。`,
  planUndone: (planId, restored) => `已撤销批量删除 ${planId}：恢复 ${restored} 条备注。`,
  cancelled: '已取消，未做任何更改。',
  approvalNeeded: '需要审批',
  approvalRequested: (requestId, expires) => `已提交审批请求 ${requestId}，需由你以外的管理员在 ${expires} 前审批。`,
  approvalWaiting: (requester, expires) => `等待 ${requester} 以外的管理员审批；${expires} 失效。`,
  approvalDecided: (status, by, at) => `${by}${at ? ` 于 ${at}` : ''} ${status}。`,
  approve: '批准',
  reject: '拒绝',
  requestLabel: '审批单',
  askedBy: '申请人',
  noteCount: '备注数',
  reason: '原因',
  status: (status) => ({ pending: '待审批', approved: '已批准', rejected: '已拒绝', expired: '已过期' })[status] ?? status,
  pendingRequests: (count) => `${count} 条待审批请求`,
  noPendingRequests: '没有待审批的请求。',
  requesterTold: (requestId, status, by) => {
    const verb = ({ approved: '批准', rejected: '拒绝', expired: '过期' } as Record<string, string>)[status] ?? status;
    return by ? `你的审批请求 ${requestId} 已被 ${by} ${verb}。` : `你的审批请求 ${requestId} 已${verb}。`;
  },
  roleChanged: (actor, role, previous) => `${actor} 的角色已改为 ${role}（原为 ${previous}）。`,
  commandsFor: (role) => `你可以使用的命令（${role}）`,
  noteTitle: (noteId, deleted) => `备注 ${noteId}${deleted ? '（已删除）' : ''}`,
  working: '正在处理，完成后会更新此卡片。',
  failureNeedsAttention: '需要处理。',
  backupDigest: '备份摘要',
  unknownButton: '无法识别这个按钮，请重新执行命令。',
  genericFailure: '服务出现问题，未做任何更改，请稍后重试。',
  cutLines: (count) => `…… 另有 ${count} 行（完整内容见日志）`,
  cutItems: (count) => `…… 另有 ${count} 项未显示（超出单张卡片容量）`,
  error: (code) => ERROR_ZH[code],
};

const ERROR_ZH: Record<NotesErrorCode, string> = {
  BadInput: '命令格式不正确',
  UnknownCommand: '未知命令',
  NotPermitted: '你没有执行此操作的权限',
  NoteNotFound: '找不到该备注',
  AlreadyDeleted: '该备注已被删除',
  NotDeleted: '该备注未被删除',
  PlanNotFound: '找不到该批量删除',
  PlanTooLarge: '一次批量删除的备注过多',
  EmptyFilter: '需要提供筛选条件',
  NothingMatched: '没有匹配的备注',
  ConfirmationNotFound: '该确认已失效',
  ConfirmationExpired: '该确认已过期',
  ApprovalNotFound: '找不到该审批请求',
  ApprovalExpired: '该审批请求已过期',
  AlreadyDecided: '该请求已有审批结果',
  SelfApproval: '不能审批自己提交的请求',
  LastAdmin: '不能移除最后一位管理员',
  ListedAdmin: '该管理员由 NOTES_ADMINS 指定',
  ReservedActor: '该 ID 保留给机器人自身',
  BackupNotFound: '找不到该备份',
  BackupInvalid: '该备份未通过校验',
  Unavailable: '此处不可用',
  InputTooLong: '内容过长',
  JobNotFound: '找不到该任务',
  JobFinished: '该任务已结束',
};

const byLocale: Record<Locale, FeishuStrings> = { en, 'zh-CN': zhCN };

export const stringsFor = (locale: Locale): FeishuStrings => byLocale[locale];

/**
 * A Feishu locale (`zh_cn`, `zh-CN`, `en_us`, `en-US`, ...) as one of ours; anything else (or
 * nothing) is the fallback, DEFAULT_LOCALE.
 */
export function toLocale(value: string | undefined, fallback: Locale): Locale {
  const normalized = value?.toLowerCase().replace('_', '-');
  if (!normalized) return fallback;
  if (normalized.startsWith('zh')) return 'zh-CN';
  if (normalized.startsWith('en')) return 'en';
  return fallback;
}
