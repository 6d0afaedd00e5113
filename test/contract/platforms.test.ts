import { PLATFORMS } from '../../root/platforms.js';
import { platformRendererSuite, type NativeInspector } from './suites/platform.js';

/** Every object in a native message that matches `pick`, depth first. */
function collect(value: unknown, pick: (node: Record<string, unknown>) => string | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => collect(item, pick));
  if (!value || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const own = pick(node);
  return [...(own === undefined ? [] : [own]), ...Object.values(node).flatMap((child) => collect(child, pick))];
}

/**
 * How the suite reads each platform's native messages (its buttons' labels, all its text), by the
 * platform's name. A platform registered in root/platforms.ts without one fails the test below.
 */
const READERS: Record<string, NativeInspector<never>> = {
  slack: {
    buttons: (message: { blocks?: unknown }) => collect(message.blocks, (n) => (n.type === 'button' ? String((n.text as { text?: string }).text) : undefined)),
    text: (message: unknown) => JSON.stringify(message),
  },
  teams: {
    buttons: (card: unknown) => collect(card, (n) => (typeof n.type === 'string' && n.type.startsWith('Action.') ? String(n.title) : undefined)),
    text: (card: unknown) => JSON.stringify(card),
  },
  feishu: {
    buttons: (card: unknown) => collect(card, (n) => (n.tag === 'button' ? String((n.text as { content?: string }).content) : undefined)),
    text: (card: unknown) => JSON.stringify(card),
  },
};

test('every registered platform runs the shared contract suite', () => {
  expect(PLATFORMS.map((platform) => platform.name).filter((name) => !(name in READERS))).toEqual([]);
});

// In English, so the suite's words apply; each platform's Chinese session tests run it in Chinese.
for (const platform of PLATFORMS) {
  const reader = READERS[platform.name] as NativeInspector<unknown> | undefined;
  if (reader) platformRendererSuite(platform.name, platform.renderer('en'), reader);
}
