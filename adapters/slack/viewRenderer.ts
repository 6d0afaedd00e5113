import type { types } from '@slack/bolt';
import type { Translator } from '../chat/i18n/index.js';
import { runsOf, type Fact, type Inline, type MessageView, type RichText, type Tone, type ViewAction, type ViewBlock } from '../chat/view.js';
import { ACTION, SELECT_BLOCK } from './actionIds.js';
import { LIMITS } from './limits.js';
import { actions, actorLabel, clip, context, escapeMrkdwn, escapeUserText, fallbackText, section, sections, type Block, type ButtonElement } from './mrkdwn.js';
import { viewButton } from './viewButtons.js';

/**
 * The shared message view (adapters/chat/view.ts) as Block Kit: the one place Slack turns what a
 * message says into blocks. Wording and buttons come from the view; this only decides layout,
 * escaping and Slack's limits. People's text is escaped in every mrkdwn field (or put in
 * plain_text, which Slack shows literally), so it can never format itself, mention or link; the
 * only mentions are the view's `{ actor }` runs, where a view names a person.
 */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** A modal holds 100 blocks, a message 50. */
  surface?: 'message' | 'modal';
  /** Leave the view's own buttons out: a modal offers them as its submit and close. */
  withoutActions?: boolean;
}

const TONE_EMOJI: Record<Tone, string> = { neutral: '', muted: '', good: ':white_check_mark: ', warning: ':warning: ', attention: ':x: ' };

export function slackMessage(view: MessageView, tr: Translator, options: RenderOptions = {}): SlackMessage {
  return { text: fallbackText(view.text), blocks: slackBlocks(view, tr, options) };
}

export function slackBlocks(view: MessageView, tr: Translator, options: RenderOptions = {}): Block[] {
  const budget = options.surface === 'modal' ? LIMITS.modalBlocks : LIMITS.messageBlocks;
  // An empty title would show as a stray "**".
  const title = view.title.trim() ? [section(`${TONE_EMOJI[view.tone]}*${literal(view.title, LIMITS.sectionText - 20)}*`)] : [];
  const trailing = options.withoutActions ? [] : actionBlocks(view.actions, tr);
  const groups = view.blocks.map((block) => ({ item: block.type === 'item', blocks: renderBlock(block, tr, budget) }));
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

function renderBlock(block: ViewBlock, tr: Translator, budget: number): Block[] {
  switch (block.type) {
    case 'text':
      return textBlocks(block, budget);
    case 'facts':
      return factBlocks(block.facts);
    case 'body':
      // plain_text: the whole text shown (and copied) exactly as written.
      return sections(block.text, 3, true);
    case 'item':
      return itemBlocks(block.heading, block.detail, block.actions);
    case 'selection':
      return selectionBlocks(block, tr);
  }
}

function textBlocks(block: Extract<ViewBlock, { type: 'text' }>, budget: number): Block[] {
  const emoji = block.tone ? TONE_EMOJI[block.tone] : '';
  if (block.style === 'subtle') return [context(richMrkdwn(block.text, LIMITS.sectionText))];
  if (block.style === 'strong') return [section(`${emoji}*${richMrkdwn(block.text, LIMITS.sectionText - 20)}*`)];
  // Runs name people in a line we wrote (short); only a plain paragraph can be an audit page's length.
  if (typeof block.text !== 'string') return [section(`${emoji}${richMrkdwn(block.text, LIMITS.sectionText - 20)}`)];
  return paragraphs(block.text, budget - 2).map((chunk, i) => section(i === 0 ? `${emoji}${chunk}` : chunk));
}

/** Label / value pairs as section fields, ten to a section (Slack's limit); a person in a value is mentioned. */
function factBlocks(facts: Fact[]): Block[] {
  const shown = facts.filter((f) => f.value !== '');
  const blocks: Block[] = [];
  for (let i = 0; i < shown.length; i += LIMITS.sectionFields) {
    const fields = shown.slice(i, i + LIMITS.sectionFields).map(({ label, value }) => ({
      type: 'mrkdwn' as const,
      text: `*${literal(label, 100)}*\n${richMrkdwn(value, LIMITS.fieldText - 110)}`,
    }));
    blocks.push({ type: 'section', fields });
  }
  return blocks;
}

/** Runs: ids as code (people type them back), actors as mentions, the rest literal. */
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

/**
 * Rich text as mrkdwn within `max` characters. Only literal text is cut: an id, a mention or
 * emphasis cut in half would be broken markup (or a mention of someone else), so a run that does
 * not fit is left out for a "…".
 */
export function richMrkdwn(value: RichText, max: number): string {
  let out = '';
  for (const run of runsOf(value)) {
    const room = max - out.length;
    const whole = inlineMrkdwn([run]);
    if (whole.length <= room) {
      out += whole;
      continue;
    }
    if (typeof run === 'string' && room > 1) return out + literal(run, room);
    return room >= 1 ? `${out}…` : out;
  }
  return out;
}

function itemBlocks(heading: Inline[], detail: RichText | undefined, own: ViewAction[]): Block[] {
  const buttons = own.map(viewButton).filter((b): b is ButtonElement => b !== null);
  const head = richMrkdwn(heading, 1_500);
  const text = detail ? `${head}\n${richMrkdwn(detail, LIMITS.sectionText - head.length - 10)}` : head;
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
