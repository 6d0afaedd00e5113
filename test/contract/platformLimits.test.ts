import { describe, expect, test } from '@jest/globals';
import { cardBytes, countElements, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, withinLimits } from '../../adapters/feishu/limits.js';
import type { SlackMessage } from '../../adapters/slack/blocks.js';
import { blockKitViolations } from '../../adapters/slack/limits.js';
import { card, execute, type AdaptiveCard } from '../../adapters/teams/cardKit.js';
import { PLATFORMS } from '../../root/platforms.js';
import { teamsPlatform } from '../../adapters/teams/index.js';
import { feishuPlatform } from '../../adapters/feishu/index.js';
import { INPUT_LIMITS } from '../../src/domain/input.js';
import { LOCALES } from '../../src/domain/locale.js';
import { platformLimitsSuite } from './suites/platformLimits.js';

/**
 * Every outcome, approval card, digest and progress message, at its largest, inside each
 * registered platform's limits (root/platforms.ts), in every language of the catalog, through the
 * renderer the platform itself declares (ChatPlatform.renderer).
 */

// Slack: Block Kit's limits, and a fallback `text` (notifications, screen readers) that says something.
const slackCheck = (message: SlackMessage): string[] => [
  ...blockKitViolations('message', message),
  ...(message.text.trim() ? [] : ['text: the fallback text is empty']),
];


/**
 * Teams refuses a message over about 28 KB (the figure adapters/teams/backupCards.ts sizes its
 * lists by; no constant is exported). Counted in UTF-8 bytes, as it travels: a Chinese character
 * is three. A button's `data.cmd` (and the list `view` it re-renders) is run as if typed, so one
 * longer than a command may be is refused by the core when clicked.
 */
const TEAMS_CARD_BYTES = 28 * 1024;

function teamsCheck(card: AdaptiveCard): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > TEAMS_CARD_BYTES) problems.push(`card: ${bytes} bytes > ${TEAMS_CARD_BYTES}`);
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, `${path}[${i}]`));
    if (!value || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (node.type === 'Action.Execute') {
      const data = (node.data ?? {}) as { cmd?: unknown; view?: unknown };
      if (typeof data.cmd !== 'string' || !data.cmd) problems.push(`${path}.data.cmd: missing`);
      for (const key of ['cmd', 'view'] as const) {
        const length = typeof data[key] === 'string' ? (data[key] as string).length : 0;
        if (length > INPUT_LIMITS.command) problems.push(`${path}.data.${key}: ${length} > ${INPUT_LIMITS.command}`);
      }
    }
    for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`);
  };
  visit(card, 'card');
  return problems;
}


// Feishu: `withinLimits` (200 elements, 30 KB a card: adapters/feishu/limits.ts), and which one broke.
const feishuCheck = (card: Parameters<typeof withinLimits>[0]): string[] => {
  if (withinLimits(card)) return [];
  const elements = countElements(card);
  const bytes = cardBytes(card);
  return [
    ...(elements > MAX_CARD_ELEMENTS ? [`card: ${elements} elements > ${MAX_CARD_ELEMENTS}`] : []),
    ...(bytes > MAX_CARD_BYTES ? [`card: ${bytes} bytes > ${MAX_CARD_BYTES}`] : []),
    'withinLimits: false',
  ];
};

/** Each platform's own limit check, by its name: a platform registered without one fails below. */
const LIMIT_CHECKS: Record<string, (native: never) => string[]> = { slack: slackCheck, teams: teamsCheck, feishu: feishuCheck };

test('every registered platform has its limits checked here', () => {
  expect(PLATFORMS.map((platform) => platform.name).filter((name) => !(name in LIMIT_CHECKS))).toEqual([]);
});

for (const platform of PLATFORMS) {
  const check = LIMIT_CHECKS[platform.name] as ((native: unknown) => string[]) | undefined;
  if (!check) continue;
  for (const locale of LOCALES) platformLimitsSuite(`${platform.name} ${locale}`, platform.renderer(locale), check);
}

// A check that finds nothing would make every case above pass: each must catch a message just over its limit.
describe('the limit checks catch a message just over the limit', () => {
  test('Slack: 51 blocks, an empty fallback text', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(slackCheck({ text: '', blocks })).toEqual(['blocks: 51 > 50', 'text: the fallback text is empty']);
  });

  test('Teams: a card of 28 KB and one byte, a button command one character too long', () => {
    const big = teamsPlatform().renderer('en').error('x'.repeat(TEAMS_CARD_BYTES)) as AdaptiveCard;
    expect(teamsCheck(big)).toEqual([expect.stringMatching(/^card: \d+ bytes > 28672$/)]);
    const button = card([], [execute('Next', { cmd: 'c'.repeat(INPUT_LIMITS.command + 1) })]);
    expect(teamsCheck(button)).toEqual([`card.actions[0].data.cmd: ${INPUT_LIMITS.command + 1} > ${INPUT_LIMITS.command}`]);
  });

  test('Feishu: 201 elements, 31 KB', () => {
    const feishu = feishuPlatform().renderer('en').error('x') as Parameters<typeof withinLimits>[0];
    const many = { ...feishu, body: { elements: Array.from({ length: 201 }, () => ({ tag: 'hr' })) } };
    expect(feishuCheck(many)).toEqual([expect.stringMatching(/elements > 200$/), 'withinLimits: false']);
    const large = { ...feishu, body: { elements: [{ tag: 'markdown', content: '长'.repeat(11_000) }] } };
    expect(feishuCheck(large)).toEqual([expect.stringMatching(/bytes > 30720$/), 'withinLimits: false']);
  });
});
