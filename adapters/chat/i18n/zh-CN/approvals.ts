import type { Catalog } from '../catalog.js';

/**
 * Part of the Simplified Chinese catalog (index.ts puts the parts together). Who may do what: approval
 * requests, roles and the audit log.
 */

export const approval: Catalog['approval'] = {
  subjectNote: '删除记录 {{recordId}} 的备注 {{targetId}}：“{{excerpt}}”',
  subjectPlan_one: '批量删除 {{targetId}}：匹配 {{filter}} 的 {{count}} 条备注',
  subjectPlan_other: '批量删除 {{targetId}}：匹配 {{filter}} 的 {{count}} 条备注',
  requested: '已提交审批申请 {{id}}（{{subject}}）。须由除你以外的另一位管理员在 {{expires}} 前批准。',
  decided: '申请 {{id}}：{{status}}（{{by}}）。',
  decidedReason: '申请 {{id}}：{{status}}（{{by}}，原因：{{reason}}）。',
  none: '没有待审批的申请。',
  pending_one: '{{count}} 条待审批申请',
  pending_other: '{{count}} 条待审批申请',
  listLine: '{{id}}  {{subject}}（申请人 {{requesterId}}，{{expires}} 过期）',
  listHint: '输入 approve <申请ID> 批准，或 reject <申请ID> [原因] 驳回。',
  notifyRequested: '[审批] {{requesterId}} 申请{{subject}}。请另一位管理员输入 approve {{id}} 批准，或 reject {{id}} [原因] 驳回。',
  outcome: {
    approved: '已批准并执行',
    rejected: '已驳回',
    rejectedReason: '已驳回：{{reason}}',
    expired: '已过期',
  },
  notifyDecided: '[审批] 申请 {{id}}：{{status}}（{{by}}）。',
};

export const roles: Catalog['roles'] = {
  admins: '管理员：{{admins}}',
  bootstrap: '{{actorId}}（NOTES_ADMINS）',
  grantLine: '{{actorId}}：{{role}}',
  grantLineBy: '{{actorId}}：{{role}}（{{by}} 于 {{on}} 设置）',
  everyoneElse: '其他所有人：{{role}}',
  changed: '{{actorId}} 现在是{{role}}（原为{{previous}}）。',
  unchanged: '{{actorId}} 已经是{{role}}，未做更改。',
};

export const audit: Catalog['audit'] = {
  heading: '审计日志（{{subject}}）：',
  action: {
    note: { add: '添加备注', delete: '删除备注', restore: '恢复备注', purge: '永久清除备注' },
    plan: { create: '创建批量删除计划', confirm: '确认计划', cancel: '取消计划', execute: '执行计划', undo: '撤销计划' },
    approval: { request: '发起审批', approve: '批准', reject: '驳回', expire: '审批过期' },
    role: { grant: '授予角色', revoke: '收回角色' },
    backup: { create: '创建备份', verify: '校验备份', restore: '从备份恢复' },
    crm: { sync: 'CRM 同步', send: '推送到 CRM', giveUp: '放弃推送到 CRM' },
    notes: { import: '导入备注' },
    token: { create: '创建令牌', revoke: '吊销令牌' },
    job: { cancel: '停止任务' },
    channel: { lang: '设置频道语言' },
  },
  field: {
    body: '内容',
    reason: '原因',
    filter: '筛选条件',
    deleted: '已删除',
    skipped: '已跳过',
    restored: '已恢复',
    role: '角色',
    previous: '原角色',
    requesterId: '申请人',
    subject: '对象',
    summary: '摘要',
    source: 'CRM',
    change: '变更',
    crmIds: 'CRM 编号',
    attempt: '尝试次数',
    result: '结果',
    error: '错误',
    locale: '语言',
    previousLocale: '原语言',
  },
  crmChange: { delete: '删除', restore: '恢复', recreate: '重新创建' },
  crmResult: { done: '已完成', partial: '部分完成', retry: '稍后重试', failed: '已放弃' },
  subjectRecent: '最近的变更',
  subjectNote: '备注 {{noteId}} 的历史',
  subjectActor: '{{actorId}} 的操作',
  subjectSince: '{{day}} 以来的变更',
  noteLine: '备注：{{line}}',
  recordExcerpt: '记录 {{recordId}}：“{{excerpt}}”',
  moreTargets: '，另有 {{count}} 项',
  detail: '（{{detail}}）',
  nothing: '没有任何记录。',
  intact_one: '审计日志完整：已校验 {{count}} 条，每个哈希和链接都一致。',
  intact_other: '审计日志完整：已校验 {{count}} 条，每个哈希和链接都一致。',
  broken: '审计日志在第 #{{at}} 条处被破坏：{{problem}}（之前的 {{checked}} 条完好）。',
  problem: {
    sequenceJump: '序号从 {{from}} 直接跳到 {{to}}',
    linkMismatch: '与上一条的链接不一致',
    hashMismatch: '条目内容与其哈希值不一致',
  },
};
