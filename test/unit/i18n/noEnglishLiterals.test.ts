import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every file that turns outcomes into what people read: they must take their words from the catalog. */
const RENDERERS = [
  ...['renderText.ts', 'backupText.ts', 'digestViews.ts', 'format.ts', 'words.ts', 'progressText.ts'].map((f) => `adapters/chat/${f}`),
  ...['consoleAdapter.ts', 'progress.ts'].map((f) => `adapters/console/${f}`),
  ...['blocks.ts', 'viewRenderer.ts', 'viewButtons.ts', 'views.ts', 'notifier.ts', 'reply.ts', 'modalFlow.ts', 'progress.ts', 'digestPoster.ts'].map((f) => `adapters/slack/${f}`),
  ...['cards.ts', 'viewCard.ts', 'backupCards.ts', 'errors.ts', 'notifier.ts', 'bot.ts', 'progress.ts'].map((f) => `adapters/teams/${f}`),
  ...['cards.ts', 'viewRenderer.ts', 'bot.ts', 'notifier.ts', 'digestPoster.ts', 'progress.ts', 'renderer.ts'].map((f) => `adapters/feishu/${f}`),
  'adapters/crm/renderCrm.ts',
];

/**
 * Literals that are not sentences: log messages (for operators), plural() kept for old callers,
 * and code. Anything else with two English words in a row inside quotes is a sentence someone
 * wrote past the catalog.
 */
const ALLOWED = [
  /^(a button refresh that is not a list read|could not|no Slack|no notifier|console command|Slack request|refused|turn failed|duplicate delivery|approval request has no|connector returned|could not tell|no APPROVAL_CHANNEL|no digest channel|chat\.postMessage returned)/,
  /^(message event not understood|repeated Feishu delivery|Feishu (request|reply) failed|the open platform returned|no Feishu chat)/,
  // Command lines a button sends: grammar, the same in every language.
  /^backup (now|verify|list)\b/,
  /^Action\.|^application\//,
];

function sentencesIn(source: string): string[] {
  const code = source.replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, '');
  const literals = [...code.matchAll(/'([^'\n]*)'|`([^`]*)`|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  return literals
    .map((text) => text.replace(/\$\{[^}]*\}/g, ' '))
    .filter((text) => /\b[A-Za-z]{2,} [a-z]{2,}\b/.test(text) && !ALLOWED.some((ok) => ok.test(text.trim())));
}

test('no English sentence is written in a renderer: every word a user reads comes from the catalog', () => {
  const found = RENDERERS.flatMap((file) => sentencesIn(readFileSync(path.join(root, file), 'utf8')).map((text) => `${file}: ${text}`));
  expect(found).toEqual([]);
});

test('the scan finds a sentence when there is one', () => {
  expect(sentencesIn("return `Deleted note ${id}.`;\nlogger.info('could not post');")).toEqual(['Deleted note  .']);
});

test('the renderer list names files that exist', () => {
  for (const file of RENDERERS) expect(readdirSync(path.join(root, path.dirname(file)))).toContain(path.basename(file));
});
