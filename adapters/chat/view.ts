import type { NoteState } from '../../src/domain/filter.js';

/**
 * The platform-neutral view of a message: what the bot says and offers, already in the reader's
 * language, with no markup. `adapters/chat/views/` builds one for every outcome, approval card and
 * progress message; each platform only renders a view in its own format (Block Kit, Adaptive
 * Card, card JSON 2.0), so platforms cannot drift apart in wording, order or buttons, and a new
 * platform needs one renderer of this small vocabulary instead of a switch over every outcome.
 */
export interface MessageView {
  /** The first line: what happened, or what is asked. */
  title: string;
  tone: Tone;
  blocks: ViewBlock[];
  /** The message's own buttons, shown under its blocks, in this order. */
  actions: ViewAction[];
  /**
   * The same message as plain text (adapters/chat/renderText.ts): a notification's preview, a
   * screen reader's text, and the whole message on a platform that shows only text.
   */
  text: string;
}

/** The mood of a message: a header colour, a container style, an emoji. */
export type Tone = 'neutral' | 'good' | 'warning' | 'attention' | 'muted';

export type ViewBlock =
  /** A paragraph (newlines kept). `subtle`: small print (hints, expiry); `strong`: a sub-heading. */
  | { type: 'text'; text: RichText; style?: 'subtle' | 'strong'; tone?: Tone }
  /** Label / value pairs; values may be people's text, so a platform shows their strings literally. */
  | { type: 'facts'; facts: Fact[] }
  /** A person's whole text (a note's body): literal, newlines kept, never parsed as markup. */
  | { type: 'body'; text: string }
  /** One row of a list (a note, a backup, a request): a heading line, a detail line, its own buttons. */
  | { type: 'item'; key: string; heading: Inline[]; detail?: RichText; actions: ViewAction[] }
  /** Ticking listed items and acting on the ticked ones together ("Delete selected"). */
  | { type: 'selection'; options: SelectOption[]; placeholder: string; submit: ViewAction };

export interface Fact {
  label: string;
  value: RichText;
}

/**
 * A run of a line. Plain strings are literal text; an id is something people type back (Slack
 * shows it as code); an actor is a person (Slack mentions them); strong is emphasis.
 */
export type Inline = string | { id: string } | { actor: string } | { strong: string };

/**
 * Text a view wrote that may name people: a plain string, or runs with each person an
 * `{ actor }` run (adapters/chat/views/actors.ts). Only an actor run mentions anyone; the same
 * id inside a string is literal, so a person's text can never ping someone.
 */
export type RichText = string | Inline[];

export interface SelectOption {
  value: string;
  label: string;
}

export interface ViewAction {
  label: string;
  /** What the click does, platform-neutral; `commandLine` gives the same as typed text. */
  intent: Intent;
  style?: 'primary' | 'danger';
  /** The platform's own "are you sure?" dialog before the click is sent, where it has one. */
  confirm?: { title: string; text: string; yes: string; no: string };
  /**
   * Set on buttons of a list: the click's answer comes as a new message, and the list is read
   * again with this command so it shows the change (a platform that cannot update may ignore it).
   */
  refresh?: string;
}

/** What a button means. Every intent is also a command of the chat grammar (`commandLine`). */
export type Intent =
  | { do: 'delete'; noteId: string }
  | { do: 'restore'; noteId: string }
  /** Undo on a "deleted" answer: restores, and replaces the answer it was on. */
  | { do: 'undo-delete'; noteId: string }
  | { do: 'undo-plan'; planId: string }
  | { do: 'confirm'; confirmationId: string }
  | { do: 'cancel'; confirmationId: string }
  | { do: 'approve'; requestId: string }
  | { do: 'reject'; requestId: string }
  | { do: 'page'; page: PageRequest; direction: 'previous' | 'next' }
  /** Deletes the notes ticked in the message's selection: the platform sends their ids after the command word. */
  | { do: 'delete-selected' }
  | { do: 'verify-backup'; backupId: string }
  | { do: 'backup-now' }
  /** Stops a running long operation. */
  | { do: 'stop'; operationId: string };

/** Enough to run a list again for another page. */
export interface PageRequest {
  state: NoteState;
  filterText: string;
  /** A `page:` token value (src/domain/paging.ts). */
  page: string;
}

/** The list command a page request stands for: `list tag:x page:2`, `trash page:3`. */
export function listCommand(request: Pick<PageRequest, 'state' | 'filterText'>, page?: string): string {
  const base = `${request.state === 'live' ? 'list' : 'trash'}${request.filterText ? ` ${request.filterText}` : ''}`;
  return page ? `${base} page:${page}` : base;
}

/**
 * The typed command a button stands for. Platforms whose buttons carry a command line (Teams,
 * Feishu) send this and run it through the grammar, so a forged click is refused like typed text.
 */
export function commandLine(intent: Intent): string {
  switch (intent.do) {
    case 'delete':
      return `delete ${intent.noteId}`;
    case 'restore':
    case 'undo-delete':
      return `restore ${intent.noteId}`;
    case 'undo-plan':
      return `undo ${intent.planId}`;
    case 'confirm':
      return `confirm ${intent.confirmationId}`;
    case 'cancel':
      return `cancel ${intent.confirmationId}`;
    case 'approve':
      return `approve ${intent.requestId}`;
    case 'reject':
      return `reject ${intent.requestId}`;
    case 'page':
      return listCommand(intent.page, intent.page.page);
    case 'delete-selected':
      return 'delete-selected';
    case 'verify-backup':
      return `backup verify ${intent.backupId}`;
    case 'backup-now':
      return 'backup now';
    case 'stop':
      return `cancel ${intent.operationId}`;
  }
}

/** Every button of a view, blocks first, in reading order: what a test or a limit check walks. */
export function actionsOf(view: MessageView): ViewAction[] {
  const inBlocks = view.blocks.flatMap((block) => (block.type === 'item' ? block.actions : block.type === 'selection' ? [block.submit] : []));
  return [...inBlocks, ...view.actions];
}

/** An inline run as plain text. */
export const inlineText = (run: Inline): string =>
  typeof run === 'string' ? run : 'id' in run ? run.id : 'actor' in run ? run.actor : run.strong;

/** Rich text as runs: a plain string is one literal run. */
export const runsOf = (value: RichText): Inline[] => (typeof value === 'string' ? [value] : value);

/** Rich text as plain text: people as their ids (what a platform without mentions shows). */
export const plainText = (value: RichText): string => (typeof value === 'string' ? value : value.map(inlineText).join(''));
