import type { Catalog } from '../catalog.js';
import * as common from './common.js';
import * as errors from './errors.js';
import * as commands from './commands.js';
import * as notes from './notes.js';
import * as approvals from './approvals.js';
import * as backups from './backups.js';
import * as platforms from './platforms.js';
import * as progress from './progress.js';
import * as ingest from './ingest.js';

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
export const zhCN: Catalog = { ...common, ...errors, ...commands, ...notes, ...approvals, ...backups, ...platforms, ...progress, ...ingest };
