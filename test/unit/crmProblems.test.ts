import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { renderText } from '../../adapters/chat/renderText.js';
import { crmProblemText } from '../../adapters/crm/renderCrm.js';
import type { CrmConnectorStatus, CrmProblem } from '../../src/ports/crm.js';
import { englishWords } from '../support/english.js';

/**
 * A CRM's failure is a code with the vendor's status, code and message as data (src/ports/crm.ts),
 * worded in the reader's language where it is shown: `crm status`, `crm sync`, the audit.
 */
const en = translatorFor('en');
const zh = translatorFor('zh-CN');

const WORDING: Array<[CrmProblem, string, string]> = [
  [
    { code: 'refused', crm: 'zoho', status: 400, vendorCode: 'INVALID_DATA', vendorMessage: 'the id given seems to be invalid' },
    'zoho refused the request (HTTP 400): INVALID_DATA “the id given seems to be invalid”',
    'Zoho 拒绝了请求（状态码 400）：INVALID_DATA “the id given seems to be invalid”',
  ],
  [{ code: 'refused', crm: 'hubspot', status: 404 }, 'hubspot refused the request (HTTP 404): no reason given', 'HubSpot 拒绝了请求（状态码 404）：未说明原因'],
  [
    { code: 'authRefused', crm: 'zoho', status: 200, setting: 'ZOHO_REFRESH_TOKEN / ZOHO_CLIENT_ID', vendorCode: 'invalid_code' },
    'zoho refused the credentials in ZOHO_REFRESH_TOKEN / ZOHO_CLIENT_ID (HTTP 200): invalid_code',
    'Zoho 拒绝了 ZOHO_REFRESH_TOKEN / ZOHO_CLIENT_ID 中的凭据（状态码 200）：invalid_code',
  ],
  [{ code: 'unreachable', crm: 'hubspot', detail: 'ECONNREFUSED' }, 'hubspot could not be reached (ECONNREFUSED)', '无法连接 HubSpot（ECONNREFUSED）'],
  [{ code: 'serverError', crm: 'zoho', status: 503 }, 'zoho had a fault on its side (HTTP 503); it is tried again later', 'Zoho 服务端出错（状态码 503），稍后会重试'],
  [{ code: 'rateLimited', crm: 'hubspot', seconds: 10 }, 'hubspot asked to slow down: retry after 10 s', 'HubSpot 要求降低请求频率：10 秒后重试'],
  [
    { code: 'notInRecycleBin', crm: 'zoho', status: 400, externalId: '4150868000001', vendorCode: 'INVALID_DATA' },
    'note 4150868000001 is no longer in the zoho recycle bin (INVALID_DATA)',
    '备注 4150868000001 已不在 Zoho 的回收站中（INVALID_DATA）',
  ],
  [{ code: 'noAnswer', crm: 'zoho' }, 'zoho gave no answer for this note', 'Zoho 没有返回这条备注的结果'],
  [{ code: 'unexpected', crm: 'zoho', detail: 'TypeError' }, 'an unexpected error (TypeError); details are in the log', '发生意外错误（TypeError），详情见日志'],
];

test.each(WORDING)('%j reads in English and in Chinese', (problem, english, chinese) => {
  expect(crmProblemText(problem, en)).toBe(english);
  expect(crmProblemText(problem, zh)).toBe(chinese);
});

test('a problem stored before the codes (an English string) is shown as it was; none at all is "unknown"', () => {
  expect(crmProblemText('Zoho refused the delete: INVALID_DATA', zh)).toBe('Zoho refused the delete: INVALID_DATA');
  expect(crmProblemText(null, zh)).toBe('未知问题');
});

const failedZoho: CrmConnectorStatus = {
  source: 'zoho',
  lastSyncAt: new Date('2026-11-29T02:00:00Z'),
  lastSyncResult: { ok: false, pulled: 0, added: 0, updated: 0, problem: { code: 'authRefused', crm: 'zoho', status: 401, setting: 'ZOHO_REFRESH_TOKEN', vendorCode: 'INVALID_TOKEN' } },
  cursor: null,
  outbox: { pending: 0, sending: 0, failed: 1, done: 0 },
  failures: [{ noteId: 'n-abc123', change: 'delete', attempts: 3, error: { code: 'refused', crm: 'zoho', status: 400, vendorCode: 'RECORD_LOCKED' } }],
};

test('crm status with a failed sync and a failed change, in Chinese', () => {
  const text = renderText({ kind: 'crm-status', connectors: [failedZoho] }, zh);
  expect(text).toContain('失败（Zoho 拒绝了 ZOHO_REFRESH_TOKEN 中的凭据（状态码 401）：INVALID_TOKEN）');
  expect(text).toContain('失败：备注 n-abc123 的删除同步在 3 次尝试后仍未成功：Zoho 拒绝了请求（状态码 400）：RECORD_LOCKED');
  expect(englishWords(text.replace(/INVALID_TOKEN|RECORD_LOCKED/g, ''))).toEqual([]);
});

test('crm sync that stopped, in Chinese', () => {
  const text = renderText({ kind: 'crm-synced', reports: [{ source: 'hubspot', ok: false, pages: 0, pulled: 0, added: 0, updated: 0, unchanged: 0, problem: { code: 'unreachable', crm: 'hubspot', detail: 'ECONNREFUSED' } }] }, zh);
  expect(text).toBe('HubSpot：同步在拉取 0 条备注后中断：无法连接 HubSpot（ECONNREFUSED）。下次运行会从中断处继续。');
});

test('the audit of a CRM send words its problems in the reader’s language', () => {
  const entry = {
    seq: 7,
    at: new Date('2026-11-29T02:00:00Z'),
    actorId: 'system:crm-outbox',
    platform: 'system' as const,
    action: 'crm.giveUp',
    targetIds: ['n-abc123'],
    details: { source: 'zoho', change: 'delete', crmIds: ['41508'], attempt: 3, result: 'failed', error: [{ code: 'serverError', crm: 'zoho', status: 503 }] },
  };
  const text = renderText({ kind: 'audit-entries', entries: [entry] as never, query: { kind: 'recent' } as never, notes: [] }, zh);
  expect(text).toContain('Zoho 服务端出错（状态码 503），稍后会重试');
  expect(text).not.toContain('serverError');
});
