import type { Catalog } from '../catalog.js';
import { format, language, roleName, roleA, status, doing, what } from './common.js';
import { errors } from './errors.js';
import { actions, help, lang } from './commands.js';
import { note, list, confirm, cancelled, plan } from './notes.js';
import { approval, roles, audit } from './approvals.js';
import { backup, digest } from './backups.js';
import { card, slack, consoleApp, feishu } from './platforms.js';
import { progress } from './progress.js';
import { ingest, crm } from './ingest.js';

/**
 * 简体中文目录。用语与国内 CRM 一致：记录（客户记录）、备注、回收站、审批、撤销、恢复。
 * 审批一律称“审批申请”，批准 / 驳回；“撤销”只用于 undo；角色用“收回”，令牌用“吊销”。
 * 命令提示写作“输入 jobs 查看”；占位写作 <名称>；标点用全角，前面不留空格。
 * 命令词与筛选关键字（list、record: 等）是语法，保持原样。
 * Chinese has one plural form: `_one` and `_other` say the same, so both catalogs keep one key set.
 *
 * The parts mirror en/ module for module; each is typed against its English sections, so a missing
 * or extra key fails in its own file.
 */
export const zhCN: Catalog = {
  format,
  language,
  roleName,
  roleA,
  status,
  doing,
  what,
  errors,
  actions,
  help,
  lang,
  note,
  list,
  confirm,
  cancelled,
  plan,
  approval,
  roles,
  audit,
  backup,
  card,
  slack,
  console: consoleApp,
  ingest,
  digest,
  progress,
  crm,
  feishu,
};
