import type { Translator } from '../i18n/index.js';
import type { MessageView } from '../view.js';

/** What every view is built with: the reader's language and the injected clock's time (expiry texts count from it). */
export interface ViewContext {
  tr: Translator;
  now: Date;
}

/** A view as a builder returns it: blocks and buttons optional, the plain text added by `outcomeView`. */
export type Built = Pick<MessageView, 'title' | 'tone'> & Partial<Pick<MessageView, 'blocks' | 'actions'>>;

export const complete = (built: Built, text: string): MessageView => ({ blocks: [], actions: [], ...built, text });

/**
 * Plain text as a view: its first line the title, the rest one paragraph. For outcomes whose
 * answer is a text (audit pages, role lists, CRM status): every platform shows the same words.
 */
export function textView(text: string, tone: MessageView['tone'] = 'neutral'): MessageView {
  const [title = '', ...rest] = text.split('\n');
  const body = rest.join('\n');
  return { title, tone, blocks: body.trim() ? [{ type: 'text', text: body }] : [], actions: [], text };
}
