import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { stripControlChars as terminalSafe } from '../../src/domain/input.js';

/**
 * Where the console reads its next line from. Interactive: a prompt with history on a terminal.
 * Scripted (stdin not a terminal): one line at a time, so a confirmation prompt consumes the
 * next input line exactly as DESIGN.md section 5 says.
 */
export interface LineSource {
  next(prompt: string): Promise<string | null>;
  close(): void;
}

const HISTORY_SIZE = 500;

/** Interactive lines with history kept in `historyFile` between sessions (newest first, as readline keeps it). */
export function interactiveLines(input: Readable, output: Writable, historyFile: string): LineSource {
  const history = loadHistory(historyFile);
  const rl: Interface = createInterface({ input, output, terminal: true, history, historySize: HISTORY_SIZE });
  let closed = false;
  rl.on('history', (lines: string[]) => saveHistory(historyFile, lines));
  rl.on('close', () => {
    closed = true;
  });
  // Ctrl-C ends the session like Ctrl-D: the database is closed cleanly rather than killed.
  rl.on('SIGINT', () => rl.close());
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

/**
 * Scripted mode as a terminal shows it: the prompt is written before the line is read, and the
 * line after it. A program driving the console can wait for `Confirm? [y/N]` before answering,
 * and the transcript reads like a session.
 */
export function echoedLines(source: LineSource, output: Writable): LineSource {
  return {
    async next(prompt) {
      output.write(terminalSafe(prompt));
      const line = await source.next(prompt);
      output.write(line === null ? '\n' : `${terminalSafe(line)}\n`);
      return line;
    },
    close: () => source.close(),
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

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string, lines: string[]): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${lines.slice(0, HISTORY_SIZE).join('\n')}\n`);
  } catch {
    // History is a convenience: a read-only folder must not break the session.
  }
}
