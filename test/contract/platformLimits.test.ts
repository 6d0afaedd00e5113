import { describe, expect, test } from '@jest/globals';
import { translatorFor, type Translator } from '../../adapters/chat/i18n/index.js';
import type { PlatformRenderer } from '../../adapters/chat/platform.js';
import { cardBytes, countElements, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, withinLimits } from '../../adapters/feishu/limits.js';
import { feishuRenderer } from '../../adapters/feishu/renderer.js';
import { renderOutcome, type SlackMessage } from '../../adapters/slack/blocks.js';
import { digestMessage } from '../../adapters/slack/digestPoster.js';
import { blockKitViolations } from '../../adapters/slack/limits.js';
import { slackProgressMessage } from '../../adapters/slack/progress.js';
import { slackRenderer } from '../../adapters/slack/renderer.js';
import { errorMessage } from '../../adapters/slack/reply.js';
import { approvalCardMessage } from '../../adapters/slack/views.js';
import { digestCard } from '../../adapters/teams/backupCards.js';
import { card, execute, type AdaptiveCard } from '../../adapters/teams/cardKit.js';
import { approvalCard, outcomeCard } from '../../adapters/teams/cards.js';
import { teamsProgressCard } from '../../adapters/teams/progress.js';
import { teamsRenderer } from '../../adapters/teams/renderer.js';
import { INPUT_LIMITS } from '../../src/domain/input.js';
import { platformLimitsSuite } from './suites/platformLimits.js';

/**
 * Every outcome, approval card, digest and progress message, at its largest, inside each
 * platform's limits, in English (the shipped renderers) and in Chinese. Slack and Teams renderers
 * take their language per call, so their Chinese renderers are put together here from the same
 * functions their adapters call with a channel's or a person's translator.
 */

// Slack: Block Kit's limits, and a fallback `text` (notifications, screen readers) that says something.
const slackCheck = (message: SlackMessage): string[] => [
  ...blockKitViolations('message', message),
  ...(message.text.trim() ? [] : ['text: the fallback text is empty']),
];

const slackIn = (tr: Translator): PlatformRenderer<SlackMessage> => ({
  outcome: (outcome, now) => renderOutcome(outcome, now, tr),
  error: errorMessage,
  approvalCard: (request, now) => approvalCardMessage(request, now, tr),
  digest: digestMessage,
  progress: (view, now) => slackProgressMessage(view, now, tr),
});

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

const teamsIn = (tr: Translator): PlatformRenderer<AdaptiveCard> => ({
  outcome: (outcome, now) => outcomeCard(outcome, now, tr),
  error: teamsRenderer.error,
  approvalCard: (request, now) => approvalCard(request, now, tr),
  digest: digestCard,
  progress: (view, now) => teamsProgressCard(view, now, tr),
});

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

platformLimitsSuite('Slack en', slackRenderer, slackCheck);
platformLimitsSuite('Slack zh-CN', slackIn(translatorFor('zh-CN')), slackCheck);
platformLimitsSuite('Teams en', teamsRenderer, teamsCheck);
platformLimitsSuite('Teams zh-CN', teamsIn(translatorFor('zh-CN')), teamsCheck);
platformLimitsSuite('Feishu en', feishuRenderer('en'), feishuCheck);
platformLimitsSuite('Feishu zh-CN', feishuRenderer('zh-CN'), feishuCheck);

// A check that finds nothing would make every case above pass: each must catch a message just over its limit.
describe('the limit checks catch a message just over the limit', () => {
  test('Slack: 51 blocks, an empty fallback text', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(slackCheck({ text: '', blocks })).toEqual(['blocks: 51 > 50', 'text: the fallback text is empty']);
  });

  test('Teams: a card of 28 KB and one byte, a button command one character too long', () => {
    const big = teamsRenderer.error('x'.repeat(TEAMS_CARD_BYTES));
    expect(teamsCheck(big)).toEqual([expect.stringMatching(/^card: \d+ bytes > 28672$/)]);
    const button = card([], [execute('Next', { cmd: 'c'.repeat(INPUT_LIMITS.command + 1) })]);
    expect(teamsCheck(button)).toEqual([`card.actions[0].data.cmd: ${INPUT_LIMITS.command + 1} > ${INPUT_LIMITS.command}`]);
  });

  test('Feishu: 201 elements, 31 KB', () => {
    const feishu = feishuRenderer('en').error('x');
    const many = { ...feishu, body: { elements: Array.from({ length: 201 }, () => ({ tag: 'hr' })) } };
    expect(feishuCheck(many)).toEqual([expect.stringMatching(/elements > 200$/), 'withinLimits: false']);
    const large = { ...feishu, body: { elements: [{ tag: 'markdown', content: '长'.repeat(11_000) }] } };
    expect(feishuCheck(large)).toEqual([expect.stringMatching(/bytes > 30720$/), 'withinLimits: false']);
  });
});
