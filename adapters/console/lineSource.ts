import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * Where the console reads its next line from. Interactive: a prompt with history on a terminal.
 * Scripted (stdin not a terminal): one line at a time, so a confirmation prompt consumes the
 * next input line exactly as DESIGN.md section 5 says.
 */
export interface LineSource {
  next(prompt: string): Promise<string | null>;
  close(): void;
}

export function interactiveLines(input: Readable, output: Writable, history: string[]): LineSource {
  const rl: Interface = createInterface({ input, output, terminal: true, history, historySize: 500 });
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });
  return {
    next(prompt) {
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        const onClose = () => resolve(null);
        rl.once('close', onClose);
        rl.question(prompt, (answer) => {
          rl.off('close', onClose);
          resolve(answer);
        });
      });
    },
    close: () => rl.close(),
  };
}

export function scriptedLines(input: Readable): LineSource {
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async next() {
      const { value, done } = await lines.next();
      return done ? null : value;
    },
    close: () => rl.close(),
  };
}
