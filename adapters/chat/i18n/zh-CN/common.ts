import type { Catalog } from '../catalog.js';

/**
 * Part of the Simplified Chinese catalog (index.ts puts the parts together). Words other sentences are
 * built from: formats, language names, roles, statuses, the names of things.
 */

export const format: Catalog['format'] = {
  minute: '{{year}}-{{month}}-{{day}} {{hour}}:{{minute}} UTC',
  day: '{{year}}-{{month}}-{{day}}',
  listSeparator: '、',
  /** A value with a word about it: `b-1（定时备份）`. */
  parenthetical: '{{text}}（{{detail}}）',
  /** A labelled value in a run of details (an audit entry's). */
  label: '{{label}}：{{value}}',
  detailSeparator: '；',
  heading: '{{text}}：',
  none: '无',
  more: '……另有 {{count}} 条',
  seconds: '{{value}} 秒',
  hours_one: '{{count}} 小时',
  hours_other: '{{count}} 小时',
  minutes_one: '{{count}} 分钟',
  minutes_other: '{{count}} 分钟',
};

export const language: Catalog['language'] = {
  en: 'English',
  'zh-CN': '简体中文',
};

export const roleName: Catalog['roleName'] = { viewer: '查看者', member: '成员', admin: '管理员' };

export const roleA: Catalog['roleA'] = { viewer: '查看者', member: '成员', admin: '管理员' };

export const status: Catalog['status'] = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  expired: '已过期',
  previewed: '待确认',
  'awaiting-approval': '等待审批',
  executing: '执行中',
  done: '已完成',
  cancelled: '已取消',
  confirmed: '已确认',
  used: '已使用',
};

export const doing: Catalog['doing'] = {
  decide: '处理审批申请',
  carryOut: '执行此操作',
  actAs: '以它的身份操作',
  beGranted: '被授予角色',
};

export const what: Catalog['what'] = {
  noteId: '备注 ID',
  planId: '计划 ID',
  requestId: '申请 ID',
  token: '确认令牌',
  backupId: '备份 ID',
  recordId: '记录 ID',
  note: '备注',
  reason: '原因',
  command: '命令',
  searchPhrase: '搜索词',
};
