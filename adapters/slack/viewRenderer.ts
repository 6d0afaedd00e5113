import type { types } from '@slack/bolt';
import type { Translator } from '../chat/i18n/index.js';
import type { Fact, Inline, MessageView, Tone, ViewAction, ViewBlock } from '../chat/view.js';
import { ACTION, SELECT_BLOCK } from './actionIds.js';
import { LIMITS } from './limits.js';
import { actions, actorLabel, clip, context, escapeMrkdwn, escapeUserText, fallbackText, section, sections, type Block, type ButtonElement } from './mrkdwn.js';
import { viewButton } from './viewButtons.js';

/**
 * The shared message view (adapters/chat/view.ts) as Block Kit: the one place Slack turns what a
 * message says into blocks. Wording and buttons come from the view; this only decides layout,
 * escaping and Slack's limits. People's text is escaped in every mrkdwn field (or put in
 * plain_text, which Slack shows literally), so it can never format itself, mention or link.
 */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** A modal holds 100 blocks, a message 50. */
  surface?: 'message' | 'modal';
  /**
   * Actor ids the message names as people (a note's author, a request's requester and decider).
   * A fact whose whole value is one of them, or a strong line naming one, mentions them; nowhere
   * else, so a person's text naming someone never pings them.
   */
  people?: readonly string[];
  /** Leave the view's own buttons out: a modal offers them as its submit and close. */
  withoutActions?: boolean;
}

const TONE_EMOJI: Record<Tone, string> = { neutral: '', muted: '', good: ':white_check_mark: ', warning: ':warning: ', attention: ':x: ' };

export function slackMessage(view: MessageView, tr: Translator, options: RenderOptions = {}): SlackMessage {
  return { text: fallbackText(view.text), blocks: slackBlocks(view, tr, options) };
}

export function slackBlocks(view: MessageView, tr: Translator, options: RenderOptions = {}): Block[] {
  const budget = options.surface === 'modal' ? LIMITS.modalBlocks : LIMITS.messageBlocks;
  const people = (options.people ?? []).filter((id) => /^slack:[A-Z0-9]+$/i.test(id));
  // An empty title would show as a stray "**".
  const title = view.title.trim() ? [section(`${TONE_EMOJI[view.tone]}*${literal(view.title, LIMITS.sectionText - 20)}*`)] : [];
  const trailing = options.withoutActions ? [] : actionBlocks(view.actions, tr);
  const groups = view.blocks.map((block) => ({ item: block.type === 'item', blocks: renderBlock(block, people, tr, budget) }));
  let room = budget - title.length - trailing.length;
  let total = groups.reduce((sum, g) => sum + g.blocks.length, 0);
  let dropped = 0;
  if (total > room) {
    room -= 1; // for the line that says how many were left out
    // List rows go first, from the end: the hints and the selection under a list still make sense.
    for (let i = groups.length - 1; i >= 0 && total > room; i--) {
      if (!groups[i].item) continue;
      total -= groups[i].blocks.length;
      groups[i].blocks = [];
      dropped += 1;
    }
  }
  const lastItem = groups.map((g) => g.item && g.blocks.length > 0).lastIndexOf(true);
  const notice = dropped > 0 ? [context(escapeUserText(tr.t('slack.more', { count: dropped })))] : [];
  const body = groups.flatMap((g, i) => (i === lastItem ? [...g.blocks, ...notice] : g.blocks));
  if (lastItem < 0) body.push(...notice);
  return [...title, ...body.slice(0, budget - title.length - trailing.length), ...trailing];
}

function renderBlock(block: ViewBlock, people: string[], tr: Translator, budget: number): Block[] {
  switch (block.type) {
    case 'text':
      return textBlocks(block, people, budget);
    case 'facts':
      return factBlocks(block.facts, people);
    case 'body':
      // plain_text: the whole text shown (and copied) exactly as written.
      return sections(block.text, 3, true);
    case 'item':
      return itemBlocks(block.heading, block.detail, block.actions);
    case 'selection':
      return selectionBlocks(block, tr);
  }
}

function textBlocks(block: Extract<ViewBlock, { type: 'text' }>, people: string[], budget: number): Block[] {
  const emoji = block.tone ? TONE_EMOJI[block.tone] : '';
  if (block.style === 'subtle') return [context(literal(block.text, LIMITS.sectionText))];
  if (block.style === 'strong') return [section(`${emoji}*${mention(literal(block.text, LIMITS.sectionText - 20), people)}*`)];
  return paragraphs(block.text, budget - 2).map((chunk, i) => section(i === 0 ? `${emoji}${chunk}` : chunk));
}

/** Label / value pairs as section fields, ten to a section (Slack's limit). */
function factBlocks(facts: Fact[], people: string[]): Block[] {
  const shown = facts.filter((f) => f.value !== '');
  const blocks: Block[] = [];
  for (let i = 0; i < shown.length; i += LIMITS.sectionFields) {
    const fields = shown.slice(i, i + LIMITS.sectionFields).map(({ label, value }) => ({
      type: 'mrkdwn' as const,
      text: `*${literal(label, 100)}*\n${people.includes(value) ? actorLabel(value) : literal(value, LIMITS.fieldText - 110)}`,
    }));
    blocks.push({ type: 'section', fields });
  }
  return blocks;
}

/** A heading line's runs: ids as code (people type them back), actors as mentions, the rest literal. */
export function inlineMrkdwn(runs: Inline[]): string {
  return runs
    .map((run) => {
      if (typeof run === 'string') return escapeUserText(run);
      if ('id' in run) return `\`${escapeMrkdwn(run.id)}\``;
      if ('actor' in run) return actorLabel(run.actor);
      return `*${escapeUserText(run.strong)}*`;
    })
    .join('');
}

function itemBlocks(heading: Inline[], detail: string | undefined, own: ViewAction[]): Block[] {
  const buttons = own.map(viewButton).filter((b): b is ButtonElement => b !== null);
  const head = clip(inlineMrkdwn(heading), 1_500);
  const text = detail ? `${head}\n${literal(detail, LIMITS.sectionText - head.length - 10)}` : head;
  // One button sits beside the row; more get a row of their own under it.
  if (buttons.length <= 1) return [section(text, buttons[0])];
  return [section(text), actions(undefined, buttons.slice(0, LIMITS.actionsElements))];
}

function selectionBlocks(block: Extract<ViewBlock, { type: 'selection' }>, tr: Translator): Block[] {
  const options = block.options.slice(0, LIMITS.checkboxOptions);
  const submit = viewButton(block.submit);
  const checkboxes: types.Checkboxes = {
    type: 'checkboxes',
    action_id: ACTION.select,
    options: options.map((o) => ({ text: { type: 'plain_text', text: clip(o.label, LIMITS.optionText) }, value: o.value.slice(0, LIMITS.optionValue) })),
  };
  const blocks: Block[] = [actions(SELECT_BLOCK, submit ? [checkboxes, submit] : [checkboxes])];
  const left = block.options.length - options.length;
  if (left > 0) blocks.push(context(escapeUserText(tr.t('slack.more', { count: left }))));
  return blocks;
}

/** The message's own buttons; a page button whose request is too long for a value becomes a typed hint. */
function actionBlocks(own: ViewAction[], tr: Translator): Block[] {
  const buttons = own.map(viewButton).filter((b): b is ButtonElement => b !== null);
  const blocks: Block[] = buttons.length ? [actions(undefined, buttons.slice(0, LIMITS.actionsElements))] : [];
  const lostPage = own.find((a) => a.intent.do === 'page' && viewButton(a) === null);
  if (lostPage?.intent.do === 'page') blocks.push(context(tr.t('slack.typePages', { command: lostPage.intent.page.state === 'live' ? 'list' : 'trash' })));
  return blocks;
}

/** People's text escaped for mrkdwn and cut so that its escaped form fits `max` (escaping lengthens it). */
function literal(text: string, max: number): string {
  let escaped = escapeUserText(text);
  for (let keep = Math.min(text.length, max - 1); escaped.length > max && keep > 0; keep = Math.floor(keep * 0.9)) {
    escaped = `${escapeUserText(text.slice(0, keep))}…`;
  }
  return escaped;
}

/** Known people named in a line we wrote (not in people's text) become mentions. */
function mention(escaped: string, people: string[]): string {
  return people.reduce((text, id) => text.replace(new RegExp(`${id}(?![A-Z0-9])`, 'gi'), actorLabel(id)), escaped);
}

/** A long paragraph over as many sections as it needs (an audit page), cut with "…" past `maxBlocks`. */
function paragraphs(text: string, maxBlocks: number): string[] {
  const room = LIMITS.sectionText - 20;
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n').map((l) => literal(l, room))) {
    if (current && current.length + line.length + 1 > room) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  const kept = chunks.slice(0, Math.max(1, maxBlocks));
  if (chunks.length > kept.length) kept[kept.length - 1] = `${clip(kept[kept.length - 1], room - 2)}\n…`;
  return kept;
}
