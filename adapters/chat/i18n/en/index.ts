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
 * The English message catalog: every sentence the bot says, by key (i18next syntax: `{{name}}`
 * interpolation, `_one`/`_other` plurals). zh-CN/ has exactly the same keys and placeholders
 * (test/unit/i18n/catalog.test.ts). Command words and filter keys are grammar, not words: they
 * stay as they are in every language.
 *
 * One module per product area, so each reads in one sitting; every export of a module is a section.
 */
export const en = { ...common, ...errors, ...commands, ...notes, ...approvals, ...backups, ...platforms, ...progress, ...ingest };
