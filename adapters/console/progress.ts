import type { Writable } from 'node:stream';
import type { Operation } from '../../src/domain/operation.js';
import type { Clock, ProgressBoard } from '../../src/ports/system.js';
import { stripControlChars as terminalSafe } from '../../src/domain/input.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { endText, operationTitle, progressBar, progressLine } from '../chat/progressText.js';

/**
 * Long operations on the console. On a terminal: one progress bar redrawn in place (carriage
 * return) while it runs, then the result on its own line. In scripted mode (stdin not a
 * terminal): one plain line per update, so a program reading the output sees each step. In the
 * language of whoever acts on the console now (`reader`).
 */
export function consoleProgressBoard(output: Writable, options: { terminal: boolean; clock: Clock; reader?: () => Translator }): ProgressBoard {
  const { terminal, clock } = options;
  const reader = options.reader ?? (() => english);
  // Only our own \r and the erase sequence are written raw; every text goes through terminalSafe.
  const redraw = (text: string) => output.write(`\r\u001b[2K${terminalSafe(text)}`);
  const line = (text: string) => output.write(`${terminalSafe(text)}\n`);
  return {
    async open() {
      // The "started" answer is already printed; the board has no message to keep.
      return null;
    },
    async update(op: Operation) {
      const tr = reader();
      if (terminal) redraw(`${operationTitle(op, tr)} ${progressBar(op)} ${progressLine(op, clock.now(), tr)}`);
      else line(`[${op.id}] ${progressLine(op, clock.now(), tr)}`);
    },
    async finish(op: Operation) {
      if (terminal) output.write('\r\u001b[2K');
      line(`[${op.id}] ${endText(op, reader())}`);
    },
  };
}
