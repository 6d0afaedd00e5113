import { actionNames } from '../../src/usecases/actions.js';

/**
 * Words a Chinese reader may see in Latin letters: the grammar (command words, subcommands, filter
 * keys, role words typed in `roles grant`), platform prefixes of ids, and names of settings.
 */
const GRAMMAR = new Set([
  ...actionNames.flatMap((name) => name.split('-')),
  ...['now', 'list', 'verify', 'restore', 'grant', 'revoke', 'viewer', 'member', 'admin', 'exit', 'yes', 'status', 'sync', 'create', 'default'],
  ...['page', 'record', 'author', 'tag', 'before', 'after', 'text', 'note', 'actor', 'since', 'plan'],
  ...['console', 'slack', 'teams', 'system', 'UTC', 'English', 'sha256', 'CRM', 'YYYY', 'NOTES_ADMINS', 'BULK_MAX', 'DEFAULT_ROLE'],
  // Slack's slash command (`/notes backup now`), and a key as printed on the keyboard (Ctrl-C).
  'notes',
  'Ctrl',
  // Product and format names, written the same in Chinese.
  ...['Zoho', 'HubSpot', 'Salesforce', 'NDJSON', 'API', 'feishu', 'api'],
]);

/**
 * The English words left in a text once ids, prefixed tokens (`record:acct-1`, `console:alice`),
 * hashes and the grammar are taken out: what a Chinese reader would have to read in English.
 */
export function englishWords(text: string): string[] {
  const stripped = text
    .replace(/sha256|[0-9a-f]{16,}/g, ' ')
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ')
    .replace(/\b[A-Za-z]+:[^\s，。：；、（）“”"'`*_<>]*/g, ' ')
    .replace(/\b[A-Za-z]+-[\w.-]*\d[\w.-]*/g, ' ')
    // Generated ids (`n-sefcgb`, `r-abc123`): a one-letter kind, then random letters and digits.
    .replace(/\b[a-z]-[a-z0-9]{4,}\b/g, ' ');
  return (stripped.match(/[A-Za-z]{3,}/g) ?? []).filter((word) => !GRAMMAR.has(word) && !GRAMMAR.has(word.toLowerCase()));
}
