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
 * The English message catalog: every sentence the bot says, by key (i18next syntax: `{{name}}`
 * interpolation, `_one`/`_other` plurals). zh-CN/ has exactly the same keys and placeholders
 * (test/unit/i18n/catalog.test.ts). Command words and filter keys are grammar, not words: they
 * stay as they are in every language.
 *
 * One module per product area, so each reads in one sitting; the sections stay in this order.
 */
export const en = {
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
