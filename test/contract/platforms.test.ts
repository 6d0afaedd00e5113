import { slackRenderer } from '../../adapters/slack/renderer.js';
import { teamsRenderer } from '../../adapters/teams/renderer.js';
import { platformRendererSuite } from './suites/platform.js';

/** Every object in a native message that matches `pick`, depth first. */
function collect(value: unknown, pick: (node: Record<string, unknown>) => string | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => collect(item, pick));
  if (!value || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const own = pick(node);
  return [...(own === undefined ? [] : [own]), ...Object.values(node).flatMap((child) => collect(child, pick))];
}

platformRendererSuite('Slack', slackRenderer, {
  buttons: (message) => collect(message.blocks, (n) => (n.type === 'button' ? String((n.text as { text?: string }).text) : undefined)),
  text: (message) => JSON.stringify(message),
});

platformRendererSuite('Teams', teamsRenderer, {
  buttons: (card) => collect(card, (n) => (typeof n.type === 'string' && n.type.startsWith('Action.') ? String(n.title) : undefined)),
  text: (card) => JSON.stringify(card),
});
