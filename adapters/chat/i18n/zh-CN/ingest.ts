import type { Catalog } from '../catalog.js';

/**
 * Part of the Simplified Chinese catalog (index.ts puts the parts together). Notes coming in from
 * outside: file imports, API tokens and the CRM connectors.
 */

export const ingest: Catalog['ingest'] = {
  imported:
    '已导入 {{file}}（{{format}}）：共 {{rows}} 行 — 新增 {{created}}，更新 {{updated}}，未变 {{unchanged}}，{{inTrash}} 条仍在回收站，跳过 {{skipped}}。',
  badLine: '第 {{line}} 行：{{problem}}',
  moreBadRows_one: '…… 另有 {{count}} 行有误。',
  moreBadRows_other: '…… 另有 {{count}} 行有误。',
  noTokens: '还没有 API 令牌。输入 tokens create <名称> 创建。',
  tokensHeading: 'API 令牌（均以成员身份操作）：',
  tokenLine: '{{name}} — 身份 {{actorId}}，{{by}} 创建于 {{created}}',
  tokenCreated: '已创建令牌 {{name}}，它以成员角色的 {{actorId}} 身份操作。请立即复制：令牌以哈希形式保存，不会再次显示。',
  tokenHowTo: '请求 /api/v1/notes 时，在请求头中带上 Authorization: Bearer <令牌>。',
  tokenRevoked: '已吊销令牌 {{name}}：此后携带它的请求都会被拒绝。',
  problem: {
    notJson: '不是有效的 JSON。',
    notObject: '该行不是备注对象。',
    missingField: '缺少 {{field}} 字段。',
    emptyField: '{{field}} 字段为空。',
    badField: '{{field}} 字段的值类型不对。',
    emptyColumn: '{{column}} 列为空。',
    noAssociation: '该备注未关联任何公司、交易、联系人或工单。',
    deletedInSource: '该备注在 {{source}} 中已删除。',
    deletedInExport: '该备注在导出文件中已删除。',
    noId: '该备注既没有 ID，也没有来源（source）和外部 ID（externalId）。',
  },
  crmName: { zoho: 'Zoho', hubspot: 'HubSpot', salesforce: 'Salesforce' },
};

export const crm: Catalog['crm'] = {
  source: { zoho: 'Zoho', hubspot: 'HubSpot' },
  notes_one: '{{count, number}} 条备注',
  notes_other: '{{count, number}} 条备注',
  pages_one: '{{count, number}} 页',
  pages_other: '{{count, number}} 页',
  attempts_one: '{{count}} 次尝试',
  attempts_other: '{{count}} 次尝试',
  pulled: '{{source}}：已拉取 {{notes}}（新增 {{added, number}}，更新 {{updated, number}}，未变 {{unchanged, number}}），共 {{pages}}。',
  stopped: '{{source}}：同步在拉取 {{notes}}后中断：{{problem}}。下次运行会从中断处继续。',
  lastSync: '上次同步 {{at}}',
  lastSyncFailed: '上次同步 {{at}} 失败（{{problem}}）',
  neverSynced: '从未同步',
  changesSince: '{{since}} 以来的变更',
  changesSincePage: '{{since}} 以来的变更，第 {{page}} 页',
  theBeginning: '最初',
  fromTheBeginning: '从头开始',
  connector: '{{source}}：{{last}}；下次拉取：{{cursor}}。',
  outbox: '待发送队列：等待 {{pending, number}}，发送中 {{sending, number}}，失败 {{failed, number}}。',
  change: { delete: '删除', restore: '恢复' },
  failure: '失败：备注 {{noteId}} 的{{change}}同步在 {{attempts}}后仍未成功：{{error}}',
  problem: {
    refused: '{{crm}} 拒绝了请求（状态码 {{status}}）：{{detail}}',
    authRefused: '{{crm}} 拒绝了 {{setting}} 中的凭据（状态码 {{status}}）：{{detail}}',
    unreachable: '无法连接 {{crm}}（{{detail}}）',
    serverError: '{{crm}} 服务端出错（状态码 {{status}}），稍后会重试',
    rateLimited: '{{crm}} 要求降低请求频率：{{seconds}} 秒后重试',
    notInRecycleBin: '备注 {{id}} 已不在 {{crm}} 的回收站中（{{detail}}）',
    noAnswer: '{{crm}} 没有返回这条备注的结果',
    unexpected: '发生意外错误（{{detail}}），详情见日志',
    noDetail: '未说明原因',
  },
};
