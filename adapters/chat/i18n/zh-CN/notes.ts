import type { Catalog } from '../catalog.js';

/**
 * Part of the Simplified Chinese catalog (index.ts puts the parts together). Notes and their lists,
 * and the confirm / cancel / finish of a delete or a bulk delete.
 */

export const note: Catalog['note'] = {
  added: '已为 {{recordId}} 添加备注 {{id}}。',
  addedTags: '已为 {{recordId}} 添加备注 {{id}}，标签：{{tags}}。',
  heading: '备注 {{id}}（记录 {{recordId}}）',
  headingDeleted: '备注 {{id}}（记录 {{recordId}}，已删除）',
  by: '{{authorId}} 创建于 {{created}}',
  byUpdated: '{{authorId}} 创建于 {{created}}，更新于 {{updated}}',
  tags: '标签：{{tags}}',
  deleted: '{{by}} 于 {{at}} 删除',
  deletedReason: '{{by}} 于 {{at}} 删除（{{reason}}）',
  lineDeleted: '（{{by}} 于 {{on}} 删除）',
  deletedDone: '已删除备注 {{id}}（记录 {{recordId}}）。输入 restore {{id}} 可撤销。',
  restored: '已恢复备注 {{id}}（记录 {{recordId}}）。',
  reason: '原因：{{reason}}',
};

export const list: Catalog['list'] = {
  notes_one: '{{count}} 条备注',
  notes_other: '{{count}} 条备注',
  notesMore: '{{count}}+ 条备注',
  deleted_one: '{{count}} 条已删除备注',
  deleted_other: '{{count}} 条已删除备注',
  deletedMore: '{{count}}+ 条已删除备注',
  noneLive: '没有备注。',
  noneDeleted: '回收站是空的。',
  noneLiveMatching: '没有匹配 {{filter}} 的备注。',
  noneDeletedMatching: '回收站中没有匹配 {{filter}} 的备注。',
  matching: '，匹配 {{filter}}',
  page: '，第 {{page}} 页',
  pageOf: '，第 {{page}} 页，共 {{pages}} 页',
  previous: '上一页：{{command}}',
  next: '下一页：{{command}}',
  nav: '（{{links}}）',
  navSeparator: '；',
  /** Page buttons of a list whose filter is too long to ride on a button. */
  typePages: '如需翻页，请在同一命令后加上 {{pages}}。',
  restoreHint: '输入 restore <备注ID> 可恢复备注。',
};

export const confirm: Catalog['confirm'] = {
  deleteNote: '确定删除备注 {{id}}（记录 {{recordId}}）吗？',
  prompt: '输入 y 确认，直接回车取消：',
  planHeadSelected_one: '批量删除 {{planId}}：选中的 {{count}} 条备注。',
  planHeadSelected_other: '批量删除 {{planId}}：选中的 {{count}} 条备注。',
  planHead_one: '批量删除 {{planId}}：{{count}} 条备注匹配 {{filter}}。',
  planHead_other: '批量删除 {{planId}}：{{count}} 条备注匹配 {{filter}}。',
  selectedNotes_one: '所选的 {{count}} 条备注',
  selectedNotes_other: '所选的 {{count}} 条备注',
  aboveThreshold: '数量超过审批阈值：你确认后，还须另一位管理员审批。',
  exactly_one: '确定删除这 {{count}} 条备注吗？',
  exactly_other: '确定删除这 {{count}} 条备注吗？',
};

export const cancelled: Catalog['cancelled'] = {
  plan: '已取消批量删除 {{planId}}，没有删除任何备注。',
  note: '已取消删除备注 {{noteId}}，备注保持不变。',
  backup: '已取消从备份 {{backupId}} 恢复，没有任何更改。',
};

export const plan: Catalog['plan'] = {
  done_one: '批量删除 {{planId}} 已完成：删除了 {{count}} 条备注。',
  done_other: '批量删除 {{planId}} 已完成：删除了 {{count}} 条备注。',
  doneSkipped_one: '批量删除 {{planId}} 已完成：删除了 {{count}} 条备注，跳过 {{skipped}} 条（预览后已被删除或修改）。',
  doneSkipped_other: '批量删除 {{planId}} 已完成：删除了 {{count}} 条备注，跳过 {{skipped}} 条（预览后已被删除或修改）。',
  undoHint: '输入 undo {{planId}} 可撤销。',
  undone_one: '已撤销批量删除 {{planId}}：恢复了 {{count}} 条备注。',
  undone_other: '已撤销批量删除 {{planId}}：恢复了 {{count}} 条备注。',
};
