import type { Writable } from 'node:stream';
import type { Operation } from '../../src/domain/operation.js';
import type { Clock, ProgressBoard } from '../../src/ports/system.js';
import { stripControlChars as terminalSafe } from '../../src/domain/input.js';
import { endText, operationTitle, progressBar, progressLine } from '../chat/progressText.js';

/**
 * Long operations on the console. On a terminal: one progress bar redrawn in place (carriage
 * return) while it runs, then the result on its own line. In scripted mode (stdin not a
 * terminal): one plain line per update, so a program reading the output sees each step.
 */
export function consoleProgressBoard(output: Writable, options: { terminal: boolean; clock: Clock }): ProgressBoard {
  const { terminal, clock } = options;
  // Only our own \r and the erase sequence are written raw; every text goes through terminalSafe.
  const redraw = (text: string) => output.write(`\r\u001b[2K${terminalSafe(text)}`);
  const line = (text: string) => output.write(`${terminalSafe(text)}\n`);
  return {
    async open() {
      // The "started" answer is already printed; the board has no message to keep.
      return null;
    },
    async update(op: Operation) {
      if (terminal) redraw(`${operationTitle(op)} ${progressBar(op)} ${progressLine(op, clock.now())}`);
      else line(`[${op.id}] ${progressLine(op, clock.now())}`);
    },
    async finish(op: Operation) {
      if (terminal) output.write('\r\u001b[2K');
      line(`[${op.id}] ${endText(op)}`);
    },
  };
}
